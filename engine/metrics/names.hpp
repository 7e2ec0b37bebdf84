#pragma once
// The names of what a run measures — population groups and monthly metrics — as the outputs
// write them. A vocabulary only, so that files naming outcomes (targets, sensitivity outputs)
// can be checked at load without the measuring code.

#include <array>
#include <cstddef>
#include <cstdint>

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
  kLongTermShareOfSupported, kNewcomersEmployedAfter4Years,
  // Households as the city publishes them.
  kOnePersonHouseholds, kMeanHouseholdSize,
};
inline constexpr std::size_t kMetricCount = 40;
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
    "long_term_share_of_supported_households", "newcomers_employed_after_4_years", "one_person_households",
    "mean_household_size"};

/// The items of a budget year, as budget.csv and results.sqlite name them (budget_items()); a
/// policy's own cost is "programme_cost_sek:<policy key>".
inline constexpr std::array<const char*, 15> kBudgetItemNames{
    "programme_cost_sek", "income_support_sek", "municipal_tax_sek", "job_years", "programme_cost_baseline_sek",
    "extra_programme_cost_sek", "income_support_baseline_sek", "support_saved_sek", "municipal_tax_baseline_sek",
    "tax_gained_sek", "job_years_baseline", "extra_job_years", "net_sek", "cumulative_net_sek", "discount_factor"};

}  // namespace trappsteg
