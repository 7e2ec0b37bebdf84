# Nothing from a file name, an option or the environment reaches a shell: Graphviz draws in
# this process, and temporary files are made with mkstemp beside their targets.
source "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
repo=$OLDPWD

# A file name that would run a command through a shell, and one with an apostrophe.
run_trappsteg graph --scenario "$repo/scenarios/baseline.yaml" --format svg --out "x'; touch pwned; '.svg"
expect_status 0 "graph --out with quotes and a semicolon"
[[ -e pwned ]] && fail "graph --out ran a shell command"
[[ $(head -c 200 "x'; touch pwned; '.svg") == *"<svg"* || $(head -c 400 "x'; touch pwned; '.svg") == *"<svg"* ]] ||
  fail "graph --out with quotes did not write an SVG"
run_trappsteg graph --scenario "$repo/scenarios/baseline.yaml" --format png --out "it's a staircase.png"
expect_status 0 "graph --out with an apostrophe"
[[ $(head -c 4 "it's a staircase.png" | tail -c 3) == "PNG" ]] || fail "graph --format png did not write a PNG"

# Graphviz is a library here: drawing works with no dot program on PATH.
env PATH=/nonexistent "$TRAPPSTEG" graph --scenario "$repo/scenarios/baseline.yaml" --format svg >drawn.svg 2>"$WORK/stderr"
RC=$? ERR=$(cat "$WORK/stderr") OUT=""
expect_status 0 "graph --format svg without dot on PATH"
expect_contains "$(cat drawn.svg)" "<svg" "graph --format svg to standard output"

# A TMPDIR with a quote: the run's report (which draws the staircase) runs nothing and writes nothing there.
mkdir -p "$WORK/tmp'; touch pwned2; '"
TMPDIR="$WORK/tmp'; touch pwned2; '" run_trappsteg run "$repo/scenarios/baseline.yaml" --scale 0.005 --years 1 --out run --quiet
expect_status 0 "run with a quote in TMPDIR"
[[ -e pwned2 || -e $repo/pwned2 ]] && fail "a quote in TMPDIR ran a shell command"
expect_contains "$(cat run/report.html)" "<svg" "the run's report draws the staircase"
[[ -z $(ls -A "$WORK/tmp'; touch pwned2; '") ]] || fail "the run wrote into TMPDIR: $(ls -A "$WORK/tmp'; touch pwned2; '")"

# No temporary file with a predictable name is left anywhere.
leftovers=$(find "$WORK" \( -name '*.tmp*' -o -name '.*.partial-*' -o -name '*.lock' \) -print)
[[ -z $leftovers ]] || fail "temporary files left behind: $leftovers"

finish
