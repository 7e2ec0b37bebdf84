# trappsteg compare writes the same bytes with --threads 1 and --threads 2.
source "$(dirname "$0")/lib.sh"

for threads in 1 2; do
  run_trappsteg compare scenarios/baseline.yaml scenarios/families_250.yaml --replicates 3 --scale 0.02 --years 2 \
    --threads "$threads" --out "$WORK/c$threads" --quiet
  expect_status 0 "compare with --threads $threads"
done
for file in compare.csv headline.csv headline.md budget.csv; do
  [[ -s $WORK/c1/$file ]] || fail "$file missing"
  cmp -s "$WORK/c1/$file" "$WORK/c2/$file" || fail "$file differs between --threads 1 and --threads 2"
done
expect_contains "$(cat "$WORK/c1/headline.md")" "| … vs Baseline: Göteborg 2016 |" "headline.md shows differences to the first scenario"
[[ $(head -n1 "$WORK/c1/compare.csv") == "scenario,month,district,group,metric,replicates,mean,low,high,difference,difference_low,difference_high" ]] ||
  fail "compare.csv header"

finish
