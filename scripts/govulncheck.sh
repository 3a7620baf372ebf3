#!/usr/bin/env bash
# govulncheck without vuln.go.dev: the vulnerability database comes from the
# golang.org/x/vulndb module (through the Go module proxy, like any module),
# converted to govulncheck's file layout. Results: SECURITY.md.
#   scripts/govulncheck.sh [-show verbose]
set -euo pipefail
cd "$(dirname "$0")/.."
VULNDB=${VULNDB:-golang.org/x/vulndb@v0.0.0-20261105234957-e22db6528018}
GOVULNCHECK=${GOVULNCHECK:-golang.org/x/vuln/cmd/govulncheck@v1.9.0}
dir=$(go mod download -json "$VULNDB" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
db=$(mktemp -d)
trap 'rm -rf "$db"' EXIT
# The pseudo-version's timestamp is the database's date.
stamp=$(echo "$VULNDB" | sed -E 's/.*-([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})-.*/\1-\2-\3T\4:\5:\6Z/')
python3 scripts/vulndb.py "$dir/data/osv" "$db" "$stamp"
go run "$GOVULNCHECK" -db "file://$db" "$@" ./...
