#!/usr/bin/env bash
# Runs every tutorial program (tutorials/cmd/NAME/main.go) as
# `go run ./tutorials/cmd/NAME -out reports` (full size), executes the notebooks with HTML
# export into reports/notebooks/, and writes reports/index.html.
#
# Every tutorial and notebook runs even when an earlier one fails; the index
# is written anyway, and the exit status is non-zero if anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p reports
failed=()

shopt -s nullglob
mains=(tutorials/cmd/*/main.go)
shopt -u nullglob
if [ ${#mains[@]} -eq 0 ]; then
	echo "demo: no tutorials/cmd/*/main.go yet"
fi
for m in "${mains[@]}"; do
	name="$(basename "$(dirname "$m")")"
	start=$SECONDS
	echo "--- tutorial $name"
	if go run "./tutorials/cmd/$name" -out reports; then
		echo "--- tutorial $name done in $((SECONDS - start)) s"
	else
		echo "--- tutorial $name FAILED after $((SECONDS - start)) s"
		failed+=("tutorials/$name")
	fi
done

scripts/notebooks.sh -demo || failed+=("notebooks")

go run ./scripts/reportindex -dir reports

if [ ${#failed[@]} -gt 0 ]; then
	echo "demo: FAILED: ${failed[*]}" >&2
	exit 1
fi
echo "demo: open reports/index.html"
