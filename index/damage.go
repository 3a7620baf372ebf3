package index

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// What a damaged segment file does (measured with Bleve v2.6.3, zapx v17;
// see damage_test.go): Bleve opens an index whose segment has a zeroed
// block without complaint, since it does not check the CRC-32 every
// segment file ends with. Questions then fail with "EOF" or "index read
// inconsistency detected", or, when the block held stored fields or
// postings, silently miss passages. So the checksums are checked when a
// data directory is opened (a damaged index is rebuilt from the store, as
// an index Bleve cannot open is), and again when a search fails.

// ErrIndexDamaged means a segment file of the index does not match its
// checksum (or Bleve cannot open the index): it must be rebuilt from the
// article store, as opening a data directory does, and `talksbot reindex`
// does while the damaged one answers what it still can.
var ErrIndexDamaged = errors.New("the index is damaged")

// reindexHint is what to do about a damaged index that is in use.
const reindexHint = "run `talksbot reindex` to rebuild it from the article store"

// errUnreadable marks a search that failed reading the index (not a
// question that was refused, nor a cancelled context).
var errUnreadable = errors.New("the index could not be read (a damaged segment file?); if this persists, " + reindexHint)

// searchError wraps the error of a Bleve search.
func searchError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("search: %w", err)
	}
	return fmt.Errorf("search: %w: %w", err, errUnreadable)
}

// DamageError names the segment file that fails its checksum.
type DamageError struct {
	Path   string // the segment file
	Reason string // what is wrong with it
}

func (e *DamageError) Error() string {
	return fmt.Sprintf("%s: segment %s: %s", ErrIndexDamaged, filepath.Base(e.Path), e.Reason)
}

func (e *DamageError) Is(target error) bool { return target == ErrIndexDamaged }

// verifySegments checks every segment file of bi's current snapshot
// against the CRC-32 in its last four bytes (zap files of every version
// end so; the sum covers the rest of the file). It reads the whole index:
// about 50 ms for 200 MB cached (10k articles).
func verifySegments(bi bleve.Index) error {
	paths, done, err := liveSegments(bi)
	if err != nil {
		return err
	}
	defer done()
	for _, p := range paths {
		if err := verifySegmentFile(p); err != nil {
			return err
		}
	}
	return nil
}

// liveSegments are the segment files of bi's current snapshot; done
// releases the snapshot, which keeps them from being removed (by a merge
// finishing) while they are read.
func liveSegments(bi bleve.Index) (paths []string, done func(), err error) {
	adv, err := bi.Advanced()
	if err != nil {
		return nil, nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, err
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, func() { r.Close() }, nil // not scorch: nothing to check
	}
	for _, ss := range snap.Segments() {
		if ps, ok := ss.Segment().(segment.PersistedSegment); ok { // else in memory, not yet persisted
			paths = append(paths, ps.Path())
		}
	}
	return paths, func() { r.Close() }, nil
}

// verifySegmentFile checks one zap file's checksum.
func verifySegmentFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return &DamageError{Path: path, Reason: err.Error()}
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return &DamageError{Path: path, Reason: err.Error()}
	}
	if info.Size() < 4 {
		return &DamageError{Path: path, Reason: fmt.Sprintf("%d bytes, too short", info.Size())}
	}
	h := crc32.NewIEEE()
	if _, err := io.CopyN(h, f, info.Size()-4); err != nil {
		return &DamageError{Path: path, Reason: err.Error()}
	}
	var sum [4]byte
	if _, err := io.ReadFull(f, sum[:]); err != nil {
		return &DamageError{Path: path, Reason: err.Error()}
	}
	if want := binary.BigEndian.Uint32(sum[:]); h.Sum32() != want {
		return &DamageError{Path: path, Reason: fmt.Sprintf("checksum %08x, the file says %08x", h.Sum32(), want)}
	}
	return nil
}

// verifyRecovered is verifySegments on an index that may be closing
// under it (a swap, a rebuild after a full disk): a panic in Bleve while
// listing its segments is no finding, not a crash of the caller, which
// is already recovering from a failed search.
func verifyRecovered(bi bleve.Index) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("verify segments: %v", r)
		}
	}()
	return verifySegments(bi)
}

// reverifyEvery bounds how often failing searches make Data check the
// segment files again (a check reads the whole index).
const reverifyEvery = time.Minute

// explainSearchFailure turns a search that could not read the index into
// ErrIndexDamaged when a segment file fails its checksum. A found damage is
// remembered until a rebuild; a clean check is not repeated within
// reverifyEvery.
func (d *Data) explainSearchFailure(err error) error {
	if !errors.Is(err, errUnreadable) {
		return err
	}
	d.damageMu.Lock()
	defer d.damageMu.Unlock()
	if d.damage == nil && time.Since(d.verifiedAt) > reverifyEvery {
		d.verifiedAt = time.Now()
		if verr := verifyRecovered(d.current()); errors.Is(verr, ErrIndexDamaged) {
			d.damage = verr
		}
	}
	if d.damage != nil {
		return fmt.Errorf("ask: %w: %s", d.damage, reindexHint)
	}
	return err
}
