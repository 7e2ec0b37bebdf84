// Policies: eligibility, capacity, allocation, costs, common random numbers, and bad files.

#include "engine/benefits/benefits.hpp"
#include "engine/budget/budget.hpp"
#include "engine/sim/run.hpp"
#include "engine/step/simulation.hpp"
#include "output/writers.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

namespace trappsteg {
namespace {

namespace fs = std::filesystem;

/// A scenario in a temporary folder, on the shipped model, with the given policy files.
class PolicyScenario {
 public:
  PolicyScenario() {
    static int counter = 0;
    dir_ = fs::temp_directory_path() / ("trappsteg-test-policies-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(dir_);
  }
  ~PolicyScenario() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }
  /// A scenario file running `policies` (file names in this folder) for `months` at `scale`.
  fs::path scenario(const std::vector<std::string>& policies, int months = 36, double scale = 0.05,
                    std::uint64_t seed = 7) const {
    std::string text = "name: test\nmodel:\n";
    for (const char* key : kModelFileKeys)
      text += std::string("  ") + key + ": " + testing::repo_path(std::string("models/goteborg/") + key + ".yaml").string() + "\n";
    text += "months: " + std::to_string(months) + "\nscale: " + std::to_string(scale) + "\nseed: " + std::to_string(seed) + "\n";
    if (!policies.empty()) {
      text += "policies:\n";
      for (const auto& p : policies) text += "  - " + p + "\n";
    }
    return write("scenario.yaml", text);
  }
  const fs::path& dir() const { return dir_; }

 private:
  fs::path dir_;
};

using Loaded = LoadedScenario;

Loaded load(const fs::path& scenario_file) { return load_scenario_for_run(scenario_file); }

int support_months(std::uint16_t history) { return std::popcount(static_cast<unsigned>(history & 0x0FFFu)); }

const char* kFamiliesPolicy = R"(key: families
eligible:
  age: [25, 55]
  household_with_children: true
  support_months_last_12: [10, 12]
  districts: [angered, vastra_hisingen]
  stages: [outside, job_seeker]
capacity:
  seats: 400
  start: 2016-03
  ramp_up_months: 4
allocation:
  rule: priority
  order: [support_months_last_12 desc, months_in_stage desc]
participation:
  months: 8
effects:
  transitions:
    - {from: job_seeker, to: first_job, multiplier: 3.0, after_effect_decay_per_year: 0.5}
costs:
  per_participant_month_sek: 9000
  per_start_sek: 1000
  per_place_per_year_sek: 1200
  fixed_per_year_sek: 120000
)";

/// Checks that every outcome of `a` but the count of participants is `b`'s, bit for bit, and
/// that every policy both run has the same participants, starts and costs in each month.
/// @returns the months × areas × groups where `a` had participants (so a test can see the policy ran).
std::size_t participants_where_outcomes_agree(const RunResult& a, const RunResult& b) {
  const auto& x = a.outcomes.monthly.values;
  const auto& y = b.outcomes.monthly.values;
  REQUIRE(x.size() == y.size());
  std::size_t compared = 0, participants = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    if (k % kMetricCount == static_cast<std::size_t>(Metric::kInPolicy)) {
      participants += x[k] > 0;
      continue;
    }
    bool same = (std::isnan(x[k]) && std::isnan(y[k])) || x[k] == y[k];
    if (!same) FAIL_CHECK("outcome " << kMetricNames[k % kMetricCount] << " differs: " << x[k] << " vs " << y[k]);
    ++compared;
  }
  CHECK(compared > 10000);
  CHECK(a.outcomes.stages.count == b.outcomes.stages.count);
  CHECK(a.outcomes.stages.flow == b.outcomes.stages.flow);
  const auto& pa = a.outcomes.policies;
  const auto& pb = b.outcomes.policies;
  for (std::size_t p = 0; p < pa.keys.size(); ++p) {
    const auto q = static_cast<std::size_t>(std::find(pb.keys.begin(), pb.keys.end(), pa.keys[p]) - pb.keys.begin());
    if (q == pb.keys.size()) continue;
    CAPTURE(pa.keys[p]);
    for (std::size_t m = 0; m < a.outcomes.monthly.months; ++m) {
      CAPTURE(m);
      CHECK(pa.at(m, p).participants == pb.at(m, q).participants);
      CHECK(pa.at(m, p).starts == pb.at(m, q).starts);
      CHECK(pa.at(m, p).cost == pb.at(m, q).cost);
    }
  }
  return participants;
}

}  // namespace

TEST_CASE("policy.places_go_only_to_eligible_people_and_never_exceed_capacity") {
  PolicyScenario dir;
  dir.write("families.yaml", kFamiliesPolicy);
  Loaded l = load(dir.scenario({"families.yaml"}));
  Simulation simulation(l.scenario, l.model, *l.staircase, 0);
  const auto& people = simulation.population().people;
  const auto& households = simulation.population().households;
  const std::size_t angered = 0, vastra_hisingen = 7;
  REQUIRE(l.model.districts.districts[angered].key == "angered");
  REQUIRE(l.model.districts.districts[vastra_hisingen].key == "vastra_hisingen");
  double total_starts = 0;
  std::vector<std::uint8_t> was_participant(people.size(), 0);
  for (int month = 0; month < l.scenario.months; ++month) {
    // Snapshot before the step: eligibility is judged on the state at allocation, which the
    // step's demography and arrivals change only for the months of age and new people.
    std::vector<std::uint8_t> before(people.size(), 0), had_children(people.size(), 0);
    for (std::size_t i = 0; i < people.size(); ++i) {
      before[i] = people.policies[i].any();
      if (people.household[i] != kNoHousehold) had_children[i] = households.children[to_index(people.household[i])] > 0;
    }
    simulation.step();
    was_participant.resize(people.size(), 0);  // newcomers and newborns join the arrays
    std::int64_t participants = 0;
    for (std::size_t i = 0; i < people.size(); ++i) {
      if (!people.policies[i].any()) continue;
      ++participants;
      if (i < before.size() && before[i] != 0) continue;
      // A new participant this month: every filter held.
      CAPTURE(i);
      CHECK(month >= 2);  // the policy starts in March
      double age = people.age_months[i] / 12.0;
      CHECK(age >= 25);
      CHECK(age <= 55.1);
      CHECK((people.district[i] == angered || people.district[i] == vastra_hisingen));
      // At allocation: the household before the step, or the one the person moved into during it
      // (a child may also come of age in the step).
      CHECK((had_children[i] || households.children[to_index(people.household[i])] > 0));
      // Support history has moved on by one month since allocation: 10+ of 12 then is 9+ now.
      CHECK(support_months(households.support_history[to_index(people.household[i])] >> 1) >= 9);
      CHECK(was_participant[i] == 0);  // once per person
      was_participant[i] = 1;
      total_starts += 1;
    }
    // Seats at this scale, ramping up over four months from March.
    double ramp = month < 2 ? 0.0 : std::min(1.0, (month - 2 + 1) / 4.0);
    CHECK(participants <= std::llround(400 * l.scenario.scale * ramp));
    const PolicyAccount& account = simulation.policy_accounts().at(0);
    CHECK(account.participants == participants);
    CHECK(account.cost == doctest::Approx(account.cost_participants + account.cost_starts + account.cost_places + account.cost_fixed));
    if (month >= 2) {
      CHECK(account.cost_fixed == doctest::Approx(120000.0 / 12));
      CHECK(account.cost_places == doctest::Approx(400 * ramp * 1200.0 / 12));
      CHECK(account.cost_participants == doctest::Approx(participants / l.scenario.scale * 9000));
      CHECK(account.cost_starts == doctest::Approx(account.starts / l.scenario.scale * 1000));
    } else {
      CHECK(account.cost == 0);
    }
  }
  CHECK(total_starts > 10);  // the test saw the policy work
}

