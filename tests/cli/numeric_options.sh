# Every numeric option and --set value rejects NaN and infinities (which pass range checks
# unless refused), and seeds are whole numbers in [0, 2^63 - 1] that round-trip through inputs/.
source "$(dirname "$0")/lib.sh"

cat >"$WORK/sweep.yaml" <<YAML
base: $PWD/scenarios/baseline.yaml
parameters:
  - path: benefits.income_support.norm.adults.single
    values: [2700]
scale: 0.01
years: 1
YAML

for value in nan inf -inf NaN Infinity; do
  for command in "run scenarios/baseline.yaml" "compare scenarios/baseline.yaml scenarios/families_250.yaml" \
    "sweep $WORK/sweep.yaml" "calibrate scenarios/baseline.yaml"; do
    # shellcheck disable=SC2086
    run_trappsteg $command --scale "$value" --out "$WORK/out"
    [[ $command == calibrate* ]] && run_trappsteg $command --scale "$value"
    expect_status 2 "$command --scale $value"
    expect_contains "$ERR" "--scale" "$command --scale $value"
    expect_no_output_folder "$WORK/out" "$command --scale $value"
  done
  run_trappsteg run scenarios/baseline.yaml --set "scale=$value" --out "$WORK/out"
  expect_status 2 "--set scale=$value"
  expect_contains "$ERR" "--set scale=$value: scale:" "--set scale=$value names the override"
  run_trappsteg run scenarios/baseline.yaml --set "economy.income_tax_rate=.$value" --out "$WORK/out"
  expect_status 2 "--set economy.income_tax_rate=.$value"
  expect_no_output_folder "$WORK/out" "--set with a non-finite value"
done

run_trappsteg run scenarios/baseline.yaml --max-memory lots --out "$WORK/out"
expect_status 2 "--max-memory lots"
run_trappsteg run scenarios/baseline.yaml --max-memory nanG --out "$WORK/out"
expect_status 2 "--max-memory nanG"

# Seeds: outside [0, 2^63 - 1] refused, on the command line and in a file.
for seed in -1 9223372036854775808 18446744073709551615 18446744073709551616 1.5 1e3; do
  run_trappsteg run scenarios/baseline.yaml --seed "$seed" --out "$WORK/out"
  expect_status 2 "--seed $seed"
  expect_contains "$ERR" "--seed" "--seed $seed"
  run_trappsteg run scenarios/baseline.yaml --set "seed=$seed" --out "$WORK/out"
  expect_status 2 "--set seed=$seed"
done
expect_no_output_folder "$WORK/out" "bad seeds"

# The largest seed runs, and its inputs/ repeat the run bit for bit.
run_trappsteg run scenarios/baseline.yaml --seed 9223372036854775807 --scale 0.005 --years 1 --out "$WORK/big" --quiet
expect_status 0 "--seed 2^63 - 1"
expect_contains "$(cat "$WORK/big/inputs/scenario.yaml")" "seed: 9223372036854775807" "the seed as written to inputs/"
run_trappsteg run "$WORK/big/inputs/scenario.yaml" --out "$WORK/again" --quiet
expect_status 0 "re-running inputs/scenario.yaml with seed 2^63 - 1"
cmp -s "$WORK/big/outcomes.csv" "$WORK/again/outcomes.csv" || fail "re-running with seed 2^63 - 1 changed outcomes.csv"
# A different seed gives different results (the seed is not silently clamped).
run_trappsteg run scenarios/baseline.yaml --seed 9223372036854775806 --scale 0.005 --years 1 --out "$WORK/other" --quiet
cmp -s "$WORK/big/outcomes.csv" "$WORK/other/outcomes.csv" && fail "seeds 2^63 - 1 and 2^63 - 2 gave the same results"

finish
