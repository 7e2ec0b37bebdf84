#include "engine/step/simulation.hpp"

#include "engine/population/synthesis.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

namespace trappsteg {
namespace {

constexpr int kMaxAgeYears = 121;
constexpr int kMaxTableMonths = 601;
constexpr std::size_t kGrain = 4096;

/// Monthly probability from a yearly probability.
double monthly(double yearly) { return 1.0 - std::pow(1.0 - std::min(yearly, 0.999999), 1.0 / 12.0); }

template <class Body>
void for_each_index(std::size_t count, Body body) {
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, kGrain), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) body(i);
  });
}

/// The first member of the household a few places after position `k` of a household loop's
/// `order`, if it has one: the loops ask for that person's columns early, because the walk
/// through the members waits on them otherwise.
std::optional<std::size_t> member_ahead(const Households& households, const std::vector<std::uint32_t>& order, std::size_t k) {
  constexpr std::size_t kAhead = 8;
  if (k + kAhead >= order.size()) return std::nullopt;
  const PersonId ahead = households.first_member[order[k + kAhead]];
  if (ahead == kNoPerson) return std::nullopt;
  return to_index(ahead);
}

/// Asks for element `j` of each column: to be read, or (prefetch_for_writing) written.
template <class... Columns>
void prefetch(std::size_t j, const Columns&... columns) {
  (__builtin_prefetch(&columns[j]), ...);
}
template <class... Columns>
void prefetch_for_writing(std::size_t j, const Columns&... columns) {
  (__builtin_prefetch(&columns[j], 1), ...);
}

}  // namespace

Simulation::Simulation(const Scenario& scenario, const Model& model, const Staircase& staircase, std::uint32_t replicate)
    : scenario_(scenario),
      model_(model),
      staircase_(staircase),
      random_(RandomKey{scenario.seed, replicate}),
      wages_(model.economy, model.districts),
      benefits_(model.benefits, staircase, model.districts, model.economy.income_tax_rate),
      population_(synthesise_population(model, staircase, scenario.scale, RandomKey{scenario.seed, replicate})),
      policies_(scenario, model, staircase) {
  const auto& modifiers = staircase_.spec().modifiers;
  const auto& demography = model_.demography;
  child_months_ = static_cast<int>(std::lround(model_.benefits.ages.child_below * 12));
  adult_months_ = static_cast<int>(std::lround(model_.benefits.ages.adult_from * 12));
  for (int age = 0; age < kMaxAgeYears; ++age) {
    age_multiplier_.push_back(modifiers.age.edges.empty() ? 1.0 : modifiers.age.at(age));
    mortality_.push_back(monthly(demography.mortality.at(age)));
    emigration_[0].push_back(monthly(demography.emigration_born_in_sweden.at(age)));
    emigration_[1].push_back(monthly(demography.emigration_foreign_born.at(age)));
    retirement_.push_back(monthly(demography.retirement.at(age)));
    leave_home_.push_back(monthly(demography.leave_home_per_year.at(age)));
    fertility_.push_back(monthly(demography.fertility.at(age)));
    formation_.push_back(demography.partnership.enabled
                             ? monthly(std::min(1.0, demography.partnership.formation.at(age) * demography.partnership.formation_scale))
                             : 0.0);
  }
  for (int m = 0; m < kMaxTableMonths; ++m)
    arrival_multiplier_.push_back(modifiers.months_since_arrival.edges.empty() ? 1.0 : modifiers.months_since_arrival.at(m));
  transition_count_ = staircase_.spec().transitions.size();
  duration_multiplier_.resize(transition_count_ * kMaxTableMonths);
  for (std::size_t s = 0; s < staircase_.stage_count(); ++s)
    for (const auto& t : staircase_.outgoing(StageId{static_cast<std::uint16_t>(s)}))
      for (int m = 0; m < kMaxTableMonths; ++m)
        duration_multiplier_[t.index * kMaxTableMonths + m] =
            std::max(t.duration_floor, std::exp(-t.duration_decay_per_month * m));
  arrival_accumulator_.assign(model_.districts.districts.size(), 0.0);
  in_mover_accumulator_.assign(model_.districts.districts.size(), 0.0);
  compile_moves();
  if (demography.moving_in.enabled) {
    const std::array<const std::vector<std::pair<std::string, double>>*, 2> lists{&demography.moving_in.stages_under_25,
                                                                                  &demography.moving_in.stages_from_25};
    for (std::size_t k = 0; k < lists.size(); ++k)
      for (const auto& [key, share] : *lists[k]) {
        moving_in_stages_[k].stages.push_back(staircase_.id_of(key));
        moving_in_stages_[k].shares.push_back(share);
      }
  }
  for (const auto& stage : staircase_.spec().stages) language_probability_.push_back(1.0 - std::exp(-stage.language_hazard));
  leave_home_months_ = static_cast<int>(std::ceil(demography.leave_home_age * 12.0));
  // Job seekers at the start are taken to have lost a job when they entered the stage (so the
  // insured among them draw unemployment insurance for its remaining months).
  auto& people = population_.people;
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (staircase_.stage(people.stage[i]).employed()) people.months_since_job[i] = 0;
    else if (people.stage[i] == staircase_.job_seeker) people.months_since_job[i] = people.months_in_stage[i];
  }
  // Children's years so far: assume the household's work situation at the start held throughout.
  auto& households = population_.households;
  for (std::size_t h = 0; h < households.size(); ++h) {
    bool working = false;
    for (PersonId m = households.first_member[h]; m != kNoPerson; m = people.next_in_household[to_index(m)])
      working = working || (!people.lives_with_parents[to_index(m)] && staircase_.stage(people.stage[to_index(m)]).employed());
    for (PersonId m = households.first_member[h]; m != kNoPerson; m = people.next_in_household[to_index(m)]) {
      auto i = to_index(m);
      if (people.age_months[i] >= child_months_) continue;
      people.child_months[i] = static_cast<std::uint16_t>(people.age_months[i]);
      people.child_months_adult_working[i] = working ? people.child_months[i] : 0;
    }
  }
}

