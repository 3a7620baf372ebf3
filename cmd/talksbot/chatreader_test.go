package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
)

// A chat answering from the snapshot goes through a serve that takes the
// directory between two questions (a serve publishes no snapshot until it
// stops): it answers what the serve has ingested since, and says so once.
// Opened beside no writer, it answers from the snapshot and lets go of
// the directory at once.
func TestChatReaderGoesThroughAServe(t *testing.T) {
	ctx := context.Background()
	data := shortTempDir(t)
	var errOut bytes.Buffer
	e := env{stdout: &bytes.Buffer{}, stderr: &errOut}
	d, c, err := openOrDial(ctx, e, data, reading)
	if err != nil || c != nil {
		t.Fatal(err)
	}
	r := newChatReader(ctx, e, data, d)
	defer r.Close()
	if !r.d.FromSnapshot() || index.Holder(data) != nil {
		t.Fatalf("the chat answers from %s, the directory held by %v; want the snapshot, and the directory free", r.d.Generation(), index.Holder(data))
	}
	troops := index.Turn{Question: "How many U.S. troops are in Iraq?", Standalone: "How many U.S. troops are in Iraq?"}
	if a, err := r.ask(ctx, troops, 3); err != nil || len(a.Passages) == 0 || errOut.Len() != 0 {
		t.Fatalf("the chat's first answer = %v, %d passages, stderr %q", err, len(a.Passages), errOut.String())
	}

	served := holdData(t, data, true)
	a := &corpus.Article{ID: "brennic-accord", Title: "Brennic envoys sign an accord", Outlet: "Test Wire", Published: "2026-11-21", Kind: corpus.KindArticle,
		Body: "The Brennic envoys signed an accord in Basra on 9 November 2026.\n\nIt keeps 318 quellan engineers in the port until 2028.\n"}
	if _, err := served.Ingest(ctx, a, false); err != nil {
		t.Fatal(err)
	}
	q := "What did the Brennic envoys sign?"
	ans, err := r.ask(ctx, index.Turn{Question: q, Standalone: q}, 3)
	if err != nil || !quotes(ans, "brennic-accord") {
		t.Errorf("beside a serve that ingested an article the chat answered %v, %+v; want that article, through the serve", err, ans.Passages)
	}
	if said := errOut.String(); !strings.HasPrefix(said, "talksbot: "+data+" is in use by a running talksbot (pid ") || strings.Count(said, "\n") != 1 {
		t.Errorf("the chat said %q; want one line saying it goes through the serve", said)
	}
	if _, err := r.ask(ctx, troops, 3); err != nil || strings.Count(errOut.String(), "\n") != 1 {
		t.Errorf("the next question = %v, stderr %q; want an answer and nothing more said", err, errOut.String())
	}
}
