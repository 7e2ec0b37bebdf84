# A sweep over a scenario with a baseline writes the budget: each point against the baseline
# under the point's model values, the same numbers `compare` gives for that point; payback.csv
# and budget_spread.csv per point; a run file whose budget line is damaged is run again on
# --resume, to the same budget.
source "$(dirname "$0")/lib.sh"

copy_model >/dev/null
cp scenarios/families_250.yaml "$WORK/model/scenarios/"
families=$WORK/model/scenarios/families_250.yaml
rate='staircase.transitions[from=job_seeker,to=first_job].base'
# Seats 400 is the policy file's own value; the rate's two values are two different baselines.
cat >"$WORK/sweep.yaml" <<YAML
base: $families
design: grid
parameters:
  - path: policy.families_250.capacity.seats
    values: [400, 800]
  - path: "$rate"
    values: [0.03, 0.045]
replicates: 2
scale: 0.005
years: 5
seed: 11
YAML
run_trappsteg sweep "$WORK/sweep.yaml" --out "$WORK/sweep" --quiet
expect_status 0 "a sweep over the families measure"
for file in budget.csv budget_spread.csv payback.csv; do
  [[ -s $WORK/sweep/$file ]] || fail "$file missing from the sweep"
done
# 4 points × one horizon (5 years) in payback.csv; 4 points × 5 years × 3 quantities in the spread.
[[ $(($(wc -l <"$WORK/sweep/payback.csv") - 1)) -eq 4 ]] || fail "payback.csv: expected 4 rows"
[[ $(($(wc -l <"$WORK/sweep/budget_spread.csv") - 1)) -eq 60 ]] || fail "budget_spread.csv: expected 60 rows"
expect_contains "$(head -1 "$WORK/sweep/payback.csv")" "point,policy.families_250.capacity.seats," "payback.csv names the points"
expect_contains "$(head -1 "$WORK/sweep/budget.csv")" "point,replicate,year,item,value" "budget.csv names the points"

# Point 1 is (400 seats, rate 0.045): compare gives the same budget with the rate set.
point=$(awk -F, 'NR > 1 && $2 == "400" && $3 == "0.045" {print $1}' "$WORK/sweep/points.csv")
[[ -n $point ]] || fail "no sweep point with 400 seats and rate 0.045"
run_trappsteg compare "$WORK/model/scenarios/baseline.yaml" "$families" --set "$rate=0.045" \
  --replicates 2 --scale 0.005 --years 5 --seed 11 --quiet --out "$WORK/compare"
expect_status 0 "compare of the same point"
from_sweep=$(awk -F, -v p="$point" '$1 == p && $4 == "net_sek" {print $2, $3, $5}' "$WORK/sweep/budget.csv")
from_compare=$(awk -F, '$1 == "families_250" && $4 == "net_sek" {print $2, $3, $5}' "$WORK/compare/budget.csv")
[[ -n $from_sweep && $from_sweep == "$from_compare" ]] ||
  fail "the sweep's net for point $point differs from compare's:"$'\n'"$from_sweep"$'\n'"vs"$'\n'"$from_compare"
cost_sweep=$(awk -F, -v p="$point" '$1 == p && $4 == "extra_programme_cost_sek" {print $5}' "$WORK/sweep/budget.csv" | sort -u)
[[ $cost_sweep != "0" ]] || fail "the families measure costs nothing extra in the sweep"

# More seats cost more: point (800, 0.03) against (400, 0.03), ten-year horizon not covered: 5 years.
net_400=$(awk -F, 'NR > 1 && $2 == "400" && $3 == "0.03" {print $11}' "$WORK/sweep/payback.csv")
net_800=$(awk -F, 'NR > 1 && $2 == "800" && $3 == "0.03" {print $11}' "$WORK/sweep/payback.csv")
awk -v a="$net_800" -v b="$net_400" 'BEGIN {exit !(a < b)}' ||
  fail "800 seats should cost more over 5 years than 400 (cumulative net $net_800 against $net_400)"

# A run file whose budget line was altered is found and run again, to the same budget.
cp -r "$WORK/sweep" "$WORK/resumed"
victim=$WORK/resumed/runs/p00002-r0001.csv
sed -i '2s/;/;1/' "$victim"
sed -i 's/"complete": true/"complete": false/' "$WORK/resumed/manifest.json"
run_trappsteg sweep "$WORK/sweep.yaml" --out "$WORK/resumed" --resume --quiet
expect_status 0 "resume after a damaged budget line"
expect_contains "$ERR" "p00002-r0001.csv is truncated or altered" "the damaged budget line is found"
for file in budget.csv budget_spread.csv payback.csv sweep.csv; do
  cmp -s "$WORK/sweep/$file" "$WORK/resumed/$file" || fail "$file after --resume differs from the uninterrupted sweep"
done

# A sweep of a scenario without a baseline writes no budget (there is nothing to compare with).
cat >"$WORK/plain.yaml" <<YAML
base: $WORK/model/scenarios/baseline.yaml
design: grid
parameters:
  - path: "$rate"
    values: [0.03, 0.045]
replicates: 1
scale: 0.005
years: 1
YAML
run_trappsteg sweep "$WORK/plain.yaml" --out "$WORK/plain" --quiet
expect_status 0 "a sweep of the baseline"
[[ -e $WORK/plain/payback.csv || -e $WORK/plain/budget.csv ]] && fail "a sweep without a baseline wrote a budget"

finish