void Simulation::compile_moves() {
  const auto& districts = model_.districts.districts;
  const std::size_t count = districts.size();
  const MovesSpec& moves = model_.demography.moves;
  if (!moves.enabled) return;
  for (std::size_t t = 0; t < move_probability_.size(); ++t) move_probability_[t] = monthly(moves.per_year[t]);
  newcomer_move_probability_ = monthly(moves.newcomer_per_year);
  auto index_of = [&](const std::string& key) {
    for (std::size_t d = 0; d < count; ++d)
      if (districts[d].key == key) return d;
    return count;  // not in this run (districts_only)
  };
  // Destinations outside the run's districts are left out and the row renormalised; a row with
  // nowhere to go keeps the household where it is.
  auto cumulate = [&](std::vector<double> weights, std::size_t from, std::vector<double>& table) {
    double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
    if (!(sum > 0)) weights.assign(count, 0.0), weights[from] = sum = 1.0;
    double cumulative = 0;
    for (double w : weights) table.push_back(cumulative += w / sum);
  };
  for (int family = 0; family < 2; ++family)
    for (std::size_t from = 0; from < count; ++from) {
      std::vector<double> weights(count, 0.0);
      for (const auto& [key, share] : districts[from].moves_to)
        if (std::size_t to = index_of(key); to < count) weights[to] = share * (family ? districts[to].family_move_weight : 1.0);
      cumulate(std::move(weights), from, move_to_[family]);
    }
  std::vector<double> newcomer_weights;
  for (const auto& d : districts) newcomer_weights.push_back(d.newcomer_moves_share);
  if (std::accumulate(newcomer_weights.begin(), newcomer_weights.end(), 0.0) > 0) cumulate(newcomer_weights, 0, newcomer_move_to_);
}

void Simulation::order_households() {
  const auto& people = population_.people;
  const std::size_t count = population_.households.size();
  household_order_.clear();
  household_order_.reserve(count);
  household_seen_.assign(count, 0);
  for (std::size_t i = 0; i < people.size(); ++i) {
    const HouseholdId h = people.household[i];
    if (h == kNoHousehold || household_seen_[to_index(h)]) continue;
    household_seen_[to_index(h)] = 1;
    household_order_.push_back(static_cast<std::uint32_t>(to_index(h)));
  }
  for (std::size_t h = 0; h < count; ++h)
    if (!household_seen_[h]) household_order_.push_back(static_cast<std::uint32_t>(h));
}

const std::vector<std::uint32_t>& Simulation::household_order() {
  if (household_order_.size() != population_.households.size()) order_households();
  return household_order_;
}

std::uint8_t Simulation::move_destination(const std::vector<double>& table, std::size_t from, double uniform) const {
  const std::size_t count = model_.districts.districts.size();
  const auto row = table.begin() + static_cast<std::ptrdiff_t>(from * count);
  const auto it = std::upper_bound(row, row + static_cast<std::ptrdiff_t>(count), uniform);
  return static_cast<std::uint8_t>(std::min<std::ptrdiff_t>(it - row, static_cast<std::ptrdiff_t>(count) - 1));
}

void Simulation::prepare_month_tables() {
  const auto& districts = model_.districts.districts;
  // The middle of this month on the calendar (warm-up months are before start_year).
  const double year = scenario_.start_year + (month_ + 0.5) / 12.0;
  const double cycle = model_.economy.business_cycle.edges.empty() ? 1.0 : model_.economy.business_cycle.smooth(year);
  cycle_ = cycle;
  place_and_time_.assign(transition_count_ * districts.size(), 1.0);
  for (std::size_t s = 0; s < staircase_.stage_count(); ++s)
    for (const auto& t : staircase_.outgoing(StageId{static_cast<std::uint16_t>(s)}))
      for (std::size_t d = 0; d < districts.size(); ++d)
        place_and_time_[t.index * districts.size() + d] =
            std::pow(districts[d].labour_demand, t.demand_elasticity) * std::pow(cycle, t.cycle_elasticity);
}

namespace {
constexpr StageId kNoEntry{0xFFFF};  // in the warm-up from its first month, as synthesised
}  // namespace

void Simulation::warm_up(int months) {
  if (months <= 0) return;
  const auto clock_start = std::chrono::steady_clock::now();
  auto& people = population_.people;
  const std::size_t n = people.size();
  const std::int32_t start = -months;
  const int school_end = static_cast<int>(std::lround(staircase_.school_leaving_years() * 12.0));
  const StageId school_leaver = staircase_.age_move(staircase_.school).to;
  enters_.assign(n, start);
  arrives_.assign(n, start);
  entry_stage_.assign(n, kNoEntry);
  for_each_index(n, [&](std::size_t i) {
    if (!present(i)) return;
    const bool foreign_born = people.origin[i] == Origin::kForeignBorn;
    if (foreign_born && people.arrival_month[i] > start) arrives_[i] = people.arrival_month[i];
    const StageId stage = people.stage[i];
    if (stage == staircase_.child || stage == staircase_.school || stage == staircase_.retired) {
      enters_[i] = arrives_[i];
      return;
    }
    // Which event began this person's time on the staircase: leaving school here, or arriving
    // as an adult; the later of the two if both fall in the warm-up.
    const int since_school = std::max(0, people.age_months[i] - school_end);
    const int arrival_age = foreign_born ? people.age_months[i] + people.arrival_month[i] : 0;
    const bool schooled_here = !foreign_born || arrival_age < school_end;
    std::int32_t entry = start;
    StageId first = stage, before = stage;
    if (schooled_here && since_school < months) {
      entry = -since_school;
      first = school_leaver;
      before = staircase_.school;
    }
    if (foreign_born && people.arrival_month[i] > entry) {
      entry = people.arrival_month[i];
      first = staircase_.newcomer;
      before = staircase_.newcomer;
    }
    if (entry == start) return;
    enters_[i] = entry;
    entry_stage_[i] = first;
    people.stage[i] = people.previous_stage[i] = before;
  });
  warming_up_ = true;
  for (month_ = start; month_ < 0; ++month_) {
    prepare_month_tables();
    people.previous_stage = people.stage;
    enter();
    transition();
    incomes();
  }
  month_ = 0;
  enter();  // those synthesised as arriving in month 1 stand at its start as newcomers do
  warming_up_ = false;
  people.previous_stage = people.stage;
  for (std::size_t h = 0; h < population_.households.size(); ++h) recount(HouseholdId{static_cast<std::uint32_t>(h)});
  enters_ = {};
  arrives_ = {};
  entry_stage_ = {};
  times_[Phase::kWarmUp] += std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count();
}

