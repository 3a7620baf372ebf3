package index

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/talksbot/talksbot/corpus"
)

// Scale-out. One process writes a data directory (OpenData: it alone may,
// and Bleve lets no reader open an index a writer holds). Replicas answer
// from copies:
//
//	writer:   serve --publish DIR    after start and every ingest or
//	                                 rebuild, Publish copies the live index
//	                                 (an online Bleve copy) and the article
//	                                 store into DIR as a new generation and
//	                                 points DIR/CURRENT at it; files that
//	                                 never change are hard links where DIR
//	                                 is on the same file system (linkcopy.go)
//	replicas: serve --read-only --data DIR
//	                                 OpenReplica opens CURRENT's generation
//	                                 read-only, without the lock; Refresh,
//	                                 called periodically, swaps in a newer
//	                                 generation the way a rebuild does
//
// A published directory has the data directory's layout (CURRENT,
// index-<n>/, articles/ or articles-<n>/), so a replica can also open a
// plain copy of a stopped writer's data directory.

// publishKeep is how many generations Publish keeps: the newest, and the
// one before for replicas that have not switched yet.
const publishKeep = 2

// Publish copies the live index and the article store into dir (created if
// need be) as a new generation, and makes it current there. It returns the
// generation's name. Searches and writes go on meanwhile: the index copy is
// a consistent snapshot. Segment and article files are hard-linked where
// they can be, so a generation costs little more than the index's root
// file (linkcopy.go). Older generations but the one before are removed.
func (d *Data) Publish(ctx context.Context, dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("publish: %w", err)
	}
	name := indexPrefix + strconv.FormatInt(time.Now().UnixNano(), 10)
	tmp := filepath.Join(dir, ".tmp-"+name)
	os.RemoveAll(tmp)
	bi, ok := d.Index.current().(bleve.IndexCopyable)
	if !ok {
		return "", errors.New("publish: the index cannot be copied")
	}
	if _, _, err := copyIndex(bi, filepath.Join(tmp, "index")); err != nil {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("publish: copy the index: %w", err)
	}
	if err := copyDir(d.Store.Dir(), filepath.Join(tmp, "articles")); err != nil {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("publish: copy the articles: %w", err)
	}
	if err := ctx.Err(); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	// index-<n>/ is the Bleve index, articles-<n>/ the store it was built from.
	if err := os.Rename(filepath.Join(tmp, "articles"), filepath.Join(dir, articlesDir+"-"+strings.TrimPrefix(name, indexPrefix))); err != nil {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("publish: %w", err)
	}
	if err := os.Rename(filepath.Join(tmp, "index"), filepath.Join(dir, name)); err != nil {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("publish: %w", err)
	}
	os.RemoveAll(tmp)
	if err := writeCurrent(dir, name); err != nil {
		return "", fmt.Errorf("publish: %w", err)
	}
	prunePublished(dir, publishKeep)
	return name, nil
}

// prunePublished removes all but the newest keep generations in dir.
func prunePublished(dir string, keep int) {
	entries, _ := os.ReadDir(dir)
	var gens []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), indexPrefix) {
			gens = append(gens, e.Name())
		}
	}
	sort.Slice(gens, func(i, j int) bool { return genNumber(gens[i]) > genNumber(gens[j]) })
	for i, g := range gens {
		if i >= keep {
			os.RemoveAll(filepath.Join(dir, g))
			os.RemoveAll(filepath.Join(dir, articlesDir+"-"+strings.TrimPrefix(g, indexPrefix)))
		}
	}
}

func genNumber(name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimPrefix(name, indexPrefix), 10, 64)
	return n
}

// copyDir links (or, where it cannot, copies) the regular files of src
// (not its subfolders) into a new folder dst: article files are never
// written in place (see linkcopy.go).
func copyDir(src, dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if _, err := linkOrCopyFile(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return err
		}
	}
	return corpus.SyncDir(dst)
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Replica is a read-only data directory: a writer's published copy (see
// Publish). It takes no lock, never writes, and follows the generation
// CURRENT names with Refresh.
type Replica struct {
	Dir string
	*Index

	mu    sync.Mutex
	gen   string
	store *corpus.Store
}

