# --help for the app and each subcommand exits 0 and shows examples.
source "$(dirname "$0")/lib.sh"

run_trappsteg --help
expect_status 0 "trappsteg --help"
expect_contains "$OUT" "Examples" "trappsteg --help"
for sub in run validate graph compare sweep merge calibrate sensitivity schema report trace; do
  expect_contains "$OUT" "$sub" "trappsteg --help lists $sub"
done

for sub in run validate graph compare sweep merge calibrate sensitivity schema report trace; do
  run_trappsteg "$sub" --help
  expect_status 0 "trappsteg $sub --help"
  expect_contains "$OUT" "Examples" "trappsteg $sub --help"
  expect_contains "$OUT" "trappsteg $sub" "trappsteg $sub --help shows a $sub example"
done

run_trappsteg --version
expect_status 0 "trappsteg --version"
[[ -n $OUT ]] || fail "trappsteg --version printed nothing"

finish
