package htmltext

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
)

// encode is s in the encoding e, as a server in that encoding sends it.
func encode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDecodePage: a page is read in the encoding its bytes and its <meta>
// say, whatever a guess from its letters would make of it.
func TestDecodePage(t *testing.T) {
	para := func(s string) string {
		return "<p>" + s + "</p>"
	}
	ru := "Переговоры возобновились в четверг в Москве, сообщило министерство."
	ja := "政府と野党の代表は木曜日、東京で会議を再開したと発表した。"
	fr := "Les négociations ont repris jeudi à Paris, a indiqué le ministère."
	tests := []struct {
		name string
		page []byte
		want string
	}{
		{"windows-1251 declared", encode(t, charmap.Windows1251, `<html><head><meta charset="windows-1251"></head><body>`+para(ru)+`</body></html>`), ru},
		{"Shift_JIS declared in http-equiv", encode(t, japanese.ShiftJIS, `<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"></head><body>`+para(ja)+`</body></html>`), ja},
		{"ISO-8859-1 declared", encode(t, charmap.ISO8859_1, `<html><head><meta charset="iso-8859-1"></head><body>`+para(fr)+`</body></html>`), fr},
		{"UTF-8 undeclared, few accents", []byte(`<html><body>` + para("The talks resumed on Thursday in Paris — the café was full.") + `</body></html>`), "The talks resumed on Thursday in Paris — the café was full."},
		{"UTF-8 declared as windows-1252", []byte(`<html><head><meta charset="windows-1252"></head><body>` + para(fr) + `</body></html>`), fr},
		{"soft hyphens and NFD", []byte("<html><body><p>Verhand\u00adlungen in Mu\u0308nchen.</p></body></html>"), "Verhandlungen in München."},
	}
	for _, tt := range tests {
		data, err := decodePage(tt.page)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		doc, err := parsePage(data)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := strings.Join(Paragraphs(doc), "\n"); got != tt.want {
			t.Errorf("%s: read %q; want %q", tt.name, got, tt.want)
		}
	}
}

// TestDropCommentThreads: a thread named as comments goes, even when its
// name also says "content"; an element that holds the page stays.
func TestDropCommentThreads(t *testing.T) {
	article := strings.Repeat("<p>The talks resumed on Thursday in Baghdad, officials of both sides said.</p>", 6)
	page := `<html><body><div class="comment-body">` + article +
		`<div class="comments-content"><p>First! I never believed a word of it.</p></div>` +
		`<ol id="commentlist"><li>What a story, thanks for writing it.</li></ol></div></body></html>`
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	dropCommentThreads(doc)
	got := strings.Join(Paragraphs(doc), "\n")
	if strings.Contains(got, "First!") || strings.Contains(got, "What a story") {
		t.Errorf("comments kept:\n%s", got)
	}
	if strings.Count(got, "The talks resumed") != 6 {
		t.Errorf("article lost with the comments:\n%s", got)
	}
}

// TestTableRows: a table's row is one paragraph, its cells apart.
func TestTableRows(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(`<table><tr><th>Pos</th><th>Driver</th><th>Points</th></tr><tr><td>1</td><td>Kyle Busch</td><td>5040</td></tr><tr><td>2</td><td><p>Martin Truex Jr.</p></td><td>5035</td></tr></table>`))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(Paragraphs(doc), "|")
	if want := "Pos Driver Points|1 Kyle Busch 5040|2|Martin Truex Jr.|5035"; got != want {
		t.Errorf("table read as %q; want %q", got, want)
	}
}

// TestRepeatedQuestions: an interview's questions, asked of every guest,
// are kept each time; other repeats go.
func TestRepeatedQuestions(t *testing.T) {
	q := "What made you start cooking for your readers?"
	blocks := []block{{text: q}, {text: "My grandmother, who cooked for twelve every Sunday."}, {text: q}, {text: "A trip to Italy in my twenties, and a lot of bad pasta."}, {text: "A trip to Italy in my twenties, and a lot of bad pasta."}}
	got, _ := cleanBlocks(blocks)
	if len(got) != 4 || got[2] != q {
		t.Errorf("cleanBlocks kept %q; want the question twice and the repeated answer once", got)
	}
}
