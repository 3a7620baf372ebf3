package facts

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Names

// token is a word of a sentence without the punctuation around it.
type token struct {
	text       string
	start, end int
	trail      string // punctuation right after it
	lead       bool   // punctuation right before it ("(HMC)")
	possessive bool   // "Iraq's": text keeps the "'s"
}

var abbrevs = toSet("Maj Gen Lt Col Brig Capt Sgt Adm Sen Rep Dr Mr Mrs Ms St Jr Cpl Gov Prof U.S U.N U.K E.U No")

func tokenize(s string) []token {
	var out []token
	i := 0
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
			i++
		}
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' {
			j++
		}
		if j == i {
			break
		}
		a, b := i, j
		for a < b && strings.ContainsRune(`"“‘'([`, rune(s[a])) {
			a++
		}
		if a < b && strings.HasPrefix(s[a:b], "“") {
			a += len("“")
		}
		for b > a {
			r, n := utf8.DecodeLastRuneInString(s[a:b])
			if !strings.ContainsRune(`,.;:!?"”’')]`, r) {
				break
			}
			b -= n
		}
		if b < j && s[b] == '.' && abbrevs[s[a:b]] {
			b++
		}
		if a < b {
			t := token{text: s[a:b], start: a, end: b, trail: s[b:j], lead: a > i}
			t.possessive = strings.HasSuffix(t.text, "'s") || strings.HasSuffix(t.text, "’s")
			out = append(out, t)
		}
		i = j
	}
	return out
}

func (t token) capital() bool {
	if strings.HasPrefix(t.text, "al-") || strings.HasPrefix(t.text, "el-") {
		r, _ := utf8.DecodeRuneInString(t.text[3:])
		return unicode.IsUpper(r)
	}
	r, _ := utf8.DecodeRuneInString(t.text)
	if !unicode.IsUpper(r) {
		return false
	}
	// "Iran-backed", "U.S.-led": an adjective, not a name.
	if i := strings.LastIndex(t.text, "-"); i >= 0 && i+1 < len(t.text) {
		r, _ := utf8.DecodeRuneInString(t.text[i+1:])
		if unicode.IsLower(r) {
			return false
		}
	}
	return strings.IndexFunc(t.text, unicode.IsDigit) < 0
}

var nameParticles = toSet("al bin ibn el de of the van von da")

// notNames are capitalised words that begin sentences without being names.
var notNames = toSet("The A An It He She They This That These Those However Under After Before On In At As Over Currently Once Finding Later Its Their His Her About Some Both Officials Afterwards Several Many Most Few More Early Even Also During Since Until When While If Although Though Because Meanwhile Then There Here We I You Our Speaking According")

// sideAdjectives are words for a side that precede a title or name.
var sideAdjectives = map[string]string{"U.S.": "us", "American": "us", "US": "us", "Iraqi": "iraq", "Iranian": "iran", "Kurdish": "krg", "Kurdistan Region": "krg", "Iraq's": "iraq", "Iran's": "iran", "coalition's": "coalition"}

// nationalities are adjectives of other countries, peeled off before a title.
var nationalities = toSet("British French German Italian Turkish Syrian Jordanian Israeli Saudi Qatari Emirati Egyptian Russian Chinese European Canadian Australian Danish Dutch Spanish Norwegian Polish Lebanese Kuwaiti")

