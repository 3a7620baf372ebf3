package facts

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kinds of party.
const (
	PartyGovernment   = "government"   // a state or its institutions
	PartyForce        = "force"        // an armed force or command
	PartyMilitia      = "militia"      // a non-state armed group
	PartyOrganisation = "organisation" // a body, agency, alliance or outlet
	PartyOfficial     = "official"     // a person, or an unnamed official speaking for a side
)

// Party is an actor of the talks: a government, force, militia,
// organisation or official, with the words the coverage uses for it.
type Party struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Side  string `json:"side,omitempty"`  // ID of the party it belongs to or speaks for
	Title string `json:"title,omitempty"` // an official's title
	Role  string `json:"role"`            // its part in the talks, in a few words
	// Label is how figures name it as their owner ("U.S. troops"); Name when empty.
	Label   string   `json:"-"`
	Aliases []string `json:"aliases"` // surface forms, matched as whole words; a lower-case alias also matches capitalised
	Note    string   `json:"note,omitempty"`
}

// FigureLabel is the party's name as the owner of a figure.
func (p Party) FigureLabel() string {
	if p.Label != "" {
		return p.Label
	}
	return p.Name
}

// parties is the alias table. Order matters only for readability: matching
// always takes the longest alias at a position.
var parties = []Party{
	// Sides.
	{ID: "us", Name: "United States", Kind: PartyGovernment, Label: "U.S.", Role: "party to the talks; leads the coalition",
		Aliases: []string{"United States", "U.S.", "US", "Washington", "American", "Americans", "U.S. administration"}},
	{ID: "iraq", Name: "Iraq", Kind: PartyGovernment, Label: "Iraqi", Role: "party to the talks; host of the coalition",
		Aliases: []string{"Iraq", "Iraqi", "Iraqi government", "Iraqi state", "Iraqi delegation", "Iraqi figures", "Iraqis"}},
	{ID: "coalition", Name: "U.S.-led coalition", Kind: PartyForce, Label: "coalition", Role: "the military mission whose end is negotiated",
		Aliases: []string{"U.S.-led coalition", "Global Coalition", "coalition", "coalition forces", "coalition allies", "Coalition troops"}},
	{ID: "isis", Name: "Islamic State group", Kind: PartyOrganisation, Label: "ISIS", Role: "the threat the coalition was formed to fight",
		Aliases: []string{"Islamic State group", "Islamic State", "ISIS", "ISIL", "Daesh", "extremist group", "ISIS remnants"}},
	{ID: "iran", Name: "Iran", Kind: PartyGovernment, Label: "Iranian", Role: "backs the militias attacking U.S. forces",
		Aliases: []string{"Iran", "Iranian", "Tehran"}},
	{ID: "krg", Name: "Kurdistan Regional Government", Kind: PartyGovernment, Label: "Kurdish", Role: "regional government that wants U.S. forces to stay",
		Aliases: []string{"Kurdistan Regional Government", "KRG"}},

	// Bodies of the talks.
	{ID: "hmc", Name: "Higher Military Commission", Kind: PartyOrganisation, Role: "joint U.S.–Iraqi commission that negotiates the transition",
		Aliases: []string{"Higher Military Commission", "higher military commission", "HMC", "the commission"}},

	// Iraq.
	{ID: "iraq-foreign-ministry", Name: "Iraq's Foreign Ministry", Kind: PartyGovernment, Side: "iraq", Role: "announced the commission; received the U.S. letter",
		Aliases: []string{"Iraq's Foreign Ministry", "Foreign Ministry"}},
	{ID: "iraq-foreign-minister", Name: "Iraq's foreign minister", Kind: PartyOfficial, Side: "iraq", Title: "Foreign Minister", Role: "received the U.S. letter announcing the talks",
		Aliases: []string{"Iraq's foreign minister"}},
	{ID: "iraq-parliament", Name: "Iraq's parliament", Kind: PartyGovernment, Side: "iraq", Label: "Iraqi parliament", Role: "voted in 2020 to expel foreign troops",
		Aliases: []string{"Iraq's parliament", "Iraqi parliament"}},
	{ID: "iraqi-forces", Name: "Iraqi security forces", Kind: PartyForce, Side: "iraq", Label: "Iraqi", Role: "the forces whose capabilities set the pace of the transition",
		Aliases: []string{"Iraqi security forces", "Iraqi forces", "Iraqi army", "local forces", "Iraq's armed forces"}},
	{ID: "joint-operations-command", Name: "Joint Operations Command", Kind: PartyForce, Side: "iraq", Role: "Iraq's command of joint operations",
		Aliases: []string{"Joint Operations Command"}},
	{ID: "pmf", Name: "Popular Mobilization Forces", Kind: PartyForce, Side: "iraq", Role: "state-sanctioned umbrella of armed groups",
		Aliases: []string{"Popular Mobilization Forces", "PMF"}},
	{ID: "iraqi-officials", Name: "Iraqi officials", Kind: PartyOfficial, Side: "iraq", Role: "speak for Iraq without being named",
		Aliases: []string{"Iraqi officials", "Iraqi sources"}},
	{ID: "sudani", Name: "Mohammed Shia al-Sudani", Kind: PartyOfficial, Side: "iraq", Title: "Prime Minister of Iraq", Role: "heads the Iraqi government pressing for the coalition's exit",
		Aliases: []string{"Mohammed Shia al-Sudani", "Sudani", "al-Sudani"}},
	{ID: "rasool", Name: "Yahya Rasool", Kind: PartyOfficial, Side: "iraq", Title: "Maj. Gen., military spokesman for the prime minister", Role: "speaks for Iraq's armed forces",
		Aliases: []string{"Yahya Rasool", "Rasool"}},
	{ID: "abbasi", Name: "Thabet al-Abbasi", Kind: PartyOfficial, Side: "iraq", Title: "Defence Minister of Iraq", Role: "negotiated the withdrawal dates",
		Aliases: []string{"Thabet al-Abbasi", "Abbasi", "al-Abbasi"}},
	{ID: "muhammadawi", Name: "Qais al-Muhammadawi", Kind: PartyOfficial, Side: "iraq", Title: "Lt. Gen., deputy commander of the Joint Operations Command", Role: "announced the end of the mission in federal Iraq",
		Aliases: []string{"Qais al-Muhammadawi", "Muhammadawi", "al-Muhammadawi"}},
	{ID: "barzani", Name: "Masrour Barzani", Kind: PartyOfficial, Side: "krg", Title: "Prime Minister of the Kurdistan Region", Role: "wants some U.S. presence to stay",
		Aliases: []string{"Masrour Barzani", "Barzani"}},
	{ID: "peshmerga", Name: "Kurdish peshmerga", Kind: PartyForce, Side: "krg", Label: "Kurdish", Role: "Kurdish forces, part of the Iraqi delegation",
		Aliases: []string{"Kurdish peshmerga", "peshmerga"}},

	// United States.
	{ID: "pentagon", Name: "Pentagon", Kind: PartyGovernment, Side: "us", Role: "U.S. Department of Defense",
		Aliases: []string{"Pentagon", "U.S. Department of Defense", "Department of Defense"}},
	{ID: "state-department", Name: "U.S. State Department", Kind: PartyGovernment, Side: "us", Role: "U.S. foreign ministry",
		Aliases: []string{"U.S. State Department", "State Department"}},
	{ID: "centcom", Name: "U.S. Central Command", Kind: PartyForce, Side: "us", Label: "U.S.", Role: "U.S. command for the Middle East",
		Aliases: []string{"U.S. Central Command", "Central Command", "CENTCOM"}},
	{ID: "crs", Name: "Congressional Research Service", Kind: PartyOrganisation, Side: "us", Role: "research arm of the U.S. Congress",
		Aliases: []string{"Congressional Research Service"}},
	{ID: "us-officials", Name: "U.S. officials", Kind: PartyOfficial, Side: "us", Role: "speak for the United States without being named",
		Aliases: []string{"U.S. officials"}},
	{ID: "austin", Name: "Lloyd Austin", Kind: PartyOfficial, Side: "us", Title: "U.S. Defense Secretary", Role: "leads the U.S. side of the talks",
		Aliases: []string{"Lloyd Austin", "Austin"}},
	{ID: "ryder", Name: "Pat Ryder", Kind: PartyOfficial, Side: "us", Title: "Maj. Gen., Pentagon spokesman", Role: "speaks for the Pentagon",
		Aliases: []string{"Pat Ryder", "Ryder"}},
	{ID: "singh", Name: "Sabrina Singh", Kind: PartyOfficial, Side: "us", Title: "Deputy Pentagon press secretary", Role: "speaks for the Pentagon",
		Aliases: []string{"Sabrina Singh", "Singh"}},
	{ID: "parnell", Name: "Sean Parnell", Kind: PartyOfficial, Side: "us", Title: "Pentagon spokesman", Role: "speaks for the Pentagon",
		Aliases: []string{"Sean Parnell", "Parnell"}},
	{ID: "romanowski", Name: "Alina Romanowski", Kind: PartyOfficial, Side: "us", Title: "U.S. Ambassador to Iraq", Role: "delivered the U.S. letter",
		Aliases: []string{"Alina Romanowski", "Romanowski"}},
	{ID: "state-department-spokesperson", Name: "State Department spokesperson", Kind: PartyOfficial, Side: "us", Title: "spokesperson", Role: "speaks for the State Department",
		Aliases: []string{"U.S. State Department spokesperson", "State Department spokesperson"}},

	// The coalition.
	{ID: "leahy", Name: "Kevin Leahy", Kind: PartyOfficial, Side: "coalition", Title: "Maj. Gen., commander of the coalition", Role: "commands the coalition",
		Aliases: []string{"Kevin Leahy", "Leahy"}},

	// Iran and the militias.
	{ID: "irgc-quds-force", Name: "Islamic Revolutionary Guard Corps Quds Force", Kind: PartyForce, Side: "iran", Role: "trains, funds and arms Kataib Hezbollah",
		Aliases: []string{"Islamic Revolutionary Guard Corps Quds Force", "Islamic Revolutionary Guard Corps", "Quds Force", "IRGC"}},
	{ID: "iran-commander-spokesperson", Name: "spokesperson for Iran's top military commander", Kind: PartyOfficial, Side: "iran", Title: "spokesperson", Role: "quoted by the source article on the ISIS threat",
		Aliases: []string{"spokesperson for Iran's top military commander"},
		Note:    "the source article's wording; other reports name Iraq's military spokesman, Maj. Gen. Yahya Rasool"},
	{ID: "soleimani", Name: "Qassem Soleimani", Kind: PartyOfficial, Side: "iran", Title: "Iranian general", Role: "killed by a U.S. strike in January 2020",
		Aliases: []string{"Qassem Soleimani", "Soleimani"}},
	{ID: "iran-backed-militias", Name: "Iran-backed militias", Kind: PartyMilitia, Side: "iran", Label: "Iran-backed militias", Role: "attack U.S. forces; their attacks and the U.S. strikes drive the push to end the coalition",
		Aliases: []string{"Iran-backed militias", "Iran-backed militants", "Iranian-backed militants", "Iran-backed groups", "Iran-linked factions", "Factions tied to Iran", "Iran-aligned militia"}},
	{ID: "islamic-resistance-in-iraq", Name: "Islamic Resistance in Iraq", Kind: PartyMilitia, Side: "iran-backed-militias", Role: "umbrella of Iran-backed militias claiming the attacks",
		Aliases: []string{"Islamic Resistance in Iraq"}},
	{ID: "kataib-hezbollah", Name: "Kataib Hezbollah", Kind: PartyMilitia, Side: "iran-backed-militias", Role: "strongest faction of the Islamic Resistance in Iraq",
		Aliases: []string{"Kataib Hezbollah", "Kata'ib Hezbollah", "Kata’ib Hezbollah"}},
	{ID: "harakat-al-nujaba", Name: "Harakat al-Nujaba", Kind: PartyMilitia, Side: "iran-backed-militias", Role: "Iran-aligned militia whose leader a U.S. strike killed",
		Aliases: []string{"Harakat al-Nujaba", "al-Nujaba", "Nujaba"}},
	{ID: "asaib-ahl-al-haq", Name: "Asaib Ahl al-Haq", Kind: PartyMilitia, Side: "iran-backed-militias", Role: "militia that welcomed the coalition's exit",
		Aliases: []string{"Asaib Ahl al-Haq"}},
	{ID: "abu-taqwa", Name: "Abu Taqwa", Kind: PartyOfficial, Side: "harakat-al-nujaba", Title: "leader of Harakat al-Nujaba", Role: "militia leader killed by a U.S. drone strike",
		Aliases: []string{"Abu Taqwa"}},
	{ID: "abu-baqir-al-saadi", Name: "Abu Baqir al-Saadi", Kind: PartyOfficial, Side: "kataib-hezbollah", Title: "Kataib Hezbollah commander", Role: "militia commander killed by a U.S. drone strike",
		Aliases: []string{"Abu Baqir al-Saadi", "Wissam Mohammed al-Saadi", "al-Saadi"}},
	{ID: "khazali", Name: "Qais Khazali", Kind: PartyOfficial, Side: "asaib-ahl-al-haq", Title: "leader of Asaib Ahl al-Haq", Role: "militia leader",
		Aliases: []string{"Qais Khazali", "Khazali"}},
	{ID: "muhandis", Name: "Abu Mahdi al-Muhandis", Kind: PartyOfficial, Title: "Iraqi militia leader", Role: "killed with Soleimani in January 2020",
		Aliases: []string{"Abu Mahdi al-Muhandis", "al-Muhandis", "Muhandis"}},

	// Others.
	{ID: "alhurra", Name: "Alhurra", Kind: PartyOrganisation, Role: "broadcaster the State Department spokesperson spoke to",
		Aliases: []string{"Alhurra"}},
}

