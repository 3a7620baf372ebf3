package index

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus/gen"
	"github.com/talksbot/talksbot/corpus/ingest"
)

// sentenceText is a plain-text file of about n bytes to ingest: a title
// line, then paragraphs separated by blank lines, made of the generated
// coverage's sentences (seed picks which). With sentLen 0 the sentences are
// the generator's own (about 130 bytes); otherwise each paragraph is one
// sentence of about sentLen bytes, the generator's sentences joined with
// ", and "; sentLen < 0 makes the whole text one sentence.
func sentenceText(seed int64, n, sentLen int) string {
	var sb strings.Builder
	sb.Grow(n + 4096)
	sb.WriteString("Ordinary sentences\n\n")
	cur := 0 // bytes of the sentence being joined
	for i := 0; ; i++ {
		a := gen.Article(seed, i)
		for _, p := range a.Paragraphs {
			if sentLen == 0 {
				para := a.Body[p.Start:p.End]
				if sb.Len()+len(para)+2 > n {
					return sb.String()
				}
				sb.WriteString(para)
				sb.WriteString("\n\n")
				continue
			}
			for _, s := range p.Sentences {
				clause := strings.TrimRight(s.Text, ".!?”\"")
				if sb.Len()+len(clause)+8 > n {
					sb.WriteString(".\n")
					return sb.String()
				}
				if cur > 0 {
					sb.WriteString(", and ")
					clause = strings.ToLower(clause[:1]) + clause[1:]
				}
				sb.WriteString(clause)
				cur += len(clause) + 6
				if sentLen > 0 && cur >= sentLen {
					sb.WriteString(".\n\n")
					cur = 0
				}
			}
		}
	}
}

// heapSampler records the largest heap (live objects and garbage not yet
// freed: what the process holds) seen while it runs, polling the runtime's
// metrics every millisecond.
type heapSampler struct {
	stop chan struct{}
	done sync.WaitGroup
	peak uint64
}

func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func startHeapSampler() *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), peak: heapBytes()}
	h.done.Add(1)
	go func() {
		defer h.done.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-h.stop:
				return
			case <-t.C:
				h.peak = max(h.peak, heapBytes())
			}
		}
	}()
	return h
}

// Stop stops sampling and returns the peak.
func (h *heapSampler) Stop() uint64 {
	close(h.stop)
	h.done.Wait()
	return max(h.peak, heapBytes())
}

// ingestMeasure is what one ingest of a plain-text file took.
type ingestMeasure struct {
	bytes    int           // the file's size
	growth   uint64        // peak heap over the heap before, in bytes
	took     time.Duration // reading the file, storing and indexing it
	passages int
}

// measureIngest ingests text as a plain-text file into d, the way
// `talksbot ingest` does (ingest.FromText, then Data.Ingest with the
// near-duplicate check), and measures it.
func measureIngest(t testing.TB, d *Data, name, text string) ingestMeasure {
	t.Helper()
	data := []byte(text)
	runtime.GC()
	base := heapBytes()
	h := startHeapSampler()
	start := time.Now()
	a, err := ingest.FromText(name, data)
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Ingest(context.Background(), a, false)
	took := time.Since(start)
	peak := h.Stop()
	if err != nil || res.Status != Added {
		t.Fatalf("Ingest(%s) = %+v, %v", name, res, err)
	}
	return ingestMeasure{bytes: len(data), growth: peak - min(peak, base), took: took, passages: res.Passages}
}

// maxHeapPerInput is the most an ingest's peak heap may grow per byte of
// input (issue 15: 4 MiB of ordinary sentences peaked at 2.3 GB, 550×).
const maxHeapPerInput = 50

// memoryChildEnv makes the test binary, run by TestIngestMemoryIsBounded,
// measure one ingest of that many bytes and print it.
const memoryChildEnv = "TALKSBOT_TEST_INGEST_MEMORY"

var memoryLine = regexp.MustCompile(`ingest-memory bytes=(\d+) growth=(\d+) took=(\S+) passages=(\d+)`)

