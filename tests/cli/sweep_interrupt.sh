# Ctrl-C (SIGINT) stops a sweep cleanly: exit status 130, finished runs kept for --resume,
# no final tables, no temporary files.
source "$(dirname "$0")/lib.sh"

cat >"$WORK/sweep.yaml" <<YAML
base: $PWD/scenarios/baseline.yaml
design: grid
parameters:
  - path: benefits.income_support.norm.adults.single
    values: [2600, 2700, 2800, 2900, 3000, 3100, 3200, 3300]
replicates: 2
scale: 0.03
years: 3
YAML

"$TRAPPSTEG" sweep "$WORK/sweep.yaml" --out "$WORK/s" --threads 1 >"$WORK/stdout" 2>"$WORK/stderr" &
pid=$!
# Wait on the event, not on the clock: a sanitizer build on a loaded machine may take long for a run.
until [[ $(ls "$WORK/s/runs" 2>/dev/null | grep -c '\.csv$') -ge 2 ]] || ! kill -0 "$pid" 2>/dev/null; do sleep 0.02; done
kill -INT "$pid"
wait "$pid"
RC=$?
ERR=$(cat "$WORK/stderr")
expect_status 130 "interrupted sweep"
expect_contains "$ERR" "Continue with --resume" "interrupted sweep"
kept=$(ls "$WORK/s/runs" | grep -c '\.csv$')
[[ $kept -ge 2 && $kept -lt 16 ]] || fail "expected some but not all runs kept, found $kept"
[[ -e $WORK/s/sweep.csv ]] && fail "an interrupted sweep must not write sweep.csv"
leftovers=$(find "$WORK/s" -name '*.tmp*' -print)
[[ -z $leftovers ]] || fail "temporary files left: $leftovers"

finish
