package index

import "strings"

// domainSynonyms is the hand-written thesaurus of the talks' vocabulary:
// each line is a set of words people use for the same thing. It is indexed
// as a Bleve synonym collection, so it applies at query time to the "syn"
// field, weighed below exact matches.
var domainSynonyms = [][]string{
	{"troops", "forces", "soldiers", "personnel", "gis", "footprint", "servicemembers"},
	{"withdrawal", "withdraw", "departure", "depart", "drawdown", "pullout", "exit", "leave", "leaving", "pullback", "reduction", "reduce"},
	{"isis", "isil", "daesh"},
	{"us", "u.s.", "american", "americans", "washington", "america"},
	{"iraq", "iraqi", "baghdad"},
	{"iran", "iranian", "tehran"},
	{"militia", "militias", "militants", "factions", "groups", "proxies"},
	{"talks", "negotiations", "discussions", "dialogue", "session", "meetings"},
	{"timetable", "timeline", "schedule", "deadline"},
	{"agreement", "deal", "understanding", "accord", "pact"},
	{"strike", "strikes", "airstrike", "airstrikes", "attack", "raid", "bombing"},
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
	{"stay", "remain", "residual"},
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
