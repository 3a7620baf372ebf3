package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
)

// legacyDataDir is where talksbot kept its data before it had a home of
// its own: in the current directory.
const legacyDataDir = "talksbot-data"

// errNoDataDir is the error of a command that needs the data directory
// when no default can be found: HOME is not set.
var errNoDataDir = errors.New("no data directory: neither TALKSBOT_DATA, XDG_DATA_HOME nor HOME is set: pass --data DIR or set TALKSBOT_DATA")

// defaultDataDir is the data directory when neither --data nor
// TALKSBOT_DATA names one: $XDG_DATA_HOME/talksbot, else
// ~/.local/share/talksbot (on macOS ~/Library/Application Support/talksbot,
// on Windows %LocalAppData%\talksbot), so that it stays put whatever the
// current directory. It is "" when the home directory is unknown.
func defaultDataDir(getenv func(string) string) string {
	if x := getenv("XDG_DATA_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "talksbot")
	}
	switch runtime.GOOS {
	case "windows":
		if x := getenv("LocalAppData"); x != "" {
			return filepath.Join(x, "talksbot")
		}
		return ""
	case "darwin", "ios":
		if h := getenv("HOME"); filepath.IsAbs(h) {
			return filepath.Join(h, "Library", "Application Support", "talksbot")
		}
		return ""
	}
	if h := getenv("HOME"); filepath.IsAbs(h) {
		return filepath.Join(h, ".local", "share", "talksbot")
	}
	return ""
}

// dataValue is the --data flag. Unless set (by the flag or TALKSBOT_DATA)
// it is ./talksbot-data when the current directory has one, else
// defaultDataDir.
type dataValue struct {
	dir    string
	set    bool
	legacy bool      // the default is ./talksbot-data: say so once parsed
	stderr io.Writer // where that is said
	getenv func(string) string
}

func newDataValue(e env) *dataValue {
	v := &dataValue{stderr: e.stderr, getenv: e.getenv}
	if d := e.getenv("TALKSBOT_DATA"); d != "" {
		v.dir, v.set = d, true
		return v
	}
	if info, err := os.Stat(legacyDataDir); err == nil && info.IsDir() {
		v.dir, v.legacy = legacyDataDir, true
		return v
	}
	v.dir = defaultDataDir(e.getenv)
	return v
}

func (v *dataValue) String() string {
	if v == nil {
		return ""
	}
	return v.dir
}

func (v *dataValue) Set(s string) error {
	if s == "" {
		return errors.New("empty: give a directory")
	}
	v.dir, v.set, v.legacy = s, true, false
	return nil
}

// parsed is called once the flags are parsed: a default of
// ./talksbot-data is pointed out, with where the default now is.
func (v *dataValue) parsed() {
	if v.set || !v.legacy || v.stderr == nil {
		return
	}
	fmt.Fprintln(v.stderr, legacyNote(v.getenv))
	v.legacy = false
}

// legacyNote is the line that points out a ./talksbot-data in use.
func legacyNote(getenv func(string) string) string {
	now := cmpOr(defaultDataDir(getenv), "set by --data or TALKSBOT_DATA")
	return fmt.Sprintf("talksbot: using ./%s in the current directory (the default is now %s: move it there, or pass --data)", legacyDataDir, now)
}

// dataFlagParsed calls parsed on fs's --data flag, if it has one.
func dataFlagParsed(fs *flag.FlagSet) {
	if f := fs.Lookup("data"); f != nil {
		if v, ok := f.Value.(*dataValue); ok {
			v.parsed()
		}
	}
}

// checkDataDir is the error of a command about to open dir ("" when no
// default could be found).
func checkDataDir(dir string) error {
	if dir == "" {
		return errNoDataDir
	}
	return nil
}

// prepareDataDir says, before a new data directory is made and its index
// built, that it will be and where; the default one gets its parent
// folders too (~/.local/share may not exist yet).
func prepareDataDir(e env, dir string) error {
	if err := checkDataDir(dir); err != nil {
		return err
	}
	_, err := os.Stat(dir)
	if err == nil {
		return nil
	}
	abs, aerr := filepath.Abs(dir)
	if aerr != nil {
		abs = dir
	}
	if dir == defaultDataDir(e.getenv) {
		if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
			return fmt.Errorf("cannot create the data directory %s (%v): pass --data DIR or set TALKSBOT_DATA to a writable one", abs, err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil // index.OpenData says what is wrong
	} else if _, err := os.Stat(filepath.Dir(abs)); err != nil {
		return nil // index.OpenData says what is wrong with the parent
	}
	fmt.Fprintf(e.stderr, "talksbot: creating the data directory at %s; building the index…\n", abs)
	return nil
}
