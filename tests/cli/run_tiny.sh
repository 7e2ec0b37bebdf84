# A tiny successful run writes every output file and leaves no temporary file behind.
source "$(dirname "$0")/lib.sh"

out=$WORK/ok
run_trappsteg run scenarios/baseline.yaml --scale 0.01 --years 1 --out "$out" --quiet
expect_status 0 "tiny run"
expect_contains "$OUT" "Results written to $out" "tiny run"

for file in outcomes.csv newcomers.csv summary.json run.json staircase.dot \
  inputs/scenario.yaml inputs/districts.yaml inputs/staircase.yaml inputs/economy.yaml inputs/demography.yaml; do
  [[ -s $out/$file ]] || fail "tiny run: $file missing or empty"
done

[[ $(head -n1 "$out/outcomes.csv") == "scenario,replicate,month,district,group,metric,value" ]] ||
  fail "outcomes.csv header is '$(head -n1 "$out/outcomes.csv")'"
# One year: months 1..12 and only the baseline scenario's rows.
bad_rows=$(tail -n +2 "$out/outcomes.csv" | awk -F, 'NF != 7 || $1 != "baseline" || $3 < 1 || $3 > 12' | head -3)
[[ -z $bad_rows ]] || fail "outcomes.csv rows out of shape: $bad_rows"
[[ $(tail -n +2 "$out/outcomes.csv" | wc -l) -gt 0 ]] || fail "outcomes.csv has no rows"
[[ $(head -n1 "$out/newcomers.csv") == scenario,replicate,* ]] || fail "newcomers.csv header is '$(head -n1 "$out/newcomers.csv")'"
expect_contains "$(cat "$out/summary.json")" '"scenario": "baseline"' "summary.json"
if command -v python3 >/dev/null; then
  python3 -m json.tool "$out/summary.json" >/dev/null || fail "summary.json is not valid JSON"
fi
[[ $(head -c 8 "$out/staircase.dot") == "digraph " ]] || fail "staircase.dot is not a DOT digraph"
# The inputs as run repeat the run exactly from the results folder.
run_trappsteg run "$out/inputs/scenario.yaml" --out "$WORK/again" --quiet
expect_status 0 "repeat from inputs/"
for file in outcomes.csv newcomers.csv summary.json budget.csv; do
  cmp -s "$out/$file" "$WORK/again/$file" || fail "repeating from inputs/scenario.yaml changed $file"
done
# summary.json names the files of the run folder it belongs to, relative to it.
listed=$(/usr/bin/python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))
print("\n".join(list(s["model_files"].values()) + s["policy_files"]))' "$out/summary.json")
[[ $(wc -l <<<"$listed") -eq 6 ]] || fail "summary.json should list five model files and one policy file:"$'\n'"$listed"
while read -r file; do
  [[ $file == inputs/* && -s $out/$file ]] || fail "summary.json lists '$file', which is not a file of the run folder's inputs/"
done <<<"$listed"

# The report, written from another folder, still names where each model file came from.
(trappsteg=$(realpath "$TRAPPSTEG") && cd "$WORK" && "$trappsteg" report "$out" --out "$WORK/elsewhere.html" >/dev/null) || fail "report from another folder"
originals=$(grep -o -E 'Original: [^<]*' "$WORK/elsewhere.html" | sort -u)
for name in districts staircase economy demography; do
  expect_contains "$originals" "Original: $PWD/models/goteborg/$name.yaml" "the report names the original $name file"
done

leftovers=$(find "$WORK" \( -name '*.tmp*' -o -name '.*.partial-*' \) -print)
[[ -z $leftovers ]] || fail "temporary files left behind: $leftovers"

finish
