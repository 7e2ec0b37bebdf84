// Declared outputs (scenario key outputs): which months the monthly writers keep, against hand
// counts; keeping fewer months changes no outcome; a misspelt frequency is a clear error.

#include "engine/core/error.hpp"
#include "engine/sim/run.hpp"
#include "output/writers.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <set>
#include <sstream>

namespace trappsteg {
namespace {

std::vector<std::size_t> kept(const OutputsSpec& spec, std::size_t months) {
  std::vector<std::size_t> out;
  for (std::size_t m = 0; m < months; ++m)
    if (spec.keeps(m, months)) out.push_back(m);
  return out;
}

}  // namespace

TEST_CASE("outputs.months_kept_by_frequency") {
  OutputsSpec spec;  // auto, monthly up to 10 years
  CHECK(kept(spec, 120).size() == 120);
  const auto twenty = kept(spec, 240);
  REQUIRE(twenty.size() == 21);  // month 1 and the end of each of 20 years
  CHECK(twenty.front() == 0);
  CHECK(twenty[1] == 11);
  CHECK(twenty.back() == 239);
  spec.frequency = OutputsSpec::Frequency::kYearly;
  CHECK(kept(spec, 30) == std::vector<std::size_t>{0, 11, 23, 29});  // the last month too
  CHECK(kept(spec, 1) == std::vector<std::size_t>{0});
  spec.frequency = OutputsSpec::Frequency::kMonthly;
  CHECK(kept(spec, 600).size() == 600);
  spec.frequency = OutputsSpec::Frequency::kAuto;
  spec.auto_monthly_up_to_months = 0;
  CHECK(kept(spec, 12) == std::vector<std::size_t>{0, 11});
}

TEST_CASE("outputs.yearly_outputs_keep_the_same_values_of_fewer_months") {
  auto loaded = testing::load("scenarios/baseline.yaml");
  loaded.scenario.scale = 0.02;
  loaded.scenario.months = 36;
  loaded.scenario.warm_up_months = 0;
  const RunResult monthly = run_replicate(loaded.scenario, loaded.model, *loaded.staircase, 0);
  loaded.scenario.outputs.frequency = OutputsSpec::Frequency::kYearly;
  const RunResult yearly = run_replicate(loaded.scenario, loaded.model, *loaded.staircase, 0);
  CHECK(monthly.outcomes.written_months.size() == 36);
  CHECK(yearly.outcomes.written_months == std::vector<std::size_t>{0, 11, 23, 35});
  // The engine measures every month either way.
  CHECK(yearly.outcomes.monthly.values.size() == monthly.outcomes.monthly.values.size());
  CHECK(std::equal(yearly.outcomes.monthly.values.begin(), yearly.outcomes.monthly.values.end(),
                   monthly.outcomes.monthly.values.begin(), [](double a, double b) { return a == b || (a != a && b != b); }));
  // Moves between stages are held for the months kept only (4 of 36), the same moves as monthly's.
  const StageTable& all_moves = monthly.outcomes.stages;
  const StageTable& few_moves = yearly.outcomes.stages;
  CHECK(few_moves.flow.size() * 9 == all_moves.flow.size());
  double moved = 0;
  for (std::size_t m = 0; m < 36; ++m) {
    CHECK(few_moves.flows_kept(m) == (m == 0 || m == 11 || m == 23 || m == 35));
    for (std::size_t area = 0; area < all_moves.areas; ++area)
      for (std::size_t from = 0; from < all_moves.stages; ++from)
        for (std::size_t to = 0; to < all_moves.stages; ++to) {
          const double expected = few_moves.flows_kept(m) ? all_moves.moves(m, area, from, to) : 0.0;
          if (few_moves.moves(m, area, from, to) != expected) FAIL_CHECK("moves differ in month " << m + 1);
          if (few_moves.flows_kept(m)) moved += expected;
        }
  }
  CHECK(moved > 0);

  // outcomes.csv holds exactly the monthly file's rows of months 1, 12, 24 and 36.
  std::ostringstream all, few;
  write_outcomes_csv(all, "baseline", monthly);
  write_outcomes_csv(few, "baseline", yearly);
  std::istringstream all_in(all.str()), few_in(few.str());
  std::string line, header;
  std::getline(all_in, header);
  std::string expected = header + "\n";
  const std::set<std::string> months{"1", "12", "24", "36"};
  while (std::getline(all_in, line)) {
    const std::size_t start = line.find(',', line.find(',') + 1) + 1;
    if (months.count(line.substr(start, line.find(',', start) - start))) expected += line + "\n";
  }
  CHECK(few.str() == expected);
  CHECK(few.str().size() * 5 < all.str().size());
}

TEST_CASE("outputs.a_misspelt_frequency_is_named_with_its_file_and_key") {
  testing::BaselineFolder folder("outputs");
  const auto file = folder.write("yearly.yaml", "extends: scenario.yaml\noutputs:\n  frequency: yealy\n");
  try {
    (void)load_scenario(file);
    FAIL("a frequency that does not exist was accepted");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    const Diagnostic& d = e.diagnostics().front();
    CHECK(d.where.file == file);
    CHECK(d.where.line == 3);
    CHECK(d.key_path == "outputs.frequency");
    CHECK(d.message.find("auto, monthly or yearly") != std::string::npos);
  }
  const auto bad_key = folder.write("key.yaml", "extends: scenario.yaml\noutputs:\n  frequncy: yearly\n");
  try {
    (void)load_scenario(bad_key);
    FAIL("a misspelt key was accepted");
  } catch (const InputError& e) {
    REQUIRE_FALSE(e.diagnostics().empty());
    CHECK(std::string(e.what()).find("frequency") != std::string::npos);  // the suggestion
  }
}

}  // namespace trappsteg

namespace trappsteg {

TEST_CASE("scenario.an_error_in_a_key_that_an_extending_file_sets_points_at_its_own_line") {
  // The parent sets scale too: the child's value replaces it, and the error is the child's.
  testing::BaselineFolder folder("extends-location");
  const auto file = folder.write("child.yaml", "extends: scenario.yaml\n# a comment\nscale: 7\n");
  try {
    (void)load_scenario(file);
    FAIL("a scale of 7 was accepted");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics().front().where.file == file);
    CHECK(e.diagnostics().front().where.line == 3);
    CHECK(e.diagnostics().front().where.column == 8);
  }
}

}  // namespace trappsteg
