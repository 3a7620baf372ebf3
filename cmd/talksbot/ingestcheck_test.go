package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestRefusesNotProse: `talksbot ingest /etc/passwd` exits non-zero
// naming the file and the reason; --force adds it; an article is added.
func TestIngestRefusesNotProse(t *testing.T) {
	data := t.TempDir()
	passwd := filepath.Join(t.TempDir(), "passwd")
	os.WriteFile(passwd, []byte("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\n"), 0o644)
	out, errOut, err := runCmd(t, data, "ingest", passwd)
	if err == nil || !strings.Contains(errOut, "✗ "+passwd+": not prose: reads like key:value lines or code") || !strings.Contains(errOut, "--force") {
		t.Errorf("ingest passwd = %v\nstdout: %s\nstderr: %s\nwant not prose, naming the file", err, out, errOut)
	}
	if out, _, _ := runCmd(t, data, "sources"); strings.Contains(out, "root:x") {
		t.Errorf("sources after a refused ingest:\n%s", out)
	}
	if out, errOut, err := runCmd(t, data, "ingest", "--force", passwd); err != nil || !strings.Contains(out, ": added ") {
		t.Errorf("ingest --force passwd = %v\nstdout: %s\nstderr: %s", err, out, errOut)
	}
	article := filepath.Join(t.TempDir(), "talks.txt")
	os.WriteFile(article, []byte("Talks resume in Baghdad\n\nIraqi and U.S. officials met again in Baghdad on Sunday. Both sides said the talks on the coalition's future would continue next week.\n"), 0o644)
	if out, errOut, err := runCmd(t, data, "ingest", article); err != nil || !strings.Contains(out, ": added ") {
		t.Errorf("ingest talks.txt = %v\nstdout: %s\nstderr: %s", err, out, errOut)
	}
}

// TestIngestReplacingNeedsForce: a file whose front matter takes the id of
// the source article is refused, naming the article it would replace, and
// replaces it only with --force.
func TestIngestReplacingNeedsForce(t *testing.T) {
	data := t.TempDir()
	file := filepath.Join(t.TempDir(), "impostor.md")
	os.WriteFile(file, []byte("---\nid: iraq-us-talks\ntitle: Nothing happened\nkind: article\n---\nNothing happened in Baghdad on Monday at all. The talks were a rumour, said nobody in particular.\n"), 0o644)
	out, errOut, err := runCmd(t, data, "ingest", file)
	want := "✗ " + file + ": would replace iraq-us-talks “Iraq pushes for end to U.S. coalition due to airstrikes”"
	if err == nil || !strings.Contains(errOut, want) || !strings.Contains(errOut, "--force") {
		t.Errorf("ingest impostor.md = %v\nstdout: %s\nstderr: %s\nwant %q", err, out, errOut, want)
	}
	if show, _, _ := runCmd(t, data, "show", "iraq-us-talks"); !strings.Contains(show, "airstrikes") {
		t.Errorf("the source article changed without --force:\n%s", show)
	}
	if out, errOut, err := runCmd(t, data, "ingest", "--force", file); err != nil || !strings.Contains(out, ": updated iraq-us-talks") {
		t.Errorf("ingest --force impostor.md = %v\nstdout: %s\nstderr: %s", err, out, errOut)
	}
}
