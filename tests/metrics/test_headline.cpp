// The planners' headline: newcomers' time to a first job (Kaplan–Meier) and their shares
// employed 12/24/48 months after arrival at each headline year, and a named gap between two
// districts — against hand-computed cases and against the run's own tables.

#include "engine/metrics/headline.hpp"
#include "engine/sim/compare.hpp"
#include "engine/sim/run.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>

namespace trappsteg {
namespace {

const HeadlineCell* cell(const std::vector<HeadlineCell>& row, const std::string& outcome, int year) {
  for (const HeadlineCell& c : row)
    if (c.outcome == outcome && c.year == year) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("headline.kaplan_meier_median_counts_only_what_the_horizon_has_seen") {
  // Four newcomers in district 0 arrived in month 0: first jobs in months 3 and 5, one left in
  // month 4, one still searching. One in district 1 arrived in month 6, first job in month 8.
  NewcomerSpells spells{3, {{0, 0, 3, -1}, {0, 0, 5, -1}, {0, 0, -1, 4}, {0, 0, -1, -1}, {1, 6, 8, -1}}};
  // Horizon 10, district 0: S(3) = 3/4; the departure at 4 leaves 2 at risk; S(5) = 3/4 · 1/2 =
  // 3/8 ≤ 1/2, so the median is 5. District 1: S(2) = 0, median 2. City (five people): S(2) = 4/5,
  // S(3) = 4/5 · 3/4 = 3/5, the departure at 4, S(5) = 3/5 · 1/2 = 3/10: median 5.
  auto at_10 = kaplan_meier_medians(spells, 10);
  CHECK(at_10[0] == 5);
  CHECK(at_10[1] == 2);
  CHECK(at_10[2] == 5);
  // Horizon 5: the job in month 5 is not yet seen (censored at 5), so district 0 stays at 3/4.
  // The one who arrives in month 6 is not yet there.
  auto at_5 = kaplan_meier_medians(spells, 5);
  CHECK(std::isnan(at_5[0]));
  CHECK(std::isnan(at_5[1]));
  CHECK(std::isnan(at_5[2]));
  // Horizon 9: district 1's first job (month 8) is seen, two months after arrival.
  CHECK(kaplan_meier_medians(spells, 9)[1] == 2);
}

TEST_CASE("headline.newcomers_and_the_named_gap_follow_the_run_s_own_tables") {
  auto loaded = testing::load("scenarios/baseline.yaml");
  loaded.scenario.scale = 0.02;
  loaded.scenario.months = 60;
  const RunResult run = run_replicate(loaded.scenario, loaded.model, *loaded.staircase, 0);
  const NewcomerTable& newcomers = run.outcomes.newcomers;
  REQUIRE(newcomers.by_year.size() == 2);  // years 1 and 5
  CHECK(newcomers.by_year[0].year == 1);
  CHECK(newcomers.by_year[1].year == 5);

  Comparison comparison;
  comparison.names = {"baseline"};
  comparison.runs = {{run}};
  comparison.budgets = {{compute_budget(run.outcomes, nullptr, loaded.scenario.start_year, loaded.scenario.discount_rate,
                                        loaded.model.economy.municipal_tax_rate)}};
  // Written in the opposite order: the district with the higher employment rate in the data
  // (Västra Göteborg) comes first all the same.
  comparison.gap = named_gap({"angered", "vastra_goteborg"}, loaded.model.districts);
  REQUIRE(comparison.gap);
  CHECK(comparison.gap->higher == "vastra_goteborg");
  CHECK(comparison.gap->name() == "employment_gap_20_64_vastra_goteborg_vs_angered");
  const auto table = headline_table(comparison);
  REQUIRE(table.size() == 1);

  // At the run's last month, the snapshot is the whole run: its median is the run's own, and
  // the shares are employed ÷ observed k months after arrival in the newcomers table.
  const std::size_t city = newcomers.areas - 1, k_max = newcomers.max_months;
  const HeadlineCell* median = cell(table[0], "newcomers_median_months_to_first_job", 5);
  REQUIRE(median);
  CHECK(median->value.mean == newcomers.median_months_to_first_job[city]);
  CHECK(std::isfinite(median->value.mean));
  for (std::size_t j = 0; j < kNewcomerMilestoneMonths.size(); ++j) {
    const auto k = static_cast<std::size_t>(kNewcomerMilestoneMonths[j]);
    const HeadlineCell* share = cell(table[0], fmt::format("newcomers_employed_{}_months_after_arrival", k), 5);
    REQUIRE(share);
    CAPTURE(k);
    CHECK(share->value.mean == doctest::Approx(newcomers.employed[city * k_max + k] / newcomers.observed[city * k_max + k]).epsilon(1e-12));
  }
  // After one year nobody has been followed for 24 months.
  CHECK(std::isnan(cell(table[0], "newcomers_employed_24_months_after_arrival", 1)->value.mean));

  // The named gap is the two districts' employment rates subtracted, beside best-minus-worst.
  std::size_t angered = 0, vastra = 0;
  for (std::size_t a = 0; a < run.outcomes.area_keys.size(); ++a) {
    if (run.outcomes.area_keys[a] == "angered") angered = a;
    if (run.outcomes.area_keys[a] == "vastra_goteborg") vastra = a;
  }
  const auto& monthly = run.outcomes.monthly;
  for (int year : {1, 5}) {
    const auto m = static_cast<std::size_t>(year * 12 - 1);
    const HeadlineCell* gap = cell(table[0], comparison.gap->name(), year);
    REQUIRE(gap);
    CHECK(gap->value.mean == monthly.at(m, vastra, Group::kAll, Metric::kEmploymentRate20To64) -
                                 monthly.at(m, angered, Group::kAll, Metric::kEmploymentRate20To64));
    CHECK(gap->value.mean > 0);
    CHECK(gap->value.mean <= cell(table[0], "employment_rate_gap_20_64", year)->value.mean);
  }
  // The run's headline values (summary.json, sweeps) give the same newcomer numbers.
  for (const auto& [name, value] : headline_values(run.outcomes, 59, city))
    if (const HeadlineCell* c = cell(table[0], name, 5); c && name.starts_with("newcomers_employed_") && name.ends_with("arrival"))
      CHECK(value == c->value.mean);
}

TEST_CASE("headline.no_named_gap_without_exactly_two_districts") {
  auto loaded = testing::load("scenarios/baseline.yaml");
  CHECK_FALSE(named_gap({}, loaded.model.districts));
  CHECK_FALSE(named_gap({"angered"}, loaded.model.districts));
  CHECK(named_gap({"vastra_goteborg", "angered"}, loaded.model.districts)->lower == "angered");
}

}  // namespace trappsteg
