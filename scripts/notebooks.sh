#!/usr/bin/env bash
# Executes every notebook headless with GoNB, then checks the executed copies
# with cmd/nbcheck (error outputs, panics, failed commands, cells not run).
#
#   scripts/notebooks.sh [-ci] [notebook.ipynb...]   (default: notebooks/*.ipynb)
#
# Default: executed notebooks and their HTML go to reports/notebooks/.
# -ci:     BAYESNN_CI=1 (notebooks shrink their sizes), executed copies go to
#          build/notebooks-ci/, no HTML.
# -demo:   BAYESNN_CI=1 with HTML into reports/notebooks/ (make demo: the
#          full-size results are in the tutorials' own reports, so the
#          notebooks are not run at full size a second time).
# NB_CELL_TIMEOUT overrides the per-cell time limit in seconds
# (default 900 with -ci, 3600 otherwise).
#
# Every notebook runs even when an earlier one fails; the exit status is
# non-zero if any failed. Each notebook's kernel log is kept beside it (.log).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

ci=""
demo=""
if [ "${1:-}" = "-ci" ]; then
	ci=1
	shift
elif [ "${1:-}" = "-demo" ]; then
	demo=1
	shift
fi
if [ $# -eq 0 ]; then
	shopt -s nullglob
	set -- notebooks/*.ipynb
	shopt -u nullglob
fi
if [ $# -eq 0 ]; then
	echo "notebooks: no notebooks/*.ipynb to run"
	exit 0
fi

if [ ! -x "$JUPYTER" ] || [ ! -f "$JUPYTER_DATA_DIR/kernels/gonb/kernel.json" ] || ! command -v gonb >/dev/null; then
	echo "notebooks: Jupyter or the gonb kernel is missing: run 'make notebooks-deps'" >&2
	exit 1
fi

if [ -n "$ci" ]; then
	out=build/notebooks-ci
	export BAYESNN_CI=1
	timeout="${NB_CELL_TIMEOUT:-900}"
elif [ -n "$demo" ]; then
	out=reports/notebooks
	export BAYESNN_CI=1
	timeout="${NB_CELL_TIMEOUT:-900}"
else
	out=reports/notebooks
	timeout="${NB_CELL_TIMEOUT:-3600}"
fi
mkdir -p "$out" build/bin
go build -o build/bin/nbcheck ./cmd/nbcheck

failed=()
executed=()
for nb in "$@"; do
	name="$(basename "$nb" .ipynb)"
	log="$out/$name.log"
	start=$SECONDS
	printf -- '--- %s ' "$nb"
	rm -f "$out/$name.executed.ipynb"
	# --allow-errors: the executed notebook is always written, and nbcheck
	# judges it (a failing !cmd is no cell error, so nbconvert's status is not
	# enough anyway).
	if "$JUPYTER" nbconvert --to notebook --execute --allow-errors \
		--ExecutePreprocessor.timeout="$timeout" \
		--output-dir "$out" --output "$name.executed" "$nb" >"$log" 2>&1; then
		echo "executed in $((SECONDS - start)) s"
	else
		echo "FAILED after $((SECONDS - start)) s: nbconvert exited non-zero; from $log:"
		# The exception lines say why; the rest is a Python traceback.
		if ! grep -E '(Error|Exception|Timeout)\b.*:' "$log" | tail -n 4 | sed 's/^/    /' | grep .; then
			tail -n 15 "$log" | sed 's/^/    /'
		fi
		failed+=("$nb")
	fi
	# nbcheck reads every expected executed copy: a missing one (nbconvert
	# failed before writing it) counts as a failed notebook.
	executed+=("$out/$name.executed.ipynb")
	if [ -z "$ci" ] && [ -f "$out/$name.executed.ipynb" ]; then
		"$JUPYTER" nbconvert --to html --output-dir "$out" --output "$name" \
			"$out/$name.executed.ipynb" >>"$log" 2>&1 ||
			{ echo "    HTML export failed, see $log"; failed+=("$nb (html)"); }
	fi
done

if [ ${#failed[@]} -gt 0 ]; then
	echo "notebooks: nbconvert failed for: ${failed[*]}"
fi
# nbcheck's summary "notebooks: N passed, M failed" is the last line.
check=0
build/bin/nbcheck "${executed[@]}" || check=$?
if [ ${#failed[@]} -gt 0 ] && [ "$check" -eq 0 ]; then
	check=1
fi
exit "$check"
