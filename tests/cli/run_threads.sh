# The same seed gives byte-identical results with --threads 1 and --threads 2
# (run.json, which records timing and the thread count, is the one file that differs).
source "$(dirname "$0")/lib.sh"

for threads in 1 2; do
  run_trappsteg run scenarios/baseline.yaml --scale 0.02 --years 2 --seed 11 --threads "$threads" --out "$WORK/t$threads" --quiet
  expect_status 0 "run with --threads $threads"
done
for file in outcomes.csv newcomers.csv summary.json staircase.dot; do
  cmp -s "$WORK/t1/$file" "$WORK/t2/$file" || fail "$file differs between --threads 1 and --threads 2"
done
grep -q '"threads": 2' "$WORK/t2/run.json" || fail "run.json does not record the thread count"

run_trappsteg run scenarios/baseline.yaml --scale 0.02 --years 2 --seed 12 --threads 2 --out "$WORK/other" --quiet
cmp -s "$WORK/t1/outcomes.csv" "$WORK/other/outcomes.csv" && fail "a different seed gave the same outcomes"

finish