// OpenReplica opens the generation dir/CURRENT names, read-only.
func OpenReplica(dir string) (*Replica, error) {
	gen, err := readCurrent(dir)
	if err != nil {
		return nil, err
	}
	bi, err := openReadOnly(filepath.Join(dir, gen))
	if err != nil {
		return nil, err
	}
	return &Replica{Dir: dir, Index: wrap(filepath.Join(dir, gen), bi), gen: gen, store: replicaStore(dir, gen)}, nil
}

func readCurrent(dir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, currentFile))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("read-only data directory %s has no index yet (no %s): publish one from the writer (serve --publish %s)", dir, currentFile, dir)
		}
		return "", fmt.Errorf("read-only data directory: %w", err)
	}
	gen := strings.TrimSpace(string(data))
	if !isGeneration(gen) {
		return "", fmt.Errorf("read-only data directory %s: %s names %q, not an index generation", dir, currentFile, gen)
	}
	return gen, nil
}

// isGeneration says whether name, as CURRENT holds it, names an index
// directory of the data directory itself: "index-" and no path separator,
// so that neither the writer nor a replica follows CURRENT elsewhere.
func isGeneration(name string) bool {
	return strings.HasPrefix(name, indexPrefix) && !strings.ContainsAny(name, `/\`+"\x00")
}

func openReadOnly(path string) (bleve.Index, error) {
	bi, err := bleve.OpenUsing(path, map[string]any{"read_only": true, "bolt_timeout": "1s"})
	if err != nil {
		if strings.Contains(err.Error(), "timeout") {
			return nil, fmt.Errorf("open index %s read-only: a writer holds it: replicas need a published copy (serve --publish): %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("open index %s read-only: %w", path, err)
	}
	if err := verifySegments(bi); err != nil {
		bi.Close()
		return nil, fmt.Errorf("open index %s read-only: %w: publish it again from the writer (its next ingest or `talksbot reindex` does)", path, err)
	}
	return bi, nil
}

// replicaStore is the article store of a generation: articles-<n>/ when it
// was published, else the directory's articles/.
func replicaStore(dir, gen string) *corpus.Store {
	for _, d := range []string{articlesDir + "-" + strings.TrimPrefix(gen, indexPrefix), articlesDir} {
		if info, err := os.Stat(filepath.Join(dir, d)); err == nil && info.IsDir() {
			st, err := corpus.OpenStore(filepath.Join(dir, d), nil)
			if err == nil {
				return st
			}
		}
	}
	return nil
}

// Generation is the name of the generation being served.
func (r *Replica) Generation() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.gen
}

// Articles are the articles of the generation being served.
func (r *Replica) Articles() ([]*corpus.Article, error) {
	r.mu.Lock()
	st := r.store
	r.mu.Unlock()
	if st == nil {
		return nil, fmt.Errorf("read-only data directory %s has no articles", r.Dir)
	}
	return st.Load()
}

// Refresh switches to the generation CURRENT names when it has changed. It
// reports whether it switched. Searches in flight finish on the old index.
func (r *Replica) Refresh() (bool, error) {
	gen, err := readCurrent(r.Dir)
	if err != nil {
		return false, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if gen == r.gen {
		return false, nil
	}
	path := filepath.Join(r.Dir, gen)
	bi, err := openReadOnly(path)
	if err != nil {
		return false, err
	}
	x := r.Index
	x.mu.Lock()
	old := x.cur
	x.cur, x.dir = bi, path
	x.mu.Unlock()
	x.alias.Swap([]bleve.Index{bi}, []bleve.Index{old})
	old.Close()
	r.gen, r.store = gen, replicaStore(r.Dir, gen)
	return true, nil
}

// Close closes the index being served.
func (r *Replica) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.Index.Close()
}
