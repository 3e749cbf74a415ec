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

# load prints the load average and the number of cores: timings taken on a
# busy machine are stretched, and the closing line says how busy it was.
load() {
	if [ -r /proc/loadavg ]; then
		echo "load average $(cut -d' ' -f1-3 /proc/loadavg) on $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cores"
	else
		echo "load average unknown"
	fi
}

mkdir -p reports
echo "demo: starting, $(load)"
start=$SECONDS
status=0
scripts/notebooks.sh || status=$?
go run ./cmd/reportindex -dir reports
echo "demo: $((SECONDS - start)) s in all (the notebooks' own times are in the table above); now $(load)"
if [ "$status" -ne 0 ]; then
	echo "demo: FAILED (see above)" >&2
	exit "$status"
fi
echo "demo: open reports/index.html"
