# trappsteg compare --uncertainty: each replicate draws the uncertain inputs, the same draw in
# every scenario; a draw that changes nothing changes nothing (compare.csv as without it); the
# draws and results do not depend on the thread count; payback.csv gives the share of
# replicates that pay back; a bad input path is refused at its line.
source "$(dirname "$0")/lib.sh"

copy_model >/dev/null
cp scenarios/families_250.yaml "$WORK/model/scenarios/"
base=$WORK/model/scenarios/baseline.yaml
families=$WORK/model/scenarios/families_250.yaml
settings=(--replicates 3 --scale 0.005 --years 5 --quiet)

# The shipped values as degenerate distributions: the same numbers, so the same results.
cat >"$WORK/same.yaml" <<YAML
inputs:
  - {path: "staircase.transitions[from=job_seeker,to=stable_job].base", distribution: uniform, bounds: [0.03, 0.03], source: test}
  - {path: policy.families_250.costs.per_participant_month_sek, distribution: uniform, bounds: [9000, 9000], source: test}
YAML
run_trappsteg compare "$base" "$families" "${settings[@]}" --out "$WORK/plain"
expect_status 0 "a compare"
run_trappsteg compare "$base" "$families" "${settings[@]}" --out "$WORK/same" --uncertainty "$WORK/same.yaml"
expect_status 0 "a compare with degenerate uncertainty"
cmp -s "$WORK/plain/compare.csv" "$WORK/same/compare.csv" || fail "a draw that changes nothing changed compare.csv"
cmp -s "$WORK/plain/budget.csv" "$WORK/same/budget.csv" || fail "a draw that changes nothing changed budget.csv"

cat >"$WORK/wide.yaml" <<YAML
inputs:
  - path: staircase.transitions[from=job_seeker,to=stable_job].base
    distribution: lognormal
    mean: 0.03
    sd: 0.01
    source: test
  - path: policy.families_250.effects.transitions[from=job_seeker,to=first_job].multiplier
    distribution: triangular
    bounds: [1, 4]
    mode: 2.5
    source: test
YAML
run_trappsteg compare "$base" "$families" "${settings[@]}" --out "$WORK/two" --uncertainty "$WORK/wide.yaml" --threads 2
expect_status 0 "a compare with uncertainty"
[[ $(($(wc -l <"$WORK/two/uncertainty.csv") - 1)) -eq 6 ]] || fail "uncertainty.csv: expected 3 replicates x 2 inputs"
values=$(grep -c 'stable_job' "$WORK/two/uncertainty.csv")
distinct=$(grep 'stable_job' "$WORK/two/uncertainty.csv" | awk -F, '{print $NF}' | sort -u | wc -l)
[[ $values -eq 3 && $distinct -eq 3 ]] || fail "each replicate should draw its own value ($distinct distinct of $values)"
cmp -s "$WORK/plain/compare.csv" "$WORK/two/compare.csv" && fail "the uncertain inputs changed nothing"
[[ -s $WORK/two/payback.csv ]] || fail "payback.csv missing"
expect_contains "$(cat "$WORK/two/payback.csv")" "families_250,5," "the five-year payback row"
expect_contains "$OUT" "pays back within 5 years in" "the payback line in the terminal"
run_trappsteg compare "$base" "$families" "${settings[@]}" --out "$WORK/one" --uncertainty "$WORK/wide.yaml" --threads 1
expect_status 0 "the same on one thread"
for file in compare.csv budget.csv uncertainty.csv payback.csv; do
  cmp -s "$WORK/two/$file" "$WORK/one/$file" || fail "$file differs between --threads 2 and --threads 1"
done

# A path that does not exist is refused at its line in the uncertainty file.
sed -i 's/to=stable_job\].base/to=stable_jobb].base/' "$WORK/wide.yaml"
run_trappsteg compare "$base" "$families" "${settings[@]}" --out "$WORK/bad" --uncertainty "$WORK/wide.yaml"
expect_status 2 "an uncertain input with a bad path"
expect_contains "$ERR" "$WORK/wide.yaml:$(line_of "$WORK/wide.yaml" "stable_jobb"):" "the bad path's line"
[[ -e $WORK/bad ]] && fail "a refused compare wrote its folder"

finish