void Simulation::enter() {
  auto& people = population_.people;
  for_each_index(people.size(), [&](std::size_t i) {
    if (enters_[i] != month_ || entry_stage_[i] == kNoEntry || !present(i)) return;
    const StageId first = entry_stage_[i];
    people.stage[i] = first;
    people.months_in_stage[i] = 0;
    people.months_since_job[i] = 65535;
    people.first_job_month[i] = -1;
    // As in arrive(): adults come with no Swedish, and the month of arrival is their first on the
    // staircase; a school leaver's first month is the next (as after an age move).
    if (first == staircase_.newcomer) {
      people.swedish[i] = 0;
      people.previous_stage[i] = first;
    }
  });
}

void Simulation::compact() {
  const auto& people = population_.people;
  const std::size_t n = people.size();
  std::size_t gone = 0;
  for (std::size_t i = 0; i < n; ++i) gone += present(i) ? 0 : 1;
  if (gone == 0 || static_cast<double>(gone) < compact_share_ * static_cast<double>(n)) return;
  std::vector<std::uint8_t> keep(n);
  for (std::size_t i = 0; i < n; ++i) keep[i] = present(i) ? 1 : 0;
  // Someone whose partner has left is single again only when partnerships() next sees them;
  // until then the partner keeps a slot.
  for (std::size_t i = 0; i < n; ++i)
    if (keep[i] && people.partner[i] != kNoPerson) keep[to_index(people.partner[i])] = 1;
  population_.remove_people(keep);
  order_households();
}

void Simulation::step() {
  times_.time(Phase::kCompact, [&] { compact(); });
  times_.time(Phase::kPrepare, [&] { prepare_month_tables(); });
  times_.time(Phase::kAgeAndLeave, [&] { age_and_leave(); });
  times_.time(Phase::kQueued, [&] { apply_queued(); });
  if (scenario_.demography.partnerships && model_.demography.partnership.enabled)
    times_.time(Phase::kPartnerships, [&] { partnerships(); });
  if (scenario_.demography.arrivals) times_.time(Phase::kArrivals, [&] { arrive(); });
  if (scenario_.demography.moving_in && model_.demography.moving_in.enabled) times_.time(Phase::kMovingIn, [&] { move_in(); });
  times_.time(Phase::kEnrol, [&] { enrol(); });
  times_.time(Phase::kTransition, [&] { transition(); });
  times_.time(Phase::kIncomes, [&] { incomes(); });
  ++month_;
}

void Simulation::age_and_leave() {
  auto& people = population_.people;
  auto& households = population_.households;
  const auto& switches = scenario_.demography;
  const int month = month_;
  gives_birth_.assign(people.size(), 0);
  leaves_home_.assign(people.size(), 0);

  people.previous_stage = people.stage;
  // Moving away and moving house are household decisions: everyone in it moves together.
  // Each household writes only its own entry and its members'.
  const bool away = switches.moving_away;
  const bool within = switches.moves_within_city && model_.demography.moves.enabled;
  if (away || within) {
    const int newcomer_months = model_.demography.moves.newcomer_months;
    // Households have not changed since last month's incomes() ordered them.
    const std::vector<std::uint32_t>& order = household_order();
    for_each_index(order.size(), [&](std::size_t k) {
      const std::size_t h = order[k];
      if (const auto j = member_ahead(households, order, k))
        prefetch(*j, people.next_in_household, people.stage, people.lives_with_parents, people.age_months, people.origin,
                 people.arrival_month);
      PersonId head = households.first_member[h];
      while (head != kNoPerson && (people.lives_with_parents[to_index(head)] || !present(to_index(head))))
        head = people.next_in_household[to_index(head)];
      if (head == kNoPerson) return;
      auto i = to_index(head);
      if (away) {
        int age = std::min(people.age_months[i] / 12, kMaxAgeYears - 1);
        double p = emigration_[static_cast<int>(people.origin[i])][age];
        if (random_.uniform(households.id[h], month, Draw::kEmigration) < p) {
          for (PersonId m = households.first_member[h]; m != kNoPerson; m = people.next_in_household[to_index(m)])
            if (present(to_index(m))) {
              people.stage[to_index(m)] = staircase_.moved;
              people.months_in_stage[to_index(m)] = 0;
              people.left_month[to_index(m)] = month;
            }
          return;
        }
      }
      if (!within) return;
      // The household's type as the moves rates are given: adults (not living with parents, or
      // 20+) and children under 18, as recount() counts them.
      int adults = 0, children = 0;
      for (PersonId m = households.first_member[h]; m != kNoPerson; m = people.next_in_household[to_index(m)]) {
        const auto k = to_index(m);
        if (!present(k)) continue;
        if (!people.lives_with_parents[k] || people.age_months[k] >= adult_months_) ++adults;
        if (people.age_months[k] < child_months_) ++children;
      }
      const bool newcomer = people.origin[i] == Origin::kForeignBorn && !newcomer_move_to_.empty() &&
                            month - people.arrival_month[i] < newcomer_months;
      const std::size_t type = (children > 0 ? 2 : 0) + (adults >= 2 ? 1 : 0);
      auto draws = random_.uniforms(households.id[h], month, Draw::kMove);
      if (draws[0] >= (newcomer ? newcomer_move_probability_ : move_probability_[type])) return;
      const std::size_t from = households.district[h];
      const std::uint8_t to = newcomer ? move_destination(newcomer_move_to_, 0, draws[1])
                                       : move_destination(move_to_[children > 0 ? 1 : 0], from, draws[1]);
      if (to == from) return;  // a move within the district changes nothing the model follows
      households.district[h] = to;
      for (PersonId m = households.first_member[h]; m != kNoPerson; m = people.next_in_household[to_index(m)])
        people.district[to_index(m)] = to;
    });
  }

  for_each_index(people.size(), [&](std::size_t i) {
    if (!present(i)) return;
    if (switches.ageing && people.age_months[i] < 32000) ++people.age_months[i];
    int age = std::min(people.age_months[i] / 12, kMaxAgeYears - 1);
    auto draws = random_.uniforms(people.id[i], month, Draw::kMortality);
    if (switches.mortality && draws[0] < mortality_[age]) {
      people.stage[i] = staircase_.dead;
      people.months_in_stage[i] = 0;
      people.left_month[i] = month;
      return;
    }
    StageId stage = people.stage[i];
    const StageSpec& spec = staircase_.stage(stage);
    auto move_to = [&](StageId to) {
      people.stage[i] = to;
      people.months_in_stage[i] = 0;
    };
    if (switches.retirement && stage != staircase_.retired && !spec.exit && stage != staircase_.child &&
        stage != staircase_.school && draws[1] < retirement_[age]) {
      move_to(staircase_.retired);
    } else if (const CompiledAgeMove& age_move = staircase_.age_move(stage);
               switches.age_moves && age_move.age_months >= 0 && people.age_months[i] >= age_move.age_months) {
      StageId to = age_move.to;
      if (stage == staircase_.school) {
        // Leaving school: completing upper-secondary school decides the education carried into the staircase.
        people.education[i] = draws[2] < school_completion(i) ? 1 : 0;
        people.wage_potential[i] = static_cast<float>(wages_.draw(
            people.district[i], people.education[i], random_.uniform(people.id[i], kFixedDrawMonth, Draw::kSynthesis, 13)));
        if (people.origin[i] == Origin::kForeignBorn) people.swedish[i] = std::max<std::uint8_t>(people.swedish[i], 2);
      }
      move_to(to);
    }
    if (switches.births && people.female[i] && age >= 15 && age < 50 && !people.lives_with_parents[i] &&
        draws[3] < fertility_[age])
      gives_birth_[i] = 1;
    if (people.lives_with_parents[i] && people.age_months[i] >= leave_home_months_ &&
        random_.uniform(people.id[i], month, Draw::kLeaveHome) < leave_home_[age])
      leaves_home_[i] = 1;
  });
}

