#!/usr/bin/env bash
# Start-up of `talksbot ask` (docs/BENCHMARKS.md, "Start-up of a talksbot ask
# process"): the median wall time and peak RSS of RUNS runs (default 20) of
#   talksbot ask "How many U.S. troops are in Iraq?"
# on the default corpus, warm data directory, for this tree's talksbot, for
# the talksbot of BEFORE (a commit, default none), and for scripts/askmin (the
# same index opened and searched by a minimal program). Needs /usr/bin/time.
#
#   scripts/startup.sh
#   BEFORE=5806ef0 RUNS=20 scripts/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-20}
q=${QUESTION:-"How many U.S. troops are in Iraq?"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/talksbot" ./cmd/talksbot
go build -o "$work/askmin" ./scripts/askmin
progs=(talksbot)
if [ -n "${BEFORE:-}" ]; then
	mkdir "$work/before-src"
	git archive "$BEFORE" | tar -x -C "$work/before-src"
	(cd "$work/before-src" && go build -o "$work/talksbot-before" ./cmd/talksbot)
	progs=(talksbot-before talksbot)
fi
"$work/talksbot" ask --data "$work/data" "$q" >/dev/null # builds the index
# measure NAME PROG ARGS…: RUNS runs (after one to warm up): median, min and
# max wall time (ms, taken around /usr/bin/time, whose own figure is in
# centiseconds) and median peak RSS (MB).
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)], v[1], v[NR]}'; }
measure() {
	local name=$1
	shift
	"$@" >/dev/null 2>&1
	: >"$work/wall"
	: >"$work/rss"
	for _ in $(seq "$runs"); do
		local t0 t1
		t0=$(date +%s%N)
		/usr/bin/time -f "%M" -o "$work/t" "$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000)) >>"$work/wall"
		cat "$work/t" >>"$work/rss"
	done
	read -r wm wlo whi < <(median <"$work/wall")
	read -r rm _ _ < <(median <"$work/rss")
	awk -v n="$name" -v wm="$wm" -v lo="$wlo" -v hi="$whi" -v rm="$rm" 'BEGIN {
		printf "%-20s wall p50 %6.1f ms (min %5.1f, max %6.1f)   peak RSS p50 %5.1f MB\n", n, wm/1000, lo/1000, hi/1000, rm/1024 }'
}
echo "$runs runs each, default corpus, warm data directory; $(nproc) cores; $(date -u +%FT%TZ)"
for p in "${progs[@]}"; do
	measure "$p ask" "$work/$p" ask --data "$work/data" "$q"
done
measure "askmin" "$work/askmin" "$work/data" "$q"