TEST_CASE("policy.starts_per_year_are_never_exceeded") {
  PolicyScenario dir;
  dir.write("summer.yaml", R"(key: summer
eligible: {age: [16, 19]}
capacity: {starts_per_year: 2000, months_of_year: [6, 7]}
allocation: {rule: priority, order: [support_months_last_12 desc]}
participation: {months: 2, once_per_person: false, ends_on_employment: false}
effects: {income_sek: 5000}
)");
  Loaded l = load(dir.scenario({"summer.yaml"}, 36, 0.05));
  RunResult run = run_replicate(l.scenario, l.model, *l.staircase, 0);
  for (int year = 0; year < 3; ++year) {
    double starts = 0;
    for (int m = year * 12; m < year * 12 + 12; ++m) {
      const PolicyAccount& a = run.outcomes.policies.at(static_cast<std::size_t>(m), 0);
      int calendar = m % 12 + 1;
      if (calendar != 6 && calendar != 7) CHECK(a.starts == 0);
      starts += a.starts;
    }
    CAPTURE(year);
    CHECK(starts == doctest::Approx(2000).epsilon(0.01));  // reported in real people
  }
}

TEST_CASE("policy.priority_order_serves_the_longest_on_support_first") {
  PolicyScenario dir;
  dir.write("scarce.yaml", R"(key: scarce
eligible: {age: [20, 64], stages: [job_seeker, outside]}
capacity: {seats: 2000, start: 2017-01}
allocation: {rule: priority, order: [support_months_last_12 desc]}
participation: {months: 1}
)");
  Loaded l = load(dir.scenario({"scarce.yaml"}, 14, 0.05));
  Simulation simulation(l.scenario, l.model, *l.staircase, 0);
  for (int m = 0; m < 12; ++m) simulation.step();
  // The first allocation, after a year of support history: nobody left waiting has more
  // months on support than anyone chosen.
  const auto& people = simulation.population().people;
  const auto& households = simulation.population().households;
  std::vector<int> history_before(households.size());
  for (std::size_t h = 0; h < households.size(); ++h) history_before[h] = support_months(households.support_history[h]);
  std::vector<std::uint8_t> before(people.size());
  for (std::size_t i = 0; i < people.size(); ++i) before[i] = people.policies[i].any();
  const StageId job_seeker = l.staircase->id_of("job_seeker"), outside = l.staircase->id_of("outside");
  std::vector<std::uint8_t> stage_before(people.size());
  for (std::size_t i = 0; i < people.size(); ++i)
    stage_before[i] = people.stage[i] == job_seeker || people.stage[i] == outside;
  simulation.step();
  int lowest_chosen = 13, highest_waiting = -1;
  for (std::size_t i = 0; i < before.size(); ++i) {
    std::size_t h = to_index(people.household[i]);
    if (h >= history_before.size()) continue;  // left home this month: a new household
    int months = history_before[h];
    if (people.policies[i].any() && before[i] == 0) lowest_chosen = std::min(lowest_chosen, months);
    double age = people.age_months[i] / 12.0;
    bool could = !people.policies[i].any() && before[i] == 0 && stage_before[i] && age >= 20.1 && age < 64 &&
                 !(people.policies_taken[i] & 1u) && people.stage[i] == people.previous_stage[i] &&
                 people.months_in_stage[i] > 1;
    if (could) highest_waiting = std::max(highest_waiting, months);
  }
  REQUIRE(lowest_chosen < 13);
  REQUIRE(highest_waiting >= 0);
  CHECK(highest_waiting <= lowest_chosen);
  CHECK(lowest_chosen >= 10);  // 100 places go to long-term support households first
}

TEST_CASE("policy.zero_effect_zero_cost_policy_reproduces_the_baseline_exactly") {
  PolicyScenario dir;
  dir.write("nothing.yaml", R"(key: nothing
eligible: {age: [20, 64]}
capacity: {seats: 5000}
allocation: {rule: lottery}
participation: {months: 6}
effects:
  transitions:
    - {from: job_seeker, to: first_job, multiplier: 1.0, after_effect_decay_per_year: 0.5}
  new_transitions:
    - {from: outside, to: preparation, base: 0.0}
)");
  Loaded with = load(dir.scenario({"nothing.yaml"}, 24, 0.03));
  Loaded without = load(dir.scenario({}, 24, 0.03));
  // With a warm-up before month 1, which no policy sees.
  with.scenario.warm_up_months = without.scenario.warm_up_months = 12;
  RunResult a = run_replicate(with.scenario, with.model, *with.staircase, 0);
  RunResult b = run_replicate(without.scenario, without.model, *without.staircase, 0);
  CHECK(participants_where_outcomes_agree(a, b) > 0);  // the policy did run
  Budget budget = compute_budget(a.outcomes, &b.outcomes, 2016, 0.035, 0.2112);
  for (const auto& year : budget.years) {
    CHECK(year.net == 0);
    CHECK(year.support_saved == 0);
    CHECK(year.tax_gained == 0);
  }
}

TEST_CASE("policy.a_policy_that_does_nothing_changes_nothing_next_to_another_in_either_order") {
  // Each kind of allocation, aimed at the people the shipped Gamlestaden centre takes, with no
  // effect and no cost: the centre's participants, and every outcome, stay as without it.
  const std::string gamlestaden = testing::repo_path("scenarios/policies/competence_centre_gamlestaden.yaml").string();
  const std::string common = R"(eligible:
  age: [18, 64]
  districts: [ostra_goteborg, orgryte_harlanda]
  stages: [outside, preparation, job_seeker]
capacity: {seats: 2000}
participation: {months: 6}
effects:
  transitions:
    - {from: job_seeker, to: first_job, multiplier: 1.0, after_effect_decay_per_year: 0.5}
  new_transitions:
    - {from: outside, to: preparation, base: 0.0}
)";
  const std::string placements = R"(placements:
  sectors:
    any: {suits: [primary, upper_secondary, tertiary]}
  employers:
    - {key: everyone, sector: any, slots: {ostra_goteborg: 400, orgryte_harlanda: 400}}
  travel_cost_per_km: 1
  sector_mismatch_cost: 0
  max_travel_km: 50
)";
  for (const char* rule : {"priority", "lottery", "placements"}) {
    CAPTURE(rule);
    PolicyScenario dir;
    const bool placed = std::string(rule) == "placements";
    dir.write("nothing.yaml", std::string("key: nothing\n") + common +
                                  (placed ? "allocation: {rule: priority, order: [months_in_stage desc]}\n" + placements
                                          : std::string("allocation: {rule: ") + rule + "}\n"));
    Loaded alone = load(dir.scenario({gamlestaden}, 24, 0.05));
    const RunResult without = run_replicate(alone.scenario, alone.model, *alone.staircase, 0);
    for (const auto& order : {std::vector<std::string>{gamlestaden, "nothing.yaml"}, std::vector<std::string>{"nothing.yaml", gamlestaden}}) {
      CAPTURE(order.front());
      Loaded with = load(dir.scenario(order, 24, 0.05));
      const RunResult a = run_replicate(with.scenario, with.model, *with.staircase, 0);
      CHECK(participants_where_outcomes_agree(a, without) > 0);
    }
  }
}

