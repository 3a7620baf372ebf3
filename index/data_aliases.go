package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/talksbot/talksbot/corpus"
)

// aliasesFile is the moderators' aliases in a data directory: the same
// format as the embedded lexicon (aliases.go), added to it at index time.
const aliasesFile = "aliases.txt"

// ModeratorAliases reads the data directory's aliases (none when it has
// no file).
func (d *Data) ModeratorAliases() (AliasSet, error) {
	b, err := os.ReadFile(filepath.Join(d.Dir, aliasesFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read aliases: %w", err)
	}
	set, err := ParseAliases(string(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(d.Dir, aliasesFile), err)
	}
	return set, nil
}

// SetModeratorAliases replaces the data directory's aliases, durably (a
// crash leaves the old file or the new one), and re-indexes so that
// passages get the new sets' tokens. It returns the re-index's result.
func (d *Data) SetModeratorAliases(ctx context.Context, set AliasSet, progress func(done, total int)) (ReindexResult, error) {
	if _, err := ParseAliases(set.String()); len(set) > 0 && err != nil {
		return ReindexResult{}, err
	}
	path := filepath.Join(d.Dir, aliasesFile)
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err == nil {
		_, err = f.WriteString(set.String())
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err == nil {
		err = corpus.SyncDir(d.Dir)
	}
	if err != nil {
		os.Remove(tmp)
		return ReindexResult{}, fmt.Errorf("write aliases: %w", err)
	}
	return d.Reindex(ctx, progress)
}
