# trappsteg calibrate: writes its trace, fit and fitted model files; results do not depend on
# the thread count; Ctrl-C keeps the best point and --resume continues to the same result;
# --write puts the fitted values into the model files, keeping their comments.
source "$(dirname "$0")/lib.sh"

scenario=$(copy_model)
benefits=$WORK/model/models/goteborg/benefits.yaml
cp "$benefits" "$WORK/benefits.saved"
cat >"$WORK/targets.yaml" <<YAML
targets:
  - {name: support, metric: households_on_support, period: 2016, statistic: mean, value: 15000, tolerance: 500,
     source: test, sureness: I, use: fit}
  - {name: employment, metric: employment_rate_20_64, period: 2016, statistic: mean, value: 0.745, tolerance: 0.003,
     source: test, sureness: I, use: fit}
  - {name: neet, metric: neet_rate_16_24, period: 2016, statistic: mean, value: 0.1, tolerance: 0.02,
     source: test, sureness: I, use: check}
YAML
cat >"$WORK/fit.yaml" <<YAML
description: "A small test calibration"
scenario: $scenario
targets: $WORK/targets.yaml
parameters:
  - path: benefits.income_support.take_up.max
    bounds: [0.3, 0.99]
    start: 0.9
    transform: logit
  - path: staircase.transitions[from=stable_job,to=job_seeker].base
    bounds: [0.002, 0.01]
    start: 0.0045
    transform: log
evaluation: {scale: 0.01, years: 1, replicates: 2, seed: 5}
optimiser: {algorithm: bobyqa, max_evaluations: 24}
YAML

run_trappsteg calibrate "$WORK/fit.yaml" --out "$WORK/two" --threads 2 --quiet
expect_status 0 "a calibration"
for file in trace.csv parameters.csv fit.csv model/benefits.yaml model/staircase.yaml report.html manifest.json calibration.yaml; do
  [[ -s $WORK/two/$file ]] || fail "calibration: $file missing or empty"
done
expect_contains "$(cat "$WORK/two/manifest.json")" '"complete": true' "a finished calibration's manifest"
expect_contains "$OUT" "support" "the fit table in the terminal"
expect_contains "$(cat "$WORK/two/fit.csv")" "neet,check" "the checked target is in the fit table"
fitted=$(awk -F, 'NR == 2 {printf "%.4g", $6}' "$WORK/two/parameters.csv")
expect_contains "$(grep -n 'max:' "$WORK/two/model/benefits.yaml")" "max: $fitted  # calibrated by fit.yaml on" "the fitted value in model/benefits.yaml"
# Only that line changed: the rest of the file, comments included, is as it was.
[[ $(diff "$WORK/benefits.saved" "$WORK/two/model/benefits.yaml" | grep -c '^[<>]') -eq 2 ]] || fail "model/benefits.yaml changed more than one line"
cmp -s "$benefits" "$WORK/benefits.saved" || fail "the model file was changed without --write"
run_trappsteg report "$WORK/two"
expect_status 0 "report on a calibration folder"
expect_contains "$(cat "$WORK/two/report.html")" "Fitted parameters" "the calibration report"

# The same on one thread.
run_trappsteg calibrate "$WORK/fit.yaml" --out "$WORK/one" --threads 1 --quiet
expect_status 0 "a calibration on one thread"
for file in trace.csv parameters.csv fit.csv; do
  cmp -s "$WORK/two/$file" "$WORK/one/$file" || fail "$file differs between --threads 2 and --threads 1"
done

# Again into the same folder: --resume reads the whole trace back and ends the same.
run_trappsteg calibrate "$WORK/fit.yaml" --out "$WORK/two" --quiet
expect_status 2 "a second calibration into the same folder"
expect_contains "$ERR" "add --resume" "a second calibration into the same folder"
cp "$WORK/two/parameters.csv" "$WORK/parameters.first"
run_trappsteg calibrate "$WORK/fit.yaml" --out "$WORK/two" --resume
expect_status 0 "a resumed finished calibration"
expect_contains "$ERR" "read back from trace.csv" "a resumed calibration says what it read"
cmp -s "$WORK/two/parameters.csv" "$WORK/parameters.first" || fail "resuming a finished calibration changed parameters.csv"

# Ctrl-C keeps the best point so far; --resume then ends as the uninterrupted one did.
trace_rows() { [[ -f $WORK/cut/trace.csv && $(wc -l <"$WORK/cut/trace.csv") -ge 5 ]]; }
"$TRAPPSTEG" calibrate "$WORK/fit.yaml" --out "$WORK/cut" --threads 1 --quiet >"$WORK/cut.out" 2>&1 &
pid=$!
wait_until "four evaluations in the trace" trace_rows
kill -INT "$pid"
wait "$pid"
RC=$?
if [[ $RC -eq 0 ]]; then
  echo "note: the calibration finished before the interrupt; the resume check is vacuous" >&2
else
  expect_status 130 "an interrupted calibration"
  [[ -s $WORK/cut/parameters.csv ]] || fail "an interrupted calibration keeps its best point in parameters.csv"
  expect_contains "$(cat "$WORK/cut/manifest.json")" '"complete": false' "an interrupted calibration's manifest"
fi
run_trappsteg calibrate "$WORK/fit.yaml" --out "$WORK/cut" --threads 2 --resume --quiet
expect_status 0 "the resumed calibration"
for file in trace.csv parameters.csv fit.csv; do
  cmp -s "$WORK/one/$file" "$WORK/cut/$file" || fail "$file after Ctrl-C and --resume differs from the uninterrupted calibration"
done

# --write puts the fitted values into the model files themselves.
run_trappsteg calibrate "$WORK/fit.yaml" --out "$WORK/written" --write --quiet
expect_status 0 "calibrate --write"
expect_contains "$(grep 'max:' "$benefits")" "max: $fitted  # calibrated by fit.yaml on" "--write changed the model file"

# A parameter path that does not exist is refused at its line.
sed -i 's/take_up.max/take_up.maxx/' "$WORK/fit.yaml"
run_trappsteg calibrate "$WORK/fit.yaml" --out "$WORK/bad"
expect_status 2 "a calibration with a bad parameter path"
expect_contains "$ERR" "$WORK/fit.yaml:$(line_of "$WORK/fit.yaml" "take_up.maxx"):" "the bad path's line"

leftovers=$(find "$WORK" \( -name '*.tmp*' -o -name '.*.partial-*' -o -name '*.lock' \) -print)
[[ -z $leftovers ]] || fail "temporary files left: $leftovers"

finish
