# A bad command-line value is invalid input too: the help text promises exit status 2.
source "$(dirname "$0")/lib.sh"

run_trappsteg run scenarios/baseline.yaml --scale 2 --out "$WORK/out"
expect_status 2 "run --scale 2"
expect_contains "$ERR" "--scale" "run --scale 2"
expect_no_output_folder "$WORK/out" "run --scale 2"

run_trappsteg run scenarios/baseline.yaml --sclae 0.1 --out "$WORK/out"
expect_status 2 "run --sclae 0.1"
expect_no_output_folder "$WORK/out" "run --sclae 0.1"

run_trappsteg
expect_status 2 "no subcommand"

finish
