#pragma once
// The outcomes of one run: monthly indicators per district and population group, people
// on each stage and the flows between stages, and newcomers' road to a first job.
// Counts and sums are scaled up to the real city (divided by the scenario's scale).

#include "engine/metrics/inequality.hpp"
#include "engine/step/simulation.hpp"

#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace trappsteg {

/// Population groups outcomes are reported for (a person can belong to several).
enum class Group : std::uint8_t { kAll, kBornInSweden, kForeignBorn, kNewcomers, kYouth, kParents };
inline constexpr std::size_t kGroupCount = 6;
inline constexpr std::array<const char*, kGroupCount> kGroupNames{"all", "born_in_sweden", "foreign_born",
                                                                  "newcomers", "youth_16_24", "parents"};

/// Monthly indicators; the names are what the CSV calls them.
enum class Metric : std::uint8_t {
  kPopulation, kPopulation20To64, kEmployed20To64, kEmploymentRate20To64, kEmploymentGap20To64,
  kMeanEquivalisedIncome, kMedianEquivalisedIncome, kGini, kTheil, kTheilBetweenDistricts, kTheilWithinDistricts,
  kHouseholds, kHouseholdsOnSupport, kHouseholdsLongTermSupport, kIncomeSupportSek,
  kShareInSupportHouseholds, kShareInLongTermSupportHouseholds,
  kChildren, kChildrenInWorklessHouseholds, kShareChildrenInWorklessHouseholds,
  kYouth, kYouthNeet, kNeetRate, kNewcomerFirstJobs, kEarningsSek, kInPolicy, kSchoolLeavers, kSchoolCompletionRate,
  kNewcomersEmployedAfter2Years,
  // Income support as the city publishes it: during the last 12 months, and children.
  kHouseholdsSupportedLast12, kShareInSupportedLast12, kChildrenInSupportHouseholds, kShareChildrenInSupportHouseholds,
  kChildrenInLongTermSupportHouseholds, kShareChildrenInLongTermSupportHouseholds, kSupportPerHouseholdMonth,
  kLongTermShareOfSupported,
};
inline constexpr std::size_t kMetricCount = 37;
inline constexpr std::array<const char*, kMetricCount> kMetricNames{
    "population", "population_20_64", "employed_20_64", "employment_rate_20_64", "employment_rate_gap_20_64",
    "mean_equivalised_income_sek", "median_equivalised_income_sek", "gini", "theil", "theil_between_districts",
    "theil_within_districts", "households", "households_on_support", "households_long_term_support",
    "income_support_sek", "share_in_support_households", "share_in_long_term_support_households", "children_0_17",
    "children_in_workless_households", "share_children_in_workless_households", "youth_16_24", "youth_neet",
    "neet_rate_16_24", "newcomer_first_jobs", "earnings_sek", "in_policy", "school_leavers",
    "school_completion_rate", "newcomers_employed_after_2_years", "households_supported_last_12_months",
    "share_in_households_supported_last_12_months", "children_in_support_households",
    "share_children_in_support_households", "children_in_long_term_support_households",
    "share_children_in_long_term_support_households", "income_support_per_household_month_sek",
    "long_term_share_of_supported_households"};

/// Values by month × area × group × metric; NaN where a metric does not apply. Area
/// `district_count` is the whole city.
struct MonthlyTable {
  std::size_t months = 0, areas = 0;
  std::vector<double> values;

  double& at(std::size_t month, std::size_t area, Group group, Metric metric) {
    return values[index(month, area, group, metric)];
  }
  double at(std::size_t month, std::size_t area, Group group, Metric metric) const {
    return values[index(month, area, group, metric)];
  }
  std::size_t index(std::size_t month, std::size_t area, Group group, Metric metric) const {
    return ((month * areas + area) * kGroupCount + static_cast<std::size_t>(group)) * kMetricCount +
           static_cast<std::size_t>(metric);
  }
};

/// People on each stage and moves between stages, by month and area (city last).
struct StageTable {
  std::size_t months = 0, areas = 0, stages = 0;
  std::vector<double> count;  ///< [month][area][stage]
  std::vector<double> flow;   ///< [month][area][from][to], moves during the month
  double& people(std::size_t month, std::size_t area, std::size_t stage) {
    return count[(month * areas + area) * stages + stage];
  }
  double people(std::size_t month, std::size_t area, std::size_t stage) const {
    return count[(month * areas + area) * stages + stage];
  }
  double& moves(std::size_t month, std::size_t area, std::size_t from, std::size_t to) {
    return flow[((month * areas + area) * stages + from) * stages + to];
  }
  double moves(std::size_t month, std::size_t area, std::size_t from, std::size_t to) const {
    return flow[((month * areas + area) * stages + from) * stages + to];
  }
};

/// Newcomers who arrived during the run as adults (20–64), followed by months since arrival.
struct NewcomerTable {
  std::size_t max_months = 0, areas = 0;
  std::vector<double> observed;  ///< [area][k]: present newcomers k months after arrival (person-months)
  std::vector<double> employed;  ///< [area][k]: of them, employed
  std::vector<double> median_months_to_first_job;  ///< [area], Kaplan–Meier; NaN if not reached
  std::vector<double> arrived;   ///< [area]: adults who arrived during the run
};

/// What each policy did and cost, month by month (city-wide; people scaled to the real city).
struct PolicyTable {
  std::vector<std::string> keys;
  std::vector<PolicyAccount> accounts;  ///< [month][policy]
  const PolicyAccount& at(std::size_t month, std::size_t policy) const { return accounts[month * keys.size() + policy]; }
};

/// Lottery winners and losers followed by months since the draw, per lottery policy.
struct LotteryTable {
  std::vector<std::string> keys;        ///< the lottery policies
  std::size_t max_months = 0;
  /// [policy][k][winners observed, winners employed, losers observed, losers employed]
  std::vector<std::array<double, 4>> counts;
  std::array<double, 4>& at(std::size_t policy, std::size_t k) { return counts[policy * max_months + k]; }
  const std::array<double, 4>& at(std::size_t policy, std::size_t k) const { return counts[policy * max_months + k]; }
};

/// Everything one run measured.
struct Outcomes {
  std::vector<std::string> area_keys, area_names;  ///< districts, then "city"
  std::vector<std::string> stage_keys;
  MonthlyTable monthly;
  StageTable stages;
  NewcomerTable newcomers;
  PolicyTable policies;
  LotteryTable lotteries;
};

/// Measures a simulation after each step and finally its newcomers' paths.
class Recorder {
 public:
  Recorder(const Simulation& simulation, int months);
  /// Records the month the simulation has just completed.
  void record(const Simulation& simulation);
  /// Completes the newcomer statistics and hands over the outcomes.
  Outcomes finish(const Simulation& simulation);

 private:
  Outcomes outcomes_;
  std::size_t districts_;
  double scale_up_;
  InequalityWorkspace inequality_workspace_;
  InequalityResult inequality_;
  std::vector<double> income_, weight_;
  std::vector<int> lottery_slot_;  // per policy: index among lottery policies, −1 if allocated by priority
  std::vector<std::uint16_t> group_;
};

}  // namespace trappsteg
