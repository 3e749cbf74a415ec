#!/usr/bin/env bash
# Installs what `make test`, `make notebooks` and `make demo` need, and only
# what is missing: running it again is quiet.
#
#   scripts/install-deps.sh [all|jupyter|chromium|gonb|interop|rstan]...   (default: all)
#
# jupyter:  a `jupyter` with nbconvert on PATH is used as it is (pip, conda,
#           Homebrew, Debian). When there is none, on Debian (or Ubuntu) it
#           installs Debian's jupyter-nbconvert and jupyter-client (no PyPI);
#           elsewhere, or when apt-get fails, it says how to install Jupyter
#           and carries on: the notebooks are then skipped and the tutorials
#           run as plain Go programs (scripts/notebooks.sh).
# chromium: Debian's chromium, for the browser test of the HTML reports
#           (skipped with a note where there is no apt-get).
# gonb:     GoNB (built inside the module cache: `go install ...@version`
#           asks the proxy for a version list, which it refuses), goimports,
#           and the gonb Jupyter kernel installed with --raw_error (the
#           kernel only when Jupyter is there).
# interop:  Debian's python3-xarray and python3-zarr (interop/arviz's test
#           opens our InferenceData with them; part of all).
# rstan:    Debian's r-cran-rstan, for make interop (not part of all).
# trial:    for make jupyter-trial (not part of all): Debian's classic
#           jupyter-notebook server and python3-websocket (to drive Chromium
#           over the DevTools protocol), when the Python beside `jupyter`
#           lacks them; elsewhere: pip install notebook websocket-client.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

LOG_DIR="${TMPDIR:-/tmp}"

# is_debian reports whether apt-get and dpkg manage this machine's packages.
is_debian() {
	[ -f /etc/debian_version ] && command -v apt-get >/dev/null && command -v dpkg-query >/dev/null
}

