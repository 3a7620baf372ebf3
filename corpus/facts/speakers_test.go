package facts

import (
	"strings"
	"testing"
	"time"
)

func TestSpeakers(t *testing.T) {
	tests := []struct{ s, text, id string }{
		{"The mission had become \"a factor for instability\", Rasool said.", "Rasool", "rasool"},
		{"Maj. Gen. Pat Ryder, speaking for the Pentagon, said there were no plans to withdraw.", "Maj. Gen. Pat Ryder", "ryder"},
		{"Austin proposed a third year, and Iraq refused it, Abbasi said.", "Abbasi", "abbasi"},
		{"Some U.S. advisers were likely to stay, according to Iraqi sources.", "Iraqi sources", "iraqi-officials"},
		{"The first session was held in Baghdad, the office of Iraqi Prime Minister Mohammed Shia al-Sudani said.", "the office of Iraqi Prime Minister Mohammed Shia al-Sudani", "sudani"},
		{"Washington says the timing of the talks is not linked to those attacks.", "Washington", "us"},
		{"A senior official called it \"not a withdrawal\", and added: \"This is a transition\".", "A senior official", ""},
		{"The talks were held in Baghdad.", "", ""},
	}
	for _, tt := range tests {
		f := Extract(tt.s, time.Time{})
		if f.SpeakerText != tt.text || f.Speaker != tt.id {
			t.Errorf("Extract(%q) speaker = %q (%q); want %q (%q)", tt.s, f.SpeakerText, f.Speaker, tt.text, tt.id)
		}
	}
	f := Extract("The coalition's mission will end, the United States and Iraq said in a joint statement.", time.Time{})
	if strings.Join(f.Speakers, " ") != "us iraq" {
		t.Errorf("joint statement speakers = %v; want us iraq", f.Speakers)
	}
}

// TestExtractArticle checks what context adds: speakers of "He said",
// dates of "that month", places of "there", units of "the number of injured".
