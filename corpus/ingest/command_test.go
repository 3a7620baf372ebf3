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

	"github.com/talksbot/talksbot/corpus"
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

// bodyExtractor is an Extractor whose article has the body given.
type bodyExtractor struct{ body string }

func (b bodyExtractor) Extract(context.Context, []byte, string) (*corpus.Article, error) {
	return &corpus.Article{Title: "A page", Body: b.body}, nil
}

// TestServeExtractTooBig (issue 24 round three, finding 12): the program
// refuses a text over an article's size with the code Command reads as
// ErrTextTooBig, also when the text fits but its JSON would pass what
// Command reads (control characters are six bytes each); a text of '<'
// and '&', which the default encoding made six times its size, is sent.
func TestServeExtractTooBig(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		tooBig     bool
	}{
		{"over an article", strings.Repeat("Troops stay. ", corpus.MaxArticleBytes/13+1), true},
		{"escapes past the output's limit", strings.Repeat("a\x01", corpus.MaxArticleBytes/2-1), true},
		{"markup characters", strings.Repeat("<&>", corpus.MaxArticleBytes/4), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := ServeExtract(context.Background(), nil, func(string) string { return "" }, strings.NewReader(sampleHTML), &out, bodyExtractor{tt.body}, ExtractProcess{})
			if err != nil {
				t.Fatal(err)
			}
			if out.Len() > maxExtractOutput {
				t.Fatalf("output of %d bytes; Command reads at most %d", out.Len(), maxExtractOutput)
			}
			var got ExtractOutput
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if tt.tooBig != (got.Code == tooBigCode) || tt.tooBig != (got.Article == nil) || tt.tooBig && !strings.Contains(got.Error, "an article holds at most") && !strings.Contains(got.Error, "as the extractor sends it") {
				t.Errorf("ServeExtract(body of %d bytes) = code %q, error %q, article %v; want too big %v", len(tt.body), got.Code, got.Error, got.Article != nil, tt.tooBig)
			}
		})
	}
}

// TestCommandTextTooBig (finding 12): a program whose output passes 4 MiB
// is ErrTextTooBig (and ErrTooBig, which feeds never retry), "too big",
// not "killed by broken pipe"; so is a program that says "too-big".
func TestCommandTextTooBig(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("shell scripts")
	}
	refusal, err := json.Marshal(ExtractOutput{Protocol: ExtractProtocol, Code: tooBigCode, Error: "the page's text is 3 MiB"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, script string }{
		{"output over 4 MiB", `head -c 5000000 /dev/zero | tr '\0' a`},
		{"the program's refusal", "cat \"$0.out\""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			prog := filepath.Join(t.TempDir(), "fake-extract")
			os.WriteFile(prog, []byte("#!/bin/sh\ncat >/dev/null\n"+tt.script+"\n"), 0o755)
			os.WriteFile(prog+".out", append(refusal, '\n'), 0o644)
			_, err := FromHTML(context.Background(), &Command{Path: prog}, []byte(sampleHTML), "")
			if !errors.Is(err, ErrTextTooBig) || !errors.Is(err, ErrTooBig) || !strings.Contains(err.Error(), "too big") || strings.Contains(err.Error(), "pipe") {
				t.Errorf("FromHTML(program: %s) error = %v; want ErrTextTooBig, too big", tt.name, err)
			}
			t.Logf("%v", err)
		})
	}
}
