# Interruptions: SIGTERM is handled like Ctrl-C; a kill -9 leaves a staging folder that the
# next run beside it removes (while one still being written is left alone); a results folder
# appears in one rename of its staging folder.
source "$(dirname "$0")/lib.sh"

slow=(--scale 0.05 --years 3 --threads 1 --quiet)
staging_of() { find "$WORK" -maxdepth 1 -name ".$1.partial-*" -print -quit; }
has_staging() { [[ -n $(staging_of "$1") ]]; }
has_runs() { [[ $(count_files "$WORK/$1/runs" '*.csv') -ge $2 ]]; }

# SIGTERM while running: status 130, nothing written, nothing left.
"$TRAPPSTEG" run scenarios/baseline.yaml "${slow[@]}" --out "$WORK/term" >/dev/null 2>"$WORK/term.err" &
pid=$!
wait_until "the run's staging folder" has_staging term
kill -TERM "$pid"
wait "$pid"
RC=$? ERR=$(cat "$WORK/term.err") OUT=""
expect_status 130 "SIGTERM during a run"
expect_contains "$ERR" "nothing was written" "SIGTERM during a run"
expect_no_output_folder "$WORK/term" "SIGTERM during a run"
[[ -e $WORK/.term.lock ]] && fail "SIGTERM left the lock file"

# kill -9: the staging folder stays, until the next run beside it.
"$TRAPPSTEG" run scenarios/baseline.yaml "${slow[@]}" --out "$WORK/killed" >/dev/null 2>&1 &
pid=$!
wait_until "the run's staging folder" has_staging killed
kill -9 "$pid"
wait "$pid" 2>/dev/null
stale=$(staging_of killed)
[[ -n $stale ]] || fail "kill -9 left no staging folder (the test needs one)"

# A run that is being written (held stopped) keeps its staging folder while another run
# beside it cleans up the stale one.
"$TRAPPSTEG" run scenarios/baseline.yaml "${slow[@]}" --out "$WORK/live" >/dev/null 2>&1 &
live=$!
wait_until "the live run's staging folder" has_staging live
kill -STOP "$live"
live_staging=$(staging_of live)
live_inode=$(stat -c %i "$live_staging")
run_trappsteg run scenarios/baseline.yaml --scale 0.005 --years 1 --quiet --out "$WORK/next"
expect_status 0 "a run beside a stale staging folder"
[[ -e $stale ]] && fail "the stale staging folder $stale was not removed"
[[ -d $live_staging ]] || fail "the staging folder of a live run was removed"
kill -CONT "$live"
wait "$live"
[[ $? -eq 0 ]] || fail "the live run failed after another run beside it"
# Its results folder is its staging folder, renamed in one step.
[[ $(stat -c %i "$WORK/live") == "$live_inode" ]] || fail "the results folder was not made by renaming the staging folder"
[[ -e $WORK/live/manifest.json && -e $WORK/live/report.html ]] || fail "the live run's folder is incomplete"

# SIGTERM stops a sweep like Ctrl-C: finished runs are kept for --resume.
cat >"$WORK/sweep.yaml" <<YAML
base: $PWD/scenarios/baseline.yaml
parameters:
  - path: benefits.income_support.norm.adults.single
    values: [2600, 2700, 2800, 2900, 3000, 3100, 3200, 3300]
replicates: 2
scale: 0.01
years: 2
YAML
"$TRAPPSTEG" sweep "$WORK/sweep.yaml" --out "$WORK/s" --threads 1 --quiet >/dev/null 2>"$WORK/sweep.err" &
pid=$!
wait_until "two finished sweep runs" has_runs s 2
kill -TERM "$pid"
wait "$pid"
RC=$? ERR=$(cat "$WORK/sweep.err")
expect_status 130 "SIGTERM during a sweep"
expect_contains "$ERR" "Continue with --resume" "SIGTERM during a sweep"
run_trappsteg sweep "$WORK/sweep.yaml" --out "$WORK/s" --resume --quiet
expect_status 0 "resuming after SIGTERM"

leftovers=$(find "$WORK" \( -name '*.tmp*' -o -name '.*.partial-*' -o -name '*.lock' \) -print)
[[ -z $leftovers ]] || fail "temporary files left: $leftovers"

finish
