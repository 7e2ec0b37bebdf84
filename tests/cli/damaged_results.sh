# `trappsteg report` and `graph --results` read only complete results folders: a truncated,
# altered or missing file, a folder that is not Trappsteg results, and a month range that is
# inverted or outside the run are refused with status 2 and a message naming the problem.
source "$(dirname "$0")/lib.sh"

run_trappsteg run scenarios/baseline.yaml --scale 0.005 --years 1 --quiet --out "$WORK/good"
expect_status 0 "a run to damage"
run_trappsteg report "$WORK/good"
expect_status 0 "report on an intact folder"
run_trappsteg graph --results "$WORK/good" --from-month 2 --to-month 5
expect_status 0 "graph on an intact folder"

damaged() {  # damaged <name> <how>: a copy of the good folder with one file changed
  rm -rf "$WORK/bad"
  cp -r "$WORK/good" "$WORK/bad"
  case $2 in
    truncate) head -c 1000 "$WORK/good/$1" >"$WORK/bad/$1" ;;
    garbage) printf 'garbage' | dd of="$WORK/bad/$1" bs=1 seek=100 conv=notrunc status=none ;;
    empty) : >"$WORK/bad/$1" ;;
    remove) rm "$WORK/bad/$1" ;;
  esac
}
for case in "outcomes.csv truncate" "outcomes.csv garbage" "summary.json empty" "budget.csv remove" \
  "inputs/staircase.yaml garbage" "manifest.json truncate"; do
  read -r file how <<<"$case"
  damaged "$file" "$how"
  run_trappsteg report "$WORK/bad"
  expect_status 2 "report with $file ($how)"
  expect_contains "$ERR" "$file" "report with $file ($how) names the file"
  run_trappsteg graph --results "$WORK/bad"
  expect_status 2 "graph --results with $file ($how)"
done
damaged outcomes.csv truncate
run_trappsteg report "$WORK/bad"
expect_contains "$ERR" "(truncated)" "a truncated file is called truncated"

mkdir -p "$WORK/other" && echo "x" >"$WORK/other/outcomes.csv"
run_trappsteg report "$WORK/other"
expect_status 2 "report on a folder of other files"
expect_contains "$ERR" "no manifest.json" "report on a folder of other files"

# Month ranges.
run_trappsteg graph --results "$WORK/good" --from-month 9 --to-month 3
expect_status 2 "an inverted month range"
expect_contains "$ERR" "--from-month: month 9 is after --to-month 3" "an inverted month range"
run_trappsteg graph --results "$WORK/good" --to-month 13
expect_status 2 "a month after the run"
expect_contains "$ERR" "the run has 12 months" "a month after the run"
run_trappsteg graph --from-month 2
expect_status 2 "a month range without --results"
run_trappsteg compare scenarios/baseline.yaml scenarios/families_250.yaml --scale 0.005 --years 1 --quiet --out "$WORK/cmp"
run_trappsteg graph --results "$WORK/cmp"
expect_status 2 "graph --results on a compare folder"
expect_contains "$ERR" "holds a compare" "graph --results on a compare folder"

finish
