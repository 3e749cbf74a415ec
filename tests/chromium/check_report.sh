#!/usr/bin/env bash
# check_report.sh REPORT.html [SCREENSHOT.png]
#
# Opens an HTML report in headless Chromium and fails (exit 1) unless
#   - the page logs no console message and raises no error (script errors,
#     failed resource loads, console.error), and
#   - every <img> has loaded with a non-zero size and every <svg> is laid
#     out with a non-zero size, and
#   - a screenshot of the page is not blank.
# The screenshot is written to SCREENSHOT.png (default: REPORT.png beside
# the report). Exit 2 on usage errors, 77 when chromium is not installed.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
	echo "usage: $0 REPORT.html [SCREENSHOT.png]" >&2
	exit 2
fi
report=$(realpath "$1")
shot=$(realpath -m "${2:-${report%.html}.png}")
here=$(cd "$(dirname "$0")" && pwd)
chrome=${CHROMIUM:-chromium}
if ! command -v "$chrome" >/dev/null; then
	echo "check_report: $chrome not found (apt-get install -y chromium)" >&2
	exit 77
fi
[[ -f $report ]] || { echo "check_report: $report: no such file" >&2; exit 2; }

tmp=$(mktemp -d)
# The probe copy sits beside the report so that relative links resolve the same.
probe=$(mktemp "$(dirname "$report")/.check-XXXXXX.html")
trap 'rm -rf "$tmp" "$probe"' EXIT

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
	--disable-background-networking --disable-component-update --disable-sync
	--enable-logging=stderr --v=0 --hide-scrollbars --virtual-time-budget=10000)

# Error hooks go first in <head>; the size check runs after the load event
# and writes its verdict into <pre id="check-verdict">.
hook='<script>window.__errs=[];window.addEventListener("error",function(e){__errs.push(e.message||("failed to load "+((e.target&&(e.target.src||e.target.tagName))||"?")))},true);(function(){var ce=console.error;console.error=function(){__errs.push(Array.prototype.join.call(arguments," "));ce.apply(console,arguments)}})();</script>'
check='<script>window.addEventListener("load",function(){var bad=[],imgs=document.images,svgs=document.querySelectorAll("svg");for(var i=0;i<imgs.length;i++){var m=imgs[i],r=m.getBoundingClientRect();if(!m.complete||m.naturalWidth===0||r.width<1||r.height<1)bad.push("img#"+i)}for(var j=0;j<svgs.length;j++){var s=svgs[j].getBoundingClientRect();if(s.width<1||s.height<1)bad.push("svg#"+j)}var ok=bad.length===0&&__errs.length===0;var p=document.createElement("pre");p.id="check-verdict";p.style.display="none";p.textContent=(ok?"OK":"FAIL")+" images="+imgs.length+" svgs="+svgs.length+" bad=["+bad.join(",")+"] errors=["+__errs.join(" | ")+"]";document.body.appendChild(p)});</script>'
awk -v hook="$hook" -v check="$check" '
	!done && match($0, /<head[^>]*>/) {
		# Splice by position: sub() would expand the "&" in the script.
		print substr($0, 1, RSTART + RLENGTH - 1) hook substr($0, RSTART + RLENGTH)
		done = 1
		next
	}
	{ print }
	END { if (!done) print hook; print check }
' "$report" >"$probe"

# One run both dumps the DOM after the load event and takes the screenshot.
"$chrome" "${flags[@]}" --user-data-dir="$tmp/profile" --window-size=1280,2000 --screenshot="$shot" \
	--dump-dom "file://$probe" >"$tmp/dom.html" 2>"$tmp/dom.err" || {
	echo "check_report: chromium failed:" >&2
	tail -20 "$tmp/dom.err" >&2
	exit 1
}
verdict=$(grep -o '<pre id="check-verdict"[^>]*>[^<]*' "$tmp/dom.html" | sed 's/.*>//' || true)
status=0
if [[ -z $verdict ]]; then
	echo "check_report: FAIL: the page never finished loading (no verdict in the DOM)" >&2
	status=1
elif [[ $verdict != OK* ]]; then
	echo "check_report: FAIL: $verdict" >&2
	status=1
else
	echo "check_report: $verdict"
fi
# Chromium logs every console message to stderr as CONSOLE(...).
if grep -E 'CONSOLE|Uncaught' "$tmp/dom.err" >"$tmp/console.txt"; then
	echo "check_report: FAIL: console messages:" >&2
	cat "$tmp/console.txt" >&2
	status=1
fi

if [[ ! -s $shot ]]; then
	echo "check_report: FAIL: no screenshot at $shot" >&2
	exit 1
fi
if ! (cd "$here/../.." && go run ./cmd/blankcheck "$shot"); then
	status=1
fi
exit $status
