package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/corpus/ingest"
	"github.com/talksbot/talksbot/index"
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

// TestIngestMetadata: --title, --outlet, --published and --url describe a
// text file; the id is readable; a given value over the file's is said;
// sources and show call it an article, never the source article.
func TestIngestMetadata(t *testing.T) {
	data := t.TempDir()
	file := filepath.Join(t.TempDir(), "commission.txt")
	os.WriteFile(file, []byte("Commission formed\n\nIraq and the United States formed a higher military commission on Thursday. It will set the timeline for the end of the coalition's mission.\n"), 0o644)
	out, errOut, err := runCmd(t, data, "ingest", "--title", "Iraq, US form commission", "--outlet", "Xinhua",
		"--published", "2024-01-25", "--url", "https://english.news.cn/20240125/x.html", file)
	const id = "xinhua-2024-01-25-iraq-us-form-commission"
	if err != nil || !strings.Contains(out, ": added "+id+" “Iraq, US form commission”") {
		t.Fatalf("ingest with metadata = %v\nstdout: %s\nstderr: %s\nwant added %s", err, out, errOut, id)
	}
	if !strings.Contains(errOut, "title: “Iraq, US form commission” given, over the article's “Commission formed”") {
		t.Errorf("ingest did not say the given title won:\n%s", errOut)
	}
	show, _, err := runCmd(t, data, "show", id)
	for _, want := range []string{"Xinhua", "2024-01-25", "https://english.news.cn/20240125/x.html"} {
		if err != nil || !strings.Contains(show, want) {
			t.Errorf("show %s lacks %q (%v):\n%s", id, want, err, show)
		}
	}
	sources, _, _ := runCmd(t, data, "sources", "--wide")
	var line string
	for _, l := range strings.Split(sources, "\n") {
		if strings.Contains(l, id) {
			line = l
		}
	}
	if !strings.Contains(line, "Iraq, US form commission") || strings.Contains(line, "source article") {
		t.Errorf("sources line of %s = %q; want its title, not 'source article'", id, line)
	}
	if strings.Contains(show, "source article") {
		t.Errorf("show %s calls it the source article:\n%s", id, show)
	}
	for _, args := range [][]string{
		{"ingest", "--published", "25 January 2024", file},
		{"ingest", "--url", "ftp://x", file},
		{"ingest", "--title", "T", file, file},
	} {
		if _, _, err := runCmd(t, data, args...); err == nil {
			t.Errorf("%q succeeded; want refused", args)
		}
	}
}

// TestBotIngesterChecks: the bot's /ingest (dataIngester) refuses text that
// is not prose unless forced, and applies the given metadata.
func TestBotIngesterChecks(t *testing.T) {
	ctx := context.Background()
	d, err := index.OpenData(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	g := &dataIngester{d: d, lib: &library{d: d}, log: slog.New(slog.DiscardHandler)}
	passwd := "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
	if _, err := g.IngestAttachment(ctx, "passwd", "", strings.NewReader(passwd), bot.IngestOptions{}, func(string) {}); !errors.Is(err, ingest.ErrNotProse) {
		t.Errorf("/ingest file:passwd = %v; want %v", err, ingest.ErrNotProse)
	}
	if rep, err := g.IngestAttachment(ctx, "passwd", "", strings.NewReader(passwd), bot.IngestOptions{Force: true}, func(string) {}); err != nil || rep.Status != "added" {
		t.Errorf("/ingest file:passwd force:True = %+v, %v; want added", rep, err)
	}
	text := "Commission formed\n\nIraq and the United States formed a higher military commission on Thursday. It will set the timeline for the end of the coalition's mission.\n"
	rep, err := g.IngestAttachment(ctx, "notes.txt", "text/plain", strings.NewReader(text),
		bot.IngestOptions{Title: "Iraq, US form commission", Outlet: "Xinhua", Published: "2024-01-25"}, func(string) {})
	if err != nil || rep.ID != "xinhua-2024-01-25-iraq-us-form-commission" || rep.Outlet != "Xinhua" || len(rep.Notes) != 1 {
		t.Errorf("/ingest with metadata = %+v, %v; want xinhua-2024-01-25-iraq-us-form-commission with a note on the title", rep, err)
	}
}