// titles are formal titles written before names, longest first.
var titles = func() [][]string {
	var out [][]string
	for _, t := range []string{"Prime Minister", "Deputy Prime Minister", "Defense Secretary", "Defence Secretary", "Secretary of State", "Secretary of Defense",
		"Defense Minister", "Defence Minister", "Foreign Minister", "Interior Minister", "Minister", "Ambassador", "President", "Vice President",
		"Gen.", "Maj. Gen.", "Lt. Gen.", "Brig. Gen.", "Col.", "Lt. Col.", "Capt.", "Adm.", "Sgt.", "Sen.", "Rep.", "Dr.", "Mr.", "Mrs.", "Ms.",
		"Sheikh", "King", "Crown Prince", "Ayatollah", "General", "Colonel", "Major General", "Lieutenant General", "Brigadier General", "Secretary", "Spokesman", "Commander"} {
		out = append(out, strings.Fields(t))
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}()

// roleNouns end a role phrase; roleWords may precede them.
var (
	roleNouns = toSet("spokesman spokeswoman spokesperson commander leader general secretary minister ambassador official chief head envoy adviser advisor president director chairman cleric founder")
	roleWords = toSet("press military militia deputy senior top army navy foreign defence defense interior armed chief")
)

// ExtractNames finds proper names of two or more capitalised words, or one
// with a title, with the title before them, their side and role.
func ExtractNames(s string) []Name {
	toks := tokenize(s)
	// Runs of capitalised tokens.
	type run struct{ a, b int } // token indexes [a, b)
	var runs []run
	for i := 0; i < len(toks); {
		if !toks[i].capital() {
			i++
			continue
		}
		j := i + 1
		for j < len(toks) {
			prev := toks[j-1]
			if prev.trail != "" || prev.possessive || toks[j].lead {
				break
			}
			if toks[j].capital() {
				j++
				continue
			}
			if nameParticles[toks[j].text] && toks[j].trail == "" && j+1 < len(toks) && toks[j+1].capital() {
				j += 2
				continue
			}
			break
		}
		runs = append(runs, run{i, j})
		i = j
	}
	consumed := map[int]bool{} // runs used as the modifier of a role
	names := make([]*Name, len(runs))
	for ri, r := range runs {
		a, b := r.a, r.b
		for a < b && notNames[toks[a].text] {
			a++
		}
		if a == b {
			continue
		}
		side := ""
		sideEnd := a
		for k := a; k < b; k++ { // "Iraqi", "U.S.", "Kurdistan Region"
			if k+1 < b {
				if id, ok := sideAdjectives[toks[k].text+" "+toks[k+1].text]; ok {
					side, sideEnd, k = id, k+2, k+1
					continue
				}
			}
			if id, ok := sideAdjectives[toks[k].text]; ok {
				side, sideEnd = id, k+1
				continue
			}
			if nationalities[toks[k].text] {
				sideEnd = k + 1
				continue
			}
			break
		}
		ta, tb := sideEnd, sideEnd
		for {
			n := matchTitle(toks[tb:b])
			if n == 0 {
				break
			}
			tb += n
		}
		if tb == ta { // no title: the side adjective is part of the name ("U.S. Central Command")
			ta, tb = a, a
			sideEnd = a
		}
		na, nb := tb, b
		if na >= nb || allAdjectives(toks[na:nb]) {
			continue
		}
		// One word is a name after a title ("Prime Minister Sudani"), or
		// when it is one ("al-Sudani").
		if nb-na == 1 && tb == ta && !strings.HasPrefix(toks[na].text, "al-") {
			continue
		}
		start, end := toks[na].start, toks[nb-1].end
		text := s[start:end]
		if toks[nb-1].possessive {
			text = strings.TrimSuffix(strings.TrimSuffix(text, "'s"), "’s")
			end = start + len(text)
		}
		n := Name{Text: text, Start: start, End: end, Side: side}
		if tb > ta {
			n.Title = s[toks[ta].start:toks[tb-1].end]
		}
		// "Islamic Resistance" + " in Iraq": a known name the run cut short.
		for _, e := range aliasTable {
			if len(e.text) > len(text) && e.id != "" && strings.HasPrefix(e.text, text+" ") && strings.HasPrefix(s[start:], e.text) {
				n.Text, n.End = e.text, start+len(e.text)
				text = e.text
				break
			}
		}
		if id := PartyOf(text); id != "" {
			n.Party = id
		}
		// A lower-case role before the name: "Pentagon spokesman Sean Parnell".
		if k := a - 1; k >= 0 && toks[k].trail == "" && roleNouns[strings.ToLower(toks[k].text)] && !toks[k].capital() {
			first := k
			for first-1 >= 0 && toks[first-1].trail == "" && roleWords[strings.ToLower(toks[first-1].text)] && !toks[first-1].capital() {
				first--
			}
			roleStart := first
			// The modifier run before it: "Pentagon", "Kataib Hezbollah", "Deputy Pentagon", "Iraqi".
			if ri > 0 && runs[ri-1].b == first && toks[first-1].trail == "" {
				pr := runs[ri-1]
				mod := s[toks[pr.a].start:toks[pr.b-1].end]
				if id, ok := sideAdjectives[mod]; ok {
					n.Side = id
					consumed[ri-1] = true
				} else if id := modifierParty(mod); id != "" {
					n.Side = SideOf(id)
					roleStart = pr.a
					consumed[ri-1] = true
				}
			}
			n.Role = s[toks[roleStart].start:toks[k].end]
		}
		// The coalition's commander, Maj. Gen. Kevin Leahy
		if n.Role == "" && a > 0 && toks[a-1].trail == "," && roleNouns[strings.ToLower(toks[a-1].text)] {
			first := a - 1
			for first-1 >= 0 && toks[first-1].trail == "" && (roleWords[strings.ToLower(toks[first-1].text)] || toks[first-1].possessive) && first > a-5 {
				first--
			}
			n.Role = s[toks[first].start:toks[a-1].end]
			if n.Side == "" {
				n.Side = sideIn(n.Role)
			}
		}
		// An appositive after it: "Qais Khazali, leader of Asaib Ahl al-Haq,".
		if n.Role == "" && toks[nb-1].trail == "," && nb < len(toks) {
			k := nb
			j := k
			for j < len(toks) && toks[j].trail != "," && !strings.ContainsAny(toks[j].trail, ".;:") {
				j++
			}
			if j < len(toks) && j-k < 10 {
				first := toks[k].text
				if first == "the" || first == "a" || first == "an" {
					k++
				}
				phrase := s[toks[min(k, j)].start:toks[j].end]
				if k <= j && !toks[min(k, j)].capital() || strings.HasPrefix(phrase, "U.S.") || sideAdjectives[strings.Fields(phrase)[0]] != "" {
					if hasRoleNoun(phrase) || strings.HasPrefix(phrase, "speaking for ") {
						n.Role = phrase
						if n.Side == "" {
							n.Side = sideIn(phrase)
						}
					}
				}
			}
		}
		// "Maj. Gen. Yahya Rasool is the military spokesman for …"
		if n.Role == "" && toks[nb-1].trail == "" && nb+2 < len(toks) && (toks[nb].text == "is" || toks[nb].text == "was") && (toks[nb+1].text == "the" || toks[nb+1].text == "a" || toks[nb+1].text == "an") {
			j := nb + 2
			for j < len(toks) && toks[j].trail == "" {
				j++
			}
			if j >= len(toks) {
				j = len(toks) - 1
			}
			phrase := s[toks[nb+2].start:toks[j].end]
			if hasRoleNoun(strings.Join(strings.Fields(phrase)[:min(3, len(strings.Fields(phrase)))], " ")) {
				n.Role = phrase
				if n.Side == "" {
					n.Side = sideIn(phrase)
				}
			}
		}
		if n.Side == "" && n.Party != "" {
			n.Side = SideOf(n.Party)
		}
		names[ri] = &n
	}
	var out []Name
	for ri, n := range names {
		if n != nil && !consumed[ri] {
			out = append(out, *n)
		}
	}
	return out
}

// nameAdjectives are capitalised adjectives that make no name on their own.
var nameAdjectives = toSet("Shia Shiite Sunni Arab Kurdish Iraqi Iranian American U.S. Syrian Jordanian European Western Islamist")

func allAdjectives(toks []token) bool {
	for _, t := range toks {
		if !nameAdjectives[t.text] {
			return false
		}
	}
	return true
}

func matchTitle(toks []token) int {
	for _, t := range titles {
		if len(t) > len(toks) {
			continue
		}
		ok := true
		for i, w := range t {
			if toks[i].text != w || i < len(t)-1 && toks[i].trail != "" {
				ok = false
				break
			}
		}
		// A title needs a name after it.
		if ok && len(toks) > len(t) && toks[len(t)-1].trail == "" {
			return len(t)
		}
	}
	return 0
}

func hasRoleNoun(phrase string) bool {
	for _, w := range strings.Fields(strings.ToLower(phrase)) {
		if roleNouns[strings.Trim(w, ",.")] {
			return true
		}
	}
	return false
}

// modifierParty is the party a capitalised modifier names ("Pentagon",
// "Deputy Pentagon", "Kataib Hezbollah").
func modifierParty(mod string) string {
	for _, m := range FindParties(mod) {
		if m.Known() {
			return m.ID
		}
	}
	return ""
}

// sideIn is the side of the first known party a phrase names.
func sideIn(phrase string) string {
	for _, m := range FindParties(phrase) {
		if m.Known() {
			return SideOf(m.ID)
		}
	}
	for w, id := range sideAdjectives {
		if strings.Contains(phrase, w) {
			return id
		}
	}
	return ""
}

// SideOf is the side a party belongs to: the party itself for sides and
// armed groups, else the side it speaks for, followed up to a side.
func SideOf(id string) string {
	for range 5 {
		p, ok := partyByID[id]
		if !ok || p.Side == "" || p.Kind == PartyMilitia {
			return id
		}
		id = p.Side
	}
	return id
}

var singleCapRe = regexp.MustCompile(`\b[A-Z][a-z]+\b`)

// HasProperName reports whether the sentence names someone or something
// beyond its first word.
func HasProperName(s string) bool {
	return hasProperName(s, ExtractNames(s))
}

// HasProperNameIn is HasProperName for a sentence whose facts are known.
func HasProperNameIn(s string, f Facts) bool {
	return hasProperName(s, f.Names)
}

func hasProperName(s string, names []Name) bool {
	if len(names) > 0 {
		return true
	}
	for _, m := range singleCapRe.FindAllStringIndex(s, -1) {
		if m[0] > 0 && !notNames[s[m[0]:m[1]]] {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------