double Simulation::school_completion(std::size_t i) const {
  // Base odds by origin, shifted by the share of childhood with an adult at work at home
  // (against the share typical when the base rate was measured) and by policies taken part in.
  const auto& people = population_.people;
  const auto& demography = model_.demography;
  double base = people.origin[i] == Origin::kForeignBorn ? demography.school_completion_foreign_born : demography.school_completion;
  base = std::clamp(base, 1e-6, 1 - 1e-6);
  double share = people.child_months[i] > 0
                     ? static_cast<double>(people.child_months_adult_working[i]) / people.child_months[i]
                     : demography.school_reference_working_share;
  double log_odds = std::log(base / (1 - base)) +
                    std::log(demography.school_working_adult_odds_ratio) * (share - demography.school_reference_working_share) +
                    std::log(static_cast<double>(people.school_odds[i]));
  return 1.0 / (1.0 + std::exp(-log_odds));
}

void Simulation::apply_queued() {
  auto& people = population_.people;
  auto& households = population_.households;
  const std::size_t existing = people.size();
  for (std::size_t i = 0; i < existing; ++i) {
    if (gives_birth_[i] && people.household[i] != kNoHousehold) {
      PersonId child = people.add();
      auto c = to_index(child);
      people.district[c] = people.district[i];
      people.female[c] = random_.uniform(people.id[c], month_, Draw::kBirth) < model_.demography.female_share_at_birth;
      people.stage[c] = people.previous_stage[c] = staircase_.child;
      people.lives_with_parents[c] = 1;
      people.wage_potential[c] = static_cast<float>(
          wages_.draw(people.district[c], 1, random_.uniform(people.id[c], kFixedDrawMonth, Draw::kSynthesis, 13)));
      households.link(people, people.household[i], child);
    }
    if (leaves_home_[i] && people.household[i] != kNoHousehold) {
      households.unlink(people, people.household[i], PersonId{static_cast<std::uint32_t>(i)});
      HouseholdId own = households.add(people.district[i]);
      households.link(people, own, PersonId{static_cast<std::uint32_t>(i)});
      people.lives_with_parents[i] = 0;
    }
  }
}

void Simulation::recount(HouseholdId household) {
  auto& people = population_.people;
  auto& households = population_.households;
  const auto h = to_index(household);
  int members = 0, adults = 0, children = 0;
  for (PersonId m = households.first_member[h]; m != kNoPerson; m = people.next_in_household[to_index(m)]) {
    const auto i = to_index(m);
    if (!present(i)) continue;
    ++members;
    if (!people.lives_with_parents[i] || people.age_months[i] >= adult_months_) ++adults;
    if (people.age_months[i] < child_months_) ++children;
  }
  households.members[h] = static_cast<std::uint8_t>(std::min(members, 255));
  households.adults[h] = static_cast<std::uint8_t>(std::min(adults, 255));
  households.children[h] = static_cast<std::uint8_t>(std::min(children, 255));
}

void Simulation::merge_households(HouseholdId from, HouseholdId to) {
  auto& people = population_.people;
  auto& households = population_.households;
  std::vector<PersonId> movers;
  for (PersonId m = households.first_member[to_index(from)]; m != kNoPerson; m = people.next_in_household[to_index(m)])
    if (present(to_index(m))) movers.push_back(m);
  for (PersonId m : movers) {
    households.unlink(people, from, m);
    households.link(people, to, m);
    people.district[to_index(m)] = households.district[to_index(to)];
  }
  recount(from);
  recount(to);
}