// notParties are names the alias matcher consumes so that their parts are
// not taken for parties ("Iraq" in "U.S.-Iraq Joint Security Cooperation
// Dialogue"): forums, places and the like.
var notParties = []string{
	"U.S.-Iraq Joint Security Cooperation Dialogue", "Joint Security Cooperation Dialogue",
	"Baghdad International Airport", "Kurdistan Region", "Kurdistan region",
}

var (
	partyByID  = map[string]*Party{}
	aliasTable []aliasEntry      // longest first
	aliasByte  [256][]aliasEntry // aliasTable by first byte
)

type aliasEntry struct {
	text string
	id   string // "" for notParties
}

func init() {
	seen := map[string]string{}
	add := func(text, id string) {
		if prev, dup := seen[text]; dup {
			if prev != id {
				panic("corpus: alias " + text + " names both " + prev + " and " + id)
			}
			return
		}
		seen[text] = id
		aliasTable = append(aliasTable, aliasEntry{text, id})
	}
	for i := range parties {
		p := &parties[i]
		partyByID[p.ID] = p
		for _, a := range p.Aliases {
			add(a, p.ID)
			if r, n := utf8.DecodeRuneInString(a); unicode.IsLower(r) {
				add(string(unicode.ToUpper(r))+a[n:], p.ID)
			}
		}
	}
	for _, a := range notParties {
		add(a, "")
	}
	sort.SliceStable(aliasTable, func(i, j int) bool { return len(aliasTable[i].text) > len(aliasTable[j].text) })
	for _, e := range aliasTable {
		aliasByte[e.text[0]] = append(aliasByte[e.text[0]], e)
	}
}

