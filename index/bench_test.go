package index

// Benchmarks of the answer engine side by side with the raw Bleve work
// under it; see BENCHMARKS.md. They run only with -bench. The generated
// corpora and their indexes are cached under
// $XDG_CACHE_HOME/talksbot-bench (or $TALKSBOT_BENCH_CACHE); remove that
// folder to start afresh.

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/gen"
)

// benchQuestions are asked in turn by the latency benchmarks (and the load
// test): testdata/bench-questions.txt, embedded, so that a compiled test
// binary runs from any directory (scripts/bench.sh runs it from the root).
var benchQuestions = readQuestions(benchQuestionsFile)

//go:embed testdata/bench-questions.txt
var benchQuestionsFile string

// readQuestions reads questions, one a line ('#' starts a comment).
func readQuestions(data string) []string {
	var out []string
	for _, line := range strings.Split(data, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// benchCorpus is a corpus the benchmarks run on: the default one (n == 0)
// or n generated articles.
type benchCorpus struct {
	name string
	n    int
}

var benchCorpora = []benchCorpus{{"default", 0}, {"1k", 1000}, {"10k", 10000}, {"100k", 100000}}

const benchSeed = 1

func forEachCorpus(b *testing.B, f func(b *testing.B, c benchCorpus)) {
	for _, c := range benchCorpora {
		b.Run(c.name, func(b *testing.B) { f(b, c) })
	}
}

// benchCacheDir is where generated corpora and built indexes are kept
// between runs.
func benchCacheDir(b testing.TB) string {
	if d := os.Getenv("TALKSBOT_BENCH_CACHE"); d != "" {
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil {
		d = os.TempDir()
	}
	return filepath.Join(d, "talksbot-bench")
}

// corpusDir is the cached folder of a corpus's article files, written on
// first use.
func corpusDir(b testing.TB, c benchCorpus) string {
	b.Helper()
	if c.n == 0 {
		return ""
	}
	dir := filepath.Join(benchCacheDir(b), fmt.Sprintf("%s-gen%d", c.name, gen.Version), "articles")
	done := filepath.Join(filepath.Dir(dir), "articles.done")
	if _, err := os.Stat(done); err == nil {
		return dir
	}
	start := time.Now()
	os.RemoveAll(dir)
	if err := gen.Write(dir, benchSeed, 0, c.n); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(done, []byte(strconv.Itoa(c.n)+"\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d articles into %s in %s", c.n, dir, time.Since(start).Round(time.Millisecond))
	return dir
}

var (
	articlesMu    sync.Mutex
	articlesCache = map[string][]*corpus.Article{}
)

// benchArticles are a corpus's articles, parsed from the cached files (as
// a re-index reads them).
func benchArticles(b testing.TB, c benchCorpus) []*corpus.Article {
	b.Helper()
	articlesMu.Lock()
	defer articlesMu.Unlock()
	if as, ok := articlesCache[c.name]; ok {
		return as
	}
	var fsys fs.FS = corpus.DefaultFS()
	if c.n > 0 {
		fsys = os.DirFS(corpusDir(b, c))
	}
	start := time.Now()
	as, err := corpus.Load(fsys)
	if err != nil {
		b.Fatal(err)
	}
	if c.n > 0 {
		b.Logf("parsed %d articles in %s", len(as), time.Since(start).Round(time.Millisecond))
	}
	articlesCache = map[string][]*corpus.Article{c.name: as} // one corpus in memory at a time
	return as
}

var (
	versionOnce sync.Once
	versionKey  string
)

// indexVersion changes when the index built from the same articles would
// change: the mapping, or the passage documents (extraction included).
func indexVersion() string {
	versionOnce.Do(func() {
		h := sha256.New()
		m, _ := newMapping()
		json.NewEncoder(h).Encode(m)
		def, _ := corpus.Load(corpus.DefaultFS())
		for _, a := range append(def, gen.Generate(benchSeed, 30)...) {
			for _, p := range a.Passages() {
				json.NewEncoder(h).Encode((&Index{}).passageDoc(a, p, corpus.Passage{}))
			}
		}
		versionKey = hex.EncodeToString(h.Sum(nil))[:12]
	})
	return versionKey
}

// indexPath is where the cached index of a corpus is kept.
func indexPath(b testing.TB, c benchCorpus) string {
	return filepath.Join(benchCacheDir(b), fmt.Sprintf("%s-gen%d", c.name, gen.Version), "index-"+indexVersion())
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// indexDir is the cached index of a corpus, built on first use (or kept
// from a run of BenchmarkIngest).
func indexDir(b testing.TB, c benchCorpus) string {
	b.Helper()
	dir := indexPath(b, c)
	if exists(filepath.Join(dir, "index_meta.json")) {
		return dir
	}
	as := benchArticles(b, c)
	start := time.Now()
	tmp := dir + ".building"
	os.RemoveAll(tmp)
	x, err := Create(context.Background(), tmp, as, nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := x.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		b.Fatal(err)
	}
	b.Logf("built the %s index (%d articles) in %s", c.name, len(as), time.Since(start).Round(time.Millisecond))
	return dir
}

var (
	openMu   sync.Mutex
	openIdx  *Index
	openName string
)

// benchIndex is the cached index of a corpus, open; one at a time.
func benchIndex(b testing.TB, c benchCorpus) *Index {
	b.Helper()
	dir := indexDir(b, c)
	openMu.Lock()
	defer openMu.Unlock()
	if openIdx != nil && openName == c.name {
		return openIdx
	}
	closeBenchIndexLocked()
	x, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	openIdx, openName = x, c.name
	return x
}

func closeBenchIndex() {
	openMu.Lock()
	defer openMu.Unlock()
	closeBenchIndexLocked()
}

func closeBenchIndexLocked() {
	if openIdx != nil {
		openIdx.Close()
		openIdx, openName = nil, ""
	}
}

// latencies records the time of each operation.
type latencies struct {
	d   []time.Duration
	cpu time.Duration
	t0  time.Duration
}

func (l *latencies) start() { l.t0 = cpuTime() }

func (l *latencies) report(b *testing.B) {
	l.cpu = cpuTime() - l.t0
	if len(l.d) == 0 {
		return
	}
	sort.Slice(l.d, func(i, j int) bool { return l.d[i] < l.d[j] })
	q := func(p float64) float64 {
		return float64(l.d[min(len(l.d)-1, int(p*float64(len(l.d))))].Microseconds()) / 1000
	}
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(float64(l.cpu.Microseconds())/1000/float64(len(l.d)), "cpu-ms/op")
}

// cpuClock follows b's timer and adds up the CPU time the process uses
// while it runs: on a shared machine, work per CPU-second is steadier than
// work per second.
type cpuClock struct {
	b       *testing.B
	t0, sum time.Duration
}

func (c *cpuClock) reset() { c.b.ResetTimer(); c.sum = 0; c.t0 = cpuTime() }
func (c *cpuClock) start() { c.b.StartTimer(); c.t0 = cpuTime() }
func (c *cpuClock) stop()  { c.sum += cpuTime() - c.t0; c.b.StopTimer() }

// BenchmarkAsk is the whole answer pipeline: check and classify the
// question, analyse it into concepts, search, re-rank, extract the short
// answer and the quotes.
func BenchmarkAsk(b *testing.B) {
	forEachCorpus(b, func(b *testing.B, c benchCorpus) {
		benchAsk(b, benchIndex(b, c))
		reportRSS(b)
	})
}

// benchAsk times x.Ask on the benchmark questions, after one round that
// warms the caches (synonyms, WordNet).
func benchAsk(b *testing.B, x *Index) {
	ctx := context.Background()
	for _, q := range benchQuestions {
		if _, err := x.Ask(ctx, q, 3); err != nil {
			b.Fatal(err)
		}
	}
	var lat latencies
	b.ReportAllocs()
	b.ResetTimer()
	lat.start()
	for i := 0; i < b.N; i++ {
		t := time.Now()
		if _, err := x.Ask(ctx, benchQuestions[i%len(benchQuestions)], 3); err != nil {
			b.Fatal(err)
		}
		lat.d = append(lat.d, time.Since(t))
	}
	b.StopTimer()
	lat.report(b)
}

// benchRequest is the search Ask issues for q: the same query, size and
// fields.
func benchRequest(b testing.TB, x *Index, q string) *bleve.SearchRequest {
	b.Helper()
	ctx := context.Background()
	adv, err := x.current().Advanced()
	if err != nil {
		b.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	a := x.analyzeQuestion(ctx, r, q)
	if len(a.concepts) == 0 {
		b.Fatalf("no concepts in %q", q)
	}
	req := bleve.NewSearchRequestOptions(x.buildQuery(a.concepts, a.Kind), candidates, 0, false)
	req.Fields = []string{"*"}
	return req
}

// BenchmarkBleveSearch is the raw Bleve search Ask issues, alone: same
// index, same queries, same size and stored fields.
func BenchmarkBleveSearch(b *testing.B) {
	forEachCorpus(b, func(b *testing.B, c benchCorpus) {
		x := benchIndex(b, c)
		ctx := context.Background()
		reqs := make([]*bleve.SearchRequest, len(benchQuestions))
		for i, q := range benchQuestions {
			reqs[i] = benchRequest(b, x, q)
			if _, err := x.alias.SearchInContext(ctx, reqs[i]); err != nil {
				b.Fatal(err)
			}
		}
		var lat latencies
		b.ReportAllocs()
		b.ResetTimer()
		lat.start()
		for i := 0; i < b.N; i++ {
			t := time.Now()
			if _, err := x.alias.SearchInContext(ctx, reqs[i%len(reqs)]); err != nil {
				b.Fatal(err)
			}
			lat.d = append(lat.d, time.Since(t))
		}
		b.StopTimer()
		lat.report(b)
	})
}

// BenchmarkAskStages splits Ask into its stages, to see where the time
// over the raw search goes.
func BenchmarkAskStages(b *testing.B) {
	forEachCorpus(b, func(b *testing.B, c benchCorpus) {
		x := benchIndex(b, c)
		ctx := context.Background()
		var concepts, search, rerank, answer time.Duration
		m := DefaultModel()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			q := benchQuestions[i%len(benchQuestions)]
			t := time.Now()
			adv, _ := x.current().Advanced()
			r, err := adv.Reader()
			if err != nil {
				b.Fatal(err)
			}
			a := x.analyzeQuestion(ctx, r, q)
			r.Close()
			t1 := time.Now()
			ps, err := x.retrieve(ctx, &a)
			if err != nil {
				b.Fatal(err)
			}
			t2 := time.Now()
			x.features(&a, ps)
			m.rank(ps, "")
			t3 := time.Now()
			d := m.decide(&a, ps)
			x.compose(ctx, &a, ps, d, m, 3)
			t4 := time.Now()
			concepts += t1.Sub(t)
			search += t2.Sub(t1)
			rerank += t3.Sub(t2)
			answer += t4.Sub(t3)
		}
		n := float64(b.N)
		b.ReportMetric(float64(concepts.Microseconds())/1000/n, "concepts-ms")
		b.ReportMetric(float64(search.Microseconds())/1000/n, "search-ms")
		b.ReportMetric(float64(rerank.Microseconds())/1000/n, "rerank-ms")
		b.ReportMetric(float64(answer.Microseconds())/1000/n, "answer-ms")
	})
}

// BenchmarkIngest indexes a whole corpus into a new index, as a re-index
// does: passage documents with fact extraction, then Bleve batches. When
// the corpus has no cached index yet, the one built is kept as the cache.
func BenchmarkIngest(b *testing.B) {
	forEachCorpus(b, func(b *testing.B, c benchCorpus) {
		clk := &cpuClock{b: b}
		as := benchArticles(b, c)
		passages := 0
		for _, a := range as {
			passages += len(a.Passages())
		}
		closeBenchIndex()
		ctx := context.Background()
		var size int64
		resetPeakRSS()
		clk.reset()
		for i := 0; i < b.N; i++ {
			dir := filepath.Join(b.TempDir(), "ix")
			x, err := Create(ctx, dir, as, nil)
			if err != nil {
				b.Fatal(err)
			}
			clk.stop()
			x.Close()
			size = dirSize(dir)
			if cache := indexPath(b, c); !exists(cache) && os.MkdirAll(filepath.Dir(cache), 0o755) == nil && os.Rename(dir, cache) == nil {
				b.Logf("kept the index as the cached %s index", c.name)
			}
			os.RemoveAll(dir)
			clk.start()
		}
		clk.stop()
		reportBuild(b, clk, len(as), passages, size)
	})
}

// reportBuild reports the throughput of building an index of articles
// and passages b.N times, its size on disk and the peak resident size.
func reportBuild(b *testing.B, clk *cpuClock, articles, passages int, size int64) {
	perOp := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(articles)/perOp, "articles/s")
	b.ReportMetric(float64(passages)/perOp, "passages/s")
	b.ReportMetric(float64(passages*b.N)/clk.sum.Seconds(), "passages/cpu-s")
	b.ReportMetric(float64(size)/float64(articles), "bytes/article")
	reportPeakRSS(b)
}

// BenchmarkBleveBatch indexes the same passages with plain Bleve batches:
// the same mapping, documents and batch size, the documents built before
// the clock runs (so without our extraction and bookkeeping). All of them
// are built first: building each batch's with the clock stopped let
// Bleve's background merging run off the clock, which made raw Bleve
// look 17% faster at 10k than it is. Its peak RSS includes the documents.
func BenchmarkBleveBatch(b *testing.B) {
	forEachCorpus(b, func(b *testing.B, c benchCorpus) {
		clk := &cpuClock{b: b}
		as := benchArticles(b, c)
		closeBenchIndex()
		type doc struct {
			id  string
			doc map[string]any
		}
		// The batches, as Index.Add cuts them: whole articles, at least
		// batchSize passages.
		var batches [][]doc
		for i := 0; i < len(as); {
			var out []doc
			for ; i < len(as) && len(out) < batchSize; i++ {
				ps := as[i].Passages()
				for j, p := range ps {
					var prev corpus.Passage // as buildBatches has it
					if j > 0 {
						prev = ps[j-1]
					}
					out = append(out, doc{corpus.PassageID(as[i].ID, p.Sent), (&Index{}).passageDoc(as[i], p, prev)})
				}
			}
			batches = append(batches, out)
		}
		var size int64
		passages := 0
		resetPeakRSS()
		clk.reset()
		for i := 0; i < b.N; i++ {
			passages = 0
			dir := filepath.Join(b.TempDir(), "ix")
			m, _ := newMapping()
			bi, err := bleve.New(dir, m)
			if err != nil {
				b.Fatal(err)
			}
			if err := wrap(dir, bi).indexSynonyms(); err != nil {
				b.Fatal(err)
			}
			for _, docs := range batches {
				batch := bi.NewBatch()
				for _, d := range docs {
					if err := batch.Index(d.id, d.doc); err != nil {
						b.Fatal(err)
					}
				}
				if err := bi.Batch(batch); err != nil {
					b.Fatal(err)
				}
				passages += len(docs)
			}
			clk.stop()
			bi.Close()
			size = dirSize(dir)
			os.RemoveAll(dir)
			clk.start()
		}
		clk.stop()
		reportBuild(b, clk, len(as), passages, size)
	})
}

// BenchmarkReindex rebuilds the index from the article store (parse every
// file, index, switch) while a small old index is live, and reports the
// peak resident memory.
func BenchmarkReindex(b *testing.B) {
	forEachCorpus(b, func(b *testing.B, c benchCorpus) {
		clk := &cpuClock{b: b}
		ctx := context.Background()
		closeBenchIndex()
		articlesMu.Lock()
		articlesCache = map[string][]*corpus.Article{} // the re-index reads the files itself
		articlesMu.Unlock()
		runtime.GC()
		dataDir := b.TempDir()
		var st *corpus.Store
		var err error
		if c.n == 0 {
			st, err = corpus.OpenStore(filepath.Join(dataDir, articlesDir), corpus.DefaultFS())
		} else {
			st, err = corpus.OpenStore(corpusDir(b, c), nil)
		}
		if err != nil {
			b.Fatal(err)
		}
		old, err := Create(ctx, filepath.Join(dataDir, indexPrefix+"0"), nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		d := &Data{Dir: dataDir, Store: st, Index: old}
		defer func() { d.Index.Close() }()
		var res ReindexResult
		resetPeakRSS()
		clk.reset()
		for i := 0; i < b.N; i++ {
			if res, err = d.Reindex(ctx, nil); err != nil {
				b.Fatal(err)
			}
		}
		clk.stop()
		perOp := b.Elapsed().Seconds() / float64(b.N)
		b.ReportMetric(float64(res.Articles)/perOp, "articles/s")
		b.ReportMetric(perOp, "s/reindex")
		b.ReportMetric(clk.sum.Seconds()/float64(b.N), "cpu-s/reindex")
		reportPeakRSS(b)
	})
}

// BenchmarkColdStart opens an existing index and answers one question:
// "warm" with the index files in the page cache (a restart), "cold" after
// evicting them (a reboot).
func BenchmarkColdStart(b *testing.B) {
	forEachCorpus(b, func(b *testing.B, c benchCorpus) {
		dir := indexDir(b, c)
		closeBenchIndex()
		ctx := context.Background()
		for _, mode := range []string{"warm", "cold"} {
			b.Run(mode, func(b *testing.B) {
				var lat latencies
				b.ResetTimer()
				lat.start()
				for i := 0; i < b.N; i++ {
					if mode == "cold" {
						b.StopTimer()
						evictPageCache(dir)
						b.StartTimer()
					}
					t := time.Now()
					x, err := Open(dir)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := x.Ask(ctx, benchQuestions[i%len(benchQuestions)], 3); err != nil {
						b.Fatal(err)
					}
					lat.d = append(lat.d, time.Since(t))
					b.StopTimer()
					x.Close()
					b.StartTimer()
				}
				b.StopTimer()
				lat.report(b)
				size := float64(dirSize(dir))
				b.ReportMetric(size/1e6, "MB-index")
				b.ReportMetric(size/float64(articleCount(b, c)), "bytes/article")
			})
		}
	})
}

// articleCount is the number of articles of a corpus.
func articleCount(b testing.TB, c benchCorpus) int {
	if c.n > 0 {
		return c.n
	}
	return len(benchArticles(b, c))
}

// procStatus reads a "kB" field of /proc/self/status, in MB; 0 when there
// is none (not Linux).
func procStatus(field string) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// resetPeakRSS makes the peak resident size start again from the current
// one (Linux 4.0+).
func resetPeakRSS() {
	runtime.GC()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

func reportPeakRSS(b *testing.B) {
	if v := procStatus("VmHWM"); v > 0 {
		b.ReportMetric(v, "MB-peak-RSS")
	}
}

func reportRSS(b *testing.B) {
	if v := procStatus("VmRSS"); v > 0 {
		b.ReportMetric(v, "MB-RSS")
		b.ReportMetric(procStatus("RssAnon"), "MB-RSS-anon")
		b.ReportMetric(procStatus("RssFile"), "MB-RSS-file")
	}
}
