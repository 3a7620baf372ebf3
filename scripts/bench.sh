#!/bin/sh
# Runs the benchmarks and the load test and prints a summary; see
# docs/BENCHMARKS.md.
#
#   scripts/bench.sh                 default, 1k and 10k corpora, 20 s load test
#   CORPORA='default 10k 100k' scripts/bench.sh   add 100k (an hour or more)
#
# Environment: CORPORA (default "default 1k 10k"), BENCHES (which to run,
# default "Ingest BleveBatch Reindex latency coldstart"), BENCHTIME for latency
# benchmarks (default 200x), LOAD (load test duration, default 20s; "" to
# skip), LOAD_CLIENTS (16), LOAD_ARTICLES (0), OUT (results folder, default
# bench-results), TALKSBOT_BENCH_CACHE (where generated corpora and indexes
# are kept; default ~/.cache/talksbot-bench).
set -eu
cd "$(dirname "$0")/.."

CORPORA=${CORPORA:-"default 1k 10k"}
BENCHES=${BENCHES:-"Ingest BleveBatch Reindex latency coldstart"}
BENCHTIME=${BENCHTIME:-200x}
LOAD=${LOAD-20s}
LOAD_CLIENTS=${LOAD_CLIENTS:-16}
LOAD_ARTICLES=${LOAD_ARTICLES:-0}
OUT=${OUT:-bench-results}
mkdir -p "$OUT"

want() { case " $BENCHES " in *" $1 "*) return 0 ;; esac; return 1; }

machine() {
	echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(go version | cut -d' ' -f3-)"
	echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
}
machine | tee "$OUT/machine.txt"

: >"$OUT/bench.txt"
go test -c -o "$OUT/index.test" ./index

for c in $CORPORA; do
	echo "== $c" >&2
	# Throughput and memory: one process each, so peak RSS is theirs alone.
	# The first Ingest of a corpus leaves its index as the cached one.
	for b in Ingest BleveBatch Reindex; do
		want "$b" || continue
		"$OUT/index.test" -test.run '^$' -test.bench "^Benchmark$b/$c\$" \
			-test.benchtime 1x -test.timeout 6h | tee -a "$OUT/bench.txt"
	done
	# Latency: the engine and the raw Bleve search, and the top-k scorer
	# (topk.go) and Ask with Bleve's own search loop, in one process.
	want latency && "$OUT/index.test" -test.run '^$' -test.bench "^Benchmark(Ask|BleveSearch|AskStages|TopK|AskPlainBleve)/$c\$" \
		-test.benchtime "$BENCHTIME" -test.benchmem -test.timeout 6h | tee -a "$OUT/bench.txt"
	want coldstart && "$OUT/index.test" -test.run '^$' -test.bench "^BenchmarkColdStart/$c/" \
		-test.benchtime 10x -test.timeout 6h | tee -a "$OUT/bench.txt"
done

if [ -n "$LOAD" ]; then
	echo "== load test ($LOAD, $LOAD_CLIENTS clients, $LOAD_ARTICLES generated articles)" >&2
	TALKSBOT_LOAD=$LOAD TALKSBOT_LOAD_CLIENTS=$LOAD_CLIENTS TALKSBOT_LOAD_ARTICLES=$LOAD_ARTICLES \
		TALKSBOT_LOAD_OUT="$PWD/$OUT/load.txt" go test -count=1 -run '^TestLoad$' -v -timeout 2h ./cmd/talksbot | grep -v '^=== ' || true
fi

# Summary: ours next to raw Bleve.
echo
machine
awk '
function metric(line, unit,   n, i, f) {
	n = split(line, f, /[ \t]+/)
	for (i = 2; i <= n; i++) if (f[i] == unit) return f[i-1]
	return ""
}
/^Benchmark/ {
	split($1, p, "/"); name = p[1]; sub(/^Benchmark/, "", name); c = p[2]; sub(/-[0-9]+$/, "", c)
	if (name == "ColdStart") { mode = p[3]; sub(/-[0-9]+$/, "", mode); name = name "-" mode }
	key = name SUBSEP c; seen[c] = 1
	p50[key] = metric($0, "p50-ms"); p99[key] = metric($0, "p99-ms"); cpu[key] = metric($0, "cpu-ms/op")
	ps[key] = metric($0, "passages/s"); pcs[key] = metric($0, "passages/cpu-s"); as[key] = metric($0, "articles/s"); rss[key] = metric($0, "MB-peak-RSS")
	size[key] = metric($0, "bytes/article"); mem[key] = metric($0, "MB-RSS"); took[key] = metric($0, "s/reindex")
	if (c != "" && !(c in order)) { order[c] = ++nc; names[nc] = c }
}
END {
	printf "\n%-8s | %-28s | %-28s | %-8s | %-28s | %-8s | %-28s | %-10s\n", "corpus", "ask p50/p99 ms (cpu ms)", "bleve p50/p99 ms (cpu ms)", "ratio", "topk p50/p99 ms (cpu ms)", "ratio", "ask, plain bleve (cpu ms)", "RSS MB"
	for (i = 1; i <= nc; i++) {
		c = names[i]; a = "Ask" SUBSEP c; s = "BleveSearch" SUBSEP c; k = "TopK" SUBSEP c; pb = "AskPlainBleve" SUBSEP c
		if (p50[a] == "") continue
		r = (cpu[s] > 0) ? sprintf("%.2fx", cpu[a] / cpu[s]) : "-"
		rk = (cpu[s] > 0 && cpu[k] != "") ? sprintf("%.2fx", cpu[k] / cpu[s]) : "-"
		printf "%-8s | %8s / %8s (%6s) | %8s / %8s (%6s) | %-8s | %8s / %8s (%6s) | %-8s | %8s / %8s (%6s) | %-10s\n", c, p50[a], p99[a], cpu[a], p50[s], p99[s], cpu[s], r, p50[k], p99[k], cpu[k], rk, p50[pb], p99[pb], cpu[pb], mem[a]
	}
	printf "\n%-8s | %-24s | %-24s | %-13s | %-10s | %-10s | %-12s\n", "corpus", "ingest passages/s (/cpu-s)", "bleve batch (/cpu-s)", "ratio (cpu)", "bytes/art", "reindex s", "reindex peak MB"
	for (i = 1; i <= nc; i++) {
		c = names[i]; g = "Ingest" SUBSEP c; bb = "BleveBatch" SUBSEP c; ri = "Reindex" SUBSEP c
		if (ps[g] == "") continue
		r = (ps[bb] > 0) ? sprintf("%.2fx", ps[g] / ps[bb]) : "-"
		rc = (pcs[bb] > 0) ? sprintf("%.2fx", pcs[g] / pcs[bb]) : "-"
		printf "%-8s | %10s (%10s) | %10s (%10s) | %5s (%5s) | %-10s | %-10s | %-12s\n", c, ps[g], pcs[g], ps[bb], pcs[bb], r, rc, size[g], took[ri], rss[ri]
	}
	printf "\n%-8s | %-20s | %-20s\n", "corpus", "cold start warm p50", "cold start cold p50"
	for (i = 1; i <= nc; i++) {
		c = names[i]
		if (p50["ColdStart-warm" SUBSEP c] == "") continue
		printf "%-8s | %17s ms | %17s ms\n", c, p50["ColdStart-warm" SUBSEP c], p50["ColdStart-cold" SUBSEP c]
	}
}' "$OUT/bench.txt"
[ -f "$OUT/load.txt" ] && { echo; cat "$OUT/load.txt"; }
exit 0
