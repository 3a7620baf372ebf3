package main

import (
	"reflect"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestInline(t *testing.T) {
	got := inline(`**Answer:** 2\*3 — [the report](https://x/y) †`)
	want := []span{
		{text: "Answer:", bold: true},
		{text: " 2*3 — "},
		{text: "the report", link: true},
		{text: " †"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("inline = %+v; want %+v", got, want)
	}
}

// A reply draws at Discord's width, taller the more text it has.
func TestDrawReply(t *testing.T) {
	r := func(desc string) *reply {
		return &reply{Data: &replyData{Embeds: []*discordgo.MessageEmbed{{Title: "Q: how many?", Description: desc, Color: 0x2B6CB0,
			Fields: []*discordgo.MessageEmbedField{{Name: "1. AP · 2024-01-25", Value: "> “About 2,500 **U.S. troops**.”"}}}}}}
	}
	short, err := drawReply(r("one line"))
	if err != nil {
		t.Fatal(err)
	}
	long, err := drawReply(r("one line\nand another\nand a third"))
	if err != nil {
		t.Fatal(err)
	}
	if short.Bounds().Dx() != pageW*scale || long.Bounds().Dy() <= short.Bounds().Dy() {
		t.Errorf("sizes %v and %v; want %d wide, the second taller", short.Bounds(), long.Bounds(), pageW*scale)
	}
}
