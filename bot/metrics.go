package bot

import (
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/talksbot/talksbot/index"
)

// Question outcomes, the outcome label of talksbot_questions_total.
const (
	OutcomeAnswered  = "answered"   // answered (for /ask: the coverage says)
	OutcomeNotFound  = "not_found"  // /ask or a mention the coverage does not answer
	OutcomeMayAnswer = "may_answer" // /ask or a mention given the passages that may answer it, hedged
	OutcomeRefused   = "refused"    // the user was told why not: cooldown, not a moderator, a bad option
	OutcomeError     = "error"      // something failed on our side (or Discord's)
)

// unknownWindow is how many recent questions the unknown-question ratio
// is taken over.
const unknownWindow = 100

// Metrics are the bot's Prometheus metrics. Create them with NewMetrics and
// pass them in Config; a nil *Metrics counts nothing.
type Metrics struct {
	questions  *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	unknown    prometheus.Gauge
	ingests    *prometheus.CounterVec
	reindexes  *prometheus.CounterVec
	reindexDur prometheus.Histogram
	reconnects prometheus.Counter
	connected  prometheus.Gauge
	closes     *prometheus.CounterVec
	votes      *prometheus.CounterVec
	pins       *prometheus.CounterVec
	pinHits    prometheus.Counter
	livePins   prometheus.Gauge

	mu     sync.Mutex
	recent [unknownWindow]bool // true: not found
	n      int                 // questions seen, up to unknownWindow
	next   int
}

// NewMetrics creates the bot's metrics and registers them with reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "talksbot_questions_total",
			Help: "Interactions handled, by command (ask, summary, …, button, autocomplete, mention) and outcome (answered, not_found, refused, error).",
		}, []string{"command", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "talksbot_question_duration_seconds",
			Help:    "Time from receiving an interaction to having answered it, by command.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"command"}),
		unknown: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "talksbot_unknown_question_ratio",
			Help: "Share of the last 100 questions (/ask and mentions) that the coverage does not answer.",
		}),
		ingests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "talksbot_ingests_total",
			Help: "/ingest runs by outcome: added, updated, unchanged, duplicate, error.",
		}, []string{"outcome"}),
		reindexes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "talksbot_reindexes_total",
			Help: "/reindex runs by outcome: ok, error.",
		}, []string{"outcome"}),
		reindexDur: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "talksbot_reindex_duration_seconds",
			Help:    "Time a successful /reindex took to rebuild the index.",
			Buckets: []float64{.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800},
		}),
		reconnects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "talksbot_gateway_reconnects_total",
			Help: "Times the gateway connection came back after it was lost (resumed or identified again).",
		}),
		connected: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "talksbot_gateway_connected",
			Help: "1 while the gateway connection is up.",
		}),
		closes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "talksbot_gateway_closes_total",
			Help: "Close frames Discord sent on the gateway, by close code.",
		}, []string{"code"}),
		votes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "talksbot_votes_total",
			Help: "Members' votes on answers (👍 up, 👎 down), counted from the store's records at start.",
		}, []string{"vote"}),
		pins: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "talksbot_pins_total",
			Help: "Answers moderators pinned from /gaps, by how: passage, not_covered, same_as (another pinned question's answer).",
		}, []string{"how"}),
		pinHits: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "talksbot_pin_hits_total",
			Help: "Answers given from a moderators' pin (the same words, or a paraphrase the matcher takes for the pinned question).",
		}),
		livePins: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "talksbot_pins_live",
			Help: "Pins that answer their questions now (retired ones, whose article was removed or changed, left out).",
		}),
	}
	var errs []error
	for _, c := range []prometheus.Collector{m.questions, m.latency, m.unknown, m.ingests, m.reindexes, m.reindexDur, m.reconnects, m.connected, m.closes, m.votes,
		m.pins, m.pinHits, m.livePins} {
		errs = append(errs, reg.Register(c))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return m, nil
}

// question counts one handled interaction.
func (m *Metrics) question(command, outcome string, took time.Duration) {
	if m == nil {
		return
	}
	m.questions.WithLabelValues(command, outcome).Inc()
	m.latency.WithLabelValues(command).Observe(took.Seconds())
	if (command != "ask" && command != "mention") || (outcome != OutcomeAnswered && outcome != OutcomeNotFound && outcome != OutcomeMayAnswer) {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.recent[m.next] = outcome == OutcomeNotFound
	m.next = (m.next + 1) % unknownWindow
	m.n = min(m.n+1, unknownWindow)
	unknown := 0
	for _, nf := range m.recent[:m.n] {
		if nf {
			unknown++
		}
	}
	m.unknown.Set(float64(unknown) / float64(m.n))
}

func (m *Metrics) vote(which string) {
	if m != nil {
		m.votes.WithLabelValues(which).Inc()
	}
}

// StartVotes sets the vote counters to what the store already holds, so
// /metrics counts every vote kept, not only this process's.
func (m *Metrics) StartVotes(up, down int) {
	if m != nil {
		m.votes.WithLabelValues("up").Add(float64(up))
		m.votes.WithLabelValues("down").Add(float64(down))
	}
}

func (m *Metrics) pinned(how string) {
	if m != nil {
		m.pins.WithLabelValues(how).Inc()
	}
}

func (m *Metrics) pinHit() {
	if m != nil {
		m.pinHits.Inc()
	}
}

// LivePins sets how many pins answer now (serve, on each reload).
func (m *Metrics) LivePins(n int) {
	if m != nil {
		m.livePins.Set(float64(n))
	}
}

func (m *Metrics) ingest(outcome string) {
	if m != nil {
		m.ingests.WithLabelValues(outcome).Inc()
	}
}

func (m *Metrics) reindex(took time.Duration, err error) {
	if m == nil {
		return
	}
	if err != nil {
		m.reindexes.WithLabelValues("error").Inc()
		return
	}
	m.reindexes.WithLabelValues("ok").Inc()
	m.reindexDur.Observe(took.Seconds())
}

func (m *Metrics) gatewayUp(up, again bool) {
	if m == nil {
		return
	}
	if up {
		m.connected.Set(1)
	} else {
		m.connected.Set(0)
	}
	if again {
		m.reconnects.Inc()
	}
}

func (m *Metrics) gatewayClose(code int) {
	if m != nil {
		m.closes.WithLabelValues(strconv.Itoa(code)).Inc()
	}
}

// questionOutcome is the metrics outcome of a question the engine said
// something to.
func questionOutcome(def string, said index.Outcome) string {
	switch said {
	case index.NotCovered:
		return OutcomeNotFound
	case index.MayAnswer:
		return OutcomeMayAnswer
	}
	return def
}