TEST_CASE("policy.reordering_the_shipped_policies_changes_nothing") {
  // combined.yaml's six measures, in its order and reversed: places are not contested (each
  // policy fills its own from every eligible person), so every outcome and account is the same.
  std::vector<std::string> order;
  for (const char* name : {"competence_centre_gamlestaden", "language_and_work", "youth_summer_jobs", "competence_centres_2016",
                           "nonprofit_partnerships", "families_250"})
    order.push_back(testing::repo_path(std::string("scenarios/policies/") + name + ".yaml").string());
  PolicyScenario dir;
  Loaded forward = load(dir.scenario(order, 24, 0.02));
  const RunResult a = run_replicate(forward.scenario, forward.model, *forward.staircase, 0);
  std::reverse(order.begin(), order.end());
  Loaded backward = load(dir.scenario(order, 24, 0.02));
  const RunResult b = run_replicate(backward.scenario, backward.model, *backward.staircase, 0);
  CHECK(participants_where_outcomes_agree(a, b) > 0);
  const auto& x = a.outcomes.monthly.values;
  const auto& y = b.outcomes.monthly.values;
  for (std::size_t k = static_cast<std::size_t>(Metric::kInPolicy); k < x.size(); k += kMetricCount) REQUIRE(x[k] == y[k]);
}

TEST_CASE("policy.exclusive_policies_share_people_in_list_order") {
  // With policy_interactions.exclusive, a person takes one policy at a time and the first in
  // `policies:` picks first each month: a policy aimed at the same people gets fewer after it.
  const std::string gamlestaden = testing::repo_path("scenarios/policies/competence_centre_gamlestaden.yaml").string();
  PolicyScenario dir;
  dir.write("rival.yaml", R"(key: rival
eligible:
  age: [18, 64]
  districts: [ostra_goteborg, orgryte_harlanda]
  stages: [outside, preparation, job_seeker]
  support_months_last_12: [1, 12]
capacity: {seats: 3000}
allocation: {rule: priority, order: [support_months_last_12 desc]}
participation: {months: 12}
)");
  auto centre_starts = [&](const std::vector<std::string>& order, bool exclusive) {
    Loaded l = load(dir.scenario(order, 12, 0.05));
    l.scenario.policy_interactions.exclusive = exclusive;
    const RunResult run = run_replicate(l.scenario, l.model, *l.staircase, 0);
    const auto& p = run.outcomes.policies;
    const auto c = static_cast<std::size_t>(std::find(p.keys.begin(), p.keys.end(), "competence_centre_gamlestaden") - p.keys.begin());
    double starts = 0;
    for (std::size_t m = 0; m < run.outcomes.monthly.months; ++m) starts += p.at(m, c).starts;
    return starts;
  };
  const double shared_first = centre_starts({gamlestaden, "rival.yaml"}, false);
  const double shared_second = centre_starts({"rival.yaml", gamlestaden}, false);
  const double exclusive_first = centre_starts({gamlestaden, "rival.yaml"}, true);
  const double exclusive_second = centre_starts({"rival.yaml", gamlestaden}, true);
  CHECK(shared_first > 0);
  CHECK(shared_first == shared_second);  // not exclusive: the order changes nothing
  // Exclusive, the rival's 3,000 places take many of the people the centre could take when the
  // rival picks first; picking first, the centre still fills its places.
  CHECK(exclusive_second < 0.75 * exclusive_first);
  CHECK(exclusive_first >= 0.8 * shared_first);
}

TEST_CASE("policy.sex_decides_eligibility_and_effects_that_differ_for_women_and_men") {
  PolicyScenario dir;
  dir.write("women.yaml", R"(key: women
eligible: {sex: women, age: [20, 64], stages: [job_seeker]}
capacity: {seats: 3000}
participation: {months: 6}
effects:
  transitions:
    - {from: job_seeker, to: first_job, multiplier: 2.0, multiplier_women: 3.0, after_effect_decay_per_year: 1.0}
    - {from: job_seeker, to: stable_job, multiplier: 1.5, multiplier_men: 1.2}
)");
  Loaded l = load(dir.scenario({"women.yaml"}, 6, 0.02));
  Simulation simulation(l.scenario, l.model, *l.staircase, 0);
  const auto& people = simulation.population().people;
  std::size_t participants = 0;
  for (int month = 0; month < 6; ++month) {
    simulation.step();
    for (std::size_t i = 0; i < people.size(); ++i) {
      if (!people.policies[i].any()) continue;
      ++participants;
      REQUIRE(people.female[i] == 1);
    }
  }
  CHECK(participants > 100);
  // The multipliers as the kernel asks for them: while taking part, and a year after.
  const auto& transitions = l.model.staircase.transitions;
  auto index = [&](const char* from, const char* to) {
    for (std::size_t t = 0; t < transitions.size(); ++t)
      if (transitions[t].from == from && transitions[t].to == to) return static_cast<int>(t);
    FAIL("no transition " << from << " -> " << to);
    return -1;
  };
  const int first = index("job_seeker", "first_job"), stable = index("job_seeker", "stable_job");
  PolicySlots in, none, ended;
  in.policy[0] = 1;
  ended.policy[2] = 1;
  ended.months[2] = 12;
  const PolicyRunner& runner = simulation.policies();
  CHECK(runner.multiplier(in, none, true, first) == 3.0);
  CHECK(runner.multiplier(in, none, false, first) == 2.0);
  CHECK(runner.multiplier(in, none, true, stable) == 1.5);
  CHECK(runner.multiplier(in, none, false, stable) == 1.2);
  CHECK(runner.multiplier(none, ended, true, first) == doctest::Approx(1 + 2 * std::exp(-1.0)));
  CHECK(runner.multiplier(none, ended, false, stable) == 1.0);  // no after-effect
  CHECK(runner.multiplier(in, ended, true, first) == 3.0);      // taking part again: the after-effect waits
}

TEST_CASE("policy.moves_to_sets_the_outcome_directly") {
  // "What if these parents got a job?": every participant is in a stable job the month they start.
  PolicyScenario dir;
  dir.write("jobs.yaml", R"(key: jobs
eligible: {age: [25, 55], household_with_children: true, stages: [job_seeker, outside]}
capacity: {seats: 2000, start: 2016-03}
participation: {months: 1}
effects: {moves_to: stable_job}
)");
  Loaded l = load(dir.scenario({"jobs.yaml"}, 6, 0.02));
  Simulation simulation(l.scenario, l.model, *l.staircase, 0);
  const auto& people = simulation.population().people;
  const StageId stable = l.staircase->id_of("stable_job");
  std::size_t started = 0;
  for (int month = 0; month < 6; ++month) {
    std::vector<std::uint8_t> before(people.size());
    for (std::size_t i = 0; i < people.size(); ++i) before[i] = people.policies[i].any();
    simulation.step();
    for (std::size_t i = 0; i < before.size(); ++i) {
      if (!people.policies[i].any() || before[i]) continue;
      ++started;
      CHECK(month >= 2);
      REQUIRE(people.stage[i] == stable);
      REQUIRE(people.months_in_stage[i] == 0);
    }
  }
  CHECK(started > 50);
  // An exit is no step to move to.
  dir.write("gone.yaml", R"(key: gone
eligible: {age: [25, 55]}
capacity: {seats: 10}
effects: {moves_to: moved_away}
)");
  CHECK_THROWS_AS(load(dir.scenario({"gone.yaml"}, 6, 0.02)), InputError);
}

