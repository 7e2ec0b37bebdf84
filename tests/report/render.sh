#!/usr/bin/env bash
# Runs a small scenario with its baseline, writes report.html in both languages, then a compare
# and a sweep (each writes its own report), and opens each
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

# A compare folder and a sweep folder get their own reports (written by the commands).
"$trappsteg" compare scenarios/baseline.yaml scenarios/families_250.yaml scenarios/youth_summer_jobs.yaml \
  --scale 0.02 --years 3 --replicates 2 --quiet --out "$work/compare" >/dev/null
"$node" report/render_test.mjs "$work/compare/report.html"
cat >"$work/sweep.yaml" <<YAML
base: $PWD/scenarios/baseline.yaml
design: latin_hypercube
points: 4
sampling_seed: 5
parameters:
  - {path: benefits.income_support.norm.adults.single, range: [2700, 3200]}
  - {path: "staircase.transitions[from=job_seeker,to=first_job].base", range: [0.025, 0.045]}
replicates: 2
scale: 0.02
years: 2
YAML
"$trappsteg" sweep "$work/sweep.yaml" --quiet --out "$work/sweep" --lang sv >/dev/null
"$node" report/render_test.mjs "$work/sweep/report.html"
