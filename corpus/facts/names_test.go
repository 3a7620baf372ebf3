package facts

import (
	"strings"
	"testing"
)

func TestExtractNames(t *testing.T) {
	tests := []struct {
		s                           string
		text, title, role, side, id string
	}{
		{"Iraqi Prime Minister Mohammed Shia al-Sudani visited Washington.", "Mohammed Shia al-Sudani", "Prime Minister", "", "iraq", "sudani"},
		{"U.S. Defense Secretary Lloyd Austin said the talks would begin.", "Lloyd Austin", "Defense Secretary", "", "us", "austin"},
		{"Iraqi military spokesman Maj. Gen. Yahya Rasool said the meetings would continue.", "Yahya Rasool", "Maj. Gen.", "military spokesman", "iraq", "rasool"},
		{"Qais Khazali, leader of Asaib Ahl al-Haq, thanked the government.", "Qais Khazali", "", "leader of Asaib Ahl al-Haq", "asaib-ahl-al-haq", "khazali"},
		{"Sudani told the coalition's commander, Maj. Gen. Kevin Leahy, that ISIS was beaten.", "Kevin Leahy", "Maj. Gen.", "coalition's commander", "coalition", "leahy"},
		{"Deputy Pentagon press secretary Sabrina Singh made the same point.", "Sabrina Singh", "", "Deputy Pentagon press secretary", "us", "singh"},
		{"Kurdistan Region Prime Minister Masrour Barzani said some U.S. presence is necessary.", "Masrour Barzani", "Prime Minister", "", "krg", "barzani"},
		{"Lt. Gen. Qais al-Muhammadawi, deputy commander of Iraq's Joint Operations Command, said the mission had ended.", "Qais al-Muhammadawi", "Lt. Gen.", "deputy commander of Iraq's Joint Operations Command", "iraq", "muhammadawi"},
		// A name the table does not know.
		{"Iraqi Foreign Minister Fuad Hussein met the envoy.", "Fuad Hussein", "Foreign Minister", "", "iraq", ""},
		{"British Ambassador Jane Doe, speaking for London, said so.", "Jane Doe", "Ambassador", "speaking for London", "", ""},
	}
	for _, tt := range tests {
		var got *Name
		for _, n := range ExtractNames(tt.s) {
			if n.Text == tt.text {
				got = &n
			}
		}
		if got == nil {
			t.Errorf("ExtractNames(%q) = %+v; want %q", tt.s, ExtractNames(tt.s), tt.text)
			continue
		}
		if got.Title != tt.title || got.Role != tt.role || got.Side != tt.side || got.Party != tt.id {
			t.Errorf("ExtractNames(%q): %q = title %q, role %q, side %q, party %q; want %q, %q, %q, %q", tt.s, tt.text, got.Title, got.Role, got.Side, got.Party, tt.title, tt.role, tt.side, tt.id)
		}
		if tt.s[got.Start:got.End] != got.Text {
			t.Errorf("name %q is not s[%d:%d]", got.Text, got.Start, got.End)
		}
		if got.Title != "" && !strings.HasSuffix(tt.s[:got.Start], got.Title+" ") {
			t.Errorf("title %q is not right before the name in %q", got.Title, tt.s)
		}
	}
	for _, s := range []string{"Kataib Hezbollah is an Iraqi Shia armed group.", "Deputy Pentagon press secretary Sabrina Singh made the same point."} {
		for _, n := range ExtractNames(s) {
			if n.Text == "Iraqi Shia" || n.Text == "Deputy Pentagon" {
				t.Errorf("ExtractNames(%q) has %q: not a name", s, n.Text)
			}
		}
	}
}

func TestPartyAliases(t *testing.T) {
	for alias, id := range map[string]string{
		"ISIS": "isis", "ISIL": "isis", "Daesh": "isis", "Islamic State": "isis", "Islamic State group": "isis",
		"U.S.": "us", "United States": "us", "Washington": "us",
		"HMC": "hmc", "Higher Military Commission": "hmc",
		"Sudani": "sudani", "Mohammed Shia al-Sudani": "sudani",
		"Wissam Mohammed al-Saadi": "abu-baqir-al-saadi", "Abu Baqir al-Saadi": "abu-baqir-al-saadi",
		"Global Coalition": "coalition", "U.S.-led coalition": "coalition",
	} {
		if got := PartyOf(alias); got != id {
			t.Errorf("PartyOf(%q) = %q; want %q", alias, got, id)
		}
	}
	for _, p := range Parties() {
		if p.Side != "" {
			if _, ok := PartyByID(p.Side); !ok {
				t.Errorf("party %s: side %q is not a party", p.ID, p.Side)
			}
		}
		if p.Role == "" || p.Name == "" || len(p.Aliases) == 0 {
			t.Errorf("party %s lacks a name, role or alias", p.ID)
		}
		switch p.Kind {
		case PartyGovernment, PartyForce, PartyMilitia, PartyOrganisation, PartyOfficial:
		default:
			t.Errorf("party %s: kind %q", p.ID, p.Kind)
		}
	}
	ms := FindParties("Iraq and the United States agreed to set up the Higher Military Commission (HMC) with the U.S.-led coalition, Iraq's Foreign Ministry said.")
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.ID)
	}
	if got, want := strings.Join(ids, " "), "iraq us hmc hmc coalition iraq-foreign-ministry"; got != want {
		t.Errorf("FindParties = %s; want %s", got, want)
	}
	if ms := FindParties("About 2,500 U.S. troops are in Iraq."); len(ms) != 2 || !ms[1].Place || ms[0].Place {
		t.Errorf("FindParties: %+v; want U.S. as actor, Iraq as place", ms)
	}
}