void Simulation::partnerships() {
  auto& people = population_.people;
  auto& households = population_.households;
  const PartnershipSpec& spec = model_.demography.partnership;
  const int month = month_;
  const std::size_t n = people.size();
  separating_.assign(n, 0);
  // Who starts looking for a partner and which couples part: each person's own draws, in parallel.
  for_each_index(n, [&](std::size_t i) {
    if (!present(i) || people.lives_with_parents[i] || people.age_months[i] < child_months_) {
      people.looking_since[i] = -1;
      return;
    }
    // Widowed, or left behind by a partner who moved away: single again.
    if (people.partner[i] != kNoPerson && !present(to_index(people.partner[i]))) people.partner[i] = kNoPerson;
    auto u = random_.uniforms(people.id[i], month, Draw::kPartnership);
    if (people.partner[i] == kNoPerson) {
      const int age = std::min(people.age_months[i] / 12, kMaxAgeYears - 1);
      if (people.looking_since[i] >= 0 && month - people.looking_since[i] >= spec.give_up_months) people.looking_since[i] = -1;
      else if (people.looking_since[i] < 0 && u[0] < formation_[static_cast<std::size_t>(age)]) people.looking_since[i] = month;
    } else if (to_index(people.partner[i]) > i) {  // a couple decides once, by its lower id
      const double years = (month - people.union_month[i]) / 12.0;
      if (u[0] < monthly(spec.dissolution.at(years))) separating_[i] = u[2] < 0.5 ? 1 : 2;  // the draw of who leaves
    }
  });
  // Separations, in id order: one partner moves out to a household of their own in the district;
  // when a woman and a man part, the children stay with the mother as often as the file says.
  for (std::size_t i = 0; i < n; ++i) {
    if (!separating_[i]) continue;
    const std::size_t j = to_index(people.partner[i]);
    const std::size_t h = to_index(people.household[i]);
    std::size_t leaver = separating_[i] == 1 ? i : j;
    if (people.female[i] != people.female[j] && households.children[h] > 0) {
      const std::size_t mother = people.female[i] ? i : j, father = people.female[i] ? j : i;
      const double u = random_.uniforms(people.id[i], month, Draw::kPartnership)[3];
      leaver = u < spec.children_stay_with_mother ? father : mother;
    }
    people.partner[i] = people.partner[j] = kNoPerson;
    const HouseholdId left = people.household[leaver];
    households.unlink(people, left, PersonId{static_cast<std::uint32_t>(leaver)});
    HouseholdId own = households.add(people.district[leaver]);
    households.link(people, own, PersonId{static_cast<std::uint32_t>(leaver)});
    // The composition policies see this month follows the move at once.
    recount(left);
    recount(own);
  }
  // Matching across the city: those looking, sorted by age (then id), pair with the nearest in
  // age within the gap — a woman with a man, or within one sex for the share who look so (a
  // fixed draw of the person's). The one whose household is smaller moves into the other's,
  // with it. Those not matched look on next month, until they give up.
  std::array<std::vector<std::uint32_t>, 4> pools;  // men, women, men looking for men, women looking for women
  // Who looks in which pool in parallel (a draw each), the pools then filled in id order.
  pool_.assign(n, 0);
  for_each_index(n, [&](std::size_t i) {
    if (people.looking_since[i] < 0 || people.partner[i] != kNoPerson) return;
    const bool same_sex = random_.uniform(people.id[i], kFixedDrawMonth, Draw::kPartnership) < spec.same_sex_share;
    pool_[i] = static_cast<std::uint8_t>(1 + (same_sex ? 2 : 0) + (people.female[i] ? 1 : 0));
  });
  for (std::size_t i = 0; i < n; ++i)
    if (pool_[i] != 0) pools[pool_[i] - 1u].push_back(static_cast<std::uint32_t>(i));
  const int gap_months = static_cast<int>(spec.max_age_gap_years * 12);
  auto by_age = [&](std::uint32_t a, std::uint32_t b) {
    return people.age_months[a] != people.age_months[b] ? people.age_months[a] < people.age_months[b] : a < b;
  };
  auto pair_up = [&](std::uint32_t a, std::uint32_t b) {
    const HouseholdId ha = people.household[a], hb = people.household[b];
    if (ha == hb) return;
    const bool a_moves = households.members[to_index(ha)] < households.members[to_index(hb)] ||
                         (households.members[to_index(ha)] == households.members[to_index(hb)] && a > b);
    merge_households(a_moves ? ha : hb, a_moves ? hb : ha);
    people.partner[a] = PersonId{b};
    people.partner[b] = PersonId{a};
    people.union_month[a] = people.union_month[b] = month;
    people.looking_since[a] = people.looking_since[b] = -1;
  };
  for (auto& list : pools) std::sort(list.begin(), list.end(), by_age);
  // Women and men: walk both lists by age, pairing the two at the front when close enough.
  const auto& men = pools[0];
  const auto& women = pools[1];
  std::size_t w = 0, m = 0;
  while (w < women.size() && m < men.size()) {
    const int difference = people.age_months[women[w]] - people.age_months[men[m]];
    if (std::abs(difference) <= gap_months) pair_up(women[w++], men[m++]);
    else if (difference < 0) ++w;  // she is too young for him: the next woman is older
    else ++m;
  }
  for (std::size_t kind : {std::size_t{2}, std::size_t{3}}) {
    const auto& list = pools[kind];
    for (std::size_t k = 0; k + 1 < list.size(); k += 2)
      if (people.age_months[list[k + 1]] - people.age_months[list[k]] <= gap_months) pair_up(list[k], list[k + 1]);
  }
}

PersonId Simulation::add_newcomer(std::uint8_t district, HouseholdId household, double age_years, bool lives_with_parents) {
  auto& people = population_.people;
  PersonId p = people.add();
  auto i = to_index(p);
  auto draws = random_.uniforms(people.id[i], month_, Draw::kArrival, 1);
  people.district[i] = district;
  people.age_months[i] = static_cast<std::int16_t>(age_years * 12.0);
  people.female[i] = draws[0] < 0.5;
  people.origin[i] = Origin::kForeignBorn;
  people.arrival_month[i] = month_;
  people.lives_with_parents[i] = lives_with_parents;
  // Adults start with no Swedish; children arriving young pick it up in school.
  people.swedish[i] = age_years < 13 ? 2 : 0;
  int education = 0;
  if (age_years >= 20) {
    education = static_cast<int>(pick_index(model_.demography.arrival_education, draws[1]));
    if (age_years < 25) education = std::min(education, 1);
  }
  people.education[i] = static_cast<std::uint8_t>(education);
  people.wage_potential[i] = static_cast<float>(wages_.draw(district, education, draws[2]));
  StageId stage = age_years < staircase_.school_start_years()     ? staircase_.child
                  : age_years < staircase_.school_leaving_years() ? staircase_.school
                  : age_years >= model_.demography.retired_from_age ? staircase_.retired
                                            : staircase_.newcomer;
  people.stage[i] = stage;
  people.previous_stage[i] = stage;
  population_.households.link(people, household, p);
  return p;
}