TEST_CASE("policy.a_trial_lottery_offers_half_of_the_applicants_and_not_every_winner_starts") {
  // One intake in January 2016 with room for all: 60 % of the eligible apply, half of the
  // applicants are offered a place, 80 % of those start; the rest of the winners stay winners.
  PolicyScenario dir;
  dir.write("trial.yaml", R"(key: trial
eligible: {age: [20, 64], stages: [job_seeker]}
capacity: {seats: 100000, start: 2016-01, end: 2016-01}
allocation: {rule: lottery, offer_probability: 0.5, applies: 0.6, take_up: 0.8}
participation: {months: 6}
)");
  Loaded l = load(dir.scenario({"trial.yaml"}, 3, 0.2));
  Simulation simulation(l.scenario, l.model, *l.staircase, 0);
  const auto& people = simulation.population().people;
  const StageId job_seeker = l.staircase->id_of("job_seeker");
  double eligible = 0;
  for (std::size_t i = 0; i < people.size(); ++i)
    eligible += people.stage[i] == job_seeker && people.age_months[i] >= 20 * 12 && people.age_months[i] < 64 * 12;
  simulation.step();
  double drawn = 0, winners = 0, started = 0, winners_not_started = 0;
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (!people.lottery[i]) continue;
    ++drawn;
    const bool in = people.policies[i].any();
    if (people.lottery_won[i]) ++winners, started += in, winners_not_started += !in;
    else REQUIRE(!in);  // the comparison group does not take part
  }
  REQUIRE(eligible > 3000);
  auto within = [](double share, double p, double n) { return std::abs(share - p) < 4 * std::sqrt(p * (1 - p) / n); };
  CHECK(std::abs(drawn / eligible - 0.6) < 0.05);  // people age and move within the month: roughly
  CHECK(within(winners / drawn, 0.5, drawn));
  CHECK(within(started / winners, 0.8, winners));
  CHECK(winners_not_started > 0);
  // Nobody is drawn again: the intake was one month.
  const double drawn_first = drawn;
  simulation.step();
  double drawn_later = 0;
  for (std::size_t i = 0; i < people.size(); ++i) drawn_later += people.lottery[i] != 0;
  CHECK(drawn_later == drawn_first);
}

TEST_CASE("policy.a_trial_lottery_with_scarce_places_draws_an_intake_the_places_can_take") {
  // 10 simulated starts a month, far more applicants: each intake is the applicants reached
  // while places remain, half offered a place; the others wait for a later intake, so there
  // are about as many losers as winners, not every applicant.
  PolicyScenario dir;
  dir.write("scarce.yaml", R"(key: scarce
eligible: {age: [20, 64], stages: [job_seeker]}
capacity: {starts_per_year: 600, start: 2016-01, end: 2016-12}
allocation: {rule: lottery, offer_probability: 0.5}
participation: {months: 3}
)");
  Loaded l = load(dir.scenario({"scarce.yaml"}, 12, 0.2));
  Simulation simulation(l.scenario, l.model, *l.staircase, 0);
  for (int m = 0; m < 12; ++m) simulation.step();
  const auto& people = simulation.population().people;
  double winners = 0, losers = 0;
  for (std::size_t i = 0; i < people.size(); ++i)
    if (people.lottery[i]) (people.lottery_won[i] ? winners : losers) += 1;
  CHECK(winners == doctest::Approx(120).epsilon(0.05));
  CHECK(std::abs(losers - winners) < 4 * std::sqrt(2 * winners));
}

TEST_CASE("policy.lottery_is_reproducible_per_seed_and_winners_are_compared_with_losers") {
  PolicyScenario dir;
  dir.write("draw.yaml", R"(key: draw
eligible: {age: [20, 64], stages: [job_seeker]}
capacity: {seats: 2000}
allocation: {rule: lottery}
participation: {months: 6}
effects:
  transitions:
    - {from: job_seeker, to: first_job, multiplier: 4.0}
)");
  auto lottery_of = [&](std::uint64_t seed) {
    Loaded l = load(dir.scenario({"draw.yaml"}, 24, 0.05, seed));
    Simulation simulation(l.scenario, l.model, *l.staircase, 0);
    for (int m = 0; m < l.scenario.months; ++m) simulation.step();
    const auto& people = simulation.population().people;
    std::vector<std::pair<std::uint32_t, int>> record;  // person, won
    for (std::size_t i = 0; i < people.size(); ++i)
      if (people.lottery[i]) record.emplace_back(static_cast<std::uint32_t>(i), people.lottery_won[i] * 1000 + people.lottery_month[i]);
    return record;
  };
  auto first = lottery_of(7);
  CHECK(first.size() > 100);
  CHECK(lottery_of(7) == first);
  CHECK(lottery_of(8) != first);

  // Winners (×4 job finding while taking part) find jobs faster than losers drawn with them
  // (about 100 simulated winners: enough that the difference is not noise).
  Loaded l = load(dir.scenario({"draw.yaml"}, 24, 0.05, 7));
  RunResult run = run_replicate(l.scenario, l.model, *l.staircase, 0);
  const LotteryTable& t = run.outcomes.lotteries;
  REQUIRE(t.keys == std::vector<std::string>{"draw"});
  const auto& at3 = t.at(0, 3);
  REQUIRE(at3[kWinners] > 0);
  REQUIRE(at3[kLosers] > 0);
  CHECK(at3[kWinnersEmployed] / at3[kWinners] > at3[kLosersEmployed] / at3[kLosers]);
}

TEST_CASE("policy.budget_identity_holds_every_year") {
  auto baseline = testing::load("scenarios/baseline.yaml");
  auto families = testing::load("scenarios/families_250.yaml");
  for (auto* l : {&baseline, &families}) {
    l->scenario.scale = 0.05;
    l->scenario.months = 48;
  }
  RunResult a = run_replicate(families.scenario, families.model, *families.staircase, 0);
  RunResult b = run_replicate(baseline.scenario, baseline.model, *baseline.staircase, 0);
  Budget budget = compute_budget(a.outcomes, &b.outcomes, 2016, 0.035, 0.2112);
  REQUIRE(budget.years.size() == 4);
  double cumulative = 0;
  for (const BudgetYear& y : budget.years) {
    CAPTURE(y.year);
    CHECK(y.net == doctest::Approx(y.support_saved + y.tax_gained - y.extra_programme_cost));
    CHECK(y.support_saved == doctest::Approx(y.income_support_baseline - y.income_support));
    CHECK(y.tax_gained == doctest::Approx(y.municipal_tax - y.municipal_tax_baseline));
    double per_policy = 0;
    for (double c : y.programme_cost) per_policy += c;
    CHECK(y.programme_cost_total == doctest::Approx(per_policy));
    cumulative += y.net;
    CHECK(y.cumulative_net == doctest::Approx(cumulative));
  }
  // The shared Gamlestaden centre costs the same in both runs: only families_250 is extra.
  CHECK(budget.years[0].extra_programme_cost == doctest::Approx(0).epsilon(1e-9));
  CHECK(budget.years[3].extra_programme_cost > 0);
  const BudgetTotals& total = budget.totals.back();
  CHECK(total.net == doctest::Approx(total.support_saved + total.tax_gained - total.programme_cost));
  CHECK(total.discounted_net < total.net + 1e-6 + std::abs(total.net));
}

TEST_CASE("policy.discounting_and_payback_follow_their_definitions") {
  // A hand-made ledger: 100 of cost in year one, then 40 a year of support saved.
  Outcomes scenario, baseline;
  for (Outcomes* o : {&scenario, &baseline}) {
    o->monthly.months = 48;
    o->monthly.areas = 1;
    o->monthly.values.assign(48 * kGroupCount * kMetricCount, 0.0);
    o->policies.keys = o == &scenario ? std::vector<std::string>{"p"} : std::vector<std::string>{};
    o->policies.accounts.assign(48 * o->policies.keys.size(), PolicyAccount{});
  }
  for (std::size_t m = 0; m < 12; ++m) scenario.policies.accounts[m].cost = 100.0 / 12;
  for (std::size_t m = 12; m < 48; ++m) baseline.monthly.at(m, 0, Group::kAll, Metric::kIncomeSupportSek) = 40.0 / 12;
  Budget b = compute_budget(scenario, &baseline, 2016, 0.10, 0.2);
  REQUIRE(b.years.size() == 4);
  CHECK(b.years[0].net == doctest::Approx(-100));
  CHECK(b.years[1].net == doctest::Approx(40));
  CHECK(b.years[2].cumulative_net == doctest::Approx(-20));
  CHECK(b.years[3].cumulative_net == doctest::Approx(20));
  REQUIRE(b.payback_year.has_value());
  CHECK(*b.payback_year == 2019);
  // Discounted: −100 + 40/1.1 + 40/1.21 + 40/1.331 = −0.527: not yet paid back.
  CHECK(b.totals.back().discounted_net == doctest::Approx(-100 + 40 / 1.1 + 40 / 1.21 + 40 / 1.331));
  CHECK_FALSE(b.discounted_payback_year.has_value());
}

