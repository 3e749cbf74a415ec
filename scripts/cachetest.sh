#!/usr/bin/env bash
# make cache-test: shows GoNB's cache at work in a live kernel
# (scripts/cachetest.py): after a full run of a notebook at CI size,
# re-running its last cell (edited) must take under 10 % of the full run.
#
#   scripts/cachetest.sh [notebook.ipynb]   (default: the hamiltorch notebook,
#                                            whose late cells reuse RMHMC runs)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

nb="${1:-notebooks/02_hamiltorch_gaussian_funnel.ipynb}"
if ! notebooks_ready; then
	echo "cache-test: SKIPPED: no Jupyter or gonb kernel; to run it, $NOTEBOOKS_HOWTO"
	exit 0
fi
# The Python beside the jupyter command has jupyter_client (Debian's
# python3-jupyter-client comes with jupyter-nbconvert).
py="$(head -n 1 "$JUPYTER" | sed -n 's/^#! *//p' | awk '{print $1}')"
for c in "$py" /usr/bin/python3 python3; do
	if [ -n "$c" ] && "$c" -c 'import jupyter_client' 2>/dev/null; then
		BAYESNN_CI=1 exec "$c" scripts/cachetest.py "$nb"
	fi
done
echo "cache-test: SKIPPED: no Python with jupyter_client (Debian: apt-get install python3-jupyter-client)"
