#!/usr/bin/env bash
# govulncheck without vuln.go.dev (unreachable from our machines): the
# vulnerability database comes from the golang.org/x/vulndb module, fetched
# through the Go module proxy like any module, and is converted to
# govulncheck's file layout by scripts/vulndb.py. Results: docs/SECURITY.md.
#
#   scripts/govulncheck.sh [govulncheck flags, e.g. -show verbose]
#
# It needs: go, python3, and the Go module proxy (GOPROXY) serving
# golang.org/x/vulndb and golang.org/x/vuln, or both already in the module
# cache. Settings:
#   VULNDB       the database module, default golang.org/x/vulndb@latest
#                (the newest the proxy serves; pin a version to repeat a run)
#   VULNDB_DIR   a database directory to use instead (govulncheck's v1
#                layout, e.g. a copy of vuln.go.dev); no download
#   GOVULNCHECK  default golang.org/x/vuln/cmd/govulncheck@v1.9.0
# Exit status: 0 no vulnerability reached, 3 some reached (govulncheck's),
# 2 the database or govulncheck could not be had (the message says which).
set -euo pipefail
cd "$(dirname "$0")/.."
VULNDB=${VULNDB:-golang.org/x/vulndb@latest}
GOVULNCHECK=${GOVULNCHECK:-golang.org/x/vuln/cmd/govulncheck@v1.9.0}

fail() {
	echo "govulncheck.sh: $*" >&2
	exit 2
}
command -v go >/dev/null || fail "needs the go command on PATH"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Built, not run with go run: go run turns govulncheck's exit status 3 into 1.
if ! GOBIN=$work/bin go install "$GOVULNCHECK" 2>"$work/install.log"; then
	fail "could not build $GOVULNCHECK (fetched through the Go module proxy, GOPROXY=$(go env GOPROXY)): $(tail -1 "$work/install.log")"
fi

db=${VULNDB_DIR:-}
if [[ -z $db ]]; then
	command -v python3 >/dev/null || fail "needs python3 to convert the golang.org/x/vulndb module into govulncheck's database layout (or set VULNDB_DIR to a database directory)"
	if ! info=$(go mod download -json "$VULNDB" 2>&1); then
		fail "could not fetch the vulnerability database module $VULNDB through the Go module proxy (GOPROXY=$(go env GOPROXY)): $(echo "$info" | sed -n 's/.*"Error": "\(.*\)".*/\1/p' | head -1)
It needs the proxy to serve golang.org/x/vulndb (a snapshot of vuln.go.dev's data/osv), or the module in the cache, or VULNDB_DIR set to a database directory."
	fi
	dir=$(echo "$info" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	version=$(echo "$info" | sed -n 's/^[[:space:]]*"Version": "\(.*\)",$/\1/p')
	[[ -d $dir/data/osv ]] || fail "$VULNDB has no data/osv folder (its layout changed?): cannot build the database from it"
	db=$work/db
	# The pseudo-version's timestamp is the database's date.
	stamp=$(echo "$version" | sed -nE 's/.*-([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})-.*/\1-\2-\3T\4:\5:\6Z/p')
	echo "govulncheck.sh: database golang.org/x/vulndb@$version (${stamp:-date unknown})" >&2
	python3 scripts/vulndb.py "$dir/data/osv" "$db" ${stamp:+"$stamp"} >&2
fi
[[ -f $db/index/modules.json ]] || fail "$db is not a govulncheck database (no index/modules.json)"
status=0
"$work/bin/govulncheck" -db "file://$(cd "$db" && pwd)" "$@" ./... || status=$?
exit $status
