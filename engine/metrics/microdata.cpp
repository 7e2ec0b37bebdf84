#include "engine/metrics/microdata.hpp"

#include "engine/core/random.hpp"
#include "engine/step/simulation.hpp"

#include <cmath>

namespace trappsteg {
namespace {

std::int32_t sek(float amount) { return static_cast<std::int32_t>(std::lround(amount)); }

// Bytes per row in results.sqlite with the table's indices, and events per person-month, measured
// on the baseline at scale 0.05 over 10 years (322 500 yearly panel rows: 27.9 MB; 163 121 events:
// 6.6 MB); used only to tell the user what to expect.
constexpr double kPanelRowBytes = 86, kEventRowBytes = 40;
constexpr double kEventsPerPersonMonth = 0.05;

}  // namespace

const std::vector<std::string>& event_kind_names() {
  static const std::vector<std::string> names{"stage",     "policy_start", "phase",     "policy_end", "lottery",
                                              "born",      "arrived",      "moved_in",  "partnered",  "separated",
                                              "household", "district",     "died",      "moved_away"};
  return names;
}

bool in_microdata_sample(const MicrodataSpec& spec, std::uint64_t seed, std::uint32_t replicate, std::uint32_t person) {
  if (spec.sample >= 1) return true;
  return RandomStream(RandomKey{seed, replicate}).uniform(person, kFixedDrawMonth, Draw::kMicrodataSample) < spec.sample;
}

MicrodataSize estimate_microdata_size(const MicrodataSpec& spec, double people, int months) {
  MicrodataSize size;
  if (!spec.on()) return size;
  const double snapshots = spec.frequency == MicrodataSpec::Frequency::kMonthly ? months + 1 : months / 12 + 1;
  size.panel_rows = people * spec.sample * snapshots;
  size.event_rows = people * spec.sample * months * kEventsPerPersonMonth;
  size.database_bytes = size.panel_rows * kPanelRowBytes + size.event_rows * kEventRowBytes;
  return size;
}

MicrodataRecorder::MicrodataRecorder(const Simulation& simulation, const MicrodataSpec& spec, std::uint32_t replicate)
    : seed_(simulation.scenario().seed), replicate_(replicate) {
  data_.spec = spec;
  for (const auto& d : simulation.model().districts.districts) data_.district_keys.push_back(d.key);
  for (const auto& s : simulation.staircase().spec().stages) data_.stage_keys.push_back(s.key);
  for (std::size_t p = 0; p < simulation.policies().size(); ++p) data_.policy_keys.push_back(simulation.policies().spec(p).key);
}

void MicrodataRecorder::record(const Simulation& simulation) {
  const auto& people = simulation.population().people;
  const auto& households = simulation.population().households;
  const auto& staircase = simulation.staircase();
  const int month = simulation.month();  // 0 at the start, then the month just simulated (1-based)
  const bool snapshot = data_.spec.frequency == MicrodataSpec::Frequency::kMonthly || month % 12 == 0;
  auto& panel = data_.panel;
  auto& events = data_.events;
  auto event = [&](std::size_t i, EventKind kind, std::int64_t from, std::int64_t to) {
    events.month.push_back(month);
    events.person.push_back(people.id[i]);
    events.kind.push_back(kind);
    events.from.push_back(from);
    events.to.push_back(to);
  };
  // Participations ended, moved to another phase or started since `before`, and a lottery drawn this month.
  auto policy_events = [&](std::size_t i, const PolicySlots& before) {
    const PolicySlots& now = people.policies[i];
    for (std::size_t k = 0; k < kPolicySlots; ++k) {
      const std::uint8_t p = before.policy[k];
      if (p == 0) continue;
      const std::size_t at = now.find(p);
      if (at == kPolicySlots) event(i, EventKind::kPolicyEnd, p - 1, before.phase[k]);
      else if (now.phase[at] != before.phase[k]) event(i, EventKind::kPhase, p - 1, now.phase[at]);
    }
    for (std::size_t k = 0; k < kPolicySlots; ++k)
      if (now.policy[k] != 0 && !before.has(now.policy[k])) event(i, EventKind::kPolicyStart, now.policy[k] - 1, now.phase[k]);
    if (people.lottery[i] != 0 && people.lottery_month[i] == month - 1)
      event(i, EventKind::kLottery, people.lottery[i] - 1, people.lottery_won[i]);
  };
  auto partner_of = [&](std::size_t i) {
    return people.partner[i] == kNoPerson ? -1 : static_cast<std::int64_t>(people.id[to_index(people.partner[i])]);
  };

  // By id: slots move when people who have left are compacted out (in id order, so this loop
  // still meets people in id order).
  const std::size_t known = kept_.size();
  kept_.resize(people.issued);
  seen_.resize(people.issued);
  for (std::size_t i = 0; i < people.size(); ++i) {
    const std::uint32_t id = people.id[i];
    if (id >= known) kept_[id] = in_microdata_sample(data_.spec, seed_, replicate_, id);
    if (!kept_[id]) continue;
    const bool present = simulation.present(i);
    Seen& was = seen_[id];
    const auto stage = static_cast<std::uint16_t>(to_index(people.stage[i]));
    const std::size_t h = to_index(people.household[i]);  // the slot; the microdata names the id
    const std::uint32_t household = h < households.size() ? households.id[h] : 0xFFFFFFFFu;
    const std::int64_t partner = partner_of(i);

    // What happened since the last record (nothing at the start: the population is as synthesised).
    if (started_ && id >= known) {
      if (!present) continue;  // came and went within the month: nothing to follow
      // A new id is a birth (aged under a month: ages count from 0 at birth), an arrival from
      // abroad this month, or someone moving in from the rest of Sweden.
      const bool foreign_born = people.origin[i] == Origin::kForeignBorn;
      const EventKind entry = foreign_born && people.arrival_month[i] == month - 1 ? EventKind::kArrived
                              : !foreign_born && people.age_months[i] <= 1          ? EventKind::kBorn
                                                                                    : EventKind::kMovedIn;
      event(i, entry, -1, household);
      if (entry != EventKind::kBorn) event(i, EventKind::kStage, -1, stage);
      policy_events(i, PolicySlots{});  // a newcomer can be taken into a programme in the month they arrive
    } else if (started_ && was.present) {
      // The synthesis has some people arrive in month 1 (arrival month 0): they stand at the start
      // as newcomers, so their arrival is recorded on a person already followed, in the month they
      // arrive as for a new id — before a departure in that same month.
      if (people.origin[i] == Origin::kForeignBorn && people.arrival_month[i] == month - 1)
        event(i, EventKind::kArrived, -1, household);
      if (!present) {
        event(i, people.stage[i] == staircase.dead ? EventKind::kDied : EventKind::kMovedAway, was.stage, -1);
        was.present = 0;
        continue;
      }
      if (stage != was.stage) event(i, EventKind::kStage, was.stage, stage);
      policy_events(i, was.policies);
      const std::int64_t had = was.partner == 0 ? -1 : static_cast<std::int64_t>(was.partner) - 1;
      if (partner != had) {
        if (had >= 0) event(i, EventKind::kSeparated, had, -1);
        if (partner >= 0) event(i, EventKind::kPartnered, -1, partner);
      }
      if (household != was.household) event(i, EventKind::kHousehold, was.household, household);
      if (people.district[i] != was.district) event(i, EventKind::kDistrict, was.district, people.district[i]);
    } else if (started_ || !present) {
      continue;  // gone before, or not here at the start
    }

    was.present = present ? 1 : 0;
    was.stage = stage;
    was.household = household;
    was.partner = partner < 0 ? 0 : static_cast<std::uint32_t>(partner + 1);
    was.district = people.district[i];
    was.policies = people.policies[i];

    if (!snapshot || !present) continue;
    const bool foreign_born = people.origin[i] == Origin::kForeignBorn;
    panel.month.push_back(month);
    panel.person.push_back(id);
    panel.household.push_back(household);
    panel.district.push_back(people.district[i]);
    panel.age_months.push_back(people.age_months[i]);
    panel.female.push_back(people.female[i]);
    panel.foreign_born.push_back(foreign_born ? 1 : 0);
    panel.months_since_arrival.push_back(foreign_born ? month - 1 - people.arrival_month[i] : kBornInSweden);
    panel.education.push_back(people.education[i]);
    panel.swedish.push_back(people.swedish[i]);
    panel.stage.push_back(stage);
    panel.months_in_stage.push_back(people.months_in_stage[i]);
    panel.employed.push_back(staircase.stage(people.stage[i]).activity == Activity::kEmployment ? 1 : 0);
    panel.lives_with_parents.push_back(people.lives_with_parents[i]);
    panel.earnings_sek.push_back(sek(people.gross_income[i]));
    panel.net_income_sek.push_back(sek(people.net_income[i]));
    panel.household_disposable_sek.push_back(sek(households.disposable_income[h]));
    panel.household_equivalised_sek.push_back(households.equivalised_income[h]);
    panel.household_support_sek.push_back(sek(households.income_support[h]));
    panel.household_members.push_back(households.members[h]);
    panel.in_support.push_back(people.support_history[i] & 1u);
    std::int16_t policy = -1, phase = -1;
    for (std::size_t k = 0; k < kPolicySlots; ++k)
      if (people.policies[i].policy[k] != 0) {
        const auto taken = static_cast<std::int16_t>(people.policies[i].policy[k] - 1);
        if (policy < 0) policy = taken, phase = people.policies[i].phase[k];
        auto& in = data_.participations;
        in.month.push_back(month);
        in.person.push_back(id);
        in.policy.push_back(taken);
        in.phase.push_back(people.policies[i].phase[k]);
      }
    panel.policy.push_back(policy);
    panel.phase.push_back(phase);
  }
  started_ = true;
}

Microdata MicrodataRecorder::finish() { return std::move(data_); }

}  // namespace trappsteg
