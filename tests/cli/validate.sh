# `trappsteg validate`: good files exit 0 and say what they are; a bad file exits 2 with
# file:line:column: key.path: message on stderr.
source "$(dirname "$0")/lib.sh"

# Every shipped file is valid and recognised.
run_trappsteg validate scenarios/baseline.yaml models/goteborg/districts.yaml models/goteborg/staircase.yaml \
  models/goteborg/economy.yaml models/goteborg/demography.yaml
expect_status 0 "validate shipped files"
expect_contains "$OUT" "scenarios/baseline.yaml: ok (scenario (with its model files))" "validate shipped files"
expect_contains "$OUT" "models/goteborg/districts.yaml: ok (districts)" "validate shipped files"
expect_contains "$OUT" "models/goteborg/staircase.yaml: ok (staircase)" "validate shipped files"
expect_contains "$OUT" "models/goteborg/economy.yaml: ok (economy)" "validate shipped files"
expect_contains "$OUT" "models/goteborg/demography.yaml: ok (demography)" "validate shipped files"
[[ -z $ERR ]] || fail "validate shipped files: unexpected stderr: $ERR"

# A misspelt key in a district.
copy_model >/dev/null
districts=$WORK/model/models/goteborg/districts.yaml
sed -i '0,/^    employment_rate_20_64:/s//    emplyment_rate_20_64:/' "$districts"
line=$(line_of "$districts" "emplyment_rate_20_64:")
col=$(column_of "$districts" "emplyment_rate_20_64:")
run_trappsteg validate "$districts"
expect_status 2 "validate bad districts"
expect_contains "$ERR" "$districts:$line:$col: districts[0].emplyment_rate_20_64: unknown key 'emplyment_rate_20_64'; did you mean 'employment_rate_20_64'?" "validate bad districts"

# A good and a bad file together: the good one is reported ok, the status is still 2.
run_trappsteg validate models/goteborg/economy.yaml "$districts"
expect_status 2 "validate good and bad"
expect_contains "$OUT" "models/goteborg/economy.yaml: ok (economy)" "validate good and bad"
expect_contains "$ERR" "districts[0].emplyment_rate_20_64" "validate good and bad"

# A scenario is validated with its model files: the bad districts file is found through it.
run_trappsteg validate "$WORK/model/scenarios/baseline.yaml"
expect_status 2 "validate scenario with bad model"
expect_contains "$ERR" "$districts:$line:$col: districts[0].emplyment_rate_20_64" "validate scenario with bad model"

# A missing file.
run_trappsteg validate "$WORK/absent.yaml"
expect_status 2 "validate missing file"
expect_contains "$ERR" "$WORK/absent.yaml: file not found" "validate missing file"

# A YAML file that is not a Trappsteg file.
printf 'colour: blue\n' >"$WORK/other.yaml"
run_trappsteg validate "$WORK/other.yaml"
expect_status 2 "validate other file"
expect_contains "$ERR" "$WORK/other.yaml:1:1: not a Trappsteg file" "validate other file"

# Everything run and sweep would load: a scenario's baseline (with its own model and policies),
# a scenario that only extends another, and sweep files with their base at every point.
scenario=$(copy_model)
cp "$scenario" "$WORK/baseline.saved"
sed -i 's/^replicates:/replicats:/' "$scenario"
cat >"$WORK/model/scenarios/measure.yaml" <<YAML
extends: baseline.yaml
description: "A measure against a broken baseline."
baseline: baseline.yaml
YAML
run_trappsteg validate "$WORK/model/scenarios/measure.yaml"
expect_status 2 "validate a scenario whose baseline is broken"
expect_contains "$ERR" "$scenario:$(line_of "$scenario" "replicats:"):1: replicats: unknown key" "validate a scenario whose baseline is broken"
cp "$WORK/baseline.saved" "$scenario"
cat >"$WORK/model/scenarios/measure.yaml" <<YAML
extends: baseline.yaml
description: "Only a description of its own."
YAML
run_trappsteg validate "$WORK/model/scenarios/measure.yaml" scenarios/sweeps/job_finding.yaml scenarios/sweeps/families_lhs.yaml
expect_status 0 "validate an extending scenario and the shipped sweeps"
expect_contains "$OUT" "measure.yaml: ok (scenario" "validate a scenario that only extends another"
expect_contains "$OUT" "job_finding.yaml: ok (sweep" "validate a sweep"
cat >"$WORK/sweep.yaml" <<YAML
base: $scenario
parameters:
  - path: staircase.transitions[from=job_seeker,to=first_job].base
    values: [0.03, -0.01]
YAML
run_trappsteg validate "$WORK/sweep.yaml"
expect_status 2 "validate a sweep with a bad point"
expect_contains "$ERR" "is out of range" "validate a sweep with a bad point"
expect_contains "$ERR" "(sweep point 1)" "validate a sweep with a bad point"
run_trappsteg validate scenarios/uncertainty/assumptions.yaml
expect_status 0 "validate the shipped uncertainty file"
expect_contains "$OUT" "assumptions.yaml: ok (uncertainty" "validate the shipped uncertainty file"
cat >"$WORK/uncertain.yaml" <<YAML
inputs:
  - path: staircase.transitions[from=job_seeker,to=first_job].base
    distribution: uniform
    bounds: [0.02, 0.04]
    source: test
  - path: staircase.transitions[from=job_seeker,to=first_jobb].base
    distribution: uniform
    bounds: [0.02, 0.04]
    source: test
YAML
run_trappsteg validate "$WORK/uncertain.yaml"
expect_status 2 "validate an uncertainty file with a misspelt path"
expect_contains "$ERR" "$WORK/uncertain.yaml:$(line_of "$WORK/uncertain.yaml" "first_jobb"):" "the misspelt path's line"
run_trappsteg schema --file-kind sweep
expect_status 0 "schema --file-kind sweep"
expect_contains "$OUT" "parameters[].path" "schema --file-kind sweep"

finish
