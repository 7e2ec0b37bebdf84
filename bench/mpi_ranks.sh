#!/usr/bin/env bash
# Runs per second of one ensemble in 1 process and on 2 and 3 MPI ranks, each on one thread:
#   bash bench/mpi_ranks.sh [build/release/cli/trappsteg] [repeats]
# Prints each layout's median wall time, its runs per second and its ratio to one process. On a
# machine with fewer cores than ranks the ranks share cores (--oversubscribe), so read the ratio
# against min(ranks, cores); on real nodes, one rank per node, expect the ratio to follow the
# number of ranks until runs (not rank 0's writing) stop being the bottleneck.
set -euo pipefail

trappsteg=${1:-build/release/cli/trappsteg}
repeats=${2:-3}
[[ -x $trappsteg ]] || { echo "no executable $trappsteg (build the release preset first)" >&2; exit 1; }
mpirun=$(command -v mpirun) || { echo "mpirun is not installed (bash scripts/setup.sh)" >&2; exit 1; }
export OMPI_MCA_btl_vader_single_copy_mechanism=none  # containers often forbid the cross-process copy
work=$(mktemp -d "${TMPDIR:-/tmp}/trappsteg-mpi-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT

scenarios=(scenarios/baseline.yaml scenarios/families_250.yaml)
replicates=12
args=(compare "${scenarios[@]}" --replicates "$replicates" --scale 0.05 --years 5 --threads 1 --quiet --force)
runs=$((${#scenarios[@]} * replicates))

seconds() {  # seconds <ranks>: the wall time of one ensemble
  local ranks=$1 start end
  start=$(date +%s.%N)
  if [[ $ranks -eq 1 ]]; then
    "$trappsteg" "${args[@]}" --out "$work/out1" >/dev/null
  else
    "$mpirun" --allow-run-as-root --oversubscribe --bind-to none -np "$ranks" "$trappsteg" "${args[@]}" --out "$work/out$ranks" >/dev/null
  fi
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN {print b - a}'
}

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo "ensemble: ${#scenarios[@]} scenarios × $replicates replicates = $runs runs (scale 0.05, 5 years), $(nproc) core(s), $repeats repeat(s)"
printf '%-6s %10s %10s %8s\n' ranks seconds runs/s ratio
# The layouts alternate within each repeat, so that a change in the machine's load hits all alike.
declare -A times
for ((r = 0; r < repeats; r++)); do
  for ranks in 1 2 3; do times[$ranks]+="$(seconds "$ranks") "; done
done
one=""
for ranks in 1 2 3; do
  m=$(printf '%s\n' ${times[$ranks]} | median)
  [[ -n $one ]] || one=$m
  awk -v r="$ranks" -v m="$m" -v n="$runs" -v one="$one" 'BEGIN {printf "%-6s %10.2f %10.2f %8.2f\n", r, m, n / m, one / m}'
done
