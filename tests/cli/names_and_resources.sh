# A scenario's name or a policy's key never steers a write outside results/; a policy listed
# twice, or a scenario asking for more people, memory or disk than there is, is refused up
# front with status 2 (not killed by the system half-way).
source "$(dirname "$0")/lib.sh"

scenario=$(copy_model)
# Work two folders down, so that a name ../../x would land in $WORK/x.
mkdir -p "$WORK/a/b"
cd "$WORK/a/b" || exit 1

# Names that would be paths.
for name in "../../x" "/abs" "a/b" ".hidden" ""; do
  cp "$scenario" "$WORK/named.yaml"
  sed -i "s|^name: .*|name: \"$name\"|" "$WORK/named.yaml"
  sed -i "s|\.\./models/|model/models/|g; s|policies/|model/scenarios/policies/|" "$WORK/named.yaml"
  run_trappsteg run "$WORK/named.yaml" --scale 0.005 --years 1 --quiet
  expect_status 2 "scenario name '$name'"
  expect_contains "$ERR" "named.yaml:$(line_of "$WORK/named.yaml" "name:"):1: name:" "scenario name '$name' is reported at its line"
done
[[ -e $WORK/x || -e /abs || -e $WORK/a/b/results ]] && fail "a scenario name wrote outside results/"
policy=$WORK/model/scenarios/policies/competence_centre_gamlestaden.yaml
cp "$policy" "$WORK/policy.saved"
sed -i 's|^key: .*|key: ../../evil|' "$policy"
run_trappsteg validate "$scenario"
expect_status 2 "a policy key with a path"
expect_contains "$ERR" "key: '../../evil' cannot name" "a policy key with a path"
cp "$WORK/policy.saved" "$policy"

# A policy listed twice, and listed 5,000 times (a 200 kB file): refused at once, in bounded memory.
cp "$scenario" "$WORK/twice.yaml"
sed -i 's|^  - policies/competence_centre_gamlestaden.yaml|  - policies/competence_centre_gamlestaden.yaml\n  - policies/competence_centre_gamlestaden.yaml|' "$WORK/twice.yaml"
cp "$WORK/twice.yaml" "$WORK/model/scenarios/twice.yaml"
run_trappsteg run "$WORK/model/scenarios/twice.yaml" --quiet
expect_status 2 "a policy listed twice"
expect_contains "$ERR" "already listed as policies[0]" "a policy listed twice"
{
  grep -v '^  - policies/' "$scenario" | grep -v '^policies:'
  echo "policies:"
  for _ in $(seq 1 5000); do echo "  - policies/competence_centre_gamlestaden.yaml"; done
} >"$WORK/model/scenarios/many.yaml"
# Bounded address space (2 GB), except for a sanitizer build, whose shadow memory needs more.
(if [[ -z ${ASAN_OPTIONS:-} ]]; then ulimit -v 2000000; fi; exec "$TRAPPSTEG" run "$WORK/model/scenarios/many.yaml" --quiet) >"$WORK/stdout" 2>"$WORK/stderr"
RC=$? ERR=$(cat "$WORK/stderr")
expect_status 2 "a policy listed 5,000 times"
expect_contains "$ERR" "5000 policies are listed; at most 31" "a policy listed 5,000 times"

# People and memory: estimated from the inputs before anything runs.
run_trappsteg run "$scenario" --set 'districts.districts[key=angered].population=1e12' --out "$WORK/huge"
expect_status 2 "1e12 people"
expect_contains "$ERR" "resources:" "1e12 people"
run_trappsteg run "$scenario" --set 'districts.districts[key=angered].newcomers_per_year=1e9' --out "$WORK/huge"
expect_status 2 "1e9 newcomers a year"
expect_contains "$ERR" "resources:" "1e9 newcomers a year"
run_trappsteg run "$scenario" --replicates 100000 --years 50 --out "$WORK/huge"
expect_status 2 "100,000 full-city replicates over 50 years"
expect_contains "$ERR" "of memory" "100,000 full-city replicates over 50 years"
run_trappsteg run "$scenario" --max-memory 50M --out "$WORK/huge"
expect_status 2 "the full city within --max-memory 50M"
expect_contains "$ERR" "is the --max-memory limit" "the full city within --max-memory 50M"
expect_no_output_folder "$WORK/huge" "refused for resources"
run_trappsteg run "$scenario" --max-memory 4G --scale 0.005 --years 1 --out "$WORK/fits" --quiet
expect_status 0 "a run within --max-memory"

finish