// An ingest's peak memory is bounded: 1.5 MiB of ordinary sentences (17,500
// passages) may grow the heap by at most 50 times its size (about 40× now).
// It grew by 685 times (1.08 GB) when the whole article went to Bleve in
// one batch and the facts of all its passages were held at once. The ingest runs in a fresh process
// (this test binary, run again), since the heap the rest of the package's
// tests leave behind would move Go's collection points and the figure: the
// collector lets the heap grow to about twice what is live, so the growth
// measured includes about the heap the process held before (30 MB here).
func TestIngestMemoryIsBounded(t *testing.T) {
	if n := os.Getenv(memoryChildEnv); n != "" {
		size, err := strconv.Atoi(n)
		if err != nil {
			t.Fatal(err)
		}
		d, err := OpenData(context.Background(), t.TempDir(), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		m := measureIngest(t, d, "ordinary.txt", sentenceText(11, size, 0))
		fmt.Printf("ingest-memory bytes=%d growth=%d took=%s passages=%d\n", m.bytes, m.growth, m.took, m.passages)
		return
	}
	if testing.Short() {
		t.Skip("ingests 1.5 MiB")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestIngestMemoryIsBounded$", "-test.count=1")
	cmd.Env = append(os.Environ(), memoryChildEnv+"="+strconv.Itoa(1536<<10))
	out, err := cmd.CombinedOutput()
	m := memoryLine.FindStringSubmatch(string(out))
	if err != nil || m == nil {
		t.Fatalf("the measuring process failed: %v\n%s", err, out)
	}
	size, _ := strconv.Atoi(m[1])
	growth, _ := strconv.ParseUint(m[2], 10, 64)
	t.Logf("ingest of %d KiB (%s passages): heap peak +%.0f MB, %.0f× the input, in %s", size>>10, m[4], float64(growth)/1e6, float64(growth)/float64(size), m[3])
	if growth > maxHeapPerInput*uint64(size) {
		t.Errorf("ingesting %d KiB grew the heap by %.0f MB, %.0f× the input; want at most %d×", size>>10, float64(growth)/1e6, float64(growth)/float64(size), maxHeapPerInput)
	}
}

// BenchmarkIngestSize is one ingest of a plain-text file (read, stored,
// split, facts extracted, indexed) by sentence length and article size,
// up to the largest article the store takes. It reports the time and the
// peak heap growth, in MB and per byte of input: linear ingest keeps the
// time per MiB flat as the size grows, and bounded batches keep the peak
// from growing with it. The data directory starts with the default corpus; each
// operation ingests a new text.
//
//	go test ./index -run '^$' -bench BenchmarkIngestSize -benchtime 2x
func BenchmarkIngestSize(b *testing.B) {
	for _, sl := range []struct {
		name string
		len  int
	}{{"ordinary", 0}, {"1KB", 1000}, {"8KB", 8000}, {"one", -1}} {
		for _, size := range []int{256 << 10, 512 << 10, 1 << 20, 1900 << 10} {
			b.Run(fmt.Sprintf("sentence=%s/size=%dKiB", sl.name, size>>10), func(b *testing.B) {
				d, err := OpenData(context.Background(), b.TempDir(), nil)
				if err != nil {
					b.Fatal(err)
				}
				defer d.Close()
				var took time.Duration
				var worst float64
				var peak uint64
				var in, passages int
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					text := sentenceText(int64(100+i), size, sl.len)
					b.StartTimer()
					m := measureIngest(b, d, fmt.Sprintf("t%d.txt", i), text)
					took += m.took
					in += m.bytes
					passages = m.passages
					worst = max(worst, float64(m.growth)/float64(m.bytes))
					peak = max(peak, m.growth)
				}
				mib := float64(in) / (1 << 20)
				b.ReportMetric(took.Seconds()/mib, "s/MiB")
				b.ReportMetric(worst, "peak-heap/input")
				b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
				b.ReportMetric(float64(passages), "passages")
			})
		}
	}
}
