// People who have left are compacted out of storage now and then (Simulation::compact): only
// speed and memory may depend on when. A run compacting every month and one never compacting
// give the same outcomes and microdata to the byte; Population::remove_people against
// households worked by hand.

#include "engine/metrics/microdata.hpp"
#include "engine/metrics/outcomes.hpp"
#include "engine/sim/run_codec.hpp"
#include "engine/step/simulation.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <vector>

namespace trappsteg {
namespace {

struct Compacted {
  std::vector<std::byte> bytes;  // outcomes and microdata, encoded
  std::size_t slots = 0, absent = 0, departed_arrivals = 0, households = 0;
  std::vector<std::uint32_t> present_ids;
  bool ids_increase = true;
};

Compacted run_compacting(const LoadedScenario& loaded, double share, int months) {
  Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 0);
  simulation.compact_when_absent_share(share);
  simulation.warm_up(loaded.scenario.warm_up_months);
  Recorder recorder(simulation, months);
  MicrodataRecorder microdata(simulation, loaded.scenario.microdata, 0);
  microdata.record(simulation);
  for (int m = 0; m < months; ++m) {
    simulation.step();
    recorder.record(simulation);
    microdata.record(simulation);
  }
  RunResult result;
  result.outcomes = recorder.finish(simulation);
  result.microdata = microdata.finish();
  Compacted out;
  out.bytes = encode_run_result(result);
  const auto& population = simulation.population();
  const auto& people = population.people;
  out.slots = people.size();
  out.households = population.households.size();
  out.departed_arrivals = population.departed_arrivals.size();
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (simulation.present(i)) out.present_ids.push_back(people.id[i]);
    else ++out.absent;
    if (i > 0 && people.id[i] <= people.id[i - 1]) out.ids_increase = false;
  }
  return out;
}

void check_compaction_changes_nothing(const std::string& scenario_file) {
  auto loaded = testing::load(scenario_file);
  loaded.scenario.scale = 0.01;
  loaded.scenario.warm_up_months = 6;
  loaded.scenario.microdata.frequency = MicrodataSpec::Frequency::kMonthly;
  loaded.scenario.microdata.sample = 0.5;
  const int months = 30;
  const Compacted every_month = run_compacting(loaded, 0.0, months);
  const Compacted never = run_compacting(loaded, 2.0, months);
  const Compacted default_share = run_compacting(loaded, 0.125, months);
  // Compacting moved people: far fewer slots, almost no one absent left in them, and the
  // spells of those who arrived and left kept aside.
  CHECK(never.absent > 200);
  CHECK(every_month.slots + never.absent / 2 < never.slots);
  CHECK(every_month.absent * 20 < never.absent);
  CHECK(every_month.departed_arrivals > 0);
  CHECK(never.departed_arrivals == 0);
  CHECK(every_month.households < never.households);
  CHECK(every_month.ids_increase);
  CHECK(every_month.present_ids == never.present_ids);
  // And changed no result.
  CHECK(every_month.bytes == never.bytes);
  CHECK(default_share.bytes == never.bytes);
}

}  // namespace

TEST_CASE("compaction.no_result_depends_on_when_people_who_left_are_compacted_out") {
  // All policies at once (programmes, supervisors, after-effects), and the randomised trial
  // (a lottery and its curves), with partnerships, arrivals, moves and monthly microdata.
  check_compaction_changes_nothing("scenarios/combined.yaml");
  check_compaction_changes_nothing("scenarios/newcomers_language_and_work_trial.yaml");
}

TEST_CASE("compaction.remove_people_keeps_order_links_and_the_spells_of_those_who_arrived") {
  // Household 0: slots 0, 1, 2 (a couple and their child), linked 2 → 1 → 0; household 1: slot 3,
  // who arrived in month 4 and left in month 9; household 2: slot 4. Remove slots 1 and 3.
  Population population;
  People& people = population.people;
  Households& households = population.households;
  const HouseholdId first = households.add(2), second = households.add(5), third = households.add(7);
  for (int k = 0; k < 5; ++k) people.add();
  for (std::uint32_t i = 0; i < 3; ++i) households.link(people, first, PersonId{i});
  households.link(people, second, PersonId{3});
  households.link(people, third, PersonId{4});
  people.partner[0] = PersonId{2};  // not a real couple: only the renumbering of a link is checked
  people.partner[2] = PersonId{0};
  people.origin[3] = Origin::kForeignBorn;
  people.district[3] = 5;
  people.arrival_month[3] = 4;
  people.first_job_month[3] = 7;
  people.left_month[3] = 9;
  people.age_months[3] = 400;
  people.age_months[2] = 33;
  people.age_months[4] = 44;

  population.remove_people({1, 0, 1, 0, 1});

  REQUIRE(people.size() == 3);
  CHECK(people.id == std::vector<std::uint32_t>{0, 2, 4});
  CHECK(people.issued == 5);
  CHECK(people.age_months[1] == 33);
  CHECK(people.age_months[2] == 44);
  // Household 0 lists 2 then 0, now in slots 1 then 0.
  CHECK(households.first_member[0] == PersonId{1});
  CHECK(people.next_in_household[1] == PersonId{0});
  CHECK(people.next_in_household[0] == kNoPerson);
  CHECK(people.partner[0] == PersonId{1});
  CHECK(people.partner[1] == PersonId{0});
  // Household 1 had no one left: household 2 moves to slot 1 and keeps its id and district.
  REQUIRE(households.size() == 2);
  CHECK(households.id == std::vector<std::uint32_t>{0, 2});
  CHECK(households.district[1] == 7);
  CHECK(households.issued == 3);
  CHECK(households.first_member[1] == PersonId{2});
  CHECK(people.household[2] == HouseholdId{1});
  CHECK(people.household[0] == HouseholdId{0});
  REQUIRE(population.departed_arrivals.size() == 1);
  const DepartedArrival& gone = population.departed_arrivals[0];
  CHECK(gone.district == 5);
  CHECK(gone.age_months == 400);
  CHECK(gone.arrival_month == 4);
  CHECK(gone.first_job_month == 7);
  CHECK(gone.left_month == 9);
  // The next person and household get the next ids, in the next slots.
  const PersonId added = people.add();
  CHECK(to_index(added) == 3);
  CHECK(people.id[3] == 5);
  const HouseholdId home = households.add(1);
  CHECK(to_index(home) == 2);
  CHECK(households.id[2] == 3);
}

}  // namespace trappsteg
