# trappsteg sensitivity: writes its points and indices; results do not depend on the thread
# count; Ctrl-C keeps the finished points and --resume runs the others to the same result; a
# bad input path is refused at its line.
source "$(dirname "$0")/lib.sh"

scenario=$(copy_model)
cp scenarios/families_250.yaml "$WORK/model/scenarios/"
cat >"$WORK/morris.yaml" <<YAML
description: "A small test screening"
scenario: $WORK/model/scenarios/families_250.yaml
method: morris
inputs:
  - path: policy.families_250.effects.transitions[from=job_seeker,to=first_job].multiplier
    distribution: triangular
    bounds: [1.0, 4.0]
    mode: 2.5
    source: test
  - path: policy.families_250.costs.per_participant_month_sek
    distribution: uniform
    bounds: [6000, 12000]
    source: test
  - path: staircase.transitions[from=job_seeker,to=stable_job].base
    distribution: lognormal
    mean: 0.03
    sd: 0.008
    source: test
outputs:
  - {name: net_budget, metric: "budget:net_sek", years: [2, 3], statistic: sum}
  - {name: employment, metric: employment_rate_20_64, years: [3, 3], statistic: mean}
evaluation: {scale: 0.005, years: 3, replicates: 2, seed: 5}
morris: {trajectories: 6, levels: 4, seed: 2}
YAML

run_trappsteg sensitivity "$WORK/morris.yaml" --out "$WORK/two" --threads 2 --quiet
expect_status 0 "a sensitivity analysis"
for file in points.csv indices.csv manifest.json sensitivity.yaml results.sqlite report.html; do
  [[ -s $WORK/two/$file ]] || fail "sensitivity: $file missing or empty"
done
# The database holds what the CSV files hold: 24 points × 3 inputs, 24 × 2 outputs, 2 × 3 × 3 indices.
query() { sqlite3 -readonly "$WORK/two/results.sqlite" "$1"; }
[[ $(query "SELECT count(*) FROM sensitivity_point_values") -eq 72 ]] || fail "results.sqlite: expected 72 point values"
[[ $(query "SELECT count(*) FROM sensitivity_point_outputs") -eq 48 ]] || fail "results.sqlite: expected 48 point outputs"
[[ $(query "SELECT count(*) FROM sensitivity_indices") -eq 18 ]] || fail "results.sqlite: expected 18 indices"
csv_mu_star=$(sqlite3 :memory: ".import --csv $WORK/two/indices.csv i" \
  "SELECT mu_star FROM i WHERE output = 'employment' AND input LIKE 'staircase%'")
db_mu_star=$(query "SELECT printf('%.17g', value) FROM sensitivity_indices i JOIN sensitivity_outputs o USING (output) JOIN sensitivity_inputs n USING (input)
                    WHERE o.name = 'employment' AND n.path LIKE 'staircase%' AND statistic = 'mu_star'")
awk -v a="$csv_mu_star" -v b="$db_mu_star" 'BEGIN {exit !(a == b && a > 0)}' ||
  fail "mu* of the job-finding rate: indices.csv $csv_mu_star, results.sqlite $db_mu_star"
expect_contains "$(cat "$WORK/two/manifest.json")" '"complete": true' "a finished analysis's manifest"
[[ $(($(wc -l <"$WORK/two/points.csv") - 1)) -eq 24 ]] || fail "points.csv: expected 6 trajectories x 4 points"
[[ $(($(wc -l <"$WORK/two/indices.csv") - 1)) -eq 6 ]] || fail "indices.csv: expected 2 outputs x 3 inputs"
expect_contains "$OUT" "mu*" "the indices in the terminal"
# The cost of a participant-month moves the net budget and nothing else: its effect on
# employment is exactly 0 (common random numbers).
cost_on_employment=$(grep '^employment,policy.families_250.costs' "$WORK/two/indices.csv" | cut -d, -f5)
[[ $cost_on_employment == 0 ]] || fail "the cost's mu* on employment is '$cost_on_employment', expected 0"

# The same on one thread.
run_trappsteg sensitivity "$WORK/morris.yaml" --out "$WORK/one" --threads 1 --quiet
expect_status 0 "a sensitivity analysis on one thread"
for file in points.csv indices.csv; do
  cmp -s "$WORK/two/$file" "$WORK/one/$file" || fail "$file differs between --threads 2 and --threads 1"
done

# Again into the same folder: refused without --resume.
run_trappsteg sensitivity "$WORK/morris.yaml" --out "$WORK/two" --quiet
expect_status 2 "a second analysis into the same folder"
expect_contains "$ERR" "add --resume" "a second analysis into the same folder"

# Ctrl-C keeps the finished points; --resume runs the others and ends as the uninterrupted one.
some_points() { [[ -f $WORK/cut/points.csv && $(wc -l <"$WORK/cut/points.csv") -ge 5 ]]; }
"$TRAPPSTEG" sensitivity "$WORK/morris.yaml" --out "$WORK/cut" --threads 1 --quiet >"$WORK/cut.out" 2>&1 &
pid=$!
wait_until "four points written" some_points
kill -INT "$pid"
wait "$pid"
RC=$?
if [[ $RC -eq 0 ]]; then
  echo "note: the analysis finished before the interrupt; the resume check is vacuous" >&2
else
  expect_status 130 "an interrupted analysis"
  expect_contains "$(cat "$WORK/cut/manifest.json")" '"complete": false' "an interrupted analysis's manifest"
fi
run_trappsteg sensitivity "$WORK/morris.yaml" --out "$WORK/cut" --threads 2 --resume
expect_status 0 "the resumed analysis"
expect_contains "$ERR" "read back from points.csv" "a resumed analysis says what it read"
for file in points.csv indices.csv; do
  cmp -s "$WORK/one/$file" "$WORK/cut/$file" || fail "$file after Ctrl-C and --resume differs from the uninterrupted analysis"
done

# An input path that does not exist is refused at its line.
sed -i 's/per_participant_month_sek/per_participant_month_sekk/' "$WORK/morris.yaml"
run_trappsteg sensitivity "$WORK/morris.yaml" --out "$WORK/bad"
expect_status 2 "an analysis with a bad input path"
expect_contains "$ERR" "$WORK/morris.yaml:$(line_of "$WORK/morris.yaml" "per_participant_month_sekk"):" "the bad path's line"

leftovers=$(find "$WORK" \( -name '*.tmp*' -o -name '.*.partial-*' -o -name '*.lock' \) -print)
[[ -z $leftovers ]] || fail "temporary files left: $leftovers"

finish
