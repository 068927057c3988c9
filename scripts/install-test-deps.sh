#!/usr/bin/env bash
# Installs, when missing, what the test suite needs beyond Java and Maven, and starts the services it
# talks to when they are down, so that `mvn -B verify` runs every test on a fresh Debian machine
# (CI=true makes the tests that need these fail instead of skipping). Safe to run again: it changes
# nothing that is already in place. Needs root (or sudo) only when something must be installed.
#   - Debian's chromium: the org-chart picture test (and, later, the browser tests) drive it headless;
#     no browser is ever downloaded by a test.
#   - PostgreSQL on 127.0.0.1:5432 (trust auth, database `test`): the PostgreSQL source tests.
#   - Node.js (Debian's nodejs and npm) and Segment's Node library @segment/analytics-node, at the
#     version events/src/test/node/package-lock.json pins (npm ci): SegmentNodeLibraryTest.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "install-test-deps: need root to run: $*" >&2
    return 1
  fi
}

debian_packages=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || debian_packages+=(chromium)
command -v node >/dev/null || debian_packages+=(nodejs)
command -v npm >/dev/null || debian_packages+=(npm)

if [ ${#debian_packages[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "install-test-deps: missing ${debian_packages[*]} and no apt-get here; install them by hand" >&2
    exit 1
  fi
  echo "install-test-deps: installing Debian packages: ${debian_packages[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${debian_packages[@]}" >/dev/null
fi

# PostgreSQL: machines of this kind start it before the session; start it if it has stopped.
if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "install-test-deps: starting PostgreSQL"
    for v in /etc/postgresql/*; do
      as_root pg_ctlcluster --skip-systemctl-redirect "$(basename "$v")" main start || true
    done
  fi
fi

# Segment's Node library for the event collector's test with it (node_modules is not committed).
node_dir=events/src/test/node
if [ -f "$node_dir/package-lock.json" ] && [ ! -d "$node_dir/node_modules/@segment/analytics-node" ]; then
  echo "install-test-deps: npm ci in $node_dir (@segment/analytics-node)"
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
