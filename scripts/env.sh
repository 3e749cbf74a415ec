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

# Debian's own jupyter script, never `python3 -m jupyter`: the python3 first on
# PATH may be another interpreter without nbconvert.
JUPYTER=/usr/bin/jupyter
