# Shared helpers for the CLI tests; sourced by each tests/cli/*.sh script.
# Usage of a script: bash <script> <path to the trappsteg binary>; run from the repository root.

set -u

TRAPPSTEG=${1:?usage: $0 <path to trappsteg>}
[[ -x $TRAPPSTEG ]] || { echo "FAIL: $TRAPPSTEG is not an executable" >&2; exit 1; }
[[ -f scenarios/baseline.yaml ]] || { echo "FAIL: run from the repository root" >&2; exit 1; }

FAILURES=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/trappsteg-cli-XXXXXX")
trap 'rm -rf "$WORK"' EXIT

fail() {
  echo "FAIL: $*" >&2
  FAILURES=$((FAILURES + 1))
}

# Runs trappsteg with the given arguments; sets RC, OUT (stdout) and ERR (stderr).
run_trappsteg() {
  "$TRAPPSTEG" "$@" >"$WORK/stdout" 2>"$WORK/stderr"
  RC=$?
  OUT=$(cat "$WORK/stdout")
  ERR=$(cat "$WORK/stderr")
}

expect_status() {  # expect_status <expected> <what>
  if [[ $RC -ne $1 ]]; then
    fail "$2: exit status $RC, expected $1"
    echo "--- stdout:" >&2; echo "$OUT" >&2
    echo "--- stderr:" >&2; echo "$ERR" >&2
  fi
}

expect_contains() {  # expect_contains <text> <fixed string> <what>
  if [[ $1 != *"$2"* ]]; then
    fail "$3: expected to find '$2' in:"
    echo "$1" | head -40 >&2
  fi
}

expect_no_output_folder() {  # expect_no_output_folder <folder> <what>
  local folder=$1 name
  name=$(basename "$folder")
  [[ -e $folder ]] && fail "$2: output folder $folder exists"
  local staged
  staged=$(find "$(dirname "$folder")" -maxdepth 1 -name ".$name.partial-*" -print)
  [[ -n $staged ]] && fail "$2: staging folder left behind: $staged"
  return 0
}

# Copies the shipped model, baseline scenario and policies into $WORK/model/{scenarios,models/goteborg},
# so a scenario's relative model paths resolve. Prints the copied scenario's path.
copy_model() {
  local dest=$WORK/model
  rm -rf "$dest"
  mkdir -p "$dest/scenarios" "$dest/models"
  cp scenarios/baseline.yaml "$dest/scenarios/"
  cp -r scenarios/policies "$dest/scenarios/"
  cp -r models/goteborg "$dest/models/"
  echo "$dest/scenarios/baseline.yaml"
}

# line_of <file> <fixed string>: the 1-based line of the first line holding the string.
line_of() {
  grep -n -F -m1 -- "$2" "$1" | cut -d: -f1
}

# column_of <file> <fixed string>: the 1-based column where the string starts on that line.
column_of() {
  local line
  line=$(grep -F -m1 -- "$2" "$1")
  local before=${line%%"$2"*}
  echo $((${#before} + 1))
}

# wait_until <what> <command...>: polls the command until it succeeds. The limit is a guard
# against a hang, not a speed target: a loaded machine only makes the wait longer.
wait_until() {
  local what=$1
  shift
  local tries=0
  until "$@"; do
    tries=$((tries + 1))
    if [[ $tries -ge 12000 ]]; then  # 10 minutes
      fail "gave up waiting for: $what"
      return 1
    fi
    sleep 0.05
  done
}

# count_files <folder> <glob>: how many files in the folder match.
count_files() {
  find "$1" -maxdepth 1 -name "$2" 2>/dev/null | wc -l
}

finish() {
  if [[ $FAILURES -ne 0 ]]; then
    echo "$FAILURES check(s) failed" >&2
    exit 1
  fi
  echo "all checks passed"
  exit 0
}
