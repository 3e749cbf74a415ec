# Sourced by the other scripts: the environment that Jupyter, the GoNB kernel
# and the pinned tools need. It changes nothing that is already set.

# Pinned tool versions (the module proxy refuses @latest for some modules).
GONB_VERSION=v0.11.5
GOIMPORTS_VERSION=v0.52.0

# With HOME unset the go command has no GOPATH or build cache, and GoNB and
# Jupyter write under ./.local: give them all a home.
if [ -z "${HOME:-}" ]; then
	HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"
	export HOME
fi
export JUPYTER_DATA_DIR="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}"

# The kernel finds go, goimports and gonb on PATH.
GOBIN_DIR="$(go env GOBIN)"
if [ -z "$GOBIN_DIR" ]; then
	GOBIN_DIR="$(go env GOPATH)/bin"
fi
case ":$PATH:" in
*":$GOBIN_DIR:"*) ;;
*) export PATH="$GOBIN_DIR:$PATH" ;;
esac

# find_jupyter sets JUPYTER to a jupyter command that has nbconvert: $JUPYTER
# if set, else the first `jupyter` on PATH (pip, conda, Homebrew or Debian),
# else Debian's /usr/bin/jupyter (a `jupyter` earlier on PATH may belong to
# another Python without nbconvert). Never `python3 -m jupyter`: the python3
# first on PATH may be another interpreter. JUPYTER is empty when none works.
find_jupyter() {
	local c
	for c in "${JUPYTER:-}" "$(command -v jupyter 2>/dev/null || true)" /usr/bin/jupyter; do
		if [ -n "$c" ] && [ -x "$c" ] && "$c" nbconvert --version >/dev/null 2>&1; then
			JUPYTER="$c"
			return 0
		fi
	done
	JUPYTER=""
	return 1
}

# notebooks_ready reports whether Jupyter with nbconvert and the gonb kernel
# are installed; find_jupyter sets JUPYTER. BAYESNN_NO_JUPYTER=1 pretends
# they are not (to run the tutorials as programs, as without Jupyter).
notebooks_ready() {
	[ -z "${BAYESNN_NO_JUPYTER:-}" ] && find_jupyter && [ -f "$JUPYTER_DATA_DIR/kernels/gonb/kernel.json" ] && command -v gonb >/dev/null
}

# How to get what notebooks_ready lacks, for the messages that skip them.
NOTEBOOKS_HOWTO="install Jupyter (Debian: apt-get install jupyter-nbconvert jupyter-client; elsewhere: pip install nbconvert jupyter_client, or conda/Homebrew), then run 'make notebooks-deps' (GoNB and its kernel)"
