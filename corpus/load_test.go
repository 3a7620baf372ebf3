package corpus

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadChunksReadsWhatLoadReads(t *testing.T) {
	fsys := fstest.MapFS{
		"a.md": {Data: []byte(goodFile)},
		"b.md": {Data: []byte(strings.Replace(goodFile, "id: good-one\n", "", 1))},
		"c.md": {Data: []byte(goodFile)}, // duplicate id
	}
	for i := range 5 {
		id := string(rune('p' + i))
		fsys[id+".md"] = &fstest.MapFile{Data: []byte(strings.Replace(goodFile, "good-one", id, 1))}
	}
	want, wantErr := Load(fsys)
	var got []*Article
	var chunks []int
	loadErr, err := LoadChunks(fsys, 2, func(as []*Article, files int) error {
		if files != 8 {
			t.Errorf("LoadChunks told of %d files; want 8", files)
		}
		chunks = append(chunks, len(as))
		got = append(got, as...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(chunks, []int{2, 2, 2}) {
		t.Errorf("chunks of %v articles; want 2, 2, 2", chunks)
	}
	if !reflect.DeepEqual(got, want) { // both in id order here: ids follow file names
		t.Errorf("LoadChunks read %d articles, not the %d Load reads", len(got), len(want))
	}
	if loadErr == nil || loadErr.Error() != wantErr.Error() {
		t.Errorf("LoadChunks load error = %v; want Load's %v", loadErr, wantErr)
	}

	stop := errors.New("stop")
	calls := 0
	if _, err := LoadChunks(fsys, 2, func([]*Article, int) error { calls++; return stop }); err != stop || calls != 1 {
		t.Errorf("LoadChunks after fn failed: %v, %d calls; want stop after 1", err, calls)
	}

	fps, err := LoadFingerprints(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(fps) != len(want) {
		t.Errorf("LoadFingerprints has %d articles; want %d", len(fps), len(want))
	}
	for _, a := range want {
		if fps[a.ID] != Fingerprint(a.Body) {
			t.Errorf("LoadFingerprints[%s] is not the fingerprint of its body", a.ID)
		}
	}
}
