# A sweep run as 3 shards (one of them killed and resumed) and merged ends with the same files
# as the sweep run unsharded: every CSV and run file byte for byte, results.sqlite row for row
# by sweep point and replicate (its ids and times depend on the order runs finish). Bad --shard
# values, an incomplete set of shards, an unfinished shard, a shard given twice and shards of
# different sweeps are refused with status 2 and nothing written.
source "$(dirname "$0")/lib.sh"

copy_model >/dev/null
cp scenarios/families_250.yaml "$WORK/model/scenarios/"
families=$WORK/model/scenarios/families_250.yaml
write_sweep() {  # write_sweep <file> <replicates>: over the families measure, so the budget is merged too
  cat >"$1" <<YAML
base: $families
design: grid
parameters:
  - path: policy.families_250.capacity.seats
    values: [400, 800]
  - path: "staircase.transitions[from=job_seeker,to=first_job].base"
    values: [0.03, 0.045]
replicates: $2
scale: 0.005
years: 2
seed: 11
YAML
}
write_sweep "$WORK/sweep.yaml" 2
runs=8  # 4 points × 2 replicates; shard i of 3 runs the runs k with k mod 3 = i − 1

run_trappsteg sweep "$WORK/sweep.yaml" --out "$WORK/whole" --threads 1 --quiet
expect_status 0 "the unsharded sweep"

# Bad --shard values: refused while the command line is read, nothing written.
for bad in 0/3 4/3 3 a/3 2/b 1/0 -1/3 2/3/4 ""; do
  run_trappsteg sweep "$WORK/sweep.yaml" --shard "$bad" --out "$WORK/bad" --quiet
  expect_status 2 "--shard '$bad'"
  expect_contains "$ERR" "--shard" "--shard '$bad' names the option"
  expect_no_output_folder "$WORK/bad" "--shard '$bad'"
done
run_trappsteg sweep "$WORK/sweep.yaml" --shard 4/3 --out "$WORK/bad" --quiet
expect_contains "$ERR" "shard 4 of 3 does not exist: shards are numbered 1 to 3" "--shard 4/3 says why"
run_trappsteg sweep "$WORK/sweep.yaml" --shard 3 --out "$WORK/bad" --quiet
expect_contains "$ERR" "expected I/N" "--shard 3 says what is expected"
# More shards than runs: the last would have none.
run_trappsteg sweep "$WORK/sweep.yaml" --shard 9/9 --out "$WORK/bad" --quiet
expect_status 2 "--shard 9/9 of a sweep of 8 runs"
expect_contains "$ERR" "shard 9/9 would have no runs: the sweep has 8" "--shard 9/9 says why"
expect_no_output_folder "$WORK/bad" "--shard 9/9"

# --resume into a folder that does not exist yet starts it (a job script may always give it).
run_trappsteg sweep "$WORK/sweep.yaml" --shard 1/3 --out "$WORK/shard-1" --resume --threads 1 --quiet
expect_status 0 "shard 1/3"
[[ $(count_files "$WORK/shard-1/runs" '*.csv') -eq 3 ]] || fail "shard 1/3 should hold runs 0, 3 and 6"
for file in sweep.csv points.csv budget.csv report.html; do
  [[ -e $WORK/shard-1/$file ]] && fail "a shard wrote $file, which needs every run"
done
run_trappsteg sweep "$WORK/sweep.yaml" --shard 3/3 --out "$WORK/shard-3" --threads 1 --quiet
expect_status 0 "shard 3/3"
run_trappsteg report "$WORK/shard-1"
expect_contains "$ERR" "one shard of a sweep" "report on a shard says to merge first"

# Shard 2 is killed (SIGKILL) after its first run, then resumed.
"$TRAPPSTEG" sweep "$WORK/sweep.yaml" --shard 2/3 --out "$WORK/shard-2" --threads 1 --quiet >/dev/null 2>&1 &
pid=$!
until [[ $(count_files "$WORK/shard-2/runs" '*.csv') -ge 1 ]] || ! kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
done_runs=$(count_files "$WORK/shard-2/runs" '*.csv')
[[ $done_runs -ge 1 && $done_runs -lt 3 ]] || fail "the kill came at the wrong moment: $done_runs of shard 2's 3 runs done"

run_trappsteg merge "$WORK/shard-1" "$WORK/shard-2" "$WORK/shard-3" --out "$WORK/merged" --quiet
expect_status 2 "merge with an unfinished shard"
expect_contains "$ERR" "shard 2/3 is unfinished: complete it with trappsteg sweep" "merge names the unfinished shard"
expect_no_output_folder "$WORK/merged" "merge with an unfinished shard"

