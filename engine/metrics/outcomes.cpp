#include "engine/metrics/outcomes.hpp"

#include "engine/metrics/headline.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_invoke.h>
#include <tbb/parallel_reduce.h>

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <bit>
#include <limits>

namespace trappsteg {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kGrain = 8192;

/// Person counts per district and group; integers, so the parallel sum is exact in any order.
enum Field : std::size_t {
  kPopulationField, kWorkingAgeField, kEmployedField, kChildrenField, kChildrenWorklessField, kYouthField,
  kYouthNeetField, kInSupportField, kInLongTermField, kFirstJobField, kIncomeSekField, kEarningsField, kInPolicyField,
  kSchoolLeaverField, kSchoolCompletedField, kTwoYearsField, kTwoYearsEmployedField, kInSupportYearField,
  kChildrenInSupportField, kChildrenInLongTermField, kFourYearsField, kFourYearsEmployedField, kFieldCount
};

struct Tally {
  std::size_t districts, stages, curve_months;
  std::vector<std::int64_t> person;      // [district][group][field]
  std::vector<std::int64_t> stage_count; // [district][stage]
  std::vector<std::int64_t> flow;        // [district][from][to]
  std::vector<std::int64_t> curve;       // [district][k][observed, employed]
  std::vector<std::int64_t> lottery;     // [lottery policy][k][LotteryField]

  Tally(std::size_t d, std::size_t s, std::size_t k, std::size_t lotteries)
      : districts(d), stages(s), curve_months(k), person(d * kGroupCount * kFieldCount), stage_count(d * s),
        flow(d * s * s), curve(d * k * 2), lottery(lotteries * k * kLotteryFields) {}
  void join(const Tally& other) {
    auto add = [](auto& into, const auto& from) {
      for (std::size_t i = 0; i < into.size(); ++i) into[i] += from[i];
    };
    add(person, other.person);
    add(stage_count, other.stage_count);
    add(flow, other.flow);
    add(curve, other.curve);
    add(lottery, other.lottery);
  }
  std::int64_t& at(std::size_t district, std::size_t group, Field field) {
    return person[(district * kGroupCount + group) * kFieldCount + field];
  }
};

/// Long-term support: 10 or more of the last 12 months (a table: popcount is a library call on baseline x86-64).
const std::array<std::uint8_t, 4096> kLongTerm = [] {
  std::array<std::uint8_t, 4096> table{};
  for (unsigned bits = 0; bits < 4096; ++bits) table[bits] = std::popcount(bits) >= 10;
  return table;
}();
bool is_long_term(std::uint16_t history) { return kLongTerm[history & 0x0FFFu] != 0; }
/// Received support in at least one of the last 12 months.
bool supported_last_12(std::uint16_t history) { return (history & 0x0FFFu) != 0; }

NewcomerSpells newcomer_spells(const Simulation& simulation, std::size_t districts) {
  const auto& people = simulation.population().people;
  const auto& working_ages = simulation.model().demography.working_ages;
  const int end = simulation.month();
  NewcomerSpells out{districts + 1, {}};
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (people.origin[i] != Origin::kForeignBorn || people.arrival_month[i] < 0) continue;
    // Age stops counting when a person leaves.
    const int last = people.left_month[i] >= 0 ? people.left_month[i] : end;
    const int arrival_age = (people.age_months[i] - (last - people.arrival_month[i])) / 12;
    if (arrival_age < working_ages[0] || arrival_age > working_ages[1]) continue;
    out.spells.push_back({static_cast<std::size_t>(people.district[i]), people.arrival_month[i], people.first_job_month[i],
                          people.left_month[i]});
  }
  // Those who have left and been compacted out (the spells' order does not matter: they are counted).
  for (const DepartedArrival& gone : simulation.population().departed_arrivals) {
    const int last = gone.left_month >= 0 ? gone.left_month : end;
    const int arrival_age = (gone.age_months - (last - gone.arrival_month)) / 12;
    if (arrival_age < working_ages[0] || arrival_age > working_ages[1]) continue;
    out.spells.push_back({static_cast<std::size_t>(gone.district), gone.arrival_month, gone.first_job_month, gone.left_month});
  }
  return out;
}

}  // namespace

