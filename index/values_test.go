package index

import "testing"

// TestValueNews: a value that repeats the question, or is less precise
// than asked, is not an answer to it (the decision's value_new and
// value_coarse inputs, and the gate on "answered" for value questions).
func TestValueNews(t *testing.T) {
	for _, c := range []struct {
		q            string
		kind         Kind
		text, key    string
		quote        string
		news, coarse bool
	}{
		{"how many of the 150 attacks did kataib hezbollah carry out", KindCount, "more than 150 attacks", "", "", false, false},
		{"how many attacks has the umbrella group claimed", KindCount, "more than 150 attacks", "", "", true, false},
		{"what day in nov 2024 did troops start leaving", KindWhen, "November 2024", "2024-11", "", false, false},
		{"what day did troops start leaving", KindWhen, "November 2024", "2024-11", "", true, true},
		{"what day did troops start leaving", KindWhen, "5 November 2024", "2024-11-05", "", true, false},
		{"which month was the coalition formed", KindWhen, "2014", "2014", "", true, true},
		{"when was the coalition formed", KindWhen, "2014", "2014", "", true, false},
		{"where did the tower 22 drone take off from?", KindWhere, "Tower 22", "tower 22", "", false, false},
		{"where did the drone hit?", KindWhere, "Tower 22", "tower 22", "", true, false},
		{"where in syria are the us troops based?", KindWhere, "Iraq", "iraq", "", true, true},
		{"where in iraq are the us troops based?", KindWhere, "Erbil", "erbil", "", true, false},
		{"who did sudani sit down with?", KindWho, "Prime Minister Mohammed Shia al-Sudani", "", "", false, false},
		{"who did the prime minister sit down with?", KindWho, "Lloyd Austin", "", "", true, false},
		{"whats the iraqi foreign ministers name", KindWho, "Iraq's foreign minister", "", "", true, true},
		{"whats the iraqi foreign ministers name", KindWho, "Fuad Hussein", "", "", true, false},
		{"who commands the joint operations command?", KindWho, "Lt. Gen. Qais al-Muhammadawi", "",
			"Lt. Gen. Qais al-Muhammadawi, deputy commander of Iraq's Joint Operations Command, said the mission had ended.", true, true},
		{"who is the deputy commander of the joint operations command?", KindWho, "Lt. Gen. Qais al-Muhammadawi", "",
			"Lt. Gen. Qais al-Muhammadawi, deputy commander of Iraq's Joint Operations Command, said the mission had ended.", true, false},
	} {
		v := Value{Text: c.text, key: c.key}
		news, coarse := valueNews(c.q, c.kind, v, c.quote)
		if news != c.news || coarse != c.coarse {
			t.Errorf("%q given %q: news %v coarse %v, want %v %v", c.q, c.text, news, coarse, c.news, c.coarse)
		}
	}
}

// TestAskedFigureCounts: the thing counted is the noun after "how many"
// (or a percentage), not every unit the question names.
func TestAskedFigureCounts(t *testing.T) {
	for q, want := range map[string]string{
		"coalition personnel in kurdistan: how many countries": "countries",
		"how many countries have personnel in kurdistan":       "countries",
		"by what % did us troops in iraq drop":                 "percent",
		"how many agencies can still access metadata":          "agencies",
		"how many US troops are in Iraq":                       "troops",
		"number of coalition advisers left in baghdad":         "advisers",
	} {
		w := askedFigure(q, nil)
		if len(w.units) != 1 || !w.units[want] {
			t.Errorf("%q counts %v, want only %q", q, w.units, want)
		}
	}
}
