#!/usr/bin/env bash
# Executes every notebook headless with GoNB, each from an empty cache, then
# checks the executed copies with cmd/nbcheck (error outputs, panics, failed
# commands, failed check cells, cells not run).
#
#   scripts/notebooks.sh [-ci] [notebook.ipynb...]   (default: notebooks/*.ipynb)
#
# Default: full size (the sources' settings); the executed notebooks and
#          their HTML go to reports/notebooks/ (make demo, make notebooks).
# -ci:     BAYESNN_CI=1 (each notebook's sizes cell picks the reduced sizes),
#          executed copies go to build/notebooks-ci/, no HTML (make test).
# NB_CELL_TIMEOUT overrides the per-cell time limit in seconds
# (default 900 with -ci, 3600 otherwise).
#
# Each notebook runs in a kernel of its own with TMPDIR set to a fresh
# folder, removed afterwards: GoNB's cache (github.com/janpfeifer/gonb/cache)
# lives under TMPDIR, so every run starts from an empty cache and no two
# notebooks or runs share cached results.
#
# Without Jupyter (or the gonb kernel) the notebooks are skipped, and every
# tutorial runs instead as the plain Go program generated from its notebook
# (tutorials/NAME, see cmd/nb2go), at the same size, writing its page to
# reports/ (build/programs-ci/ with -ci); the script says so.
#
# Every notebook runs even when an earlier one fails; the exit status is
# non-zero if any failed. Each notebook's kernel log is kept beside it (.log).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

ci=""
if [ "${1:-}" = "-ci" ]; then
	ci=1
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
if [ -n "$ci" ]; then
	export BAYESNN_CI=1
fi

# The CPU time (user + system, ms) of this shell's finished
# children: Jupyter, the kernel and every cell's program (or go run and the
# tutorial program), all waited for by the time a notebook is done.
# cpu_now sets CPU_MS to it. `times` must run in this shell, not in a
# $(...) subshell, whose children are its own.
timesfile="$(mktemp)"
trap 'rm -f "$timesfile"' EXIT
cpu_now() {
	local _ cu cs
	LC_ALL=C times >"$timesfile"
	{ read -r _ _; read -r cu cs; } <"$timesfile"
	CPU_MS=$(awk -v u="$cu" -v s="$cs" 'BEGIN { split(u, a, /[ms]/); split(s, b, /[ms]/); printf "%d", (a[1] * 60 + a[2] + b[1] * 60 + b[2]) * 1000 }')
}

# Per-notebook wall and CPU seconds, for the summary that ends the run.
timings=()
total_wall=0
total_cpu=0
# timed NAME WALL_S CPU_MS records one notebook's times.
timed() {
	timings+=("$(printf '  %-36s %6d s wall  %6d s CPU' "$1" "$2" "$(($3 / 1000))")")
	total_wall=$((total_wall + $2))
	total_cpu=$((total_cpu + $3))
}
# print_timings prints the table; a loaded machine stretches the wall times,
# the CPU times much less (on 2 idle cores wall ≈ CPU / 2 at best).
print_timings() {
	[ ${#timings[@]} -gt 0 ] || return 0
	echo "notebooks: time per notebook (CPU: user + system of everything it ran)"
	printf '%s\n' "${timings[@]}"
	printf '  %-36s %6d s wall  %6d s CPU\n' "all ${#timings[@]}" "$total_wall" "$((total_cpu / 1000))"
}

# run_programs runs the tutorial program of each notebook named.
run_programs() {
	local out=reports failed=() nb name prog start
	if [ -n "$ci" ]; then
		out=build/programs-ci
	fi
	mkdir -p "$out"
	for nb in "$@"; do
		name="$(basename "$nb" .ipynb)"
		prog="tutorials/${name#[0-9]*_}"
		start=$SECONDS
		cpu_now
		cpu0=$CPU_MS
		if [ ! -f "$prog/main.go" ]; then
			echo "--- $nb: no program $prog (run go run ./cmd/nb2go)"
			failed+=("$nb")
			continue
		fi
		echo "--- go run ./$prog -out $out"
		if go run "./$prog" -out "$out" >"$out/$name.log" 2>&1; then
			echo "    ok in $((SECONDS - start)) s: $out/$name.html ($(grep -c '^ok: ' "$out/$name.log" || true) checks passed)"
		else
			echo "    FAILED after $((SECONDS - start)) s; the end of $out/$name.log:"
			tail -n 8 "$out/$name.log" | sed 's/^/    /'
			failed+=("$nb")
		fi
		cpu_now
		timed "$name" $((SECONDS - start)) $((CPU_MS - cpu0))
	done
	print_timings
	echo "notebooks: SKIPPED (no Jupyter or gonb kernel); ran $# tutorials as Go programs instead: $(($# - ${#failed[@]})) passed, ${#failed[@]} failed"
	echo "notebooks: to run the notebooks themselves, $NOTEBOOKS_HOWTO"
	[ ${#failed[@]} -eq 0 ]
}

if ! notebooks_ready; then
	run_programs "$@"
	exit
fi

if [ -n "$ci" ]; then
	out=build/notebooks-ci
	timeout="${NB_CELL_TIMEOUT:-900}"
else
	out=reports/notebooks
	timeout="${NB_CELL_TIMEOUT:-3600}"
fi
mkdir -p "$out" build/bin
go build -o build/bin/nbcheck ./cmd/nbcheck

# The kernel's temporary folder must lie outside any folder with a go.mod
# (GoNB builds a module there).
tmproot="${TMPDIR:-/tmp}"
case "$(cd "$tmproot" && pwd -P)/" in
"$(pwd -P)/"*) tmproot=/tmp ;;
esac

failed=()
executed=()
for nb in "$@"; do
	name="$(basename "$nb" .ipynb)"
	log="$out/$name.log"
	start=$SECONDS
	cpu_now
	cpu0=$CPU_MS
	printf -- '--- %s ' "$nb"
	rm -f "$out/$name.executed.ipynb"
	tmp="$(mktemp -d "$tmproot/bayesnn-nb-$name-XXXXXX")"
	# --allow-errors: the executed notebook is always written, and nbcheck
	# judges it (a failing !cmd is no cell error, so nbconvert's status is not
	# enough anyway).
	if TMPDIR="$tmp" "$JUPYTER" nbconvert --to notebook --execute --allow-errors \
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
	rm -rf "$tmp"
	cpu_now
	timed "$name" $((SECONDS - start)) $((CPU_MS - cpu0))
	# nbcheck reads every expected executed copy: a missing one (nbconvert
	# failed before writing it) counts as a failed notebook.
	executed+=("$out/$name.executed.ipynb")
	if [ -z "$ci" ] && [ -f "$out/$name.executed.ipynb" ]; then
		"$JUPYTER" nbconvert --to html --output-dir "$out" --output "$name" \
			"$out/$name.executed.ipynb" >>"$log" 2>&1 ||
			{ echo "    HTML export failed, see $log"; failed+=("$nb (html)"); }
	fi
done

print_timings
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
