package main

import (
	"strings"
	"testing"

	"github.com/talksbot/talksbot/index/readonlytest"
)

// The commands that only list — feeds list, queue, feedback, gaps — work
// on a data directory this process cannot write (a read-only mount,
// another user's files), and say what they hold; the ones that change it
// say it is not writable.
func TestListingsOnAReadOnlyDataDir(t *testing.T) {
	site := feedSite(t)
	data := feedbackData(t)
	if _, _, err := runCmd(t, data, "feeds", "add", site+"/rss"); err != nil {
		t.Fatal(err)
	}
	readonlytest.Dir(t, data)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"feeds", "list"}, "f1  “BBC News”  " + site + "/rss  every 30m0s"},
		{[]string{"feeds", "list", "--json"}, `"url": "` + site + `/rss"`},
		{[]string{"queue"}, "1  “Obama says the coalition must defeat Islamic State”  BBC News · 2015-07-26"},
		{[]string{"queue", "--json"}, `"title": "Obama says the coalition must defeat Islamic State"`},
		{[]string{"feedback"}, "who speaks for the iraqi army"},
		{[]string{"gaps"}, "who pays for the bases"},
		{[]string{"gaps", "--json"}, `"question": "`},
	} {
		out, errOut, err := runCmd(t, data, tt.args...)
		if err != nil || !strings.Contains(out, tt.want) {
			t.Errorf("talksbot %s on a read-only data directory = %v\n%s%s\nwant %q", strings.Join(tt.args, " "), err, out, errOut, tt.want)
		}
	}
	for _, args := range [][]string{{"feeds", "remove", "f1"}, {"queue", "reject", "1"}} {
		if _, _, err := runCmd(t, data, args...); err == nil || !strings.Contains(err.Error(), "not writable") {
			t.Errorf("talksbot %s on a read-only data directory = %v; want it to say the directory is not writable", strings.Join(args, " "), err)
		}
	}
}