TEST_CASE("policy.file_errors_name_file_line_and_key") {
  PolicyScenario dir;
  auto diagnostics_of = [&](const std::string& policy_text) {
    fs::path policy = dir.write("bad.yaml", policy_text);
    fs::path scenario = dir.scenario({"bad.yaml"});
    try {
      load_model(load_scenario(scenario));
    } catch (const InputError& e) {
      return e.diagnostics();
    }
    return std::vector<Diagnostic>{};
  };
  SUBCASE("an unknown transition") {
    auto d = diagnostics_of("key: p\ncapacity: {seats: 10}\neffects:\n  transitions:\n    - {from: job_seeker, to: stabel_job, multiplier: 2}\n");
    REQUIRE(d.size() == 1);
    CHECK(d[0].where.file == dir.dir() / "bad.yaml");
    CHECK(d[0].where.line == 5);
    CHECK(d[0].key_path == "effects.transitions[0].to");
    CHECK(d[0].message.find("no transition from 'job_seeker' to 'stabel_job'; did you mean 'job_seeker -> stable_job'?") != std::string::npos);
  }
  SUBCASE("a negative capacity") {
    auto d = diagnostics_of("key: p\ncapacity:\n  seats: -5\n");
    REQUIRE(d.size() == 1);
    CHECK(d[0].where.line == 3);
    CHECK(d[0].where.column == 10);
    CHECK(d[0].key_path == "capacity.seats");
    CHECK(d[0].message.find("-5 is out of range") != std::string::npos);
  }
  SUBCASE("an unknown district") {
    auto d = diagnostics_of("key: p\neligible:\n  districts: [angered, lundbyy]\ncapacity: {seats: 10}\n");
    REQUIRE(d.size() == 1);
    CHECK(d[0].where.line == 3);
    CHECK(d[0].key_path == "eligible.districts");
    CHECK(d[0].message == "unknown district 'lundbyy'; did you mean 'lundby'?");
  }
  SUBCASE("an unknown key and a month in the wrong form") {
    auto d = diagnostics_of("key: p\ncapacity: {seats: 10, start: 2017/06}\nparticipaton: {months: 3}\n");
    REQUIRE(d.size() == 2);
    CHECK(d[0].key_path == "capacity.start");
    CHECK(d[0].message.find("write it as YYYY-MM") != std::string::npos);
    CHECK(d[1].key_path == "participaton");
    CHECK(d[1].message == "unknown key 'participaton'; did you mean 'participation'?");
  }
  SUBCASE("a policy file that does not exist") {
    fs::path scenario = dir.scenario({"missing.yaml"});
    try {
      load_model(load_scenario(scenario));
      FAIL("no error");
    } catch (const InputError& e) {
      REQUIRE(e.diagnostics().size() == 1);
      CHECK(e.diagnostics()[0].where.file == scenario);
      CHECK(e.diagnostics()[0].where.line > 0);
      CHECK(e.diagnostics()[0].key_path == "policies[0]");
    }
  }
}

}  // namespace trappsteg

namespace trappsteg {

TEST_CASE("policy.placements_never_exceed_supervisor_slots_and_stay_within_reach") {
  auto l = testing::load("scenarios/newcomers_language_and_work.yaml");
  l.scenario.scale = 0.5;
  l.scenario.months = 24;
  Simulation simulation(l.scenario, l.model, *l.staircase, 0);
  const auto& people = simulation.population().people;
  const std::size_t policy = 1;  // language_and_work, after the Gamlestaden centre
  REQUIRE(simulation.policies().spec(policy).key == "language_and_work");
  const auto& groups = simulation.policies().slot_groups();
  REQUIRE(!groups.empty());
  const auto& placements = simulation.policies().spec(policy).placements;
  const auto& districts = l.model.districts.districts;
  double placed_total = 0;
  for (int month = 0; month < l.scenario.months; ++month) {
    simulation.step();
    std::vector<std::int64_t> used(groups.size(), 0);
    const auto& phases = simulation.policies().spec(policy).phases;
    for (std::size_t i = 0; i < people.size(); ++i) {
      const std::size_t k = people.policies[i].find(static_cast<std::uint8_t>(policy + 1));
      if (k == kPolicySlots) continue;
      // A supervisor in the supervised phases (the work practice), none in the others.
      REQUIRE(phases[people.policies[i].phase[k]].supervised == (people.placement[i] != 0));
      if (!people.placement[i]) continue;
      const SlotGroup& group = groups[people.placement[i] - 1u];
      ++used[people.placement[i] - 1u];
      const auto& a = districts[people.district[i]].position_km;
      const auto& b = districts[group.district].position_km;
      CHECK(std::hypot(a[0] - b[0], a[1] - b[1]) <= placements.max_travel_km);
      placed_total += 1;
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
      CAPTURE(g);
      CHECK(used[g] <= groups[g].slots);
    }
  }
  CHECK(placed_total > 100);
}

}  // namespace trappsteg

namespace trappsteg {
namespace {

/// The key paths and messages of the problems with a policy file, run in a scenario.
std::vector<std::pair<std::string, std::string>> problems_of(const PolicyScenario& dir, const std::string& policy_text) {
  dir.write("bad.yaml", policy_text);
  std::vector<std::pair<std::string, std::string>> found;
  try {
    load_model(load_scenario(dir.scenario({"bad.yaml"})));
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) found.emplace_back(d.key_path, d.message);
  }
  return found;
}

/// Three phases of 2, 3 and 1 months, each with its own cost, for one intake in January 2016.
const char* kPhasedPolicy = R"(key: phased
eligible: {age: [20, 64], stages: [job_seeker]}
capacity: {seats: 100000, start: 2016-01, end: 2016-01}
participation: {ends_on_employment: false}
costs: {per_participant_month_sek: 1000, per_start_sek: 500}
phases:
  - {key: language, months: 2, costs: {per_participant_month_sek: 3000}}
  - {key: practice, months: 3}
  - {key: matching, months: 1, costs: {per_participant_month_sek: 7000}}
)";

}  // namespace