void Simulation::arrive() {
  const auto& demography = model_.demography;
  auto& households = population_.households;
  const auto& edges = demography.arrival_age_edges;
  const auto& shares = demography.arrival_age_shares;
  auto draw_age = [&](double u, double v) {
    double cumulative = 0;
    for (std::size_t b = 0; b < shares.size(); ++b) {
      cumulative += shares[b];
      if (u < cumulative || b + 1 == shares.size()) {
        double low = edges[b], high = b + 1 < edges.size() ? edges[b + 1] : std::min(80.0, low + 15.0);
        return low + (high - low) * v;
      }
    }
    return 30.0;
  };
  for (std::size_t d = 0; d < model_.districts.districts.size(); ++d) {
    arrival_accumulator_[d] += model_.districts.districts[d].newcomers_per_year * scenario_.scale / 12.0;
    while (arrival_accumulator_[d] >= 1.0) {
      // Draws for a household are keyed by the id its first member will get.
      auto subject = population_.people.issued;
      auto draws = random_.uniforms(subject, month_, Draw::kArrival);
      HouseholdId h = households.add(static_cast<std::uint8_t>(d));
      int arrived = 0;
      if (draws[0] < demography.arrival_family_share) {
        const auto& [youngest, oldest] = demography.arrival_parent_age;
        const double gap = demography.arrival_partner_age_difference;
        double parent_age = youngest + (oldest - youngest) * draws[1];
        PersonId first = add_newcomer(static_cast<std::uint8_t>(d), h, parent_age, false);
        PersonId second = add_newcomer(static_cast<std::uint8_t>(d), h, std::max(20.0, parent_age - gap + 2 * gap * draws[2]), false);
        // A couple: together since before their eldest child was born.
        auto& people = population_.people;
        people.partner[to_index(first)] = second;
        people.partner[to_index(second)] = first;
        people.union_month[to_index(first)] = people.union_month[to_index(second)] =
            month_ - static_cast<std::int32_t>(12.0 * std::min(parent_age - 20.0, 20.0));
        const auto [fewest, most] = demography.arrival_children;
        int children = fewest + std::min(most - fewest, static_cast<int>(draws[3] * (most - fewest + 1)));
        arrived = 2;
        for (int c = 0; c < children; ++c) {
          double u = random_.uniform(subject, month_, Draw::kArrival, 2 + c);
          add_newcomer(static_cast<std::uint8_t>(d), h, std::min(17.9, u * (parent_age - 20.0)), true);
          ++arrived;
        }
      } else {
        add_newcomer(static_cast<std::uint8_t>(d), h, std::max(16.0, draw_age(draws[1], draws[2])), false);
        arrived = 1;
      }
      arrival_accumulator_[d] -= arrived;
    }
  }
}

void Simulation::move_in() {
  const MovingInSpec& spec = model_.demography.moving_in;
  const auto& districts = model_.districts.districts;
  auto& people = population_.people;
  auto& households = population_.households;
  const double school_start = staircase_.school_start_years(), school_end = staircase_.school_leaving_years();
  // A person's stage on arrival: children and pupils by age; adults as the file gives.
  auto stage_of = [&](double age, double u) {
    if (age < school_start) return staircase_.child;
    if (age < school_end) return staircase_.school;
    if (age >= model_.demography.retired_from_age) return staircase_.retired;
    const CompiledShares& shares = moving_in_stages_[age < 25 ? 0 : 1];
    return shares.stages[pick_index(shares.shares, u)];
  };
  auto add_person = [&](HouseholdId h, std::uint8_t d, double age, bool child, bool foreign_born, double years_here) {
    PersonId p = people.add();
    const auto i = to_index(p);
    auto u = random_.uniforms(people.id[i], month_, Draw::kMoveIn, 1);
    people.district[i] = d;
    people.age_months[i] = static_cast<std::int16_t>(age * 12.0);
    people.female[i] = u[0] < 0.5;
    people.lives_with_parents[i] = child;
    if (foreign_born && (!child || age > years_here)) {
      people.origin[i] = Origin::kForeignBorn;
      people.arrival_month[i] = month_ - static_cast<std::int32_t>(std::floor(std::min(years_here, age) * 12.0));
      people.swedish[i] = 3;
    }
    int education = child ? (age >= school_end ? 1 : 0) : static_cast<int>(pick_index(spec.education, u[1]));
    if (age < 25) education = std::min(education, 1);
    people.education[i] = static_cast<std::uint8_t>(education);
    people.wage_potential[i] = static_cast<float>(wages_.draw(d, education, u[2]));
    const StageId stage = stage_of(age, u[3]);
    people.stage[i] = people.previous_stage[i] = stage;
    if (staircase_.stage(stage).employed()) {
      people.months_since_job[i] = 0;
      people.first_job_month[i] = month_ - 1;
    }
    households.link(people, h, p);
    return p;
  };
  for (std::size_t d = 0; d < districts.size(); ++d) {
    in_mover_accumulator_[d] += districts[d].in_movers_per_year * scenario_.scale / 12.0;
    while (in_mover_accumulator_[d] >= 1.0) {
      // Draws for a household are keyed by the id its first member will get.
      const auto subject = people.issued;
      const auto u = random_.uniforms(subject, month_, Draw::kMoveIn);
      const auto v = random_.uniforms(subject, month_, Draw::kMoveIn, 3);
      const auto district = static_cast<std::uint8_t>(d);
      const HouseholdId h = households.add(district);
      const std::size_t band = pick_index(spec.age_shares, u[0]);
      const double low = spec.age_edges[band];
      const double high = band + 1 < spec.age_edges.size() ? spec.age_edges[band + 1] : std::min(100.0, low + 15.0);
      const double age = low + (high - low) * u[1];
      const bool foreign_born = u[2] < spec.foreign_born_share;
      const double years_here = spec.years_in_sweden_min + (spec.years_in_sweden_max - spec.years_in_sweden_min) * u[3];
      const PersonId first = add_person(h, district, age, false, foreign_born, years_here);
      int arrived = 1;
      if (v[0] < spec.couple_share) {
        const PersonId second = add_person(h, district, std::max(18.0, age - 3.0 + 6.0 * v[1]), false, foreign_born, years_here);
        people.partner[to_index(first)] = second;
        people.partner[to_index(second)] = first;
        people.female[to_index(first)] = 1;
        people.female[to_index(second)] = 0;
        const double together = std::max(0.0, std::min(age, people.age_months[to_index(second)] / 12.0) - 18.0) * v[2];
        people.union_month[to_index(first)] = people.union_month[to_index(second)] = month_ - static_cast<std::int32_t>(together * 12.0);
        ++arrived;
      }
      if (v[3] < spec.children_share && age >= 20) {
        const int children = 1 + static_cast<int>(random_.uniform(subject, month_, Draw::kMoveIn, 4) * spec.max_children);
        for (int c = 0; c < std::min(children, spec.max_children); ++c) {
          const double w = random_.uniform(subject, month_, Draw::kMoveIn, 5 + static_cast<std::uint32_t>(c));
          add_person(h, district, std::min(17.9, w * (age - 18.0)), true, foreign_born, years_here);
          ++arrived;
        }
      }
      recount(h);
      in_mover_accumulator_[d] -= arrived;
    }
  }
}

