package thesaurus

import "testing"

func TestEnglish(t *testing.T) {
	for w, want := range map[string]bool{
		"a": true, "umbrella": true, "headcount": true, "relocating": true, "think": true, "cost": true,
		"zymurgy": true, "erdogan": false, "mosul": false, "blinken": false, "iraq": false, "": false, "zzzz": false,
	} {
		if got := English(w); got != want {
			t.Errorf("English(%q) = %v; want %v", w, got, want)
		}
	}
	if n := EnglishSize(); n < 100000 {
		t.Errorf("EnglishSize() = %d; want the whole list", n)
	}
}

// Every word of the list is found, and its neighbours' neighbours too.
func TestEnglishFindsEveryWord(t *testing.T) {
	start := 0
	for i := 0; i < len(englishList); i++ {
		if englishList[i] == '\n' {
			if w := englishList[start:i]; !English(w) {
				t.Fatalf("English(%q) = false for a word of the list", w)
			}
			start = i + 1
		}
	}
}
