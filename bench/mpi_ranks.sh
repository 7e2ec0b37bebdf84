#!/usr/bin/env bash
# Runs per second of one ensemble in 1 process and on 2 and 3 MPI ranks, each on one thread:
#   bash bench/mpi_ranks.sh [build/release/cli/trappsteg] [repeats]
# Prints each layout's median wall time, runs per second, ratio to one process, and CPU seconds per
# run (what MPI adds to a run, whatever the load). With fewer cores than ranks the ranks share
# cores (--oversubscribe), so read the ratio against min(ranks, cores); on real nodes, one rank
# per node, expect it to follow the number of ranks until rank 0's writing becomes the bottleneck.
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

# seconds <ranks>: "wall cpu" of one ensemble, cpu being user + system of every process (the
# ranks are mpirun's children). On a shared or oversubscribed machine the wall time depends on
# the load, while CPU seconds per run show what MPI adds to a run.
seconds() {
  local ranks=$1 TIMEFORMAT='%R %U %S' line
  if [[ $ranks -eq 1 ]]; then
    line=$({ time "$trappsteg" "${args[@]}" --out "$work/out1" >/dev/null; } 2>&1)
  else
    line=$({ time "$mpirun" --allow-run-as-root --oversubscribe --bind-to none -np "$ranks" "$trappsteg" "${args[@]}" \
      --out "$work/out$ranks" >/dev/null; } 2>&1)
  fi
  awk '{print $1, $2 + $3}' <<<"$line"
}

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo "ensemble: ${#scenarios[@]} scenarios × $replicates replicates = $runs runs (scale 0.05, 5 years), $(nproc) core(s), $repeats repeat(s)"
printf '%-6s %10s %10s %8s %14s\n' ranks seconds runs/s ratio cpu_s/run
# The layouts alternate within each repeat, so that a change in the machine's load hits all alike.
declare -A walls cpus
for ((r = 0; r < repeats; r++)); do
  for ranks in 1 2 3; do
    read -r wall cpu <<<"$(seconds "$ranks")"
    walls[$ranks]+="$wall "
    cpus[$ranks]+="$cpu "
  done
done
one=""
for ranks in 1 2 3; do
  m=$(printf '%s\n' ${walls[$ranks]} | median)
  c=$(printf '%s\n' ${cpus[$ranks]} | median)
  [[ -n $one ]] || one=$m
  awk -v r="$ranks" -v m="$m" -v n="$runs" -v one="$one" -v c="$c" \
    'BEGIN {printf "%-6s %10.2f %10.2f %8.2f %14.2f\n", r, m, n / m, one / m, c / n}'
done