void Simulation::enrol() { policies_.enrol(population_, month_, random_, accounts_, phase_accounts_); }

void Simulation::transition() {
  auto& people = population_.people;
  const std::size_t district_count = model_.districts.districts.size();
  const auto& modifiers = staircase_.spec().modifiers;
  const bool language = scenario_.demography.language;
  const int month = month_;
  for_each_index(people.size(), [&](std::size_t i) {
    if (!present(i) || (warming_up_ && enters_[i] > month)) return;
    StageId stage = people.stage[i];
    if (stage != people.previous_stage[i]) return;  // moved by demography this month
    auto outgoing = staircase_.outgoing(stage);
    auto draws = random_.uniforms(people.id[i], month, Draw::kTransition);
    const PolicySlots& active = people.policies[i];
    const bool in_policy = active.any();
    double learn = language_probability_[to_index(stage)];
    if (in_policy && policies_.language_multiplier(active) != 1.0)
      learn = 1.0 - std::pow(1.0 - learn, policies_.language_multiplier(active));
    if (language && people.swedish[i] < 3 && draws[2] < learn) ++people.swedish[i];
    if (people.months_in_stage[i] < 65535) ++people.months_in_stage[i];
    if (staircase_.stage(stage).employed()) people.months_since_job[i] = 0;
    else if (people.months_since_job[i] < 65535) ++people.months_since_job[i];
    // Transitions that exist only for the policies the person takes part in, in slot order.
    constexpr std::size_t kMaxOut = kMaxOutgoingTransitions;  // checked at load
    const CompiledTransition* extra[kMaxOut];
    std::size_t n_extra = 0;
    if (in_policy)
      for (std::size_t k = 0; k < kPolicySlots; ++k)
        for (const CompiledTransition& t : policies_.extra_transitions(active, k, stage))
          if (n_extra < kMaxOut) extra[n_extra++] = &t;
    if (outgoing.empty() && n_extra == 0) return;
    const bool policy_hazards = policies_.changes_hazards() && (in_policy || people.ended_policies[i].any());

    int age_months = people.age_months[i];
    double age_years = age_months / 12.0;
    int age = std::min(age_months / 12, kMaxAgeYears - 1);
    bool foreign_born = people.origin[i] == Origin::kForeignBorn;
    int since_arrival = foreign_born ? std::clamp(month - people.arrival_month[i], 0, kMaxTableMonths - 1) : 0;
    int in_stage = std::min<int>(people.months_in_stage[i] - 1, kMaxTableMonths - 1);
    int swedish = people.swedish[i];
    std::size_t district = people.district[i];

    // Competing risks: leave with probability 1 − exp(−H), to a destination in proportion to its hazard.
    // The staircase's transitions, then those that exist only for the person's policy.
    double hazard[kMaxOut];
    double total = 0;
    const std::size_t n_staircase = std::min(outgoing.size(), kMaxOut);
    const std::size_t n = std::min(n_staircase + n_extra, kMaxOut);
    for (std::size_t k = 0; k < n; ++k) {
      const CompiledTransition& t = k < n_staircase ? outgoing[k] : *extra[k - n_staircase];
      const TransitionCondition& c = t.condition;
      double h = 0;
      if ((c.origin < 0 || c.origin == static_cast<int>(foreign_born)) && swedish < c.swedish_below &&
          swedish >= c.swedish_at_least && age_years >= c.min_age && age_years < c.max_age) {
        if (t.index >= 0) {
          h = t.base * place_and_time_[t.index * district_count + district] *
              duration_multiplier_[t.index * kMaxTableMonths + in_stage];
          if (policy_hazards) h *= policies_.multiplier(active, people.ended_policies[i], people.female[i] != 0, t.index);
        } else {
          h = t.base * std::pow(model_.districts.districts[district].labour_demand, t.demand_elasticity) *
              std::pow(cycle_, t.cycle_elasticity) *
              std::max(t.duration_floor, std::exp(-t.duration_decay_per_month * in_stage));
        }
        if (t.uses_age) h *= age_multiplier_[age];
        if (t.uses_education) h *= modifiers.education[people.education[i]];
        if (t.uses_swedish) h *= modifiers.swedish[swedish];
        if (t.uses_arrival && foreign_born) h *= arrival_multiplier_[since_arrival];
      }
      hazard[k] = h;
      total += h;
    }
    if (total <= 0 || draws[0] >= 1.0 - std::exp(-total)) return;
    double pick = draws[1] * total;
    std::size_t chosen = n - 1;
    for (std::size_t k = 0; k < n; ++k) {
      if (pick < hazard[k]) {
        chosen = k;
        break;
      }
      pick -= hazard[k];
    }
    StageId to = chosen < n_staircase ? outgoing[chosen].to : extra[chosen - n_staircase]->to;
    people.stage[i] = to;
    people.months_in_stage[i] = 0;
    if (staircase_.stage(to).employed() && people.first_job_month[i] < 0 && people.arrival_month[i] >= 0)
      people.first_job_month[i] = month;
  });
}