// Parties lists the known parties.
func Parties() []Party {
	out := make([]Party, len(parties))
	copy(out, parties)
	return out
}

// PartyByID finds a known party.
func PartyByID(id string) (Party, bool) {
	p, ok := partyByID[id]
	if !ok {
		return Party{}, false
	}
	return *p, true
}

// PartyOf is the canonical party id an alias or name stands for ("Daesh" →
// "isis", "Washington" → "us"); "" when it is not known.
func PartyOf(name string) string {
	name = strings.TrimSpace(name)
	for _, e := range aliasTable {
		if e.text == name {
			return e.id
		}
	}
	return ""
}

// PartyOfFold is PartyOf ignoring case, for words typed in chat
// ("rasool", "kataib hezbollah").
func PartyOfFold(name string) string {
	name = strings.TrimSpace(name)
	for _, e := range aliasTable {
		if strings.EqualFold(e.text, name) {
			return e.id
		}
	}
	return ""
}

// PartyNamesFold finds the known parties a text typed in chat names, case
// aside ("who funds kataib hezbollah"), longest name first where names
// overlap, in the order they appear: each as its words in s and its id.
func PartyNamesFold(s string) []Mention {
	low := strings.ToLower(s)
	taken := make([]bool, len(s))
	var out []Mention
	for _, e := range aliasTable { // longest first
		if e.id == "" {
			continue
		}
		name := strings.ToLower(e.text)
		for from := 0; from < len(low); {
			i := strings.Index(low[from:], name)
			if i < 0 {
				break
			}
			i += from
			end := i + len(name)
			from = end
			if i > 0 && isWordByte(low[i-1]) || end < len(low) && isWordByte(low[end]) || overlaps(taken, i, end) {
				continue
			}
			for k := i; k < end; k++ {
				taken[k] = true
			}
			out = append(out, Mention{ID: e.id, Text: s[i:end], Start: i, End: end})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// Mention is a party named in a sentence. Start/End are byte offsets of
// Text within the sentence.
type Mention struct {
	ID    string `json:"id"` // canonical party id: a known party, or "name:" + the name for others
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Place is true when the name is used as a place ("troops in Iraq"),
	// not as an actor.
	Place bool `json:"place,omitempty"`
	// For names the table does not know: what the sentence says of them.
	Title string `json:"title,omitempty"`
	Role  string `json:"role,omitempty"`
	Side  string `json:"side,omitempty"`
}

// Known reports whether the mention is of a party in the alias table.
func (m Mention) Known() bool { return !strings.HasPrefix(m.ID, "name:") }

// placePrepositions make a following name a place rather than an actor.
var placePrepositions = toSet("in into from at across within throughout inside outside near")

// FindParties finds the known parties named in s, longest alias first, and
// the other proper names that look like actors (people with a title or
// role, organisations). Mentions are in order and do not overlap.
func FindParties(s string) []Mention {
	return findParties(s, ExtractNames(s))
}

// findParties is FindParties for a sentence whose names are known.
func findParties(s string, names []Name) []Mention {
	var out []Mention
	taken := make([]bool, len(s)+1)
	for i := 0; i < len(s); {
		if i > 0 && isWordByte(s[i-1]) {
			i++
			continue
		}
		matched := false
		for _, e := range aliasByte[s[i]] {
			if !strings.HasPrefix(s[i:], e.text) {
				continue
			}
			end := i + len(e.text)
			if end < len(s) && isWordByte(s[end]) && !strings.HasSuffix(e.text, ".") {
				continue
			}
			if e.id != "" {
				out = append(out, Mention{ID: e.id, Text: e.text, Start: i, End: end, Place: usedAsPlace(s, i)})
			}
			for k := i; k < end; k++ {
				taken[k] = true
			}
			i, matched = end, true
			break
		}
		if !matched {
			i++
		}
	}
	for _, n := range names {
		if overlaps(taken, n.Start, n.End) || !actorLike(n) {
			continue
		}
		out = append(out, Mention{ID: "name:" + n.Text, Text: n.Text, Start: n.Start, End: n.End, Title: n.Title, Role: n.Role, Side: n.Side})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

func overlaps(taken []bool, a, b int) bool {
	for k := a; k < b && k < len(taken); k++ {
		if taken[k] {
			return true
		}
	}
	return false
}

// isWordByte is an ASCII letter or digit, or any byte of a multi-byte rune
// (letters of other scripts).
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func usedAsPlace(s string, i int) bool {
	// Only the last two words before i matter: read them from the end,
	// not by splitting all of s[:i] (quadratic over a long sentence).
	last, prev := lastTwoWords(s[:i])
	if last == "" {
		return false
	}
	last = strings.ToLower(last)
	if last == "the" && prev != "" {
		last = strings.ToLower(prev)
	}
	return placePrepositions[last]
}

// lastTwoWords is the last and the second-to-last white-space separated
// words of s ("" when there are none), read from its end.
func lastTwoWords(s string) (last, prev string) {
	word := func(end int) (string, int) {
		for end > 0 && isSpaceByte(s[end-1]) {
			end--
		}
		start := end
		for start > 0 && !isSpaceByte(s[start-1]) {
			start--
		}
		return s[start:end], start
	}
	last, at := word(len(s))
	if last != "" {
		prev, _ = word(at)
	}
	return last, prev
}

// orgHeads end the names of organisations.
var orgHeads = toSet("Command Ministry Forces Force Group Department Government Council Commission Service Agency Army Party Movement Front Brigades Brigade Corps Committee Office Organization Organisation Militia Administration Parliament Court Authority Coalition Alliance Resistance Hezbollah")

// actorLike reports whether a name the table does not know is an actor:
// a person with a title or role, or an organisation.
func actorLike(n Name) bool {
	if n.Title != "" || n.Role != "" {
		return true
	}
	f := strings.Fields(n.Text)
	return orgHeads[f[len(f)-1]]
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
