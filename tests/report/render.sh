#!/usr/bin/env bash
# Runs a small scenario with its baseline, writes report.html in both languages, and opens each
# in headless Chromium (report/render_test.mjs). Arguments: trappsteg, node.
set -euo pipefail
trappsteg=$1 node=$2
[ -x /usr/bin/chromium ] || { echo "FAIL: /usr/bin/chromium is missing: run scripts/setup.sh" >&2; exit 1; }
command -v "$node" >/dev/null || { echo "FAIL: node is missing: run scripts/setup.sh" >&2; exit 1; }
[ -d report/node_modules/playwright-core ] || { echo "FAIL: report/node_modules is missing: run scripts/setup.sh" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$trappsteg" run scenarios/families_250.yaml --scale 0.02 --years 5 --replicates 2 --seed 3 --quiet --out "$work/run" >/dev/null
for lang in en sv; do
  "$trappsteg" report "$work/run" --lang "$lang" --out "$work/report_$lang.html" >/dev/null
  "$node" report/render_test.mjs "$work/report_$lang.html"
done