std::vector<double> kaplan_meier_medians(const NewcomerSpells& spells, int horizon) {
  const std::size_t areas = spells.areas, city = areas - 1, length = static_cast<std::size_t>(std::max(horizon, 0)) + 1;
  std::vector<std::int64_t> events(areas * length), censored(areas * length), at_start(areas);
  for (const NewcomerSpell& s : spells.spells) {
    if (s.arrival >= horizon) continue;
    const bool event = s.first_job >= 0 && s.first_job < horizon;
    const int stop = event ? s.first_job : (s.left >= 0 && s.left < horizon ? s.left : horizon);
    const auto duration = std::min(static_cast<std::size_t>(std::max(0, stop - s.arrival)), length - 1);
    for (std::size_t area : {s.district, city}) {
      ++at_start[area];
      (event ? events : censored)[area * length + duration]++;
    }
  }
  std::vector<double> medians(areas, kNaN);
  for (std::size_t area = 0; area < areas; ++area) {
    double at_risk = static_cast<double>(at_start[area]), survival = 1.0;
    for (std::size_t t = 0; t < length && at_risk > 0; ++t) {
      const double e = static_cast<double>(events[area * length + t]);
      survival *= 1.0 - e / at_risk;
      if (survival <= 0.5) {
        medians[area] = static_cast<double>(t);
        break;
      }
      at_risk -= e + static_cast<double>(censored[area * length + t]);
    }
  }
  return medians;
}

Recorder::Recorder(const Simulation& simulation, int months) {
  const auto& districts = simulation.model().districts.districts;
  districts_ = districts.size();
  scale_up_ = 1.0 / simulation.scenario().scale;
  for (const auto& d : districts) {
    outcomes_.area_keys.push_back(d.key);
    outcomes_.area_names.push_back(d.name);
  }
  outcomes_.area_keys.push_back("city");
  outcomes_.area_names.push_back("Whole city");
  for (const auto& s : simulation.staircase().spec().stages) outcomes_.stage_keys.push_back(s.key);
  const std::size_t areas = districts_ + 1, stages = outcomes_.stage_keys.size();
  auto& monthly = outcomes_.monthly;
  monthly.months = static_cast<std::size_t>(months);
  outcomes_.written_months = simulation.scenario().outputs.kept_months(monthly.months);
  monthly.areas = areas;
  monthly.values.assign(monthly.months * areas * kGroupCount * kMetricCount, kNaN);
  auto& table = outcomes_.stages;
  table.months = monthly.months;
  table.areas = areas;
  table.stages = stages;
  table.count.assign(table.months * areas * stages, 0.0);
  table.keep_flows(outcomes_.written_months);
  auto& curve = outcomes_.newcomers;
  curve.max_months = monthly.months;
  curve.areas = areas;
  curve.observed.assign(areas * curve.max_months, 0.0);
  curve.employed.assign(areas * curve.max_months, 0.0);
  const PolicyRunner& policies = simulation.policies();
  for (std::size_t p = 0; p < policies.size(); ++p) {
    outcomes_.policies.keys.push_back(policies.spec(p).key);
    bool lottery = policies.spec(p).allocation.rule == Allocation::Rule::kLottery;
    lottery_slot_.push_back(lottery ? static_cast<int>(outcomes_.lotteries.keys.size()) : -1);
    if (lottery) {
      outcomes_.lotteries.keys.push_back(policies.spec(p).key);
      outcomes_.lotteries.programme_months.push_back(policies.spec(p).participation_months);
    }
  }
  outcomes_.policies.accounts.assign(monthly.months * policies.size(), PolicyAccount{});
  for (std::size_t u = 0; u < policies.unit_count(); ++u) {
    outcomes_.policies.phase_policy.push_back(policies.unit_policy(u));
    outcomes_.policies.phase_keys.push_back(policies.unit_phase(u).key);
    outcomes_.policies.any_phased = outcomes_.policies.any_phased || policies.spec(policies.unit_policy(u)).phased;
  }
  outcomes_.policies.phase_accounts.assign(monthly.months * policies.unit_count(), PhaseAccount{});
  outcomes_.lotteries.max_months = monthly.months;
  outcomes_.lotteries.counts.assign(outcomes_.lotteries.keys.size() * monthly.months, {});
  outcomes_.lotteries.scale = simulation.scenario().scale;
}