# A shard resumes only as itself.
run_trappsteg sweep "$WORK/sweep.yaml" --shard 3/3 --out "$WORK/shard-2" --resume --quiet
expect_status 2 "resume of shard 2/3 as 3/3"
expect_contains "$ERR" "--shard (was '2/3', now '3/3')" "resume of shard 2/3 as 3/3"
run_trappsteg sweep "$WORK/sweep.yaml" --out "$WORK/shard-2" --resume --quiet
expect_status 2 "resume of shard 2/3 unsharded"
expect_contains "$ERR" "--shard (no longer given)" "resume of shard 2/3 unsharded"
run_trappsteg sweep "$WORK/sweep.yaml" --shard 2/3 --out "$WORK/whole" --resume --quiet
expect_status 2 "resume of an unsharded sweep as a shard"
expect_contains "$ERR" "--shard (new)" "resume of an unsharded sweep as a shard"
run_trappsteg sweep "$WORK/sweep.yaml" --shard 2/3 --out "$WORK/shard-2" --resume --threads 1 --quiet
expect_status 0 "shard 2/3 resumed"

# Merge refuses an incomplete set, a shard given twice, a folder that is no shard, and a shard
# of another sweep (here: one with a single replicate).
run_trappsteg merge "$WORK/shard-1" "$WORK/shard-3" --out "$WORK/merged" --quiet
expect_status 2 "merge without shard 2"
expect_contains "$ERR" "shard 2/3 of this sweep is missing" "merge names the missing shard"
expect_no_output_folder "$WORK/merged" "merge without shard 2"
run_trappsteg merge "$WORK/shard-1" "$WORK/shard-2" "$WORK/shard-2/" "$WORK/shard-3" --out "$WORK/merged" --quiet
expect_status 2 "merge with a folder given twice"
expect_contains "$ERR" "shard-2: is given twice" "merge with a folder given twice"
cp -r "$WORK/shard-2" "$WORK/copy-2"
run_trappsteg merge "$WORK/shard-1" "$WORK/shard-2" "$WORK/copy-2" "$WORK/shard-3" --out "$WORK/merged" --quiet
expect_status 2 "merge with a copy of a shard"
expect_contains "$ERR" "copy-2: is shard 2/3, and so is" "merge with a copy of a shard"
expect_no_output_folder "$WORK/merged" "merge with a copy of a shard"
run_trappsteg merge "$WORK/shard-1" "$WORK/whole" --out "$WORK/merged" --quiet
expect_status 2 "merge with an unsharded sweep"
expect_contains "$ERR" "holds a sweep that was not sharded" "merge with an unsharded sweep"
write_sweep "$WORK/other.yaml" 1
run_trappsteg sweep "$WORK/other.yaml" --shard 3/3 --out "$WORK/other-3" --threads 1 --quiet
expect_status 0 "shard 3/3 of another sweep"
run_trappsteg merge "$WORK/shard-1" "$WORK/shard-2" "$WORK/other-3" --out "$WORK/merged" --quiet
expect_status 2 "merge of shards of two sweeps"
expect_contains "$ERR" "other-3: is a shard of another sweep than" "merge names the foreign shard"
expect_contains "$ERR" "sweep file (changed)" "merge says what differs"
expect_no_output_folder "$WORK/merged" "merge of shards of two sweeps"
# The sweep's files changed after the shards ran: the merged folder would not be theirs.
cp "$WORK/model/models/goteborg/economy.yaml" "$WORK/economy.saved"
sed -i 's/^income_tax_rate: .*/income_tax_rate: 0.299/' "$WORK/model/models/goteborg/economy.yaml"
run_trappsteg merge "$WORK/shard-1" "$WORK/shard-2" "$WORK/shard-3" --out "$WORK/merged" --quiet
expect_status 2 "merge after a model file changed"
expect_contains "$ERR" "the sweep's inputs have changed since its shards ran" "merge after a model file changed"
expect_no_output_folder "$WORK/merged" "merge after a model file changed"
cp "$WORK/economy.saved" "$WORK/model/models/goteborg/economy.yaml"

# In any order of the folders: the same folder as the unsharded sweep's.
run_trappsteg merge "$WORK/shard-3" "$WORK/shard-1" "$WORK/shard-2" --out "$WORK/merged" --threads 1 --quiet
expect_status 0 "merge of the three shards"
for file in sweep.csv points.csv budget.csv budget_spread.csv payback.csv sweep.yaml; do
  [[ -s $WORK/whole/$file ]] || fail "the unsharded sweep has no $file"
  cmp -s "$WORK/whole/$file" "$WORK/merged/$file" || fail "$file of the merged shards differs from the unsharded sweep's"
