#!/usr/bin/env bash
# make demo: executes every notebook at full size (the sources' settings),
# each from an empty cache, exports HTML into reports/notebooks/, and writes
# reports/index.html linking the pages. Without Jupyter the tutorials run as
# the Go programs generated from the notebooks and their pages go to
# reports/ (scripts/notebooks.sh says so).
#
# Every notebook runs even when an earlier one fails; the index is written
# anyway, and the exit status is non-zero if anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p reports
start=$SECONDS
status=0
scripts/notebooks.sh || status=$?
go run ./cmd/reportindex -dir reports
echo "demo: $((SECONDS - start)) s in all"
if [ "$status" -ne 0 ]; then
	echo "demo: FAILED (see above)" >&2
	exit "$status"
fi
echo "demo: open reports/index.html"
