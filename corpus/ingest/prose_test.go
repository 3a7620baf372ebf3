package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus/ingest/htmltext"

	"github.com/talksbot/talksbot/corpus"
)

// TestCheckProseAcceptsArticles: every article of the corpus and every test
// page is prose.
func TestCheckProseAcceptsArticles(t *testing.T) {
	articles, err := corpus.Load(corpus.DefaultFS())
	if err != nil {
		t.Fatal(err)
	}
	pages, err := TestPages(context.Background(), htmltext.Extractor{}, filepath.Join("..", "..", TestPagesDir))
	if err != nil {
		t.Fatal(err)
	}
	for name, a := range pages {
		a.ID = "page:" + name
		articles = append(articles, a)
	}
	if len(articles) < 40 {
		t.Fatalf("%d articles and pages; want the corpus's 30 and the test pages", len(articles))
	}
	for _, a := range articles {
		if err := CheckProse(a); err != nil {
			t.Errorf("CheckProse(%s) = %v; want nil", a.ID, err)
		}
	}
}

// TestCheckProseRefuses: text that is not prose is refused through Detect's
// conversions, each with its reason.
func TestCheckProseRefuses(t *testing.T) {
	passwd, err := os.ReadFile("/etc/passwd")
	if err != nil {
		passwd = []byte("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\n")
	}
	goCode := "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfor i := 0; i < 10; i++ {\n\t\tfmt.Println(i)\n\t}\n}\n\nfunc add(a, b int) int {\n\treturn a + b\n}\n"
	config := "title = Server settings\n\nname: talksbot\nport: 8080\nhost: example.com\nlog_level: debug\ntimeout: 30s\nretries: 3\nuser: admin\ngroup: admin\n"
	numbers := "Figures\n\n2,500 2,400 900 800 2024-01-25 2024-01-27 12.5% 13.1% 44 17 66 $1,200 €300 1 2 3 4 5 6 7 8 9 10 11 12\n"
	short := "Iraq talks\n\nThe United States and Iraq will hold talks.\n"
	list := "Shopping\n\neggs\nmilk\nbread\nbutter\napples\ntea\n"
	bin := "Report\n\nThe talks began on Monday in Baghdad \x00\x01\x02\x03 with both sides present and ready.\n"
	for _, c := range []struct{ name, text, reason string }{
		{"passwd", string(passwd), "key:value lines or code"},
		{"main.go.txt", goCode, "key:value lines or code"},
		{"settings.txt", config, "key:value lines or code"},
		{"figures.txt", numbers, "mostly non-letters"},
		{"short.txt", short, "too few sentences"},
		{"list.txt", list, "too few sentences"},
		{"binary.txt", bin, "binary data"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := Detect(context.Background(), htmltext.Extractor{}, c.name, "", []byte(c.text))
			if err != nil {
				if errors.Is(err, ErrType) && c.name == "binary.txt" {
					return // sniffed as binary before: refused either way
				}
				t.Fatalf("Detect(%s) = %v", c.name, err)
			}
			err = CheckProse(a)
			if !errors.Is(err, ErrNotProse) || !strings.Contains(err.Error(), c.reason) {
				t.Errorf("CheckProse(%s) = %v; want %v: %s", c.name, err, ErrNotProse, c.reason)
			}
		})
	}
}

// TestCheckProseAcceptsCJK: Chinese and Japanese articles, whose
// sentences have no spaces between words, are prose, through FromHTML as
// a page is ingested; a list of short Japanese labels is not.
func TestCheckProseAcceptsCJK(t *testing.T) {
	page := func(title string, paras ...string) []byte {
		var b strings.Builder
		b.WriteString(`<html><head><meta charset="utf-8"><title>` + title + `</title></head><body><article><h1>` + title + `</h1>`)
		for range 3 {
			for _, p := range paras {
				b.WriteString("<p>" + p + "</p>\n")
			}
		}
		b.WriteString(`</article></body></html>`)
		return []byte(b.String())
	}
	for _, c := range []struct {
		name string
		html []byte
	}{
		{"japanese", page("東京で会議が再開", "政府と野党の代表は木曜日、東京で三か月ぶりに会議を再開したと発表した。", "関係者によると、双方は来年度の予算案について意見を交わし、次回の日程を調整している。", "会議は約二時間続き、終了後に記者団の質問に答えた(共同)。")},
		{"chinese", page("北京会谈恢复", "两国代表星期四在北京恢复了中断三个月的会谈，外交部在声明中说。", "据知情人士透露，双方就明年的贸易安排交换了意见，并将商定下一轮会谈的日期。", "会谈持续了大约两个小时，结束后双方代表回答了记者的提问。")},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := fromHTML(c.html, "")
			if err != nil {
				t.Fatalf("FromHTML = %v", err)
			}
			if err := CheckProse(a); err != nil {
				t.Errorf("CheckProse = %v; want nil:\n%s", err, a.Body)
			}
		})
	}
	labels := &corpus.Article{Title: "メニュー", Body: "ホーム\n\nニュース\n\n天気\n\nスポーツ\n\nお問い合わせ"}
	if err := CheckProse(labels); !errors.Is(err, ErrNotProse) {
		t.Errorf("CheckProse(Japanese menu labels) = %v; want %v", err, ErrNotProse)
	}
}
