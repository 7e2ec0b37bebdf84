# A --set aimed at a policy goes to the scenarios that run it: a run's baseline and the other
# scenarios of a compare that do not run it are left alone, and a bad value gives exactly its
# own error; a --set aimed at a policy no scenario runs is refused, naming it. A key path whose
# selector matches two list elements is refused, listing both with their lines.
source "$(dirname "$0")/lib.sh"

tiny=(--scale 0.002 --years 1 --replicates 1 --seed 5 --quiet)
seats=policy.families_250.capacity.seats

# Only the lines that name a problem.
errors() { grep '^error: ' <<<"$ERR"; }

run_trappsteg run scenarios/families_250.yaml "${tiny[@]}" --set "$seats=800" --out "$WORK/run"
expect_status 0 "run with its baseline, the families measure's seats set"
grep -q '^  seats: 800$' "$WORK/run/inputs/policies/families_250.yaml" 2>/dev/null ||
  fail "the run's families_250 policy does not have 800 seats"
[[ -e $WORK/run/inputs/baseline/policies/families_250.yaml ]] && fail "the baseline runs the families measure"

run_trappsteg compare scenarios/baseline.yaml scenarios/families_250.yaml "${tiny[@]}" --set "$seats=800" --out "$WORK/compare"
expect_status 0 "compare, the families measure's seats set"
grep -q '^  seats: 800$' "$WORK/compare/inputs/families_250/policies/families_250.yaml" 2>/dev/null ||
  fail "the compared families_250 policy does not have 800 seats"

for command in "run scenarios/families_250.yaml" "compare scenarios/baseline.yaml scenarios/families_250.yaml"; do
  # shellcheck disable=SC2086 # the command's words
  run_trappsteg $command "${tiny[@]}" --set "$seats=-5" --out "$WORK/negative"
  expect_status 2 "$command with seats=-5"
  expected="error: --set $seats=-5: capacity.seats: -5 is out of range: must be within [0, 1000000000] — a number of places cannot be negative"
  [[ $(errors) == "$expected" ]] || fail "$command with seats=-5: expected exactly"$'\n'"$expected"$'\n'"got"$'\n'"$(errors)"
  expect_no_output_folder "$WORK/negative" "$command with seats=-5"
done

# A policy key that no scenario runs: the nearest key is suggested, at the --set.
run_trappsteg compare scenarios/baseline.yaml scenarios/families_250.yaml "${tiny[@]}" \
  --set policy.famlies_250.capacity.seats=800 --out "$WORK/misspelt"
expect_status 2 "compare with a misspelt policy key"
expected="error: --set policy.famlies_250.capacity.seats=800: policy.famlies_250.capacity.seats: none of the compared scenarios runs a policy 'famlies_250'; did you mean 'families_250'?"
[[ $(errors) == "$expected" ]] || fail "misspelt policy key in compare: expected"$'\n'"$expected"$'\n'"got"$'\n'"$(errors)"
run_trappsteg run scenarios/baseline.yaml "${tiny[@]}" --set "$seats=800" --out "$WORK/not_run"
expect_status 2 "run of the baseline with the families measure's seats"
expect_contains "$(errors)" "$seats: the scenario runs no policy 'families_250'" "a policy the scenario does not run"

# Two transitions lead from job_seeker to education (one for the young): the selector names both.
staircase=models/goteborg/staircase.yaml
first=$(line_of "$staircase" "{from: job_seeker, to: education, base: 0.010")
second=$(line_of "$staircase" "{from: job_seeker, to: education, base: 0.1621")
index=$(( $(head -n "$first" "$staircase" | grep -c '^  - {from:') - 1 ))
ambiguous='staircase.transitions[from=job_seeker,to=education].base'
for command in "run scenarios/baseline.yaml" "compare scenarios/baseline.yaml scenarios/families_250.yaml"; do
  # shellcheck disable=SC2086 # the command's words
  run_trappsteg $command "${tiny[@]}" --set "$ambiguous=0.02" --out "$WORK/ambiguous"
  expect_status 2 "$command with an ambiguous selector"
  expected="error: --set $ambiguous=0.02: $ambiguous: the selector matches 2 elements of 'transitions': [$index] at staircase.yaml:$first (from=job_seeker, to=education, base=0.010, uses=[age]); [$((index + 1))] at staircase.yaml:$second (from=job_seeker, to=education, base=0.1621, requires.max_age=25); select one by index, e.g. [$index], or add a key that tells them apart, e.g. [from=a,to=b,requires.max_age=25]"
  [[ $(errors | sort -u) == "$expected" ]] || fail "$command with an ambiguous selector: expected"$'\n'"$expected"$'\n'"got"$'\n'"$(errors)"
  expect_no_output_folder "$WORK/ambiguous" "$command with an ambiguous selector"
done
# The key that tells them apart changes only the young people's transition.
run_trappsteg run scenarios/baseline.yaml "${tiny[@]}" --set 'staircase.transitions[from=job_seeker,to=education,requires.max_age=25].base=0.2' \
  --out "$WORK/young"
expect_status 0 "a selector with requires.max_age"
young=$(grep -c -F '{from: job_seeker, to: education, base: 0.2, requires: {max_age: 25}' "$WORK/young/inputs/staircase.yaml")
others=$(grep -c -F '{from: job_seeker, to: education, base: 0.010, uses: [age]}' "$WORK/young/inputs/staircase.yaml")
[[ $young -eq 1 && $others -eq 1 ]] || fail "requires.max_age=25 should change the young people's transition only (found $young and $others)"

finish
