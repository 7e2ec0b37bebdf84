# A sweep killed mid-way and resumed ends with the same results as one never interrupted,
# and a sweep's results do not depend on the thread count.
source "$(dirname "$0")/lib.sh"

cat >"$WORK/sweep.yaml" <<YAML
base: $PWD/scenarios/baseline.yaml
design: grid
parameters:
  - path: staircase.transitions[from=job_seeker,to=first_job].base
    values: [0.025, 0.035, 0.045]
  - path: economy.income_support.adult_single
    values: [2700, 3200]
replicates: 2
scale: 0.03
years: 3
YAML

# Uninterrupted, on two threads and on one.
run_trappsteg sweep "$WORK/sweep.yaml" --out "$WORK/whole" --threads 2 --quiet
expect_status 0 "uninterrupted sweep"
run_trappsteg sweep "$WORK/sweep.yaml" --out "$WORK/one" --threads 1 --quiet
expect_status 0 "sweep on one thread"
for file in sweep.csv points.csv; do
  cmp -s "$WORK/whole/$file" "$WORK/one/$file" || fail "$file differs between --threads 2 and --threads 1"
done
[[ $(tail -n +2 "$WORK/whole/sweep.csv" | wc -l) -eq 12 ]] || fail "sweep.csv should have 6 points × 2 replicates"

# Killed (SIGKILL: no chance to clean up) once some runs are written, then resumed.
"$TRAPPSTEG" sweep "$WORK/sweep.yaml" --out "$WORK/cut" --threads 1 --quiet >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  done_runs=$(ls "$WORK/cut/runs" 2>/dev/null | grep -c '\.csv$')
  [[ $done_runs -ge 3 ]] && break
  sleep 0.02
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
done_runs=$(ls "$WORK/cut/runs" | grep -c '\.csv$')
[[ $done_runs -ge 3 && $done_runs -lt 12 ]] || fail "the kill came at the wrong moment: $done_runs of 12 runs done"
[[ -e $WORK/cut/sweep.csv ]] && fail "a killed sweep must not have written sweep.csv"

run_trappsteg sweep "$WORK/sweep.yaml" --out "$WORK/cut" --quiet
expect_status 2 "a second sweep into the same folder without --resume"
expect_contains "$ERR" "add --resume" "a second sweep into the same folder"

run_trappsteg sweep "$WORK/sweep.yaml" --out "$WORK/cut" --resume --threads 2
expect_status 0 "resumed sweep"
expect_contains "$ERR" "already done" "resumed sweep says what it skips"
for file in sweep.csv points.csv; do
  cmp -s "$WORK/whole/$file" "$WORK/cut/$file" || fail "$file after --resume differs from the uninterrupted sweep"
done
leftovers=$(find "$WORK/cut" -name '*.tmp*' -print)
[[ -z $leftovers ]] || fail "temporary files left: $leftovers"

# --resume with another sweep definition is refused.
sed -i 's/0.045/0.05/' "$WORK/sweep.yaml"
run_trappsteg sweep "$WORK/sweep.yaml" --out "$WORK/cut" --resume --quiet
expect_status 2 "resume with a changed sweep"

finish
