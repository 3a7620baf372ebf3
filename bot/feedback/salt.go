package feedback

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/talksbot/talksbot/corpus"
)

// saltFile holds the salt of the members' hashes; saltBytes is its size.
const (
	saltFile  = "SALT"
	saltBytes = 32
)

// loadSalt reads the store's salt, creating it on first use: random bytes
// written to a temporary file, synced, renamed into place and the
// directory synced, under the write lock, so every process of the store
// uses the one salt. A salt that is there but damaged is an error, not
// replaced: a new one would make every member a stranger to their votes.
func (s *Store) loadSalt() error {
	path := filepath.Join(s.dir, saltFile)
	salt, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := s.lockWrite(); err != nil {
			return err
		}
		defer s.unlockWrite()
		salt, err = os.ReadFile(path) // another process may have made it
		if errors.Is(err, fs.ErrNotExist) {
			salt, err = createSalt(s.dir, path)
		}
	}
	if err != nil {
		return fmt.Errorf("open feedback: salt: %w", err)
	}
	if len(salt) != saltBytes {
		return fmt.Errorf("open feedback: the salt %s is damaged (%d bytes, want %d); restore it from a backup, or remove it (members' earlier votes will no longer be replaced by their new ones)", path, len(salt), saltBytes)
	}
	s.salt = salt
	return nil
}

func createSalt(dir, path string) ([]byte, error) {
	salt := make([]byte, saltBytes)
	rand.Read(salt) // never fails (crypto/rand)
	tmp, err := os.CreateTemp(dir, saltFile+".tmp-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return nil, err
	}
	_, err = tmp.Write(salt)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return nil, err
	}
	return salt, corpus.SyncDir(dir)
}
