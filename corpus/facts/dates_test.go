package facts

import (
	"testing"
	"time"
)

func TestExtractDates(t *testing.T) {
	saturday := day("2024-01-27") // a Saturday
	tuesday := day("2024-01-30")
	tests := []struct {
		s         string
		published time.Time
		text      string
		value     string
		origin    string
	}{
		{"The talks resumed on Saturday.", tuesday, "on Saturday", "2024-01-27", "resolved"},
		{"The talks will resume on Saturday.", tuesday, "on Saturday", "2024-02-03", "resolved"},
		{"The talks resumed on Saturday.", saturday, "on Saturday", "2024-01-27", "resolved"},
		{"The talks resumed last Saturday.", saturday, "last Saturday", "2024-01-20", "resolved"},
		{"The talks resume next Saturday.", saturday, "next Saturday", "2024-02-03", "resolved"},
		{"The talks resumed on Saturday.", time.Time{}, "on Saturday", "", "unresolved"},
		{"Talks will resume next week.", tuesday, "next week", "2024-02-06/week", "resolved"},
		{"Withdrawals would start the following year.", day("2024-09-27"), "the following year", "2025", "resolved"},
		{"Speaking on 31 December 2025, he said Ain al-Asad would be handed over the following week.", day("2025-12-31"), "the following week", "2026-01-07/week", "resolved"},
		{"On 22 and 23 July 2024, Austin hosted Iraqi Defence Minister Thabet al-Abbasi.", time.Time{}, "22 and 23 July 2024", "2024-07-22", "stated"},
		{"The rest would leave by the end of 2026.", time.Time{}, "the end of 2026", "2026-12", "stated"},
		{"It will end no later than the end of September 2025.", time.Time{}, "the end of September 2025", "2025-09", "stated"},
		{"Attacks have risen since mid-October 2023.", time.Time{}, "mid-October 2023", "2023-10", "stated"},
		{"U.S. forces have been in Iraq since the 2003 invasion.", time.Time{}, "2003", "2003", "stated"},
		{"The commission was agreed on January 25, 2024.", time.Time{}, "January 25, 2024", "2024-01-25", "stated"},
	}
	for _, tt := range tests {
		ds := ExtractDates(tt.s, tt.published)
		var got *Date
		for i := range ds {
			if ds[i].Text == tt.text {
				got = &ds[i]
			}
		}
		if got == nil {
			t.Errorf("ExtractDates(%q) = %+v; want %q", tt.s, ds, tt.text)
			continue
		}
		if got.Value != tt.value || got.Origin != tt.origin {
			t.Errorf("ExtractDates(%q, %s): %q = %q (%s); want %q (%s)", tt.s, tt.published.Format(time.DateOnly), tt.text, got.Value, got.Origin, tt.value, tt.origin)
		}
	}
	if ds := ExtractDates("The talks resumed on 11 February 2024.", time.Time{}); len(ds) != 1 || ds[0].Rel != "on" {
		t.Errorf("rel of \"on 11 February 2024\" = %+v; want on", ds)
	}
	if ds := ExtractDates("Iraq wants the coalition to end by September 2025.", time.Time{}); len(ds) != 1 || ds[0].Rel != "by" {
		t.Errorf("rel of \"by September 2025\" = %+v; want by", ds)
	}
}
