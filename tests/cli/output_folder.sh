# An existing --out: the same run may be replaced; other Trappsteg results only with --force
# (atomically); a folder that is not Trappsteg results never; and one folder has one writer.
source "$(dirname "$0")/lib.sh"

tiny=(--scale 0.005 --years 1 --quiet)

run_trappsteg run scenarios/baseline.yaml "${tiny[@]}" --out "$WORK/r"
expect_status 0 "first run"
cp "$WORK/r/outcomes.csv" "$WORK/first.csv"

# The same run again replaces it without --force.
run_trappsteg run scenarios/baseline.yaml "${tiny[@]}" --out "$WORK/r"
expect_status 0 "the same run again"
cmp -s "$WORK/r/outcomes.csv" "$WORK/first.csv" || fail "the same run again changed outcomes.csv"

# Other inputs: refused, naming what differs; nothing changes.
run_trappsteg run scenarios/baseline.yaml "${tiny[@]}" --seed 7 --out "$WORK/r"
expect_status 2 "another seed into the same folder"
expect_contains "$ERR" "already holds other results" "another seed into the same folder"
expect_contains "$ERR" "--force" "another seed into the same folder"
cmp -s "$WORK/r/outcomes.csv" "$WORK/first.csv" || fail "a refused run changed outcomes.csv"
run_trappsteg compare scenarios/baseline.yaml scenarios/families_250.yaml "${tiny[@]}" --out "$WORK/r"
expect_status 2 "a compare into a run's folder"
expect_contains "$ERR" "(a run)" "a compare into a run's folder"

# --force replaces them: nothing of the old run is left beside the new one.
echo "stray" >"$WORK/r/inputs/stray.yaml"
run_trappsteg run scenarios/families_250.yaml "${tiny[@]}" --out "$WORK/r" --force
expect_status 0 "--force"
[[ -e $WORK/r/inputs/stray.yaml ]] && fail "--force kept a file of the old folder"
[[ -e $WORK/r/policies.csv ]] || fail "--force: the new run's files are missing"
[[ $(sed -n 2p "$WORK/r/outcomes.csv") == families_250,* ]] || fail "--force: outcomes.csv is not the new run's"

# A folder that is not Trappsteg results is never replaced, not even with --force.
mkdir -p "$WORK/mine"
echo "my notes" >"$WORK/mine/notes.txt"
for force in "" --force; do
  run_trappsteg run scenarios/baseline.yaml "${tiny[@]}" --out "$WORK/mine" $force
  expect_status 2 "a folder of other files ${force}"
  expect_contains "$ERR" "not Trappsteg results" "a folder of other files ${force}"
  [[ $(ls -A "$WORK/mine") == notes.txt && $(cat "$WORK/mine/notes.txt") == "my notes" ]] || fail "a folder of other files was changed ${force}"
done
echo "x" >"$WORK/a_file"
run_trappsteg run scenarios/baseline.yaml "${tiny[@]}" --out "$WORK/a_file"
expect_status 2 "--out naming a file"
# An empty folder is fine.
mkdir -p "$WORK/empty"
run_trappsteg run scenarios/baseline.yaml "${tiny[@]}" --out "$WORK/empty"
expect_status 0 "an empty folder"

# One writer at a time: while a run holds the folder's lock (it is held stopped there), a
# second one is refused at once.
"$TRAPPSTEG" run scenarios/baseline.yaml --scale 0.05 --years 3 --quiet --threads 1 --out "$WORK/busy" >/dev/null 2>&1 &
pid=$!
wait_until "the first run to take the lock" test -s "$WORK/.busy.lock"
kill -STOP "$pid"
run_trappsteg run scenarios/baseline.yaml "${tiny[@]}" --out "$WORK/busy"
kill -CONT "$pid"
expect_status 2 "a second run into a folder being written"
expect_contains "$ERR" "another trappsteg process (pid $pid) is writing this folder" "a second run into a folder being written"
wait "$pid"
[[ $? -eq 0 ]] || fail "the first run failed"
[[ -e $WORK/.busy.lock ]] && fail "the lock file outlived its run"

leftovers=$(find "$WORK" \( -name '*.tmp*' -o -name '.*.partial-*' -o -name '*.lock' \) -print)
[[ -z $leftovers ]] || fail "temporary files left: $leftovers"

finish
