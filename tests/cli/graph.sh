# `trappsteg graph` prints a DOT digraph naming every stage of the staircase.
source "$(dirname "$0")/lib.sh"

staircase=models/goteborg/staircase.yaml
# Stage names as written in the `stages:` section (every shipped stage has name: "...").
mapfile -t names < <(sed -n '/^stages:/,/^[a-z]/p' "$staircase" | grep -o 'name: "[^"]*"' | sed 's/^name: "//; s/"$//')
mapfile -t keys < <(sed -n '/^stages:/,/^[a-z]/p' "$staircase" | grep -E '^  [a-z_]+:' | sed -E 's/^  ([a-z_]+):.*/\1/')
[[ ${#names[@]} -ge 5 ]] || fail "found only ${#names[@]} stage names in $staircase"
[[ ${#names[@]} -eq ${#keys[@]} ]] || fail "every stage should have a name (${#names[@]} names, ${#keys[@]} stages)"

check_dot() {  # check_dot <what>
  [[ $OUT == "digraph "* ]] || fail "$1: output does not start with 'digraph': ${OUT:0:80}"
  [[ $OUT == *"}" ]] || fail "$1: output does not end with '}'"
  for name in "${names[@]}"; do expect_contains "$OUT" "label=\"$name\"" "$1: stage '$name'"; done
  local nodes
  nodes=$(grep -cE '^[0-9]+\[label=' <<<"$OUT")
  [[ $nodes -eq ${#keys[@]} ]] || fail "$1: $nodes nodes, expected ${#keys[@]}"
  local edges
  edges=$(grep -cE '^[0-9]+->[0-9]+' <<<"$OUT")
  [[ $edges -gt 0 ]] || fail "$1: no edges"
}

run_trappsteg graph
expect_status 0 "graph"
check_dot "graph"

run_trappsteg graph --staircase "$staircase"
expect_status 0 "graph --staircase"
check_dot "graph --staircase"

run_trappsteg graph --scenario scenarios/baseline.yaml
expect_status 0 "graph --scenario"
check_dot "graph --scenario"

# A staircase with a dead end is refused with status 2.
copy_model >/dev/null
bad=$WORK/model/models/goteborg/staircase.yaml
sed -i 's/^  deceased:    {.*/&\n  limbo:       {name: "Limbo", activity: none}/' "$bad"
run_trappsteg graph --staircase "$bad"
expect_status 2 "graph of a staircase with a dead end"
expect_contains "$ERR" "$bad:$(line_of "$bad" "limbo:"):3: stages.limbo: stage 'limbo' cannot reach a job" "graph dead end"
[[ -z $OUT ]] || fail "graph of a bad staircase printed to stdout"

finish
