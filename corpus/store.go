package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Store is the store of record: a folder of article files. Indexes are
// derived from it and can always be rebuilt.
type Store struct {
	dir string
}

// OpenStore opens the article folder dir, creating it from seed (the
// default corpus) when it does not exist yet. Seeding is atomic: a crash
// leaves either no folder or the whole seed.
func OpenStore(dir string, seed fs.FS) (*Store, error) {
	if _, err := os.Stat(dir); err == nil {
		return &Store{dir: dir}, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("open article store: %w", err)
	}
	tmp := dir + ".seeding"
	if err := os.RemoveAll(tmp); err != nil {
		return nil, fmt.Errorf("seed article store: %w", err)
	}
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return nil, fmt.Errorf("seed article store: %w", err)
	}
	names, err := fs.Glob(seed, "*.md")
	if err != nil {
		return nil, fmt.Errorf("seed article store: %w", err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(seed, name)
		if err != nil {
			return nil, fmt.Errorf("seed article store: %w", err)
		}
		if err := writeFileSync(filepath.Join(tmp, name), data); err != nil {
			return nil, fmt.Errorf("seed article store: %w", err)
		}
	}
	if err := SyncDir(tmp); err != nil {
		return nil, fmt.Errorf("seed article store: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return nil, fmt.Errorf("seed article store: %w", err)
	}
	if err := SyncDir(filepath.Dir(dir)); err != nil {
		return nil, fmt.Errorf("seed article store: %w", err)
	}
	return &Store{dir: dir}, nil
}

// RemoveTemp deletes the temporary files of writes a crash interrupted.
// Only the process that owns the store may call it: another's write in
// progress would lose its file.
func (s *Store) RemoveTemp() {
	names, _ := filepath.Glob(filepath.Join(s.dir, ".tmp-*"))
	for _, name := range names {
		os.Remove(name)
	}
}

// Dir is the store's folder.
func (s *Store) Dir() string { return s.dir }

// Load reads every article of the store; see Load for errors.
func (s *Store) Load() ([]*Article, error) { return Load(os.DirFS(s.dir)) }

// LoadChunks reads the store's articles chunk at a time; see LoadChunks.
func (s *Store) LoadChunks(chunk int, fn func(articles []*Article, files int) error) (loadErr, err error) {
	return LoadChunks(os.DirFS(s.dir), chunk, fn)
}

// Fingerprints is the MinHash signature of every article of the store, by
// id; see LoadFingerprints.
func (s *Store) Fingerprints() (map[string]Fingerprints, error) {
	return LoadFingerprints(os.DirFS(s.dir))
}

// ErrBadID is an article id that is not one (and could name a path
// outside the store: "../../x").
var ErrBadID = errors.New("not an article id: use lower-case letters, digits, '.', '_' and '-'")

// ValidID reports whether id is a well-formed article id.
func ValidID(id string) bool { return idPattern.MatchString(id) }

// Get reads one article by id. An id that is not well-formed is refused
// before any path is built from it.
func (s *Store) Get(id string) (*Article, error) {
	if !ValidID(id) {
		return nil, fmt.Errorf("article %q: %w", id, ErrBadID)
	}
	name := FileName(id)
	data, err := os.ReadFile(filepath.Join(s.dir, name))
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", id, err)
	}
	return Parse(name, data)
}

// Put writes an article durably: a temporary file, fsync, rename, fsync of
// the folder. When Put returns nil the article survives a crash.
func (s *Store) Put(a *Article) error {
	if err := a.Validate(); err != nil {
		return fmt.Errorf("store article %s: %w", a.ID, err)
	}
	data := a.Marshal()
	if len(data) > MaxArticleBytes { // Get and Load would refuse it: never acknowledge it
		return fmt.Errorf("store article %s: the file would be %d bytes, more than the %d the store reads", a.ID, len(data), MaxArticleBytes)
	}
	path := filepath.Join(s.dir, FileName(a.ID))
	tmp, err := os.CreateTemp(s.dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("store article %s: %w", a.ID, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("store article %s: %w", a.ID, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("store article %s: %w", a.ID, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("store article %s: %w", a.ID, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("store article %s: %w", a.ID, err)
	}
	if err := SyncDir(s.dir); err != nil {
		return fmt.Errorf("store article %s: %w", a.ID, err)
	}
	return nil
}

func writeFileSync(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// SyncDir syncs a directory, making the entries created, renamed or
// removed in it durable: the last step of every atomic write here.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Delete removes an article's file durably (the folder is fsynced). A file
// already gone is not an error: Delete is safe to repeat after a crash.
func (s *Store) Delete(id string) error {
	if !ValidID(id) {
		return fmt.Errorf("delete article %q: %w", id, ErrBadID)
	}
	if err := os.Remove(filepath.Join(s.dir, FileName(id))); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete article %s: %w", id, err)
	}
	if err := SyncDir(s.dir); err != nil {
		return fmt.Errorf("delete article %s: %w", id, err)
	}
	return nil
}

// Has reports whether the store has a file for the article id (readable
// or not).
func (s *Store) Has(id string) bool {
	if !ValidID(id) {
		return false
	}
	_, err := os.Lstat(filepath.Join(s.dir, FileName(id)))
	return err == nil
}
