# A write that fails (here: the file-size limit, as a full disk would) ends the command with
# status 1 and a message naming the file and the cause, and leaves nothing behind.
source "$(dirname "$0")/lib.sh"

small=(--scale 0.01 --years 1 --quiet --set 'districts_only=[angered]')

# A file-size limit between the largest other file of a command's folder and its report.html.
limit_for() {  # limit_for <folder>: sets limit_kib
  local report largest_other
  report=$(stat -c %s "$1/report.html")
  largest_other=$(find "$1" -type f ! -name report.html -printf '%s\n' | sort -n | tail -1)
  [[ $largest_other -lt $report ]] || fail "the test needs report.html to be the largest file in $1 ($largest_other >= $report)"
  limit_kib=$(((largest_other + report) / 2 / 1024))
}
run_trappsteg run scenarios/baseline.yaml "${small[@]}" --out "$WORK/free"
expect_status 0 "an unlimited run"
run_trappsteg compare scenarios/baseline.yaml scenarios/families_250.yaml "${small[@]}" --out "$WORK/free_compare"
expect_status 0 "an unlimited compare"

# With such a limit, writing the report fails.
limited() {
  (
    ulimit -f "$limit_kib"
    trap '' XFSZ  # a write past the limit then fails with EFBIG instead of killing the process
    exec "$TRAPPSTEG" "$@"
  ) >"$WORK/stdout" 2>"$WORK/stderr"
  RC=$?
  OUT=$(cat "$WORK/stdout")
  ERR=$(cat "$WORK/stderr")
}
limit_for "$WORK/free"
limited run scenarios/baseline.yaml "${small[@]}" --out "$WORK/full"
expect_status 1 "report.html cannot be written"
expect_contains "$ERR" "error: $WORK/full/report.html: writing failed: File too large" "the message names the file and the cause"
expect_no_output_folder "$WORK/full" "a failed write"

# The same for a compare, and for an existing folder: it is left as it was.
limit_for "$WORK/free_compare"
limited compare scenarios/baseline.yaml scenarios/families_250.yaml "${small[@]}" --out "$WORK/cmp"
expect_status 1 "a compare whose report cannot be written"
expect_contains "$ERR" "report.html: writing failed" "a compare whose report cannot be written"
expect_no_output_folder "$WORK/cmp" "a compare whose report cannot be written"
cp -r "$WORK/free" "$WORK/kept"
limit_for "$WORK/free"
limited run scenarios/baseline.yaml "${small[@]}" --out "$WORK/kept"
expect_status 1 "replacing a folder when the report cannot be written"
diff -r "$WORK/free" "$WORK/kept" >/dev/null || fail "a failed replacement changed the existing folder"

# trappsteg report into the folder: the old report stays.
limited report "$WORK/kept"
expect_status 1 "trappsteg report when the report cannot be written"
cmp -s "$WORK/free/report.html" "$WORK/kept/report.html" || fail "a failed trappsteg report changed report.html"

leftovers=$(find "$WORK" \( -name '*.tmp*' -o -name '.*.partial-*' -o -name '*.lock' \) -print)
[[ -z $leftovers ]] || fail "temporary files left: $leftovers"

finish
