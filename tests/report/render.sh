#!/usr/bin/env bash
# Runs a small scenario with its baseline, writes report.html in both languages, then a compare
# and a sweep (each writes its own report, and `trappsteg report` the other language; the
# compare's charts also through --charts, as .vl.json and .svg, with and without node) and a Morris and a Sobol sensitivity analysis (their
# reports written by `trappsteg report`), and opens each in headless Chromium
# (report/render_test.mjs). Arguments: trappsteg, node.
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
  --scale 0.02 --years 3 --replicates 2 --microdata --quiet --out "$work/compare" >/dev/null
"$node" report/render_test.mjs "$work/compare/report.html"
# With --microdata the compare follows an arrival cohort and some of its people (drawn above with every other chart).
for chart in chart-cohort chart-lanes; do
  grep -q "<div class=\"chart\" id=\"$chart\"" "$work/compare/report.html" || { echo "FAIL: the --microdata compare has no $chart" >&2; exit 1; }
done
# The compare in Swedish, with every chart exported by the CLI: a .vl.json, an .svg and a .png each.
"$trappsteg" report "$work/compare" --lang sv --out "$work/compare_sv.html" --charts "$work/charts" >/dev/null
"$node" report/render_test.mjs "$work/compare_sv.html"
specs=$(find "$work/charts" -name '*.vl.json' | wc -l)
[ "$specs" -gt 0 ] || { echo "FAIL: --charts wrote no .vl.json" >&2; exit 1; }
for spec in "$work/charts"/*.vl.json; do
  svg=${spec%.vl.json}.svg
  grep -q '^<svg' "$svg" || { echo "FAIL: --charts: $svg is missing or not an SVG" >&2; exit 1; }
  grep -q 'role-mark' "$svg" || { echo "FAIL: --charts: $svg has no marks" >&2; exit 1; }
  png=${spec%.vl.json}.png
  [ "$(head -c 4 "$png" | od -An -tx1 | tr -d ' ')" = 89504e47 ] || { echo "FAIL: --charts: $png is missing or not a PNG" >&2; exit 1; }
done
grep -q '0,[0-9]' "$work/charts/chart-inequality.svg" || { echo "FAIL: --charts: the Swedish SVG has no decimal comma" >&2; exit 1; }
# Without node the specs are written, the SVGs are not, and the command says why and fails.
if PATH=/nonexistent "$trappsteg" report "$work/compare" --out "$work/nonode.html" --charts "$work/charts_nonode" >/dev/null 2>"$work/nonode.err"; then
  echo "FAIL: --charts without node exited with 0" >&2; exit 1
fi
grep -q 'the SVG and PNG files were not written: node could not be started' "$work/nonode.err" || { echo "FAIL: --charts without node: $(cat "$work/nonode.err")" >&2; exit 1; }
[ "$(find "$work/charts_nonode" -name '*.vl.json' | wc -l)" -eq "$specs" ] || { echo "FAIL: --charts without node did not write the specs" >&2; exit 1; }
# As scenarios/sweeps/families_lhs.yaml, with a long key path, whole seats and a log scale: its
# table must fit the page.
cat >"$work/sweep.yaml" <<YAML
base: $PWD/scenarios/families_250.yaml
design: latin_hypercube
points: 4
sampling_seed: 5
parameters:
  - {path: policy.families_250.capacity.seats, range: [200, 1200]}
  - {path: "policy.families_250.effects.transitions[from=job_seeker,to=first_job].multiplier", range: [1.5, 4.0], scale: log}
  - {path: "staircase.transitions[from=job_seeker,to=first_job].base", range: [0.025, 0.045]}
replicates: 2
scale: 0.02
years: 3
YAML
"$trappsteg" sweep "$work/sweep.yaml" --quiet --out "$work/sweep" --lang sv >/dev/null
"$node" report/render_test.mjs "$work/sweep/report.html"
"$trappsteg" report "$work/sweep" --lang en --out "$work/sweep_en.html" >/dev/null
"$node" report/render_test.mjs "$work/sweep_en.html"

# Sensitivity analyses as in scenarios/sensitivity/families_*.yaml, tiny: long key paths in the
# charts, budget outputs against the baseline (the policy starts in the third year).
cat >"$work/morris.yaml" <<YAML
scenario: $PWD/scenarios/families_250.yaml
method: morris
inputs:
  - path: policy.families_250.effects.transitions[from=job_seeker,to=first_job].multiplier
    distribution: triangular
    bounds: [1.0, 4.0]
    mode: 2.5
    source: "illustrative, as in families_morris.yaml"
  - path: policy.families_250.costs.per_participant_month_sek
    distribution: uniform
    bounds: [6000, 12000]
    source: "illustrative, as in families_morris.yaml"
  - path: staircase.transitions[from=job_seeker,to=stable_job].base
    distribution: lognormal
    mean: 0.030
    sd: 0.008
    source: "illustrative, as in families_morris.yaml"
  - path: benefits.income_support.take_up.max
    distribution: beta
    mean: 0.40
    sd: 0.05
    source: "illustrative, as in families_morris.yaml"
outputs:
  - {name: net_budget, metric: "budget:net_sek", years: [1, 3], statistic: sum}
  - {name: children_in_workless_households, metric: share_children_in_workless_households, years: [3, 3]}
evaluation: {scale: 0.005, years: 3, replicates: 2, seed: 2016}
morris: {trajectories: 2, levels: 4, seed: 1}
YAML
"$trappsteg" sensitivity "$work/morris.yaml" --quiet --out "$work/sens" >/dev/null
"$trappsteg" report "$work/sens" --out "$work/sens.html" >/dev/null
"$node" report/render_test.mjs "$work/sens.html"

# Sobol: the first three inputs, 4 base points (20 points).
sed -e 's/^method: morris/method: sobol/' -e 's/^morris: .*/sobol: {base_points: 4, bootstrap: 50, seed: 1}/' \
  -e '/take_up.max/,/source:/d' "$work/morris.yaml" >"$work/sobol.yaml"
"$trappsteg" sensitivity "$work/sobol.yaml" --quiet --out "$work/sobol" >/dev/null
"$trappsteg" report "$work/sobol" --lang sv --out "$work/sobol.html" >/dev/null
"$node" report/render_test.mjs "$work/sobol.html"
