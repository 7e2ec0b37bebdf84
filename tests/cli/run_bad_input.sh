# `trappsteg run` with bad input: exit status 2, each problem printed as
# file:line:column: key.path: message on stderr, and no output folder (nor a hidden
# .NAME.partial-* staging folder) left behind.
source "$(dirname "$0")/lib.sh"

# 1. A misspelt key in the scenario, with a suggestion.
scenario=$(copy_model)
sed -i 's/^replicates:/replicats:/' "$scenario"
line=$(line_of "$scenario" "replicats:")
run_trappsteg run "$scenario" --out "$WORK/out1" --quiet
expect_status 2 "misspelt scenario key"
expect_contains "$ERR" "$scenario:$line:1: replicats: unknown key 'replicats'; did you mean 'replicates'?" "misspelt scenario key"
expect_contains "$ERR" "1 problem(s) found; nothing was written." "misspelt scenario key"
[[ -z $OUT ]] || fail "misspelt scenario key: nothing should go to stdout, got: $OUT"
expect_no_output_folder "$WORK/out1" "misspelt scenario key"

# 2. Problems in two model files: a negative rate in the staircase, a share above 1 in the districts.
scenario=$(copy_model)
staircase=$WORK/model/models/goteborg/staircase.yaml
districts=$WORK/model/models/goteborg/districts.yaml
sed -i 's/{from: preparation, to: outside, base: 0.012}/{from: preparation, to: outside, base: -0.1}/' "$staircase"
sed -i '0,/^    foreign_born_share: [0-9.]*/s//    foreign_born_share: 1.3/' "$districts"
s_line=$(line_of "$staircase" "base: -0.1")
s_col=$(column_of "$staircase" "-0.1")
s_index=$(( $(head -n "$s_line" "$staircase" | grep -c '^  - {from:') - 1 ))
d_line=$(line_of "$districts" "foreign_born_share: 1.3")
d_col=$(column_of "$districts" "1.3")
run_trappsteg run "$scenario" --out "$WORK/out2"
expect_status 2 "bad model files"
expect_contains "$ERR" "$staircase:$s_line:$s_col: transitions[$s_index].base: -0.1 is out of range" "negative rate"
expect_contains "$ERR" "$districts:$d_line:$d_col: districts[0].foreign_born_share: 1.3 is out of range" "share above 1"
expect_contains "$ERR" "2 problem(s) found" "bad model files"
expect_no_output_folder "$WORK/out2" "bad model files"

# 3. A transition to a stage that does not exist.
scenario=$(copy_model)
sed -i '0,/to: stable_job/s//to: stabel_job/' "$staircase"
run_trappsteg run "$scenario" --out "$WORK/out3"
expect_status 2 "unknown stage"
expect_contains "$ERR" "refers to stage 'stabel_job', which does not exist; did you mean 'stable_job'?" "unknown stage"
expect_contains "$ERR" "$staircase:$(line_of "$staircase" "to: stabel_job"):" "unknown stage"
expect_no_output_folder "$WORK/out3" "unknown stage"

# 4. Malformed YAML.
scenario=$(copy_model)
printf 'districts_only: [angered, centrum\n' >>"$scenario"
lines=$(wc -l <"$scenario")
run_trappsteg run "$scenario" --out "$WORK/out4"
expect_status 2 "malformed YAML"
expect_contains "$ERR" "$scenario:$((lines + 1)):1: malformed YAML" "malformed YAML"
expect_no_output_folder "$WORK/out4" "malformed YAML"

# 5. A scenario file that does not exist.
run_trappsteg run "$WORK/no_such.yaml" --out "$WORK/out5"
expect_status 2 "missing scenario"
expect_contains "$ERR" "$WORK/no_such.yaml: file not found" "missing scenario"
expect_no_output_folder "$WORK/out5" "missing scenario"

# 6. An output folder that already exists is left exactly as it was.
scenario=$(copy_model)
sed -i 's/^replicates:/replicats:/' "$scenario"
mkdir -p "$WORK/previous"
echo "earlier results" >"$WORK/previous/outcomes.csv"
run_trappsteg run "$scenario" --out "$WORK/previous"
expect_status 2 "existing output folder"
[[ $(ls -A "$WORK/previous") == "outcomes.csv" ]] || fail "existing output folder: contents changed: $(ls -A "$WORK/previous")"
[[ $(cat "$WORK/previous/outcomes.csv") == "earlier results" ]] || fail "existing output folder: outcomes.csv changed"
[[ -z $(find "$WORK" -maxdepth 1 -name '.previous.partial-*') ]] || fail "existing output folder: staging folder left behind"

finish
