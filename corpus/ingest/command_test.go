package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus/ingest/htmltext"
)

// TestServeExtract: the program's side reads a page and writes the article
// or why there is none, with the protocol version.
func TestServeExtract(t *testing.T) {
	for _, tt := range []struct {
		page, wantBody, wantErr string
	}{
		{sampleHTML, "Iraqi", ""},
		{"<html><body></body></html>", "", "no main text"},
	} {
		var out bytes.Buffer
		getenv := func(string) string { return "" }
		if err := ServeExtract(context.Background(), []string{"https://example.com/a"}, getenv, strings.NewReader(tt.page), &out, htmltext.Extractor{}, ExtractProcess{}); err != nil {
			t.Fatal(err)
		}
		var got ExtractOutput
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("output %q: %v", out.String(), err)
		}
		if got.Protocol != ExtractProtocol || (tt.wantErr == "") != (got.Article != nil) ||
			got.Article != nil && !strings.Contains(got.Article.Body, tt.wantBody) || !strings.Contains(got.Error, tt.wantErr) {
			t.Errorf("ServeExtract(%.30q) = %+v", tt.page, got)
		}
	}
}

// TestCommandFailures: a missing program, a program of another protocol
// and no extractor at all give ErrExtractor with a message that says so.
func TestCommandFailures(t *testing.T) {
	ctx := context.Background()
	if _, err := FromHTML(ctx, nil, []byte(sampleHTML), ""); !errors.Is(err, ErrExtractor) {
		t.Errorf("FromHTML(no extractor) error = %v; want ErrExtractor", err)
	}
	missing := &Command{Path: filepath.Join(t.TempDir(), "talksbot-extract")}
	if _, err := FromHTML(ctx, missing, []byte(sampleHTML), ""); !errors.Is(err, ErrExtractor) || !strings.Contains(err.Error(), "go install ./cmd/...") {
		t.Errorf("FromHTML(missing program) error = %v; want ErrExtractor saying how to install it", err)
	}
	if runtime.GOOS == "windows" {
		return
	}
	for _, tt := range []struct{ script, want string }{
		{`echo '{"protocol":99}'`, "speaks protocol 99"},
		{`echo boom >&2; exit 3`, "failed on the page (exit status 3): boom"},
		{`kill -9 $$`, "was killed by killed"},
	} {
		prog := filepath.Join(t.TempDir(), "fake-extract")
		os.WriteFile(prog, []byte("#!/bin/sh\ncat >/dev/null\n"+tt.script+"\n"), 0o755)
		_, err := FromHTML(ctx, &Command{Path: prog}, []byte(sampleHTML), "")
		if !errors.Is(err, ErrExtractor) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("FromHTML(program that does %q) error = %v; want ErrExtractor with %q", tt.script, err, tt.want)
		}
	}
}
