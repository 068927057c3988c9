#!/usr/bin/env bash
# Runs SAP's SCIM 2.0 compliance suite (com.sap.scimono:scimono-compliance-tests, shaded jar)
# against a running sugarbridge SCIM bridge.
#
#   scripts/scim-compliance.sh --url http://127.0.0.1:8090/scim/v2 [--token-env SCIM_TOKEN] \
#       [--expect FILE] [--tests FILE] [--out DIR] [--jar FILE]
#
# The token is read from the environment variable named by --token-env (default SCIM_TOKEN), never
# from the command line, so it stays out of `ps` and shell history. The suite (version 0.0.24)
# only speaks HTTP Basic or OAuth, so the token is sent as the Basic password, which the bridge
# accepts like a bearer token. The whole suite runs (or the suite's own selection file, --tests,
# lines of class=method,method; it cannot select parameterised tests). Then every test named in
# --expect (default scripts/scim-compliance-expected.txt, the tests docs/scim.md says the bridge
# passes) must have passed. Results: testLogs.log in --out (Authorization headers redacted).
# Exit code: 0 when every expected test passed, 1 otherwise, 2 for usage errors.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
url=""
token_env="SCIM_TOKEN"
tests=""
expect="$here/scim-compliance-expected.txt"
out="scim-compliance-results"
jar="${SCIMONO_JAR:-}"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --url) url="$2"; shift 2 ;;
    --token-env) token_env="$2"; shift 2 ;;
    --tests) tests="$2"; shift 2 ;;
    --expect) expect="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "scim-compliance: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if [[ -z "$url" ]]; then
  echo "scim-compliance: --url is required, e.g. --url http://127.0.0.1:8090/scim/v2" >&2
  exit 2
fi
token="${!token_env:-}"
if [[ -z "$token" ]]; then
  echo "scim-compliance: set the bridge token in \$$token_env (mint one with 'sugarbridge scim token')" >&2
  exit 2
fi
if [[ -z "$jar" ]]; then
  for candidate in \
      "$here/../identity/target/scim-compliance/scimono-compliance-tests-shaded.jar" \
      "$HOME/.m2/repository/com/sap/scimono/scimono-compliance-tests/0.0.24/scimono-compliance-tests-0.0.24-shaded.jar"; do
    if [[ -f "$candidate" ]]; then jar="$candidate"; break; fi
  done
fi
if [[ -z "$jar" || ! -f "$jar" ]]; then
  echo "scim-compliance: the suite's jar was not found; run 'mvn -pl identity -am package -DskipTests'" \
       "(it copies it to identity/target/scim-compliance) or pass --jar / set SCIMONO_JAR" >&2
  exit 2
fi
jar="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")"
args=("scim.service.url=$url" "auth.type=Basic" "basic.auth.user=sugarbridge" "basic.auth.password=$token")
if [[ -n "$expect" ]]; then
  expect="$(cd "$(dirname "$expect")" && pwd)/$(basename "$expect")"
fi
if [[ -n "$tests" ]]; then
  tests="$(cd "$(dirname "$tests")" && pwd)/$(basename "$tests")"
  args+=("tests.file.path=$tests")
fi

mkdir -p "$out"
cd "$out"
rm -f ./*.xml testLogs.log
status=0
# Jersey's PATCH support reflects into HttpURLConnection, which Java 17 only allows when opened.
"${JAVA:-java}" --add-opens java.base/java.net=ALL-UNNAMED -jar "$jar" "${args[@]}" > suite-output.log 2>&1 || status=$?
# The suite logs every request with its Authorization header.
sed -i -E 's/(Authorization: )(Basic|Bearer) [^[:space:]]+/\1\2 <redacted>/I' testLogs.log suite-output.log 2>/dev/null || true
passed=$(grep -c 'Status: SUCCESSFUL' testLogs.log || true)
failed=$(grep -c 'Status: FAILED' testLogs.log || true)
aborted=$(grep -c 'Status: ABORTED' testLogs.log || true)
echo "scim-compliance: suite exit $status; $passed passed, $failed failed, $aborted aborted (details in $(pwd)/testLogs.log)"
if [[ -z "$expect" ]]; then
  exit "$status"
fi
# Every expected test (a trailing ' *' matches all runs of a parameterised one) ran and passed.
sed -n -E 's/.*Test: (.*) finished \| Status: ([A-Z]+).*/\2\t\1/p' testLogs.log > results.tsv
missing=0
while IFS= read -r name; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  if [[ "$name" == *' *' ]]; then
    prefix="${name% \*}"
    rows=$(awk -F'\t' -v p="$prefix" 'index($2, p) == 1' results.tsv)
  else
    rows=$(awk -F'\t' -v n="$name" '$2 == n' results.tsv)
  fi
  if [[ -z "$rows" ]]; then
    echo "  NOT RUN (expected to pass): $name"; missing=$((missing + 1))
  elif grep -v -q '^SUCCESSFUL' <<< "$rows"; then
    echo "  FAILED (expected to pass): $name"; missing=$((missing + 1))
  fi
done < "$expect"
expected=$(grep -c -v -E '^(#|$)' "$expect" || true)
if [[ $missing -gt 0 ]]; then
  echo "scim-compliance: $missing of $expected expected tests did not pass"
  exit 1
fi
echo "scim-compliance: all $expected expected tests passed (the rest are explained in docs/scim.md)"
exit 0