done
diff -r "$WORK/whole/runs" "$WORK/merged/runs" >/dev/null || fail "runs/ of the merged shards differs from the unsharded sweep's"
digest() { grep '"inputs_digest"' "$1/manifest.json"; }
[[ $(digest "$WORK/whole") == "$(digest "$WORK/merged")" ]] || fail "the merged folder's manifest records other inputs than the sweep's"
expect_contains "$(cat "$WORK/merged/manifest.json")" '"complete": true' "the merged folder's manifest"
# results.sqlite by key: everything but run ids, start and end times and seconds.
dump() {
  sqlite3 "$1/results.sqlite" <<'SQL'
SELECT sweep, sweep_point, replicate, scenario, seed, scale, months, start_year, engine_version, person_months, initial_people,
       payback_year, discounted_payback_year, resolved_yaml FROM runs ORDER BY sweep, sweep_point, replicate;
SELECT r.sweep_point, r.replicate, p.path, p.value FROM run_parameters p JOIN runs r USING (run_id) ORDER BY 1, 2, 3;
SELECT r.sweep_point, r.replicate, m.month, m.district, m.grp, m.metric, m.value FROM monthly m JOIN runs r USING (run_id)
  ORDER BY 1, 2, 3, 4, 5, 6;
SELECT r.sweep_point, r.replicate, s.year, s.year_of_run, s.district, s.outcome, s.value FROM summaries s JOIN runs r USING (run_id)
  ORDER BY 1, 2, 3, 5, 6;
SELECT r.sweep_point, r.replicate, b.year, b.item, b.value FROM budget b JOIN runs r USING (run_id) ORDER BY 1, 2, 3, 4;
SELECT r.sweep_point, r.replicate, t.years, t.item, t.value FROM budget_totals t JOIN runs r USING (run_id) ORDER BY 1, 2, 3, 4;
SELECT count(*) FROM runs;
SQL
}
dump "$WORK/whole" >"$WORK/whole.sql"
dump "$WORK/merged" >"$WORK/merged.sql"
[[ $(tail -1 "$WORK/merged.sql") == "$runs" ]] || fail "the merged results.sqlite should hold $runs runs, not $(tail -1 "$WORK/merged.sql")"
cmp -s "$WORK/whole.sql" "$WORK/merged.sql" ||
  fail "results.sqlite of the merged shards differs from the unsharded sweep's: $(diff "$WORK/whole.sql" "$WORK/merged.sql" | head -5)"
# The merged run ids follow the sweep's order, whatever order the shards' runs finished in.
ids=$(sqlite3 "$WORK/merged/results.sqlite" "SELECT group_concat(run_id, ' ') FROM (SELECT run_id FROM runs ORDER BY sweep_point, replicate)")
[[ $ids == "1 2 3 4 5 6 7 8" ]] || fail "merged run ids in sweep order: $ids"
run_trappsteg report "$WORK/merged"
expect_status 0 "report on the merged folder"
# A merge into the same folder again replaces it (same inputs); the merged folder is a finished sweep.
run_trappsteg sweep "$WORK/sweep.yaml" --out "$WORK/merged" --resume --threads 1 --quiet
expect_status 0 "sweep --resume of the merged folder (nothing left to run)"
cmp -s "$WORK/whole/sweep.csv" "$WORK/merged/sweep.csv" || fail "sweep.csv after --resume of the merged folder"

# A merge stopped by SIGTERM (while it stages, runs the baselines or finishes) leaves either no
# folder at all or, if the signal came after the rename, the whole one.
"$TRAPPSTEG" merge "$WORK/shard-1" "$WORK/shard-2" "$WORK/shard-3" --out "$WORK/stopped" --threads 1 --quiet >/dev/null 2>&1 &
pid=$!
until compgen -G "$WORK/.stopped.partial-*" >/dev/null || [[ -e $WORK/stopped ]] || ! kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
kill -TERM "$pid" 2>/dev/null
wait "$pid"
RC=$?
if [[ $RC -eq 130 ]]; then
  expect_no_output_folder "$WORK/stopped" "a merge stopped by SIGTERM"
else
  expect_status 0 "a merge that finished before SIGTERM"
  cmp -s "$WORK/whole/sweep.csv" "$WORK/stopped/sweep.csv" || fail "a merge that finished before SIGTERM: sweep.csv differs"
fi

leftovers=$(find "$WORK" \( -name '*.tmp*' -o -name '.*.partial-*' -o -name '*.lock' \) -print)
[[ -z $leftovers ]] || fail "temporary files left: $leftovers"

finish
