#!/usr/bin/env bash
# Renders an org chart page written by `sugarbridge users org-chart --format html --out FILE` to a
# PNG with headless Chromium (Debian's `chromium`), so the picture can be attached or looked at.
#   scripts/org-chart-png.sh org-chart.html org-chart.png [WIDTHxHEIGHT]   (default 2400x1400)
# CHROMIUM=/path/to/chromium overrides the browser. A fresh, throw-away profile is used each time.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 ORG_CHART.html OUT.png [WIDTHxHEIGHT]" >&2
  exit 2
fi
html=$(realpath "$1")
png=$(realpath -m "$2")
size=${3:-2400x1400}
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "Chromium not found at $chromium: install Debian's chromium (apt-get install chromium) or set CHROMIUM" >&2
  exit 1
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
  --user-data-dir="$profile" --screenshot="$png" --window-size="${size/x/,}" "file://$html" \
  >"$profile/chromium.log" 2>&1 || { cat "$profile/chromium.log" >&2; exit 1; }
echo "Wrote $png"