void Simulation::incomes() {
  auto& people = population_.people;
  auto& households = population_.households;
  const auto& economy = model_.economy;
  const AgeLimits& ages = benefits_.ages();
  const int month = month_;
  // The warm-up holds households as synthesised: one order serves all its months.
  if (!warming_up_ || household_order_.size() != households.size()) order_households();
  const std::size_t household_count = household_order_.size();
  for_each_index(household_count, [&](std::size_t k) {
    const std::size_t h = household_order_[k];
    if (const auto j = member_ahead(households, household_order_, k)) {
      prefetch(*j, people.next_in_household, people.stage, people.lives_with_parents, people.age_months, people.origin,
               people.arrival_month, people.months_since_job, people.wage_potential, people.female, people.policies);
      prefetch_for_writing(*j, people.net_income, people.gross_income, people.support_history, people.child_months,
                           people.child_months_adult_working);
    }
    // The members as the benefit rules see them: their own incomes first, then the household's.
    thread_local std::vector<MemberFacts> members;
    thread_local std::vector<std::size_t> index;
    members.clear();
    index.clear();
    double youngest_child = std::numeric_limits<double>::infinity();
    for (PersonId m = households.first_member[h]; m != kNoPerson; m = people.next_in_household[to_index(m)]) {
      auto i = to_index(m);
      if (!here(i)) {
        people.net_income[i] = people.gross_income[i] = 0;
        continue;
      }
      if (people.lives_with_parents[i] && people.age_months[i] < ages.child_below * 12)
        youngest_child = std::min(youngest_child, static_cast<double>(people.age_months[i]));
    }
    int working = 0, under_14 = 0;
    for (PersonId m = households.first_member[h]; m != kNoPerson; m = people.next_in_household[to_index(m)]) {
      auto i = to_index(m);
      if (!here(i)) continue;
      const StageSpec& stage = staircase_.stage(people.stage[i]);
      const double age = people.age_months[i] / 12.0;
      const bool foreign_born = people.origin[i] == Origin::kForeignBorn;
      PersonFacts facts;
      facts.stage = people.stage[i];
      facts.employed = stage.employed();
      facts.earnings_sek = people.wage_potential[i] * stage.wage_factor;
      facts.wage_potential_sek = people.wage_potential[i];
      facts.age_years = age;
      facts.female = people.female[i] != 0;
      facts.foreign_born = foreign_born;
      facts.months_since_arrival = foreign_born ? month - people.arrival_month[i] : 0;
      facts.months_since_job = people.months_since_job[i] == 65535 ? std::numeric_limits<double>::infinity() : people.months_since_job[i];
      facts.years_in_sweden_as_adult = std::max(0.0, foreign_born ? std::min(age - 18.0, facts.months_since_arrival / 12.0) : age - 18.0);
      if (!people.lives_with_parents[i]) facts.youngest_child_months = youngest_child;
      MemberFacts& member = members.emplace_back();
      member.age_years = age;
      member.lives_with_parents = people.lives_with_parents[i] != 0;
      member.in_school = people.stage[i] == staircase_.school;
      member.income = benefits_.person_income(facts, random_, people.id[i]);
      // A policy's pay comes on top, before tax for the budget; part of it may be left out of the means test.
      const PolicySlots& policy = people.policies[i];
      member.income.net_sek += policies_.net_income(policy);
      member.income.earnings_sek += policies_.gross_income(policy);
      member.exempt_sek = policies_.support_exempt_income(policy);
      people.net_income[i] = static_cast<float>(member.income.net_sek);
      people.gross_income[i] = static_cast<float>(member.income.earnings_sek);
      if (facts.employed && (!member.lives_with_parents || age >= ages.adult_from)) ++working;
      if (age < 14) ++under_14;
      index.push_back(i);
    }
    const std::size_t count = members.size();
    // The history so far: bit 0 is last month (this month's is added below).
    const HouseholdFacts facts{households.district[h], households.support_history[h], households.id[h]};
    const HouseholdAssessment a = benefits_.assess(members, facts, random_);

    // Children's years: how much of them they spend with an adult at work at home.
    int children = 0, adults = 0;
    for (std::size_t k = 0; k < count; ++k) {
      auto i = index[k];
      if (members[k].age_years < ages.child_below) ++children;
      if (!members[k].lives_with_parents || members[k].age_years >= ages.adult_from) ++adults;
      // Childhood months are seeded at synthesis up to the age reached; the warm-up adds none.
      if (warming_up_ || people.age_months[i] >= child_months_ || people.child_months[i] == 65535) continue;
      ++people.child_months[i];
      if (working > 0) ++people.child_months_adult_working[i];
    }
    const auto members_count = static_cast<int>(count);
    households.members[h] = static_cast<std::uint8_t>(std::min(members_count, 255));
    households.adults[h] = static_cast<std::uint8_t>(std::min(adults, 255));
    households.children[h] = static_cast<std::uint8_t>(std::min(children, 255));
    households.working_adults[h] = static_cast<std::uint8_t>(std::min(working, 255));
    if (count == 0) {
      households.disposable_income[h] = households.equivalised_income[h] = households.income_support[h] = 0;
      households.support_history[h] = static_cast<std::uint16_t>(households.support_history[h] << 1);
      return;
    }
    households.income_support[h] = static_cast<float>(a.income_support_sek);
    households.disposable_income[h] = static_cast<float>(a.disposable_sek);
    double units = economy.equivalence[0] + economy.equivalence[1] * std::max(0, members_count - under_14 - 1) +
                   economy.equivalence[2] * under_14;
    if (members_count == under_14) units = economy.equivalence[0] + economy.equivalence[2] * (under_14 - 1);
    households.equivalised_income[h] = static_cast<float>(a.disposable_sek / units);
    households.support_history[h] =
        static_cast<std::uint16_t>((households.support_history[h] << 1) | (a.income_support_sek > 0 ? 1 : 0));
    for (std::size_t k = 0; k < count; ++k) {
      const bool paid = k < 64 && ((a.paid_members >> k) & 1u) != 0;
      auto& history = people.support_history[index[k]];
      history = static_cast<std::uint16_t>((history << 1) | (paid ? 1u : 0u));
    }
  });
}

}  // namespace trappsteg
