package index

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
)

// Explain writes every stage of the trace for people: what the question
// was read as, the concepts and their weights, the candidates with the
// features the model weighed most for them, and why the decision went
// the way it did. (`talksbot ask --explain`.)
func (t *Trace) Explain(w io.Writer, m *Model, show int) {
	a := &t.Analysis
	fmt.Fprintf(w, "1. Question analysis\n   asked:   %s\n", a.Question)
	if a.Normalized != a.Question {
		fmt.Fprintf(w, "   read as: %s\n", a.Normalized)
	}
	for _, c := range a.Corrections {
		fmt.Fprintf(w, "   %s: %q → %q\n", c.Why, c.From, c.To)
	}
	fmt.Fprintf(w, "   kind:    %s\n", a.Kind)
	if a.Context != "" {
		fmt.Fprintf(w, "   a follow-up of: %s (its words count for less)\n", a.Context)
	}
	for _, x := range a.Missing {
		fmt.Fprintf(w, "   not in the coverage: %s (%s)\n", x.Text, x.What)
	}
	fmt.Fprintln(w, "   what it is about (word as typed, weight: rarer words weigh more; what else it matches):")
	for _, c := range a.concepts {
		var notes []string
		if c.proper {
			notes = append(notes, "a name")
		}
		if c.context {
			notes = append(notes, "from the question before")
		}
		if c.anchor {
			notes = append(notes, "what the event is dated by")
		}
		if !c.known {
			notes = append(notes, "a word the coverage never uses")
		}
		if c.corrected {
			notes = append(notes, "spelling corrected to \""+c.term+"\"")
		}
		var also []string
		if c.alias {
			also = append(also, "every name of the same thing (aliases)")
		}
		if syns := rawSynonyms(c.word); len(syns) > 0 {
			also = append(also, "the domain's words "+strings.Join(syns[:min(4, len(syns))], ", "))
		}
		if len(c.wordnet) > 0 {
			also = append(also, fmt.Sprintf("%d related words from WordNet", len(c.wordnet)))
		}
		line := fmt.Sprintf("   - %q, %.2f", c.raw, c.weight)
		if len(notes) > 0 {
			line += " (" + strings.Join(notes, "; ") + ")"
		}
		if len(also) > 0 {
			line += "; also " + strings.Join(also, "; ")
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "\n2. Retrieval: %d candidate passages (the sentence, the sentence before, synonyms, aliases, the outlet)\n", len(t.Candidates))
	fmt.Fprintf(w, "\n3–4. Features and model; the best %d, each with what moved its score most:\n", min(show, len(t.Candidates)))
	for i := 0; i < show && i < len(t.Candidates); i++ {
		p := &t.Candidates[i]
		fmt.Fprintf(w, "   %d. %.0f%% of the ranked probability  %s, sentence %d\n      “%s”\n      ", i+1, 100*p.Share, p.ArticleID, p.sent+1, shorten(p.Quote, 160))
		fmt.Fprintln(w, legendOf(contributions(&m.Rank, p.features[:], FeatureNames[:], 4), FeatureLegend))
	}
	d := &t.Decision
	fmt.Fprintf(w, "\n5. Decision: %s\n   %s\n", d.Outcome, d.Why)
	if len(d.Values) > 0 {
		fmt.Fprintln(w, "   answers the best passages give (passages, articles, share of the ranked probability):")
		for i, v := range d.Values {
			if i == 5 {
				fmt.Fprintf(w, "   … and %d more\n", len(d.Values)-5)
				break
			}
			fmt.Fprintf(w, "   - %q: %d passages, %d articles, %.0f%%, first at #%d\n", v.Text, v.Passages, v.Articles, 100*v.Mass, v.First+1)
		}
	}
	if len(d.Missing) == 0 && len(t.Candidates) > 0 {
		fmt.Fprintln(w, "   what moved P(covered) most: "+legendOf(contributions(&m.Covered, d.Inputs[:], DecisionNames[:], 4), DecisionLegend))
		fmt.Fprintln(w, "   what moved P(right) most:   "+legendOf(contributions(&m.Answer, d.Inputs[:], DecisionNames[:], 4), DecisionLegend))
	}
	if len(d.claims) > 0 {
		fmt.Fprintf(w, "   short answer the passages give: %s", renderClaims(a.Kind, d.claims))
		if !m.givesShort(a.Kind) {
			fmt.Fprintf(w, " (not said: %s short answers were not precise enough on the training questions)", a.Kind)
		} else if d.Outcome != Answered {
			fmt.Fprint(w, " (not said: only an answered question gets a short answer)")
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "\n6. Composed answer:")
}

// contributions lists the inputs that moved a linear model's log-odds
// most for x, largest first.
func contributions(l *Linear, x []float64, names []string, n int) string {
	type c struct {
		name string
		v    float64
	}
	var cs []c
	for i := range l.W {
		if i < len(x) && l.Scale[i] != 0 {
			if v := l.W[i] * (x[i] - l.Mean[i]) / l.Scale[i]; v != 0 {
				cs = append(cs, c{names[i], v})
			}
		}
	}
	sort.Slice(cs, func(i, j int) bool { return math.Abs(cs[i].v) > math.Abs(cs[j].v) })
	var parts []string
	for i := 0; i < n && i < len(cs); i++ {
		parts = append(parts, fmt.Sprintf("%s %+.2f", cs[i].name, cs[i].v))
	}
	return strings.Join(parts, ", ")
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// legendOf spells out the features named in a contributions line
// ("value_mass +0.80" → "the share of the best passages giving that
// answer +0.80").
func legendOf(line string, words map[string]string) string {
	parts := strings.Split(line, ", ")
	for i, p := range parts {
		name, v, ok := strings.Cut(p, " ")
		if words, known := words[name]; ok && known {
			parts[i] = words + " " + v
		}
	}
	return strings.Join(parts, "; ")
}
