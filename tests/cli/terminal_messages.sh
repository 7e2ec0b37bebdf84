# What a run says on the terminal: the baseline named once, and the time as wall time (what the
# command took), with the runs' own times added together said to be that.
source "$(dirname "$0")/lib.sh"

copy_model >/dev/null
cp scenarios/families_250.yaml "$WORK/model/scenarios/"
families=$WORK/model/scenarios/families_250.yaml
tiny=(--scale 0.002 --years 1 --replicates 2 --seed 5 --threads 2)

started=$(date +%s.%N)
run_trappsteg run "$families" "${tiny[@]}" --out "$WORK/families"
elapsed=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
expect_status 0 "a run with its baseline"
expect_contains "$ERR" "Running families_250 and its baseline — 2 replicate(s)" "a baseline named baseline is named once"
[[ $ERR == *"baseline baseline"* ]] && fail "the terminal says 'baseline baseline': $ERR"

# "Simulated P person-months in W s of wall time (R million person-months/s); the N run(s) took S s added together"
line=$(grep -m1 '^Simulated ' <<<"$ERR")
pattern='^Simulated ([0-9]+) person-months in ([0-9.]+) s of wall time \(([0-9.]+) million person-months/s\); the ([0-9]+) run\(s\) took ([0-9.]+) s added together, on 2 thread\(s\)$'
if [[ ! $line =~ $pattern ]]; then
  fail "the last line does not say wall time and the runs' summed time: '$line'"
else
  pm=${BASH_REMATCH[1]} wall=${BASH_REMATCH[2]} rate=${BASH_REMATCH[3]} runs=${BASH_REMATCH[4]} summed=${BASH_REMATCH[5]}
  [[ $runs -eq 4 ]] || fail "2 replicates and their baselines are 4 runs, the line says $runs"
  awk -v w="$wall" -v e="$elapsed" 'BEGIN {exit !(w > 0 && w <= e)}' ||
    fail "the wall time $wall s is not within the $elapsed s the command took"
  # The rate is per second of wall time: within what the printed wall time (to 0.005 s) and rate
  # (to 0.05) allow.
  awk -v pm="$pm" -v w="$wall" -v r="$rate" 'BEGIN {
    low = pm / (w + 0.005) / 1e6; high = w > 0.005 ? pm / (w - 0.005) / 1e6 : 1e300
    exit !(r >= low - 0.05 && r <= high + 0.05) }' ||
    fail "$pm person-months in $wall s is not $rate million per second"
  # The runs' own times, as results.sqlite records them (scenario and baseline), add up to the time printed.
  from_database=$(sqlite3 -readonly "$WORK/families/results.sqlite" "SELECT printf('%.2f', sum(wall_seconds)) FROM runs")
  [[ $from_database == "$summed" ]] || fail "the runs took $from_database s by results.sqlite, the terminal says $summed s"
fi

# A baseline of another name is named, in quotes.
sed 's/^name: baseline$/name: reference/' "$WORK/model/scenarios/baseline.yaml" >"$WORK/model/scenarios/reference.yaml"
sed 's/^baseline: baseline.yaml/baseline: reference.yaml/' "$families" >"$WORK/model/scenarios/against_reference.yaml"
run_trappsteg run "$WORK/model/scenarios/against_reference.yaml" "${tiny[@]}" --out "$WORK/reference"
expect_status 0 "a run against a baseline named reference"
expect_contains "$ERR" "Running families_250 and its baseline 'reference' —" "another baseline's name is given"

# share_fits <part> <whole> <percent> <total> <expected total>: the printed total is the expected
# one and the percent is part over whole, within what printing each time to 0.05 s allows.
share_fits() {
  awk -v x="$1" -v b="$2" -v p="$3" -v t="$4" -v e="$5" 'BEGIN {
    low = 100 * (x - 0.05) / (b + 0.05) - 0.5; high = b > 0.05 ? 100 * (x + 0.05) / (b - 0.05) + 0.5 : 100
    exit !((t - e) ^ 2 <= 0.0101 && x <= b + 0.05 && p >= 0 && p <= 100 && p >= low && p <= high) }'
}

# compare: the runs' wall time, then the writing after them, with its share of both.
run_trappsteg compare "$WORK/model/scenarios/baseline.yaml" "$families" --scale 0.002 --years 1 --replicates 2 --seed 5 \
  --threads 2 --out "$WORK/compare"
expect_status 0 "a compare"
line=$(grep -m1 -E '^[0-9]+ runs in ' <<<"$ERR")
pattern='^4 runs in ([0-9.]+) s of wall time \(([0-9.]+) runs/s\); writing the results took ([0-9.]+) s more \(([0-9]+) % of the ([0-9.]+) s of both\)$'
if [[ ! $line =~ $pattern ]]; then
  fail "compare does not say its runs' time and its writing time: '$line'"
else
  wall=${BASH_REMATCH[1]} writing=${BASH_REMATCH[3]} share=${BASH_REMATCH[4]} both=${BASH_REMATCH[5]}
  share_fits "$writing" "$both" "$share" "$both" "$(awk -v w="$wall" -v x="$writing" 'BEGIN {print w + x}')" ||
    fail "$writing s of writing after $wall s of runs is not $share % of $both s"
fi

# sweep: the threads' time spent storing runs as they finished, out of the time they had.
cat >"$WORK/model/scenarios/tiny_sweep.yaml" <<'YAML'
base: families_250.yaml
design: grid
parameters:
  - path: policy.families_250.capacity.seats
    values: [100, 300]
replicates: 2
scale: 0.002
years: 1
YAML
run_trappsteg sweep "$WORK/model/scenarios/tiny_sweep.yaml" --threads 2 --out "$WORK/sweep"
expect_status 0 "a sweep"
line=$(grep -m1 -E '^[0-9]+ runs in ' <<<"$ERR")
pattern='^4 runs in ([0-9.]+) s of wall time \(([0-9.]+) runs/s\); storing them as they finished took ([0-9.]+) s of the 2 thread\(s\)'"'"' ([0-9.]+) s \(([0-9]+) %\); the baselines for the budget, the tables and the report took ([0-9.]+) s more$'
if [[ ! $line =~ $pattern ]]; then
  fail "sweep does not say its runs' time and its storing time: '$line'"
else
  wall=${BASH_REMATCH[1]} storing=${BASH_REMATCH[3]} had=${BASH_REMATCH[4]} share=${BASH_REMATCH[5]}
  share_fits "$storing" "$had" "$share" "$had" "$(awk -v w="$wall" 'BEGIN {print 2 * w}')" ||
    fail "$storing s of storing is not $share % of the threads' $had s (wall $wall s)"
fi

finish
