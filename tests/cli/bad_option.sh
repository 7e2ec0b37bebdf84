# A bad command-line value is invalid input too: the help text promises exit status 2.
source "$(dirname "$0")/lib.sh"

run_trappsteg run scenarios/baseline.yaml --scale 2 --out "$WORK/out"
expect_status 2 "run --scale 2"
expect_contains "$ERR" "--scale" "run --scale 2"
expect_no_output_folder "$WORK/out" "run --scale 2"

run_trappsteg run scenarios/baseline.yaml --sclae 0.1 --out "$WORK/out"
expect_status 2 "run --sclae 0.1"
expect_no_output_folder "$WORK/out" "run --sclae 0.1"

run_trappsteg run scenarios/baseline.yaml --scale 0.01 --years 1 --gap angered,vastra_gotebrg --out "$WORK/out"
expect_status 2 "run --gap with a misspelt district"
expect_contains "$ERR" "did you mean 'vastra_goteborg'" "run --gap with a misspelt district"
expect_no_output_folder "$WORK/out" "run --gap with a misspelt district"

run_trappsteg compare scenarios/baseline.yaml scenarios/families_250.yaml --scale 0.01 --years 1 --gap angered,angered --out "$WORK/out"
expect_status 2 "compare --gap naming one district twice"
expect_contains "$ERR" "two different districts" "compare --gap naming one district twice"
expect_no_output_folder "$WORK/out" "compare --gap naming one district twice"

run_trappsteg run scenarios/baseline.yaml --gap angered --out "$WORK/out"
expect_status 2 "run --gap with one district"
expect_no_output_folder "$WORK/out" "run --gap with one district"

# Microdata options: a frequency that is not one, a share outside (0, 1], and a sweep, which keeps no people.
for bad in "--microdata weekly" "--microdata-sample 0" "--microdata-sample 1.5" "--microdata-sample nan"; do
  # shellcheck disable=SC2086
  run_trappsteg run scenarios/baseline.yaml --scale 0.01 --years 1 $bad --out "$WORK/out"
  expect_status 2 "run $bad"
  expect_no_output_folder "$WORK/out" "run $bad"
done
run_trappsteg sweep scenarios/sweeps/job_finding.yaml --microdata --out "$WORK/out"
expect_status 2 "sweep --microdata"
# The scenario key: a misspelt frequency and sample are named with their file and line.
sed 's/^seed: .*/&\nmicrodata: {frequency: yarly, sampel: 0.5}/' scenarios/baseline.yaml >"$WORK/micro.yaml"
sed -i "s#\.\./models/#$PWD/models/#; s#^baseline: .*##; s#  - policies/#  - $PWD/scenarios/policies/#" "$WORK/micro.yaml"
run_trappsteg validate "$WORK/micro.yaml"
expect_status 2 "validate a scenario with a bad microdata key"
expect_contains "$ERR" "'yarly' is not a frequency" "the misspelt frequency"
expect_contains "$ERR" "did you mean 'sample'" "the misspelt sample key"

run_trappsteg
expect_status 2 "no subcommand"

finish
