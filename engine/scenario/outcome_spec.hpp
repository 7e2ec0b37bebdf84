#pragma once
// One number a file asks of a run (a calibration target, a published figure to check, an
// output of a sensitivity analysis): a metric in an area and a group, over a period, reduced
// by a statistic. Written in YAML as
//   metric: households_on_support   # a monthly metric, stage:<key>, or budget:<item>
//   district: city                  # a district key, or city (the default)
//   group: all                      # a population group (default all)
//   period: 2016                    # a calendar year, [YYYY-MM, YYYY-MM], month: YYYY-MM,
//                                   # or years: [from, to] counted from the start (1 = the first)
//   statistic: mean                 # mean, sum, end (the last month), min or max
// engine/metrics/scalar_outcome.hpp computes it from a run.

#include "engine/metrics/names.hpp"

#include <cstdint>
#include <string>

namespace trappsteg {

/// A validated scalar outcome (names resolved to indices against the model).
struct OutcomeSpec {
  enum class Source : std::uint8_t { kMonthly, kStage, kBudget };
  enum class Statistic : std::uint8_t { kMean, kSum, kEnd, kMin, kMax };
  Source source = Source::kMonthly;
  Metric metric = Metric::kPopulation;  ///< yaml: metric (a monthly metric)
  std::size_t stage = 0;                ///< yaml: metric: stage:<key>, index into the staircase's stages
  std::string budget_item;              ///< yaml: metric: budget:<item>, a name of budget_items()
  std::size_t area = 0;                 ///< yaml: district; index, the number of districts for the city
  Group group = Group::kAll;            ///< yaml: group
  int first_month = 1, last_month = 1;  ///< yaml: period, month or years; months of the run, 1-based, inclusive
  Statistic statistic = Statistic::kMean;  ///< yaml: statistic
  std::string text;                     ///< the definition in words, for tables
};

/// How a statistic is written in files: mean, sum, end, min, max.
const char* statistic_name(OutcomeSpec::Statistic statistic);

}  // namespace trappsteg