void Recorder::record(const Simulation& simulation) {
  const auto& people = simulation.population().people;
  const auto& households = simulation.population().households;
  const auto& staircase = simulation.staircase();
  const int month = simulation.month() - 1;
  const int newcomer_months = simulation.model().demography.newcomer_months;
  // Plain variables, not structured bindings: the tally's lambda captures them (clang 15 cannot).
  const int work_from = simulation.model().demography.working_ages[0], work_to = simulation.model().demography.working_ages[1];
  const int youth_from = simulation.model().demography.youth_ages[0], youth_to = simulation.model().demography.youth_ages[1];
  const double child_below = simulation.model().benefits.ages.child_below;
  const std::size_t stages = staircase.stage_count();
  const std::size_t curve_months = outcomes_.newcomers.max_months;
  const std::size_t school = to_index(staircase.school);

  std::vector<std::uint8_t> activity(stages);
  for (std::size_t s = 0; s < stages; ++s) activity[s] = static_cast<std::uint8_t>(staircase.stage(StageId{static_cast<std::uint16_t>(s)}).activity);

  // Households: support counts and the income distribution.
  constexpr std::size_t kHouseholdFields = 7;
  struct HouseholdTally {
    std::vector<std::int64_t> values;  // [district][households, on support, long term, support SEK, supported in 12 months]
    explicit HouseholdTally(std::size_t d) : values(d * kHouseholdFields) {}
  };
  income_.resize(households.size());
  weight_.resize(households.size());
  group_.resize(households.size());
  HouseholdTally household_tally = tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, households.size(), kGrain), HouseholdTally(districts_),
      [&](const tbb::blocked_range<std::size_t>& range, HouseholdTally t) {
    for (std::size_t h = range.begin(); h != range.end(); ++h) {
      income_[h] = households.equivalised_income[h];
      weight_[h] = households.members[h];
      group_[h] = households.district[h];
      if (households.members[h] == 0) continue;
      std::int64_t* v = &t.values[households.district[h] * kHouseholdFields];
      ++v[0];
      if (households.support_history[h] & 1u) ++v[1];
      if (is_long_term(households.support_history[h])) ++v[2];
      v[3] += static_cast<std::int64_t>(households.income_support[h] + 0.5f);
      if (supported_last_12(households.support_history[h])) ++v[4];
      if (households.members[h] == 1) ++v[5];
      v[6] += households.members[h];
    }
    return t;
  }, [](HouseholdTally a, const HouseholdTally& b) {
    for (std::size_t i = 0; i < a.values.size(); ++i) a.values[i] += b.values[i];
    return a;
  });
  const Tally empty(districts_, stages, curve_months, outcomes_.lotteries.keys.size());
  // One tally per thread, summed at the end: the counts are integers, so the sum is exact in any
  // order. (A reduction would copy the whole tally into every chunk of people.)
  auto tally_people = [&] {
    tbb::enumerable_thread_specific<Tally> partials(empty);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, people.size(), kGrain), [&](const tbb::blocked_range<std::size_t>& range) {
    Tally& t = partials.local();
    for (std::size_t i = range.begin(); i != range.end(); ++i) {
      const std::size_t from = to_index(people.previous_stage[i]), to = to_index(people.stage[i]);
      const std::size_t d = people.district[i];
      if (from != to) ++t.flow[(d * stages + from) * stages + to];
      if (!simulation.present(i)) continue;
      ++t.stage_count[d * stages + to];
      const int age = people.age_months[i] / 12;
      const bool foreign_born = people.origin[i] == Origin::kForeignBorn;
      const int since_arrival = foreign_born ? month - people.arrival_month[i] : 0;
      const bool newcomer = foreign_born && since_arrival < newcomer_months;
      const auto act = static_cast<Activity>(activity[to]);
      const bool employed = act == Activity::kEmployment;
      const std::size_t h = to_index(people.household[i]);
      const bool parent = !people.lives_with_parents[i] && households.children[h] > 0;
      // People are counted by their own assessment unit's support (an adult child at home is a case
      // of their own), as Socialstyrelsen counts them; households by whether any unit was paid.
      const bool in_support = (people.support_history[i] & 1u) != 0;
      const bool long_term = is_long_term(people.support_history[i]);
      const bool supported_year = supported_last_12(people.support_history[i]);
      const auto equivalised = static_cast<std::int64_t>(households.equivalised_income[h] + 0.5f);
      const auto earnings = static_cast<std::int64_t>(people.gross_income[i] + 0.5f);
      const bool in_policy = people.policies[i].any();
      const bool left_school = from == school && to != school;

      std::size_t groups[kGroupCount];
      std::size_t n = 0;
      groups[n++] = static_cast<std::size_t>(Group::kAll);
      groups[n++] = static_cast<std::size_t>(foreign_born ? Group::kForeignBorn : Group::kBornInSweden);
      if (newcomer) groups[n++] = static_cast<std::size_t>(Group::kNewcomers);
      if (age >= youth_from && age <= youth_to) groups[n++] = static_cast<std::size_t>(Group::kYouth);
      if (parent) groups[n++] = static_cast<std::size_t>(Group::kParents);
      for (std::size_t k = 0; k < n; ++k) {
        std::size_t g = groups[k];
        ++t.at(d, g, kPopulationField);
        t.at(d, g, kIncomeSekField) += equivalised;
        t.at(d, g, kEarningsField) += earnings;
        if (in_policy) ++t.at(d, g, kInPolicyField);
        // Adults who arrived 18–29 months ago: how many work about two years after arrival.
        if (foreign_born && since_arrival >= 18 && since_arrival < 30 && age - since_arrival / 12 >= work_from && age <= work_to) {
          ++t.at(d, g, kTwoYearsField);
          if (employed) ++t.at(d, g, kTwoYearsEmployedField);
        }
        // ... and four to five years after (the published "half employed after 4–5 years").
        if (foreign_born && since_arrival >= 48 && since_arrival < 60 && age - since_arrival / 12 >= work_from && age <= work_to) {
          ++t.at(d, g, kFourYearsField);
          if (employed) ++t.at(d, g, kFourYearsEmployedField);
        }
        if (left_school) {
          ++t.at(d, g, kSchoolLeaverField);
          if (people.education[i] >= 1) ++t.at(d, g, kSchoolCompletedField);
        }
        if (in_support) ++t.at(d, g, kInSupportField);
        if (long_term) ++t.at(d, g, kInLongTermField);
        if (supported_year) ++t.at(d, g, kInSupportYearField);
        if (age >= work_from && age <= work_to) {
          ++t.at(d, g, kWorkingAgeField);
          if (employed) ++t.at(d, g, kEmployedField);
        }
        if (age < child_below) {
          ++t.at(d, g, kChildrenField);
          if (households.working_adults[h] == 0) ++t.at(d, g, kChildrenWorklessField);
          if (in_support) ++t.at(d, g, kChildrenInSupportField);
          if (long_term) ++t.at(d, g, kChildrenInLongTermField);
        }
        if (age >= youth_from && age <= youth_to) {
          ++t.at(d, g, kYouthField);
          if (act == Activity::kNone) ++t.at(d, g, kYouthNeetField);
        }
        if (employed && people.first_job_month[i] == month && people.arrival_month[i] >= 0) ++t.at(d, g, kFirstJobField);
      }
      // Lottery winners and losers, followed from the draw.
      if (people.lottery[i] != 0 && lottery_slot_[people.lottery[i] - 1u] >= 0) {
        const auto k = static_cast<std::size_t>(month - people.lottery_month[i]);
        if (k < curve_months) {
          std::size_t cell = (static_cast<std::size_t>(lottery_slot_[people.lottery[i] - 1u]) * curve_months + k) * kLotteryFields +
                             (people.lottery_won[i] ? kWinners : kLosers);
          ++t.lottery[cell];
          if (employed) ++t.lottery[cell + 1];
          t.lottery[cell + 2] += people.swedish[i];
        }
      }
      // Newcomers who arrived during the run as adults, followed month by month.
      const int arrival_age = age - since_arrival / 12;
      if (foreign_born && people.arrival_month[i] >= 0 && arrival_age >= work_from && age <= work_to &&
          static_cast<std::size_t>(since_arrival) < curve_months) {
        std::size_t cell = (d * curve_months + static_cast<std::size_t>(since_arrival)) * 2;
        ++t.curve[cell];
        if (employed) ++t.curve[cell + 1];
      }
    }
  });
    Tally sum = empty;
    for (const Tally& partial : partials) sum.join(partial);
    return sum;
  };

  // The income distribution is measured while the people are tallied: both only read.
  Tally tally(districts_, stages, curve_months, outcomes_.lotteries.keys.size());
  tbb::parallel_invoke([&] { tally = tally_people(); },
                       [&] { measure_inequality(income_, weight_, group_, districts_, inequality_workspace_, inequality_); });

  // Write the month's slice: districts, then the city as their sum.
  auto& out = outcomes_.monthly;
  const auto m = static_cast<std::size_t>(month);
  const std::size_t city = districts_;
  for (std::size_t g = 0; g < kGroupCount; ++g) {
    auto group = static_cast<Group>(g);
    std::array<std::int64_t, kFieldCount> city_sum{};
    double best = -1, worst = 2;
    for (std::size_t area = 0; area <= districts_; ++area) {
      std::array<std::int64_t, kFieldCount> f{};
      if (area < districts_) {
        for (std::size_t k = 0; k < kFieldCount; ++k) {
          f[k] = tally.at(area, g, static_cast<Field>(k));
          city_sum[k] += f[k];
        }
      } else {
        f = city_sum;
      }
      auto ratio = [](std::int64_t a, std::int64_t b) { return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : kNaN; };
      auto set = [&](Metric metric, double value) { out.at(m, area, group, metric) = value; };
      set(Metric::kPopulation, f[kPopulationField] * scale_up_);
      set(Metric::kPopulation20To64, f[kWorkingAgeField] * scale_up_);
      set(Metric::kEmployed20To64, f[kEmployedField] * scale_up_);
      double rate = ratio(f[kEmployedField], f[kWorkingAgeField]);
      set(Metric::kEmploymentRate20To64, rate);
      if (area < districts_ && f[kWorkingAgeField] > 0) {
        best = std::max(best, rate);
        worst = std::min(worst, rate);
      }
      set(Metric::kMeanEquivalisedIncome, ratio(f[kIncomeSekField], f[kPopulationField]));
      set(Metric::kShareInSupportHouseholds, ratio(f[kInSupportField], f[kPopulationField]));
      set(Metric::kShareInLongTermSupportHouseholds, ratio(f[kInLongTermField], f[kPopulationField]));
      set(Metric::kChildren, f[kChildrenField] * scale_up_);
      set(Metric::kChildrenInWorklessHouseholds, f[kChildrenWorklessField] * scale_up_);
      set(Metric::kShareChildrenInWorklessHouseholds, ratio(f[kChildrenWorklessField], f[kChildrenField]));
      set(Metric::kYouth, f[kYouthField] * scale_up_);
      set(Metric::kYouthNeet, f[kYouthNeetField] * scale_up_);
      set(Metric::kNeetRate, ratio(f[kYouthNeetField], f[kYouthField]));
      set(Metric::kNewcomerFirstJobs, f[kFirstJobField] * scale_up_);
      set(Metric::kEarningsSek, f[kEarningsField] * scale_up_);
      set(Metric::kInPolicy, f[kInPolicyField] * scale_up_);
      set(Metric::kSchoolLeavers, f[kSchoolLeaverField] * scale_up_);
      set(Metric::kSchoolCompletionRate, ratio(f[kSchoolCompletedField], f[kSchoolLeaverField]));
      set(Metric::kNewcomersEmployedAfter2Years, ratio(f[kTwoYearsEmployedField], f[kTwoYearsField]));
      set(Metric::kNewcomersEmployedAfter4Years, ratio(f[kFourYearsEmployedField], f[kFourYearsField]));
      set(Metric::kShareInSupportedLast12, ratio(f[kInSupportYearField], f[kPopulationField]));
      set(Metric::kChildrenInSupportHouseholds, f[kChildrenInSupportField] * scale_up_);
      set(Metric::kShareChildrenInSupportHouseholds, ratio(f[kChildrenInSupportField], f[kChildrenField]));
      set(Metric::kChildrenInLongTermSupportHouseholds, f[kChildrenInLongTermField] * scale_up_);
      set(Metric::kShareChildrenInLongTermSupportHouseholds, ratio(f[kChildrenInLongTermField], f[kChildrenField]));
    }
    if (best >= 0) out.at(m, city, group, Metric::kEmploymentGap20To64) = best - worst;
  }
  std::array<std::int64_t, kHouseholdFields> city_households{};
  for (std::size_t area = 0; area <= districts_; ++area) {
    std::array<std::int64_t, kHouseholdFields> v{};
    if (area < districts_)
      for (std::size_t k = 0; k < kHouseholdFields; ++k) city_households[k] += v[k] = household_tally.values[area * kHouseholdFields + k];
    else
      v = city_households;
    out.at(m, area, Group::kAll, Metric::kHouseholds) = v[0] * scale_up_;
    out.at(m, area, Group::kAll, Metric::kHouseholdsOnSupport) = v[1] * scale_up_;
    out.at(m, area, Group::kAll, Metric::kHouseholdsLongTermSupport) = v[2] * scale_up_;
    out.at(m, area, Group::kAll, Metric::kIncomeSupportSek) = v[3] * scale_up_;
    out.at(m, area, Group::kAll, Metric::kHouseholdsSupportedLast12) = v[4] * scale_up_;
    out.at(m, area, Group::kAll, Metric::kSupportPerHouseholdMonth) = v[1] > 0 ? static_cast<double>(v[3]) / static_cast<double>(v[1]) : kNaN;
    out.at(m, area, Group::kAll, Metric::kLongTermShareOfSupported) = v[4] > 0 ? static_cast<double>(v[2]) / static_cast<double>(v[4]) : kNaN;
    out.at(m, area, Group::kAll, Metric::kOnePersonHouseholds) = v[5] * scale_up_;
    out.at(m, area, Group::kAll, Metric::kMeanHouseholdSize) = v[0] > 0 ? static_cast<double>(v[6]) / static_cast<double>(v[0]) : kNaN;
    bool is_city = area == districts_;
    out.at(m, area, Group::kAll, Metric::kMedianEquivalisedIncome) = is_city ? inequality_.median : inequality_.group_median[area];
    out.at(m, area, Group::kAll, Metric::kGini) = is_city ? inequality_.gini : inequality_.group_gini[area];
    out.at(m, area, Group::kAll, Metric::kTheil) = is_city ? inequality_.theil.total : inequality_.theil.group_theil[area];
  }
  out.at(m, city, Group::kAll, Metric::kTheilBetweenDistricts) = inequality_.theil.between;
  out.at(m, city, Group::kAll, Metric::kTheilWithinDistricts) = inequality_.theil.within;

  auto& stage_table = outcomes_.stages;
  for (std::size_t d = 0; d < districts_; ++d)
    for (std::size_t s = 0; s < stages; ++s) {
      double c = tally.stage_count[d * stages + s] * scale_up_;
      stage_table.people(m, d, s) = c;
      stage_table.people(m, city, s) += c;
      if (!stage_table.flows_kept(m)) continue;
      for (std::size_t s2 = 0; s2 < stages; ++s2) {
        double f = tally.flow[(d * stages + s) * stages + s2] * scale_up_;
        stage_table.moves(m, d, s, s2) = f;
        stage_table.moves(m, city, s, s2) += f;
      }
    }
  for (std::size_t l = 0; l < outcomes_.lotteries.keys.size(); ++l)
    for (std::size_t k = 0; k < curve_months; ++k)
      for (std::size_t f = 0; f < kLotteryFields; ++f)
        outcomes_.lotteries.at(l, k)[f] += tally.lottery[(l * curve_months + k) * kLotteryFields + f] * scale_up_;
  for (std::size_t p = 0; p < outcomes_.policies.keys.size(); ++p) {
    PolicyAccount account = simulation.policy_accounts()[p];
    for (double* people_count : {&account.participants, &account.starts, &account.candidates, &account.capacity})
      *people_count *= scale_up_;
    outcomes_.policies.accounts[m * outcomes_.policies.keys.size() + p] = account;
  }
  const std::size_t units = outcomes_.policies.phase_keys.size();
  for (std::size_t u = 0; u < units; ++u) {
    PhaseAccount phase = simulation.phase_accounts()[u];
    for (double* people_count : {&phase.participants, &phase.entered, &phase.completed, &phase.dropped_out, &phase.left_for_job,
                                 &phase.left_city, &phase.waiting, &phase.gave_up_waiting})
      *people_count *= scale_up_;
    outcomes_.policies.phase_accounts[m * units + u] = phase;
  }
  auto& curve = outcomes_.newcomers;
  for (std::size_t d = 0; d < districts_; ++d)
    for (std::size_t k = 0; k < curve_months; ++k) {
      std::size_t cell = (d * curve_months + k) * 2;
      for (std::size_t area : {d, city}) {
        curve.observed[area * curve_months + k] += tally.curve[cell];
        curve.employed[area * curve_months + k] += tally.curve[cell + 1];
      }
    }
  const int year = (month + 1) / 12;
  const auto years = headline_years(out.months);
  if ((month + 1) % 12 == 0 && std::find(years.begin(), years.end(), year) != years.end()) {
    // Shares, so the scaling to the real city (applied in finish) does not matter.
    NewcomerSnapshot snapshot;
    snapshot.year = year;
    snapshot.employed_share.resize(districts_ + 1);
    for (std::size_t area = 0; area <= districts_; ++area)
      for (std::size_t j = 0; j < kNewcomerMilestoneMonths.size(); ++j) {
        const auto k = static_cast<std::size_t>(kNewcomerMilestoneMonths[j]);
        const double seen = k < curve_months ? curve.observed[area * curve_months + k] : 0.0;
        snapshot.employed_share[area][j] = seen > 0 ? curve.employed[area * curve_months + k] / seen : kNaN;
      }
    curve.by_year.push_back(std::move(snapshot));
  }
}

