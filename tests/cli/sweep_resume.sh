# A sweep killed mid-way and resumed ends with the same results as one never interrupted;
# resuming with other inputs is refused, naming what differs; damaged run files are found
# and run again; a sweep's results do not depend on the thread count.
source "$(dirname "$0")/lib.sh"

base=$(copy_model)
cp "$base" "$base.orig"
models=$WORK/model/models/goteborg
write_sweep() {  # write_sweep <top value of the grid>
  cat >"$WORK/sweep.yaml" <<YAML
base: $base
design: grid
parameters:
  - path: staircase.transitions[from=job_seeker,to=first_job].base
    values: [0.025, 0.03, 0.035, 0.04, $1]
  - path: benefits.income_support.norm.adults.single
    values: [2700, 2950, 3200, 3450]
replicates: 2
scale: 0.005
years: 1
YAML
}
write_sweep 0.045
runs=40

# Uninterrupted, on two threads and on one.
run_trappsteg sweep "$WORK/sweep.yaml" --out "$WORK/whole" --threads 2 --quiet
expect_status 0 "uninterrupted sweep"
run_trappsteg sweep "$WORK/sweep.yaml" --out "$WORK/one" --threads 1 --quiet
expect_status 0 "sweep on one thread"
for file in sweep.csv points.csv; do
  cmp -s "$WORK/whole/$file" "$WORK/one/$file" || fail "$file differs between --threads 2 and --threads 1"
done
[[ $(tail -n +2 "$WORK/whole/sweep.csv" | wc -l) -eq $runs ]] || fail "sweep.csv should have 20 points × 2 replicates"

# Killed (SIGKILL: no chance to clean up) once some runs are written, then resumed.
"$TRAPPSTEG" sweep "$WORK/sweep.yaml" --out "$WORK/cut" --threads 1 --quiet >/dev/null 2>&1 &
pid=$!
until [[ $(count_files "$WORK/cut/runs" '*.csv') -ge 6 ]] || ! kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
done_runs=$(count_files "$WORK/cut/runs" '*.csv')
[[ $done_runs -ge 6 && $done_runs -lt $runs ]] || fail "the kill came at the wrong moment: $done_runs of $runs runs done"
[[ -e $WORK/cut/sweep.csv ]] && fail "a killed sweep must not have written sweep.csv"
expect_contains "$(cat "$WORK/cut/manifest.json")" '"complete": false' "a killed sweep's manifest"

run_trappsteg report "$WORK/cut"
expect_status 2 "report on an unfinished sweep"
expect_contains "$ERR" "unfinished sweep" "report on an unfinished sweep"

run_trappsteg sweep "$WORK/sweep.yaml" --out "$WORK/cut" --quiet
expect_status 2 "a second sweep into the same folder without --resume"
expect_contains "$ERR" "add --resume" "a second sweep into the same folder"

# --resume with other inputs would mix results: refused, naming what differs.
resume_refused() {  # resume_refused <what> <expected text> <extra arguments...>
  local what=$1 expected=$2
  shift 2
  run_trappsteg sweep "$WORK/sweep.yaml" --out "$WORK/cut" --resume --quiet "$@"
  expect_status 2 "resume with $what"
  expect_contains "$ERR" "$expected" "resume with $what"
}
resume_refused "another --scale" "--scale (was '0.005', now '0.006')" --scale 0.006
resume_refused "another --seed" "--seed (was '2016', now '7')" --seed 7
resume_refused "another --years" "--years (was '12 months', now '24 months')" --years 2
resume_refused "a --set" "--set (was '', now 'economy.income_tax_rate=0.31')" --set economy.income_tax_rate=0.31
resume_refused "another --replicates" "--replicates (was '2', now '3')" --replicates 3
cp "$WORK/sweep.yaml" "$WORK/sweep.saved"
write_sweep 0.05
resume_refused "a changed sweep file" "sweep file (changed)"
cp "$WORK/sweep.saved" "$WORK/sweep.yaml"
sed -i 's/^description:.*$/description: "edited"/' "$base"
grep -q '^description: "edited"' "$base" || echo 'description: "edited"' >>"$base"
resume_refused "a changed scenario file" "base scenario (changed)"
cp "$base.orig" "$base"
cp "$models/economy.yaml" "$WORK/economy.saved"
sed -i 's/^income_tax_rate: .*/income_tax_rate: 0.299/' "$models/economy.yaml"
resume_refused "a changed model file" "economy file (changed)"
cp "$WORK/economy.saved" "$models/economy.yaml"
[[ $(count_files "$WORK/cut/runs" '*.csv') -eq $done_runs ]] || fail "a refused resume changed runs/"

# Damaged run files: an empty one, a truncated one, one with another run's row.
files=("$WORK"/cut/runs/*.csv)
: >"${files[0]}"
head -c 40 "${files[1]}" >"$WORK/part" && mv "$WORK/part" "${files[1]}"
cp "${files[0]}" "$WORK/empty" && cp "$WORK/whole/runs/p00019-r0001.csv" "${files[2]}"

run_trappsteg sweep "$WORK/sweep.yaml" --out "$WORK/cut" --resume --threads 2
expect_status 0 "resumed sweep"
expect_contains "$ERR" "already done" "resumed sweep says what it skips"
expect_contains "$ERR" "$(basename "${files[0]}") is empty: running it again" "an empty run file"
expect_contains "$ERR" "$(basename "${files[1]}") is truncated or altered" "a truncated run file"
expect_contains "$ERR" "$(basename "${files[2]}") is truncated or altered" "another run's row"
for file in sweep.csv points.csv; do
  cmp -s "$WORK/whole/$file" "$WORK/cut/$file" || fail "$file after --resume differs from the uninterrupted sweep"
done
expect_contains "$(cat "$WORK/cut/manifest.json")" '"complete": true' "a finished sweep's manifest"
run_trappsteg report "$WORK/cut"
expect_status 0 "report on the finished sweep"

leftovers=$(find "$WORK" \( -name '*.tmp*' -o -name '.*.partial-*' -o -name '*.lock' \) -print)
[[ -z $leftovers ]] || fail "temporary files left: $leftovers"

finish
