# trace: a person's and a household's life course from the microdata of a compare, the same ids
# in both scenarios; and the clear errors when there is nothing to trace.
source "$(dirname "$0")/lib.sh"

run_trappsteg compare scenarios/baseline.yaml scenarios/families_250.yaml --scale 0.05 --years 3 --seed 5 --microdata \
  --out "$WORK/compare" --quiet
expect_status 0 "compare --microdata"
db="$WORK/compare/results.sqlite"
# Someone the families' programme took in: their life differs from the programme on, not before.
person=$(sqlite3 "$db" "SELECT e.person FROM events e JOIN runs r USING (run_id) WHERE r.scenario = 'families_250'
                        AND e.kind = 'policy_start' AND e.from_value = (SELECT policy_id FROM policies WHERE key = 'families_250')
                        ORDER BY e.person LIMIT 1")
[[ -n $person ]] || fail "no one started families_250 in the microdata"
run_trappsteg trace "$WORK/compare" --person "$person"
expect_status 0 "trace --person $person"
expect_contains "$OUT" "Person $person — baseline, replicate 0" "the baseline's section"
expect_contains "$OUT" "Person $person — families_250, replicate 0" "the programme's section"
expect_contains "$OUT" "starts families_250 (phase 1)" "the programme's start"
baseline_part=${OUT%%"Person $person — families_250"*}
[[ $baseline_part == *"starts families_250"* ]] && fail "the baseline's life course shows the programme"
expect_contains "$OUT" "Months on each step (to month" "the months on each step"
# Yearly panel over 3 years: the start and months 12, 24 and 36 for someone present throughout.
rows=$(sqlite3 "$db" "SELECT count(*) FROM panel p JOIN runs r USING (run_id) WHERE r.scenario = 'baseline' AND p.person = $person")
[[ $rows -ge 1 && $rows -le 4 ]] || fail "person $person has $rows panel rows in the baseline, expected 1 to 4"
[[ $(grep -c '^    20[0-9][0-9]-[0-9][0-9]' <<<"${baseline_part#*Panel}") -ge $rows ]] || fail "the trace shows fewer panel rows than the database holds"

# --lang sv: the same life course in Swedish (keys and ids as they are).
run_trappsteg trace "$WORK/compare" --person "$person" --scenario families_250 --lang sv
expect_status 0 "trace --person $person --lang sv"
expect_contains "$OUT" "Person $person — families_250, replikat 0" "the Swedish heading"
expect_contains "$OUT" "Livslopp" "the Swedish life course"
expect_contains "$OUT" "börjar i families_250 (fas 1)" "the programme's start in Swedish"
expect_contains "$OUT" "Månader på varje steg (till månad" "the months on each step in Swedish"
expect_contains "$OUT" "Panel (kr i månaden)" "the Swedish panel"
[[ $OUT == *"Life course"* || $OUT == *"replicate"* ]] && fail "the Swedish trace has English texts"
run_trappsteg trace "$WORK/compare" --person "$person" --lang de
expect_status 2 "trace --lang de"

household=$(sqlite3 "$db" "SELECT household FROM panel WHERE month = 0 AND person = $person LIMIT 1")
run_trappsteg trace "$WORK/compare" --household "$household" --scenario families_250
expect_status 0 "trace --household $household"
expect_contains "$OUT" "Household $household — families_250, replicate 0" "the household's heading"
expect_contains "$OUT" "person $person " "the person among the household's members"
[[ $OUT == *"— baseline,"* ]] && fail "--scenario families_250 also printed the baseline"
run_trappsteg trace "$WORK/compare" --household "$household" --scenario families_250 --lang sv
expect_status 0 "trace --household $household --lang sv"
expect_contains "$OUT" "Hushåll $household — families_250, replikat 0" "the household's Swedish heading"
expect_contains "$OUT" "Vilka som kom och gick" "who joined and left, in Swedish"

run_trappsteg trace "$WORK/compare" --person 4000000000
expect_status 2 "trace of a person not kept"
expect_contains "$ERR" "person 4000000000 is not among the people kept" "the error for a person not kept"
run_trappsteg trace "$WORK/compare" --person "$person" --scenario famlies_250
expect_status 2 "trace of a misspelt scenario"
expect_contains "$ERR" "the scenarios are baseline, families_250" "the scenarios offered"
run_trappsteg trace "$WORK/compare" --person 1 --household 1
expect_status 2 "trace --person with --household"
run_trappsteg trace "$WORK/compare"
expect_status 2 "trace without --person or --household"

run_trappsteg run scenarios/baseline.yaml --scale 0.02 --years 1 --out "$WORK/plain" --quiet
expect_status 0 "run without microdata"
run_trappsteg trace "$WORK/plain" --person 1
expect_status 2 "trace of a folder without microdata"
expect_contains "$ERR" "run or compare with --microdata" "the advice for a folder without microdata"

# A sample keeps the same share of people in every scenario, and the same people.
run_trappsteg compare scenarios/baseline.yaml scenarios/families_250.yaml --scale 0.05 --years 1 --seed 5 --microdata \
  --microdata-sample 0.25 --out "$WORK/sample" --quiet
expect_status 0 "compare --microdata-sample 0.25"
same=$(sqlite3 "$WORK/sample/results.sqlite" "SELECT count(*) FROM (SELECT person FROM panel WHERE month = 0 AND run_id = 1
                                              EXCEPT SELECT person FROM panel WHERE month = 0 AND run_id = 2)")
[[ $same -eq 0 ]] || fail "$same people kept at the start in one scenario and not the other"
share=$(sqlite3 "$WORK/sample/results.sqlite" "SELECT round(1.0 * (SELECT count(*) FROM panel WHERE month = 0 AND run_id = 1) /
                                               (SELECT initial_people FROM runs WHERE run_id = 1), 2)")
awk -v s="$share" 'BEGIN { exit !(s >= 0.23 && s <= 0.27) }' || fail "the sample kept a share $share of the people, expected 0.25"

# --microdata-csv alone keeps a yearly panel and writes it gzip-compressed too, with the same rows
# as the database, in the standard dialect whatever --csv-dialect says (pandas reads it as it is).
# Three years: the families' programme starts in month 25, so month 36 has participations.
run_trappsteg run scenarios/families_250.yaml --scale 0.02 --years 3 --seed 5 --microdata-csv --csv-dialect excel-sv \
  --out "$WORK/csv" --quiet
expect_status 0 "run --microdata-csv"
for table in panel participations events; do
  file="$WORK/csv/$table.csv.gz"
  gzip -t "$file" || fail "$table.csv.gz is not a whole gzip file"
  lines=$(zcat "$file" | wc -l)
  rows=$(sqlite3 "$WORK/csv/results.sqlite" "SELECT count(*) FROM $table")
  [[ $lines -eq $((rows + 1)) ]] || fail "$table.csv.gz holds $((lines - 1)) rows, results.sqlite $rows"
done
zcat "$WORK/csv/panel.csv.gz" | head -1 | grep -q '^scenario,replicate,month,person,household,district,' ||
  fail "panel.csv.gz does not start with its standard header"
[[ $(zcat "$WORK/csv/panel.csv.gz" | cut -d, -f1 | sort -u | tr '\n' ' ') == "baseline families_250 scenario " ]] ||
  fail "panel.csv.gz does not hold the run's scenario and its baseline"
# participations.csv.gz: the database's rows exactly, the policy by key.
[[ $(zcat "$WORK/csv/participations.csv.gz" | head -1) == "scenario,replicate,month,person,policy,phase" ]] ||
  fail "participations.csv.gz does not start with its header"
expected=$(sqlite3 -separator , "$WORK/csv/results.sqlite" "SELECT r.scenario, r.replicate, t.month, t.person, o.key, t.phase
                                                           FROM participations t JOIN runs r USING (run_id) JOIN policies o USING (policy_id)" | sort)
[[ -n $expected ]] || fail "nobody takes part in a policy at a month kept: participations.csv.gz goes unchecked"
[[ $(zcat "$WORK/csv/participations.csv.gz" | tail -n +2 | sort) == "$expected" ]] ||
  fail "participations.csv.gz differs from results.sqlite's participations"

finish
