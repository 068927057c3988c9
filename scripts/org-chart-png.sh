#!/usr/bin/env bash
# Renders an org chart page written by `sugarbridge users org-chart --format html --out FILE` to a
# PNG with headless Chromium (Debian's `chromium`), so the picture can be attached or looked at.
#   scripts/org-chart-png.sh org-chart.html org-chart.png [WIDTH | WIDTHxHEIGHT]   (default 2400)
# With a width only (the usual way), the picture is the WHOLE page: a first Chromium run lays the
# page out at that width and prints its DOM, in which the page recorded its full height
# (<body data-height>); the second run captures a window of exactly that height. WIDTHxHEIGHT
# captures a fixed window instead. CHROMIUM=/path/to/chromium overrides the browser. A fresh,
# throw-away profile is used each time.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 ORG_CHART.html OUT.png [WIDTH | WIDTHxHEIGHT]" >&2
  exit 2
fi
html=$(realpath "$1")
png=$(realpath -m "$2")
size=${3:-2400}
if ! [[ "$size" =~ ^[0-9]+(x[0-9]+)?$ ]]; then
  echo "size must be WIDTH or WIDTHxHEIGHT in pixels (e.g. 2400 or 2400x1400), not '$size'" >&2
  exit 2
fi
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "Chromium not found at $chromium: install Debian's chromium (apt-get install chromium) or set CHROMIUM" >&2
  exit 1
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# Both runs hide scrollbars, so the layout measured is the layout captured.
run() {
  "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
    --user-data-dir="$profile" "$@" "file://$html" 2>"$profile/chromium.log" \
    || { cat "$profile/chromium.log" >&2; exit 1; }
}
width=${size%%x*}
if [[ "$size" == *x* ]]; then
  height=${size#*x}
else
  height=$(run --window-size="$width,1400" --dump-dom | grep -o 'data-height="[0-9]*"' | grep -o '[0-9][0-9]*' || true)
  if [ -z "$height" ]; then
    echo "the page did not record its height (not an org chart page?); capturing ${width}x6000" >&2
    height=6000
  fi
  # Chromium cannot capture much beyond 16384 px; a taller page is cut there.
  if [ "$height" -gt 16000 ]; then
    echo "the page is ${height} px tall; capturing the first 16000 px" >&2
    height=16000
  fi
fi
run --screenshot="$png" --window-size="$width,$height" >/dev/null
echo "Wrote $png (${width}x${height})"