TEST_CASE("policy.phases_follow_each_other_with_their_own_lengths_and_costs") {
  PolicyScenario dir;
  dir.write("phased.yaml", kPhasedPolicy);
  Loaded l = load(dir.scenario({"phased.yaml"}, 8, 0.05));
  REQUIRE(l.model.policies.front().participation_months == 6);
  Simulation simulation(l.scenario, l.model, *l.staircase, 0);
  const auto& people = simulation.population().people;
  const double scale_up = 1.0 / l.scenario.scale;
  // After month m of the intake (m = 0 …), a participant is in phase 0 for m < 2, phase 1 for
  // 2 <= m < 5, phase 2 for m = 5, and done at m = 6.
  const std::array<int, 8> phase_at{0, 0, 1, 1, 1, 2, -1, -1};
  const std::array<double, 3> cost{3000, 1000, 7000};
  std::vector<std::uint32_t> intake;
  double previous_in_phase[3] = {0, 0, 0};
  for (int month = 0; month < 8; ++month) {
    CAPTURE(month);
    simulation.step();
    if (month == 0)
      for (std::size_t i = 0; i < people.size(); ++i)
        if (people.policies[i].any()) intake.push_back(static_cast<std::uint32_t>(i));
    REQUIRE(intake.size() > 500);
    double in_phase[3] = {0, 0, 0};
    for (std::uint32_t i : intake) {
      const PolicySlots& now = people.policies[i];
      const bool present = people.left_month[i] < 0;
      if (!now.any()) {
        CHECK((phase_at[month] < 0 || !present));  // only those who left the city end early
        continue;
      }
      REQUIRE(now.phase[0] == phase_at[month]);
      ++in_phase[now.phase[0]];
    }
    const auto& phases = simulation.phase_accounts();
    REQUIRE(phases.size() == 3);
    double expected_cost = 0;
    for (std::size_t ph = 0; ph < 3; ++ph) {
      CAPTURE(ph);
      CHECK(phases[ph].participants == in_phase[ph]);
      CHECK(phases[ph].cost_participants == phases[ph].participants * scale_up * cost[ph]);
      expected_cost += phases[ph].cost_participants;
      // Entering a phase the month the one before is over: every participant left at its end.
      if (ph > 0 && month == 2 + (ph == 2 ? 3 : 0)) CHECK(phases[ph].entered == previous_in_phase[ph - 1] - phases[ph - 1].left_city);
    }
    if (month == 0) CHECK(phases[0].entered == static_cast<double>(intake.size()));
    if (month == 6) CHECK(phases[2].completed == previous_in_phase[2] - phases[2].left_city);
    const PolicyAccount& account = simulation.policy_accounts().front();
    CHECK(account.cost_participants == expected_cost);
    CHECK(account.participants == in_phase[0] + in_phase[1] + in_phase[2]);
    std::copy(std::begin(in_phase), std::end(in_phase), std::begin(previous_in_phase));
  }
  // Those who completed it have the after-effect slot; nobody is in the programme any more.
  std::size_t completed = 0;
  for (std::uint32_t i : intake) {
    CHECK(!people.policies[i].any());
    completed += people.ended_policies[i].has(1);
  }
  CHECK(completed > intake.size() * 9 / 10);
}

TEST_CASE("policy.phase_effects_last_while_the_phase_does_and_after_effects_fade_after_the_programme") {
  // Hand-computed: the multiplier of job_seeker -> first_job is 2 in the first phase, 1 in the
  // second, 4 for women in the second; after the programme 1.5, fading at 0.6 a year.
  PolicyScenario dir;
  dir.write("phased.yaml", R"(key: phased
eligible: {age: [20, 64], stages: [job_seeker]}
capacity: {seats: 10, start: 2016-01}
phases:
  - key: first
    months: 2
    effects:
      transitions: [{from: job_seeker, to: first_job, multiplier: 2}]
      language_multiplier: 3
      income_sek: 100
  - key: second
    months: 2
    effects:
      transitions: [{from: job_seeker, to: first_job, multiplier: 1, multiplier_women: 4}]
      income_sek: 50
      income_counts_for_support: false
after_effects:
  transitions: [{from: job_seeker, to: first_job, multiplier: 1.5, decay_per_year: 0.6}]
)");
  Loaded l = load(dir.scenario({"phased.yaml"}, 2, 0.02));
  Simulation simulation(l.scenario, l.model, *l.staircase, 0);
  const PolicyRunner& runner = simulation.policies();
  std::size_t t = 0;
  const auto& transitions = l.staircase->spec().transitions;
  while (t < transitions.size() && !(transitions[t].from == "job_seeker" && transitions[t].to == "first_job")) ++t;
  REQUIRE(t < transitions.size());
  const int index = static_cast<int>(t);
  PolicySlots active, ended;
  active.policy[1] = 1;  // any slot
  active.phase[1] = 0;
  CHECK(runner.multiplier(active, ended, false, index) == 2.0);
  CHECK(runner.multiplier(active, ended, true, index) == 2.0);
  CHECK(runner.language_multiplier(active) == 3.0);
  CHECK(runner.net_income(active) == 100.0);
  CHECK(runner.support_exempt_income(active) == 0.0);
  active.phase[1] = 1;
  CHECK(runner.multiplier(active, ended, false, index) == 1.0);
  CHECK(runner.multiplier(active, ended, true, index) == 4.0);
  CHECK(runner.language_multiplier(active) == 1.0);
  CHECK(runner.support_exempt_income(active) == 50.0);
  // Ended 18 months ago: 1 + 0.5 · exp(−0.6 · 1.5).
  PolicySlots none;
  ended.policy[0] = 1;
  ended.months[0] = 18;
  CHECK(runner.multiplier(none, ended, false, index) == doctest::Approx(1.0 + 0.5 * std::exp(-0.9)).epsilon(1e-12));
  // Taking part again: the phase's effect, not the after-effect.
  CHECK(runner.multiplier(active, ended, false, index) == 1.0);
}

TEST_CASE("policy.drop_outs_leave_at_their_monthly_rate_without_an_after_effect") {
  PolicyScenario dir;
  dir.write("leaky.yaml", R"(key: leaky
eligible: {age: [20, 64], stages: [job_seeker]}
capacity: {seats: 100000, start: 2016-01, end: 2016-01}
participation: {ends_on_employment: false}
phases:
  - {key: only, months: 12, drop_out_per_month: 0.2}
after_effects:
  transitions: [{from: job_seeker, to: first_job, multiplier: 1.5, decay_per_year: 0.5}]
)");
  Loaded l = load(dir.scenario({"leaky.yaml"}, 6, 0.1));
  Simulation simulation(l.scenario, l.model, *l.staircase, 0);
  const auto& people = simulation.population().people;
  double at_risk = 0, dropped = 0;
  for (int month = 0; month < 6; ++month) {
    simulation.step();
    const PhaseAccount& phase = simulation.phase_accounts().front();
    if (month > 0) {
      at_risk += phase.participants + phase.dropped_out + phase.left_city;
      dropped += phase.dropped_out;
    }
  }
  REQUIRE(at_risk > 5000);
  CHECK(std::abs(dropped / at_risk - 0.2) < 4 * std::sqrt(0.2 * 0.8 / at_risk));
  std::size_t with_after_effect = 0, gone = 0;
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (!(people.policies_taken[i] & 1u) || people.policies[i].any() || people.left_month[i] >= 0) continue;
    ++gone;
    with_after_effect += people.ended_policies[i].has(1);
  }
  CHECK(gone > 1000);
  CHECK(with_after_effect == 0);  // every one of them dropped out
}

TEST_CASE("policy.a_supervised_phase_waits_for_a_slot_and_slots_are_never_exceeded") {
  // A month of class, then three months with a supervisor: 40 simulated places, 10 slots.
  PolicyScenario dir;
  dir.write("practice.yaml", R"(key: practice
eligible: {age: [20, 64], stages: [job_seeker]}
capacity: {seats: 200, start: 2016-01}
participation: {ends_on_employment: false, once_per_person: true}
phases:
  - {key: class, months: 1}
  - {key: practice, months: 3, supervised: true}
placements:
  sectors: {care: {}, property: {}}
  employers:
    - {key: care, sector: care, slots: {angered: 30, centrum: 20}}
    - {key: property, sector: property, slots: {angered: 50}}
  trade: care
)");
  Loaded l = load(dir.scenario({"practice.yaml"}, 10, 0.2));
  Simulation simulation(l.scenario, l.model, *l.staircase, 0);
  const auto& people = simulation.population().people;
  const auto& groups = simulation.policies().slot_groups();
  REQUIRE(groups.size() == 3);
  double entered_practice = 0, waited = 0;
  for (int month = 0; month < 10; ++month) {
    CAPTURE(month);
    simulation.step();
    std::vector<std::int64_t> used(groups.size(), 0);
    for (std::size_t i = 0; i < people.size(); ++i) {
      const PolicySlots& now = people.policies[i];
      if (!now.has(1)) {
        CHECK(people.placement[i] == 0);
        continue;
      }
      const std::size_t k = now.find(1);
      if (now.phase[k] == 0) {
        CHECK(people.placement[i] == 0);  // no supervisor in class
        continue;
      }
      REQUIRE(people.placement[i] != 0);
      ++used[people.placement[i] - 1u];
      // The trade: only the care employer, as no trade_mismatch_cost allows another.
      CHECK(l.model.policies.front().placements.employers[groups[people.placement[i] - 1u].employer].sector == "care");
    }
    for (std::size_t g = 0; g < groups.size(); ++g) CHECK(used[g] <= groups[g].slots);
    CHECK(used[2] == 0);
    const auto& phases = simulation.phase_accounts();
    entered_practice += phases[1].entered;
    waited += phases[0].waiting;
  }
  CHECK(waited > 0);  // more done with class than slots
  CHECK(entered_practice > 10);  // slots freed by those done are used again
}

