package facts

import (
	"regexp"
	"sort"
	"strings"
)

// Conditions, reasons, statements

type cueRule struct {
	kind  string
	words []string // lower-case words one of which a match contains: a cheap test before the regexp
	re    *regexp.Regexp
}

var cueRules = []cueRule{
	{"prerequisite", []string{"once", "after", "before", "then"}, regexp.MustCompile(`(?i)\bonce\b|\bonly after\b|\bbefore\s+(?:any|the|a|an|it|they|we|he|she|\p{Ll}+ing)\b|\b(?:will|would)\s+then\b|\bafter that\b|\bafterwards\b`)},
	{"basis", []string{"based", "depend", "factors", "determin", "in light"}, regexp.MustCompile(`(?i)\bbased on\b|\bdepends? on\b|\bdependent on\b|\bdepending on\b|\bfactors\b|\bdetermin(?:e|es|ed|ing)\b|\bin light of\b`)},
	{"proviso", []string{"if", "unless", "subject", "provid", "condition", "as long", "invitation"}, regexp.MustCompile(`(?i)\bif\b|\bunless\b|\bsubject to\b|\bprovided that\b|\bproviding that\b|\bconditions?\b|\bas long as\b|\bat the invitation of\b`)},
	{"deadline", []string{"until", "later than", "within", "deadline"}, regexp.MustCompile(`(?i)\buntil\b|\bno later than\b|\bwithin\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:days|weeks|months|years)\b|\bdeadline\b`)},
	{"timetable", []string{"timetable", "timeline", "schedule"}, regexp.MustCompile(`(?i)\btimetable\b|\btimeline\b|\bschedule\b`)},
	{"necessity", []string{"must", "requir", "essential", "crucial", "necessary", "enough", "need"}, regexp.MustCompile(`(?i)\bmust\b|\brequires?\b|\brequired\b|\bessential\b|\bcrucial\b|\bnecessary\b|\bnot enough\b|\bneeds? to\b`)},
}

var (
	modalRe      = regexp.MustCompile(`(?i)\b(?:will|would|could|can|is to|are to|shall)\b`)
	afterCueRe   = regexp.MustCompile(`(?i)\bafter\s+(?:the|a|an|\d)`)
	continuingRe = regexp.MustCompile(`^(?:They|These|Those)\s+(?:are|were|include|included)\b`)
	reasonRe     = regexp.MustCompile(`(?i)\b(because|due to|owing to|prompted|prompting|amid|as a result|in response|in retaliation|pushing|to avoid|so that|in order to|reasons?|why|driven by|caused|after)\b`)
	// saidVerbs make a sentence a statement (Facts.Said).
	saidVerbs = toSet("said says told announced stressed emphasised emphasized described called argued proposed thanked pledged named reported")
	// reasonWords are in every match of reasonRe, lower-case.
	reasonWords = []string{"because", "due to", "owing to", "prompt", "amid", "as a result", "in response", "in retaliation", "pushing", "to avoid", "so that", "in order to", "reason", "why", "driven by", "caused", "after"}
)

// ConditionCues finds the phrases that make s a condition: what must
// happen or hold for something else to happen.
func ConditionCues(s string) []Cue {
	var out []Cue
	lower := strings.ToLower(s)
	for _, r := range cueRules {
		if !containsAny(lower, r.words) {
			continue
		}
		for _, m := range r.re.FindAllStringIndex(s, -1) {
			out = append(out, Cue{Text: s[m[0]:m[1]], Kind: r.kind, Start: m[0], End: m[1]})
		}
	}
	// "forces would start leaving … after the U.S. election": a timing
	// condition, when the sentence speaks of what will happen.
	if strings.Contains(lower, "after") && modalRe.MatchString(s) {
		for _, m := range afterCueRe.FindAllStringIndex(s, -1) {
			if !strings.HasPrefix(strings.ToLower(s[m[0]:]), "after that") {
				out = append(out, Cue{Text: "after", Kind: "prerequisite", Start: m[0], End: m[0] + len("after")})
			}
		}
	}
	for i := range out {
		out[i].Back = backCueRe.MatchString(s[out[i].Start:]) || backObjRe.MatchString(s[:out[i].Start])
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

var (
	backCueRe = regexp.MustCompile(`(?i)^(?:(?:will|would)\s+then|after that|afterwards|once\s+(?:this|that|these|those|it)\b)`)
	backObjRe = regexp.MustCompile(`(?i)\b(?:this|that|these|those)\s+$`)
)

// ---------------------------------------------------------------------------
