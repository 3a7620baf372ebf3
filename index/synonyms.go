package index

import (
	"slices"
	"strings"
)

// domainSynonyms is the hand-written thesaurus of the talks' vocabulary:
// each line is a set of words people use for the same thing. It is indexed
// as a Bleve synonym collection, so it applies at query time to the "syn"
// field, weighed below exact matches.
var domainSynonyms = [][]string{
	{"troops", "forces", "soldiers", "personnel", "gis", "footprint", "servicemembers"},
	{"withdrawal", "withdraw", "departure", "depart", "drawdown", "pullout", "exit", "leave", "leaving", "pullback", "reduction", "reduce", "gone", "expel", "expelling"},
	{"isis", "isil", "daesh"},
	{"us", "u.s.", "american", "americans", "washington", "america"},
	{"iraq", "iraqi", "baghdad"},
	{"iran", "iranian", "tehran"},
	{"militia", "militias", "militants", "factions", "groups", "proxies"},
	{"talks", "negotiations", "discussions", "dialogue", "session", "meetings", "round"},
	{"parliament", "lawmakers", "legislators", "mps", "legislature"},
	{"timetable", "timeline", "schedule", "deadline"},
	{"agreement", "deal", "understanding", "accord", "pact"},
	{"strike", "strikes", "airstrike", "airstrikes", "attack", "raid", "bombing", "hit", "bomb"},
	{"killed", "died", "dead", "deaths", "killing"},
	{"advisers", "advisors", "trainers"},
	{"hmc", "commission"},
	{"pentagon", "dod"},
	{"spokesman", "spokesperson", "spokeswoman"},
	{"prime", "premier"},
	{"sovereignty", "independence"},
	{"threat", "danger", "risk"},
	{"resurgence", "comeback", "return", "re-emerging"},
	{"kurdistan", "kurdish", "erbil"},
	{"coalition", "alliance"},
	{"members", "countries", "nations", "partners"},
	{"prisoners", "detainees", "detained", "captives", "prisoner"},
	{"stay", "remain", "residual", "still"},
	{"started", "began", "begin", "start", "formed", "created", "established", "launch"},
	{"land", "territory", "area", "kilometres", "square kilometres"},
	{"safe", "safety", "protection", "protect"},
	{"transition", "handover", "shift"},
	{"abruptly", "abrupt", "suddenly", "sudden", "overnight", "hasty"},
	{"depend", "depends", "subject", "conditions", "conditional"},
	{"behind", "involvement", "involved", "responsible", "responsibility"},
	{"pause", "paused", "halt", "suspend", "suspended", "suspending"},
}

// phrases maps multi-word names to one token, added to the "syn" field of a
// passage and to questions, because Bleve's synonyms match single terms only.
var phrases = []struct{ phrase, token string }{
	{"islamic state", "isis"},
	{"united states", "us"},
	{"higher military commission", "hmc"},
	{"pull out", "pullout"},
	{"pull-out", "pullout"},
	{"pulling out", "pullout"},
	{"draw down", "drawdown"},
	{"drawing down", "drawdown"},
	{"kataib hezbollah", "kataibhezbollah"},
	{"kata'ib hezbollah", "kataibhezbollah"},
	{"tower 22", "tower22"},
	{"ain al-asad", "ainalasad"},
	{"al-asad", "ainalasad"},
	{"al asad", "ainalasad"},
	{"central command", "centcom"},
	{"defence minister", "defenseminister"},
	{"defense minister", "defenseminister"},
	{"defense secretary", "defensesecretary"},
	{"prime minister", "primeminister"},
	{"american troops", "us troops"},
}

// sameNames are words for the same entity — a country and its adjective —
// which match each other as fully as the word itself ("Iraq's military",
// "the Iraqi military").
var sameNames = [][]string{
	{"iraq", "iraqi", "iraqis"},
	{"iran", "iranian", "iranians"},
	{"syria", "syrian"},
	{"jordan", "jordanian"},
	{"us", "u.s.", "american", "americans", "america", "united states"},
	{"kurdistan", "kurdish"},
}

// rawSynonyms is the domain thesaurus's other words for a lower-case word.
func rawSynonyms(word string) []string {
	var out []string
	for _, set := range domainSynonyms {
		if slices.Contains(set, word) {
			for _, w := range set {
				if w != word {
					out = append(out, w)
				}
			}
		}
	}
	return out
}

// phraseWords is the set of lower-case words that make up the multi-word
// names in s.
func phraseWords(s string) map[string]bool {
	l := strings.ToLower(s)
	out := map[string]bool{}
	for _, p := range phrases {
		if strings.Contains(l, p.phrase) {
			for _, w := range strings.FieldsFunc(p.phrase, func(r rune) bool { return r == ' ' || r == '-' }) {
				out[w] = true
			}
			out[p.phrase] = true
		}
	}
	return out
}

// questionPhrases are chat paraphrases of the coverage's words, applied to
// questions only ("when do they have to be out of Baghdad" asks when they
// leave it).
var questionPhrases = []struct{ phrase, token string }{
	{"be out of", "leave"},
	{"get out of", "leave"},
	{"pack up", "leave"},
	{"packs up", "leave"},
	{"take out", "kill"},
	{"took out", "killed"},
	{"taken out", "killed"},
	{"put on hold", "pause"},
	{"on hold", "pause"},
	{"kick off", "begin"},
	{"kicked off", "began"},
	{"get started", "began"},
	{"got started", "began"},
	{"sit down with", "talks"},
	{"throw out", "expel"},
	{"kick out", "expel"},
	{"turn down", "refuse"},
	{"turned down", "refused"},
	{"figure out", "assess"},
	{"put a date on", "timetable"},
	{"in charge of", "lead"},
	{"come back", "return"},
	// General phrasal verbs for the coverage's events.
	{"hit back", "retaliate"},
	{"hitting back", "retaliate"},
	{"strike back", "retaliate"},
	{"pick back up", "resume"},
	{"picked back up", "resumed"},
	{"start up again", "resume"},
	{"started up again", "resumed"},
	{"call off", "suspend"},
	{"called off", "suspended"},
	{"hold fire", "suspend"},
	{"scale back", "reduce"},
	{"scaling back", "reduce"},
	{"cut back", "reduce"},
	{"wind down", "end"},
	{"winding down", "end"},
	{"wrap up", "end"},
	{"wraps up", "end"},
	{"hand over", "transition"},
	{"handed over", "transition"},
	{"stick around", "remain"},
	{"stay on", "remain"},
	{"head home", "leave"},
	{"go home", "leave"},
	{"clear out", "leave"},
}

// phraseTokens returns the single tokens standing for the multi-word names in s.
func phraseTokens(s string) []string {
	l := strings.ToLower(s)
	var out []string
	for _, p := range phrases {
		if strings.Contains(l, p.phrase) {
			out = append(out, p.token)
		}
	}
	return out
}