# apt_install installs the Debian packages among its arguments that are not
# installed yet; apt-get update runs once, only when something is missing.
# It returns 1 (after saying why) when it cannot.
apt_install() {
	local missing=() p
	for p in "$@"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
			missing+=("$p")
		fi
	done
	if [ ${#missing[@]} -eq 0 ]; then
		return 0
	fi
	local sudo=()
	if [ "$(id -u)" -ne 0 ]; then
		if ! command -v sudo >/dev/null; then
			echo "install-deps: ${missing[*]} missing, and not root and no sudo to install them" >&2
			return 1
		fi
		sudo=(sudo)
	fi
	local log="$LOG_DIR/bayesnn-apt.log"
	echo "install-deps: apt-get install ${missing[*]}"
	if [ -z "${BAYESNN_APT_UPDATED:-}" ]; then
		if ! "${sudo[@]}" apt-get update -q -o DPkg::Lock::Timeout=1200 >"$log" 2>&1; then
			tail -n 20 "$log" >&2
			echo "install-deps: apt-get update failed (log: $log)" >&2
			return 1
		fi
		BAYESNN_APT_UPDATED=1
	fi
	if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends -o DPkg::Lock::Timeout=1200 "${missing[@]}" >"$log" 2>&1; then
		tail -n 20 "$log" >&2
		echo "install-deps: apt-get install ${missing[*]} failed (log: $log)" >&2
		return 1
	fi
}

install_jupyter() {
	if find_jupyter; then
		return 0
	fi
	if is_debian && apt_install jupyter-nbconvert jupyter-client && find_jupyter; then
		return 0
	fi
	echo "install-deps: no Jupyter with nbconvert: the notebooks will be skipped and the tutorials run as Go programs." >&2
	echo "install-deps: to run the notebooks, $NOTEBOOKS_HOWTO" >&2
	return 0
}

install_interop() {
	if ! is_debian || ! apt_install python3-xarray python3-zarr; then
		echo "install-deps: no python3-xarray/python3-zarr: interop/arviz's xarray check will skip (it fails in CI)" >&2
	fi
}

install_trial() {
	install_chromium
	local py
	py="$(head -n 1 "${JUPYTER:-/usr/bin/jupyter}" 2>/dev/null | sed -n 's/^#! *//p' | awk '{print $1}')"
	if [ -n "$py" ] && "$py" -c 'import notebook, websocket' 2>/dev/null; then
		return 0
	fi
	if ! is_debian || ! apt_install jupyter-notebook python3-websocket; then
		echo "install-deps: no notebook server or websocket-client: make jupyter-trial will skip (pip install notebook websocket-client)" >&2
	fi
}

install_chromium() {
	if command -v chromium >/dev/null; then
		return 0
	fi
	if ! is_debian || ! apt_install chromium; then
		echo "install-deps: no chromium: the browser test of the reports (tests/chromium) will skip" >&2
	fi
}

# module_version prints the version of the main module a Go binary was built
# from, or nothing.
module_version() {
	go version -m "$1" 2>/dev/null | awk '$1 == "mod" { print $3; exit }'
}

# kernel_gonb_version prints the version of the gonb binary that the kernel
# spec $1 runs, or nothing.
kernel_gonb_version() {
	local bin
	bin="$(grep -o '"argv": *\["[^"]*"' "$1" 2>/dev/null | sed 's/.*\["//; s/"$//')" || return 0
	if [ -n "$bin" ] && [ -x "$bin" ]; then
		"$bin" -V 2>/dev/null || true
	fi
}

install_gonb() {
	local log="$LOG_DIR/bayesnn-gonb.log"
	# Check and use the binaries in GOBIN, where go install puts them, whatever
	# else is on PATH.
	local gonb="$GOBIN_DIR/gonb"
	if [ "$("$gonb" -V 2>/dev/null || true)" != "$GONB_VERSION" ]; then
		echo "install-deps: building gonb $GONB_VERSION"
		go mod download "github.com/janpfeifer/gonb@$GONB_VERSION"
		if ! (cd "$(go env GOMODCACHE)/github.com/janpfeifer/gonb@$GONB_VERSION" && go install .) >"$log" 2>&1; then
			cat "$log" >&2
			echo "install-deps: building gonb failed" >&2
			exit 1
		fi
	fi
	if [ "$(module_version "$GOBIN_DIR/goimports")" != "$GOIMPORTS_VERSION" ]; then
		echo "install-deps: installing goimports $GOIMPORTS_VERSION"
		go install "golang.org/x/tools/cmd/goimports@$GOIMPORTS_VERSION" >"$log" 2>&1 || {
			cat "$log" >&2
			exit 1
		}
	fi
	if ! find_jupyter; then
		echo "install-deps: no Jupyter: the gonb kernel is not installed" >&2
		return 0
	fi
	# The kernel spec names the gonb binary (a copy of it when GOBIN is under
	# /tmp) and its flags; --raw_error makes compiler errors plain text in the
	# executed notebook. --force_deps: gopls (auto-complete only) is not
	# installed, and without it gonb exits 255.
	local spec="$JUPYTER_DATA_DIR/kernels/gonb/kernel.json"
	if [ "$(kernel_gonb_version "$spec")" != "$GONB_VERSION" ] || ! grep -qF -- '-raw_error=true' "$spec"; then
		echo "install-deps: installing the gonb Jupyter kernel in $JUPYTER_DATA_DIR"
		"$gonb" --install --raw_error --force_deps >"$log" 2>&1 || {
			cat "$log" >&2
			exit 1
		}
		if [ "$(kernel_gonb_version "$spec")" != "$GONB_VERSION" ]; then
			cat "$log" >&2
			echo "install-deps: gonb --install did not write a working $spec" >&2
			exit 1
		fi
	fi
}

if [ $# -eq 0 ]; then
	set -- all
fi
for what in "$@"; do
	case "$what" in
	all) install_jupyter; install_chromium; install_gonb; install_interop ;;
	jupyter) install_jupyter ;;
	chromium) install_chromium ;;
	gonb) install_gonb ;;
	interop) install_interop ;;
	rstan) apt_install r-cran-rstan ;;
	trial) find_jupyter || true; install_trial ;;
	*) echo "install-deps: unknown component \"$what\" (want all, jupyter, chromium, gonb, interop, rstan or trial)" >&2; exit 2 ;;
	esac
done
