#!/usr/bin/env bash
# make jupyter-trial: a new user's Jupyter trial in a real browser
# (scripts/jupytertrial.py): Debian's classic `jupyter notebook` with the
# GoNB kernel, driven through headless Chromium; opens a notebook at CI
# size, runs all, edits a late cell and re-runs only it, which must not
# resample (cache entries untouched, < 10 % of the full run's time).
#
#   scripts/jupytertrial.sh [jupytertrial.py flags]   (default: notebook 04)
#
# Needs jupyter-notebook, chromium and python3-websocket (make jupyter-trial
# installs them on Debian); without them it says what is missing and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

if ! notebooks_ready; then
	echo "jupyter-trial: SKIPPED: no Jupyter or gonb kernel; to run it, $NOTEBOOKS_HOWTO"
	exit 0
fi
# The Python beside the jupyter command, which must have the notebook server
# and websocket-client (Debian: jupyter-notebook, python3-websocket).
py="$(head -n 1 "$JUPYTER" | sed -n 's/^#! *//p' | awk '{print $1}')"
for c in "$py" /usr/bin/python3 python3; do
	if [ -n "$c" ] && "$c" -c 'import notebook, websocket' 2>/dev/null; then
		if ! command -v "${CHROMIUM:-chromium}" >/dev/null; then
			echo "jupyter-trial: SKIPPED: no chromium (Debian: apt-get install chromium)"
			exit 0
		fi
		BAYESNN_CI=1 JUPYTER="$JUPYTER" exec "$c" scripts/jupytertrial.py "$@"
	fi
done
echo "jupyter-trial: SKIPPED: no Python with the notebook server and websocket-client (Debian: apt-get install jupyter-notebook python3-websocket)"