TEST_CASE("policy.a_participant_waits_for_a_slot_no_longer_than_the_phase_allows") {
  // Two simulated slots, many done with the class: who has waited two months leaves.
  PolicyScenario dir;
  dir.write("wait.yaml", R"(key: wait
eligible: {age: [20, 64], stages: [job_seeker]}
capacity: {seats: 200, start: 2016-01}
participation: {ends_on_employment: false}
phases:
  - {key: class, months: 1}
  - {key: practice, months: 6, supervised: true, max_wait_months: 2}
placements:
  sectors: {care: {}}
  employers: [{key: care, sector: care, slots: {angered: 10}}]
)");
  Loaded l = load(dir.scenario({"wait.yaml"}, 8, 0.2));
  Simulation simulation(l.scenario, l.model, *l.staircase, 0);
  const auto& people = simulation.population().people;
  double gave_up = 0;
  for (int month = 0; month < 8; ++month) {
    simulation.step();
    gave_up += simulation.phase_accounts()[0].gave_up_waiting;
    double in_programme = 0, in_phases = 0;
    for (std::size_t i = 0; i < people.size(); ++i) {
      const std::size_t k = people.policies[i].find(1);
      if (k == kPolicySlots) continue;
      ++in_programme;
      // The class is month 0 of the phase; waiting, months 1 and 2 at most.
      if (people.policies[i].phase[k] == 0) CHECK(people.policies[i].months[k] <= 2);
    }
    for (const PhaseAccount& a : simulation.phase_accounts()) in_phases += a.participants;
    CHECK(in_phases == in_programme);
    CHECK(simulation.policy_accounts()[0].participants == in_programme);
  }
  CHECK(gave_up > 10);
}

TEST_CASE("policy.a_phased_policy_that_does_nothing_changes_nothing") {
  PolicyScenario dir;
  dir.write("nothing.yaml", R"(key: nothing
eligible: {age: [20, 64]}
capacity: {seats: 3000, start: 2016-02}
phases:
  - {key: a, months: 2, drop_out_per_month: 0.3}
  - {key: b, months: 4, drop_out_per_month: 0.1}
)");
  Loaded with = load(dir.scenario({"nothing.yaml"}, 24, 0.05));
  Loaded without = load(dir.scenario({}, 24, 0.05));
  RunResult a = run_replicate(with.scenario, with.model, *with.staircase, 0);
  RunResult b = run_replicate(without.scenario, without.model, *without.staircase, 0);
  CHECK(participants_where_outcomes_agree(a, b) > 0);
  // Next to the shipped phased programme with supervisors, for the same newcomers, in either
  // order: its participants, phases and placements stay as they were.
  dir.write("nothing_for_newcomers.yaml", R"(key: nothing_for_newcomers
eligible: {origin: newcomer, stages: [language]}
capacity: {seats: 3000, start: 2016-02}
phases:
  - {key: a, months: 2, drop_out_per_month: 0.3}
  - {key: b, months: 4, drop_out_per_month: 0.1}
)");
  const std::string language_and_work = testing::repo_path("scenarios/policies/language_and_work.yaml").string();
  Loaded alone = load(dir.scenario({language_and_work}, 30, 0.1));
  const RunResult reference = run_replicate(alone.scenario, alone.model, *alone.staircase, 0);
  for (const auto& order : {std::vector<std::string>{language_and_work, "nothing_for_newcomers.yaml"},
                            std::vector<std::string>{"nothing_for_newcomers.yaml", language_and_work}}) {
    CAPTURE(order.front());
    Loaded next_to = load(dir.scenario(order, 30, 0.1));
    const RunResult run = run_replicate(next_to.scenario, next_to.model, *next_to.staircase, 0);
    CHECK(participants_where_outcomes_agree(run, reference) > 0);
    const std::size_t p = order.front() == language_and_work ? 0 : 1;
    const auto& phases = run.outcomes.policies;
    double entered_practice = 0;
    for (std::size_t m = 0; m < run.outcomes.monthly.months; ++m)
      for (std::size_t ph = 0; ph < 3; ++ph) {
        const std::size_t unit = p == 0 ? ph : 2 + ph;  // the other policy's two phases first
        REQUIRE(phases.phase_keys[unit] == reference.outcomes.policies.phase_keys[ph]);
        const PhaseAccount& x = phases.phase_at(m, unit);
        const PhaseAccount& y = reference.outcomes.policies.phase_at(m, ph);
        CHECK(x.participants == y.participants);
        CHECK(x.entered == y.entered);
        CHECK(x.waiting == y.waiting);
        if (ph == 1) entered_practice += x.entered;
      }
    CHECK(entered_practice > 20);
  }
}