Outcomes Recorder::finish(const Simulation& simulation) {
  auto& curve = outcomes_.newcomers;
  const NewcomerSpells spells = newcomer_spells(simulation, districts_);
  curve.arrived.assign(spells.areas, 0.0);
  for (const NewcomerSpell& spell : spells.spells)
    for (std::size_t area : {spell.district, districts_}) curve.arrived[area] += scale_up_;
  curve.median_months_to_first_job = kaplan_meier_medians(spells, simulation.month());
  for (NewcomerSnapshot& snapshot : curve.by_year)
    snapshot.median_months_to_first_job = kaplan_meier_medians(spells, snapshot.year * 12);
  for (auto& v : curve.observed) v *= scale_up_;
  for (auto& v : curve.employed) v *= scale_up_;
  return std::move(outcomes_);
}

std::vector<LotteryYear> lottery_by_year(const LotteryTable& table, std::size_t policy) {
  std::vector<LotteryYear> years;
  const auto length = static_cast<std::size_t>(std::max(table.programme_months[policy], 1));
  const double z = boost::math::quantile(boost::math::complement(boost::math::normal(), 0.025));
  for (int year = 0;; ++year) {
    LotteryYear y;
    y.year = year;
    y.from_month = year == 0 ? 0 : length + 12 * static_cast<std::size_t>(year - 1);
    y.to_month = year == 0 ? length : y.from_month + 12;
    if (y.to_month > table.max_months) break;
    std::array<double, kLotteryFields> sum{};
    for (std::size_t k = y.from_month; k < y.to_month; ++k)
      for (std::size_t f = 0; f < kLotteryFields; ++f) sum[f] += table.at(policy, k)[f];
    if (sum[kWinners] <= 0 || sum[kLosers] <= 0) continue;  // nobody drawn this long ago yet
    y.winners = table.at(policy, y.from_month)[kWinners] * table.scale;
    y.losers = table.at(policy, y.from_month)[kLosers] * table.scale;
    y.winners_employed = sum[kWinnersEmployed] / sum[kWinners];
    y.losers_employed = sum[kLosersEmployed] / sum[kLosers];
    y.winners_swedish = sum[kWinnersSwedish] / sum[kWinners];
    y.losers_swedish = sum[kLosersSwedish] / sum[kLosers];
    y.difference = y.winners_employed - y.losers_employed;
    const double se = std::sqrt(y.winners_employed * (1 - y.winners_employed) / std::max(y.winners, 1.0) +
                                y.losers_employed * (1 - y.losers_employed) / std::max(y.losers, 1.0));
    y.standard_error = se;
    y.low = y.difference - z * se;
    y.high = y.difference + z * se;
    years.push_back(y);
  }
  return years;
}

LotteryYear pooled(std::span<const LotteryYear> replicates) {
  LotteryYear mean = replicates.front();
  const auto n = static_cast<double>(replicates.size());
  double variance = 0;
  for (double LotteryYear::*field : {&LotteryYear::winners, &LotteryYear::losers, &LotteryYear::winners_employed,
                                     &LotteryYear::losers_employed, &LotteryYear::winners_swedish, &LotteryYear::losers_swedish,
                                     &LotteryYear::difference}) {
    double sum = 0;
    for (const LotteryYear& y : replicates) sum += y.*field;
    mean.*field = sum / n;
  }
  for (const LotteryYear& y : replicates) variance += y.standard_error * y.standard_error;
  mean.standard_error = std::sqrt(variance) / n;
  const double z = boost::math::quantile(boost::math::complement(boost::math::normal(), 0.025));
  mean.low = mean.difference - z * mean.standard_error;
  mean.high = mean.difference + z * mean.standard_error;
  return mean;
}

}  // namespace trappsteg
