#!/usr/bin/env bash
# How much of a compare's and a sweep's wall time goes to writing results (issue 14's target:
# at most 10 %), and how large the 20-year compare's database is (target: at most 60 MB):
#   bash bench/output_share.sh [build/release/cli/trappsteg] [threads]
# The commands measure themselves: compare writes everything after its runs, so its share is that
# time over the whole; a sweep stores each run as it finishes, on the thread that ran it, so its
# share is that storing time over the threads' time, and the sweep's tables and report come after.
set -euo pipefail

trappsteg=${1:-build/release/cli/trappsteg}
threads=${2:-2}
[[ -x $trappsteg ]] || { echo "no executable $trappsteg (build the release preset first)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/trappsteg-output-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "compare baseline + families_250, 10 replicates, scale 0.1, 20 years, $threads thread(s):"
"$trappsteg" compare scenarios/baseline.yaml scenarios/families_250.yaml --replicates 10 --scale 0.1 --years 20 \
  --threads "$threads" --out "$work/compare" 2>&1 >/dev/null | grep -E '^[0-9]+ runs in ' || {
  echo "compare printed no timing line" >&2
  exit 1
}
echo "  results.sqlite: $(($(stat -c %s "$work/compare/results.sqlite") / 1000000)) MB"

echo "sweep families_lhs (20 points × 2 replicates, scale 0.05, 10 years), $threads thread(s):"
"$trappsteg" sweep scenarios/sweeps/families_lhs.yaml --threads "$threads" --out "$work/sweep" 2>&1 >/dev/null |
  grep -E '^[0-9]+ runs in ' || {
  echo "sweep printed no timing line" >&2
  exit 1
}
echo "  results.sqlite: $(($(stat -c %s "$work/sweep/results.sqlite") / 1000000)) MB"