TEST_CASE("policy.phase_file_errors_name_the_key") {
  PolicyScenario dir;
  auto messages_of = [&](const std::string& policy_text) { return problems_of(dir, policy_text); };
  const std::string head = "key: p\ncapacity: {seats: 10}\n";
  auto d = messages_of(head + "effects: {income_sek: 5}\nphases:\n  - {key: a, months: 2}\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].first == "effects");
  d = messages_of(head + "participation: {months: 3}\nphases:\n  - {key: a, months: 2}\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].first == "participation.months");
  d = messages_of(head + "phases:\n  - {key: a, months: 2, supervised: true}\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].first == "phases[0].supervised");
  d = messages_of(head + "phases:\n  - {key: a, months: 2}\n  - {key: a, months: 1}\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].second == "phase 'a' is listed twice; each phase needs its own key");
  d = messages_of(head + "phases:\n  - key: a\n    months: 2\n    effects:\n      transitions:\n"
                         "        - {from: job_seeker, to: first_job, multiplier: 2, after_effect_decay_per_year: 1}\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].first == "phases[0].effects.transitions[0].after_effect_decay_per_year");
  d = messages_of(head + "phases:\n  - {key: a, months: 2, drop_out_per_mont: 0.1}\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].second == "unknown key 'drop_out_per_mont'; did you mean 'drop_out_per_month'?");
  d = messages_of(head + "after_effects: {transitions: []}\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].first == "after_effects");
  d = messages_of(head + "phases:\n  - {key: a, months: 2, supervised: true}\nplacements:\n  sectors: {care: {}}\n"
                         "  employers: [{key: e, sector: care, slots: {angered: 3}}]\n  trade: kare\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].second == "unknown sector 'kare'; did you mean 'care'?");
}

TEST_CASE("policy.an_added_step_is_a_stage_everyone_on_it_leaves_by_its_own_transitions") {
  // Participants start on the added step; they leave it at the hazard of its transitions
  // (0.09 + 0.03 a month, no modifiers), during the programme and after it alike.
  PolicyScenario dir;
  dir.write("iop.yaml", R"(key: iop
eligible: {age: [25, 60], stages: [outside]}
capacity: {seats: 100000, start: 2016-01, end: 2016-01}
participation: {ends_on_employment: false}
phases:
  - {key: start, months: 2, effects: {moves_to: iop_preparation}}
adds_to_staircase:
  stages:
    iop_preparation: {name: "Preparation with a non-profit", activity: training}
  transitions:
    - {from: iop_preparation, to: internship, base: 0.09}
    - {from: iop_preparation, to: outside, base: 0.03}
)");
  Loaded l = load(dir.scenario({"iop.yaml"}, 8, 0.05));
  const StageId added = l.staircase->id_of("iop_preparation");
  REQUIRE(to_index(added) == l.staircase->spec().stages.size() - 1);  // after the staircase's own
  Simulation simulation(l.scenario, l.model, *l.staircase, 0);
  const auto& people = simulation.population().people;
  double on_it = 0, left = 0;
  for (int month = 0; month < 8; ++month) {
    const std::vector<StageId> before = people.stage;
    simulation.step();
    for (std::size_t i = 0; i < before.size(); ++i) {
      if (before[i] != added || people.left_month[i] >= 0) continue;
      ++on_it;
      if (people.stage[i] != added) {
        ++left;
        const std::string& to = l.staircase->stage(people.stage[i]).key;
        CHECK((to == "internship" || to == "outside"));
      }
    }
  }
  REQUIRE(on_it > 2000);
  const double p = 1 - std::exp(-0.12);
  CHECK(std::abs(left / on_it - p) < 4 * std::sqrt(p * (1 - p) / on_it));
}

TEST_CASE("policy.added_steps_are_checked_like_the_staircase") {
  PolicyScenario dir;
  auto messages_of = [&](const std::string& policy_text) { return problems_of(dir, policy_text); };
  const std::string head = "key: p\ncapacity: {seats: 10}\neffects: {moves_to: a}\n";
  // Two steps that lead only to each other: no way to a job.
  auto d = messages_of(head + "adds_to_staircase:\n  stages: {a: {}, b: {}}\n  transitions:\n"
                              "    - {from: a, to: b, base: 0.1}\n    - {from: b, to: a, base: 0.1}\n");
  REQUIRE(d.size() == 2);
  CHECK(d[0].first == "adds_to_staircase.stages.a");
  CHECK(d[0].second.find("cannot reach a job") != std::string::npos);
  {
    // The same when the file is read on its own, against a scenario that does not run it.
    const Loaded baseline = load(dir.scenario({}, 12, 0.01));
    try {
      load_policy(dir.dir() / "bad.yaml", baseline.model, 2016);
      FAIL("no error");
    } catch (const InputError& e) {
      REQUIRE(e.diagnostics().size() == 2);
      CHECK(e.diagnostics()[0].key_path == "adds_to_staircase.stages.a");
    }
  }
  // The staircase's own steps are not the policy's to change.
  d = messages_of(head + "adds_to_staircase:\n  stages: {a: {}}\n  transitions:\n"
                         "    - {from: a, to: internship, base: 0.1}\n    - {from: outside, to: a, base: 0.1}\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].first == "adds_to_staircase.transitions[1].from");
  d = messages_of(head + "adds_to_staircase:\n  stages: {preparation: {}}\n  transitions:\n"
                         "    - {from: preparation, to: internship, base: 0.1}\n");
  REQUIRE(!d.empty());
  CHECK(d[0].second == "'preparation' is already a stage of the staircase; an added step needs its own key");
  d = messages_of("key: p\ncapacity: {seats: 10}\nadds_to_staircase:\n  stages: {a: {}}\n  transitions:\n"
                  "    - {from: a, to: internshipp, base: 0.1}\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].second == "unknown stage 'internshipp'; did you mean 'internship'?");
  d = messages_of("key: p\ncapacity: {seats: 10}\nadds_to_staircase:\n  stages: {a: {}}\n  transitions:\n"
                  "    - {from: a, to: internship, base: 0.1}\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].second == "nobody can reach 'a': lead to it with effects.new_transitions or moves_to");
  CHECK(messages_of(head + "adds_to_staircase:\n  stages: {a: {activity: training}}\n  transitions:\n"
                           "    - {from: a, to: internship, base: 0.1}\n").empty());
}

TEST_CASE("policy.lottery_outcomes_by_year_after_the_programme_are_computed_from_the_months_since_the_draw") {
  // Hand-computed: a 3-month programme, 20 months observed; year 0 is months 0–2, year 1
  // months 3–14, and year 2 (months 15–26) is not fully observed, so not reported.
  LotteryTable t;
  t.keys = {"trial"};
  t.programme_months = {3};
  t.max_months = 20;
  t.scale = 0.5;
  t.counts.assign(20, {});
  for (std::size_t k = 0; k < 20; ++k) {
    const bool during = k < 3;
    t.at(0, k) = {100, during ? 10.0 : 40.0, 200, 100, during ? 5.0 : 20.0, 100};
  }
  const std::vector<LotteryYear> years = lottery_by_year(t, 0);
  REQUIRE(years.size() == 2);
  CHECK(years[0].from_month == 0);
  CHECK(years[0].to_month == 3);
  CHECK(years[1].from_month == 3);
  CHECK(years[1].to_month == 15);
  CHECK(years[0].winners == 50);  // simulated people: 100 real at scale 0.5
  CHECK(years[0].winners_employed == doctest::Approx(0.1));
  CHECK(years[0].losers_employed == doctest::Approx(0.05));
  CHECK(years[1].difference == doctest::Approx(0.2));
  CHECK(years[1].winners_swedish == doctest::Approx(2.0));
  CHECK(years[1].losers_swedish == doctest::Approx(1.0));
  const double se = std::sqrt(0.1 * 0.9 / 50 + 0.05 * 0.95 / 50);
  CHECK(years[0].low == doctest::Approx(0.05 - 1.959963985 * se).epsilon(1e-9));
  CHECK(years[0].high == doctest::Approx(0.05 + 1.959963985 * se).epsilon(1e-9));
}

TEST_CASE("policy.an_added_step_has_the_benefits_of_the_stage_it_names") {
  // Hand-computed from benefits.yaml: a 30-year-old on the preparation step with no job in
  // memory has the activity support (4,850 SEK a month, taxed) and nothing else of the person
  // benefits; on an added step with benefits_as: preparation the same, and without it nothing.
  PolicyScenario dir;
  dir.write("steps.yaml", R"(key: steps
capacity: {seats: 10}
effects:
  new_transitions: [{from: outside, to: like_preparation, base: 0.1}, {from: outside, to: bare, base: 0.1}]
adds_to_staircase:
  stages:
    like_preparation: {activity: training, benefits_as: preparation}
    bare: {activity: training}
  transitions:
    - {from: like_preparation, to: internship, base: 0.1}
    - {from: bare, to: internship, base: 0.1}
)");
  Loaded l = load(dir.scenario({"steps.yaml"}, 1, 0.01));
  const BenefitRules rules(l.model.benefits, *l.staircase, l.model.districts, l.model.economy.income_tax_rate);
  const RandomStream random(RandomKey{7, 0});
  auto income_on = [&](const std::string& stage) {
    PersonFacts p;
    p.stage = l.staircase->id_of(stage);
    p.age_years = 30;
    p.wage_potential_sek = 30000;
    return rules.person_income(p, random, 0);
  };
  CHECK(income_on("preparation").taxed_benefits_sek == 4850);
  CHECK(income_on("like_preparation").taxed_benefits_sek == 4850);
  CHECK(income_on("like_preparation").net_sek == income_on("preparation").net_sek);
  CHECK(income_on("bare").taxed_benefits_sek == 0);
  CHECK(income_on("bare").untaxed_benefits_sek == 0);
}

}  // namespace trappsteg
