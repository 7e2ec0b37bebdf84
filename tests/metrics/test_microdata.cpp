// The microdata recorder: its panel and its events tell the same story, a sample keeps its share
// and the same people in every scenario, and keeping people changes no outcome.

#include "engine/metrics/microdata.hpp"
#include "engine/sim/run.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <map>
#include <set>
#include <tuple>

namespace trappsteg {
namespace {

RunResult run_with(LoadedScenario& loaded, MicrodataSpec::Frequency frequency, double sample, int months) {
  loaded.scenario.scale = 0.02;
  loaded.scenario.months = months;
  loaded.scenario.microdata = {frequency, sample};
  return run_replicate(loaded.scenario, loaded.model, *loaded.staircase, 0);
}

struct State {
  std::uint16_t stage = 0;
  std::uint32_t household = 0;
  std::uint8_t district = 0;
};

}  // namespace

TEST_CASE("microdata.a_monthly_panel_and_its_events_tell_the_same_story") {
  // Newcomers' language and work takes people in from the month they arrive; the competence centre runs too.
  auto loaded = testing::load("scenarios/newcomers_language_and_work.yaml");
  const RunResult run = run_with(loaded, MicrodataSpec::Frequency::kMonthly, 1.0, 24);
  REQUIRE(run.microdata);
  const Microdata& m = *run.microdata;
  const MicrodataPanel& p = m.panel;
  CHECK(m.stage_keys == run.outcomes.stage_keys);
  REQUIRE(std::find(m.policy_keys.begin(), m.policy_keys.end(), "language_and_work") != m.policy_keys.end());

  // Who is where in each month, by the panel.
  std::vector<std::map<std::uint32_t, State>> at(25);
  std::size_t outside = 0;
  for (std::size_t r = 0; r < p.size(); ++r) {
    if (p.month[r] < 0 || p.month[r] > 24) ++outside;
    else at[static_cast<std::size_t>(p.month[r])][p.person[r]] = {p.stage[r], p.household[r], p.district[r]};
  }
  REQUIRE(outside == 0);
  CHECK(at[0].size() == run.initial_people);  // everyone at the start

  // Each month's panel is the previous month's changed by exactly that month's events.
  std::map<std::tuple<int, std::uint32_t, EventKind>, std::pair<std::int64_t, std::int64_t>> events;
  std::map<EventKind, int> kinds;
  for (std::size_t e = 0; e < m.events.size(); ++e) {
    events[{m.events.month[e], m.events.person[e], m.events.kind[e]}] = {m.events.from[e], m.events.to[e]};
    ++kinds[m.events.kind[e]];
  }
  for (EventKind kind : {EventKind::kStage, EventKind::kBorn, EventKind::kArrived, EventKind::kMovedIn, EventKind::kDied,
                         EventKind::kMovedAway, EventKind::kHousehold, EventKind::kDistrict, EventKind::kPolicyStart})
    CHECK_MESSAGE(kinds[kind] > 0, event_kind_names()[static_cast<std::size_t>(kind)]);
  auto has = [&](int month, std::uint32_t person, EventKind kind) { return events.count({month, person, kind}) > 0; };
  int mismatches = 0;
  for (int month = 1; month <= 24; ++month) {
    const auto& before = at[static_cast<std::size_t>(month - 1)];
    const auto& now = at[static_cast<std::size_t>(month)];
    for (const auto& [person, was] : before) {
      auto it = now.find(person);
      if (it == now.end()) {
        mismatches += !(has(month, person, EventKind::kDied) || has(month, person, EventKind::kMovedAway));
        continue;
      }
      const State& is = it->second;
      if (is.stage != was.stage) {
        auto e = events.find({month, person, EventKind::kStage});
        mismatches += e == events.end() || e->second != std::pair<std::int64_t, std::int64_t>{was.stage, is.stage};
      } else {
        mismatches += has(month, person, EventKind::kStage);
      }
      mismatches += (is.household != was.household) != has(month, person, EventKind::kHousehold);
      mismatches += (is.district != was.district) != has(month, person, EventKind::kDistrict);
    }
    for (const auto& [person, is] : now)
      if (!before.count(person))
        mismatches += !(has(month, person, EventKind::kBorn) || has(month, person, EventKind::kArrived) ||
                        has(month, person, EventKind::kMovedIn));
  }
  CHECK(mismatches == 0);

  // Every phase change and exit follows a start (or a participation running at the start), also
  // for newcomers a programme takes in the month they arrive.
  std::set<std::pair<std::uint32_t, std::int64_t>> in_policy;
  for (std::size_t r = 0; r < p.size(); ++r)
    if (p.month[r] == 0 && p.policy[r] >= 0) in_policy.insert({p.person[r], p.policy[r]});
  int orphans = 0, starts = 0;
  for (std::size_t e = 0; e < m.events.size(); ++e) {
    const std::pair<std::uint32_t, std::int64_t> key{m.events.person[e], m.events.from[e]};
    if (m.events.kind[e] == EventKind::kPolicyStart) in_policy.insert(key), ++starts;
    else if (m.events.kind[e] == EventKind::kPhase) orphans += !in_policy.count(key);
    else if (m.events.kind[e] == EventKind::kPolicyEnd) orphans += !in_policy.erase(key);
  }
  CHECK(starts > 0);
  CHECK(orphans == 0);
}

TEST_CASE("microdata.every_arrival_in_the_run_is_one_arrived_event_in_its_month_also_for_the_synthesised_arrivals_of_month_1") {
  auto loaded = testing::load("scenarios/baseline.yaml");
  constexpr int kMonths = 24;
  const RunResult run = run_with(loaded, MicrodataSpec::Frequency::kMonthly, 1.0, kMonths);
  REQUIRE(run.microdata);
  const Microdata& m = *run.microdata;
  const MicrodataPanel& p = m.panel;

  // months_since_arrival is NULL (kBornInSweden) for the born in Sweden only; the foreign-born at
  // the start have arrived (>= 0) or arrive in month 1 (-1). Each person's arrival month
  // (1-based: month - months_since_arrival) is the same in every row.
  std::map<std::uint32_t, std::int32_t> arrival, first_seen;
  std::set<std::uint32_t> arriving_in_month_1;
  int wrong = 0;
  for (std::size_t r = 0; r < p.size(); ++r) {
    const std::int32_t since = p.months_since_arrival[r];
    if (!p.foreign_born[r]) {
      wrong += since != kBornInSweden;
      continue;
    }
    wrong += since == kBornInSweden || since < (p.month[r] == 0 ? -1 : 0);
    if (since == kBornInSweden) continue;
    if (p.month[r] == 0 && since == -1) arriving_in_month_1.insert(p.person[r]);
    const auto [at, fresh] = arrival.emplace(p.person[r], p.month[r] - since);
    wrong += !fresh && at->second != p.month[r] - since;
    first_seen.emplace(p.person[r], p.month[r]);  // rows are in month order
  }
  CHECK(wrong == 0);
  // At this scale a few dozen people of the synthesised population arrive in month 1.
  CHECK(arriving_in_month_1.size() >= 10);

  // Everyone in the city by the month they arrive in Sweden has exactly one `arrived` event, in
  // that month; nobody else has one. (Those who moved in from the rest of Sweden after arriving
  // in Sweden elsewhere have `moved_in` instead.)
  std::map<std::uint32_t, std::vector<std::int32_t>> arrived;
  std::set<std::uint32_t> moved_in, entered_staircase_in_month_1;
  for (std::size_t e = 0; e < m.events.size(); ++e) {
    if (m.events.kind[e] == EventKind::kArrived) arrived[m.events.person[e]].push_back(m.events.month[e]);
    if (m.events.kind[e] == EventKind::kMovedIn) moved_in.insert(m.events.person[e]);
    if (m.events.kind[e] == EventKind::kStage && m.events.from[e] < 0 && m.events.month[e] == 1)
      entered_staircase_in_month_1.insert(m.events.person[e]);
  }
  std::size_t expected = 0;
  int missing = 0, misplaced = 0;
  for (const auto& [person, month] : arrival) {
    if (month < 1 || month > kMonths || first_seen.at(person) > month) continue;
    ++expected;
    auto it = arrived.find(person);
    if (it == arrived.end()) ++missing;
    else misplaced += it->second != std::vector<std::int32_t>{month};
  }
  CHECK(expected > arriving_in_month_1.size());  // arrivals during the run too
  CHECK(missing == 0);
  CHECK(misplaced == 0);
  CHECK(arrived.size() == expected);
  std::size_t arrived_and_moved_in = 0, month_1_without_event = 0, month_1_entering_the_staircase = 0;
  for (const auto& entry : arrived) arrived_and_moved_in += moved_in.count(entry.first);
  // Those of month 1 stand on their first step in month 0's panel: no step entered from nowhere.
  for (std::uint32_t person : arriving_in_month_1) {
    month_1_without_event += !arrived.count(person);
    month_1_entering_the_staircase += entered_staircase_in_month_1.count(person);
  }
  CHECK(arrived_and_moved_in == 0);
  CHECK(month_1_without_event == 0);
  CHECK(month_1_entering_the_staircase == 0);
}

TEST_CASE("microdata.a_yearly_panel_keeps_the_start_and_every_twelfth_month") {
  auto loaded = testing::load("scenarios/baseline.yaml");
  const RunResult run = run_with(loaded, MicrodataSpec::Frequency::kYearly, 1.0, 30);
  REQUIRE(run.microdata);
  const std::set<std::int32_t> months(run.microdata->panel.month.begin(), run.microdata->panel.month.end());
  CHECK(months == std::set<std::int32_t>{0, 12, 24});
  // Events are kept for every month all the same.
  const std::set<std::int32_t> event_months(run.microdata->events.month.begin(), run.microdata->events.month.end());
  CHECK(event_months.size() == 30);
}

TEST_CASE("microdata.a_sample_keeps_its_share_and_the_same_people_in_every_scenario") {
  auto baseline = testing::load("scenarios/baseline.yaml");
  auto families = testing::load("scenarios/families_250.yaml");
  families.scenario.seed = baseline.scenario.seed;
  const RunResult a = run_with(baseline, MicrodataSpec::Frequency::kYearly, 0.3, 12);
  const RunResult b = run_with(families, MicrodataSpec::Frequency::kYearly, 0.3, 12);
  std::set<std::uint32_t> kept_a, kept_b;
  for (std::size_t r = 0; r < a.microdata->panel.size(); ++r)
    if (a.microdata->panel.month[r] == 0) kept_a.insert(a.microdata->panel.person[r]);
  for (std::size_t r = 0; r < b.microdata->panel.size(); ++r)
    if (b.microdata->panel.month[r] == 0) kept_b.insert(b.microdata->panel.person[r]);
  CHECK(kept_a == kept_b);
  // About 11 000 people at this scale: a binomial share's standard deviation is below 0.005.
  CHECK(static_cast<double>(kept_a.size()) / static_cast<double>(a.initial_people) == doctest::Approx(0.3).epsilon(0.02 / 0.3));
  CHECK(std::all_of(kept_a.begin(), kept_a.end(),
                    [&](std::uint32_t person) { return in_microdata_sample(baseline.scenario.microdata, baseline.scenario.seed, 0, person); }));
}

TEST_CASE("microdata.keeping_people_changes_no_outcome") {
  auto loaded = testing::load("scenarios/families_250.yaml");
  const RunResult kept = run_with(loaded, MicrodataSpec::Frequency::kMonthly, 1.0, 24);
  const RunResult plain = run_with(loaded, MicrodataSpec::Frequency::kOff, 1.0, 24);
  CHECK_FALSE(plain.microdata);
  REQUIRE(kept.outcomes.monthly.values.size() == plain.outcomes.monthly.values.size());
  std::size_t differing = 0;
  for (std::size_t k = 0; k < kept.outcomes.monthly.values.size(); ++k) {
    const double x = kept.outcomes.monthly.values[k], y = plain.outcomes.monthly.values[k];
    differing += !(x == y || (std::isnan(x) && std::isnan(y)));
  }
  CHECK(differing == 0);
}

TEST_CASE("microdata.its_size_is_estimated_from_the_people_and_the_months_kept") {
  const MicrodataSize yearly = estimate_microdata_size({MicrodataSpec::Frequency::kYearly, 0.5}, 1000, 120);
  CHECK(yearly.panel_rows == doctest::Approx(1000 * 0.5 * 11));
  const MicrodataSize monthly = estimate_microdata_size({MicrodataSpec::Frequency::kMonthly, 1}, 1000, 120);
  CHECK(monthly.panel_rows == doctest::Approx(1000 * 121));
  CHECK(monthly.database_bytes > yearly.database_bytes);
  CHECK(estimate_microdata_size({}, 1000, 120).panel_rows == 0);
}

}  // namespace trappsteg
