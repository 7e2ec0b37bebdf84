#include "engine/scenario/outcome_spec.hpp"

#include "engine/core/error.hpp"
#include "engine/scenario/detail/read_helpers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace trappsteg {

const char* statistic_name(OutcomeSpec::Statistic statistic) {
  switch (statistic) {
    case OutcomeSpec::Statistic::kMean: return "mean";
    case OutcomeSpec::Statistic::kSum: return "sum";
    case OutcomeSpec::Statistic::kEnd: return "end";
    case OutcomeSpec::Statistic::kMin: return "min";
    case OutcomeSpec::Statistic::kMax: return "max";
  }
  return "?";
}

namespace detail {

int read_calendar_month(MapReader& reader, const YAML::Node& node, const std::string& key_path, int start_year) {
  const std::string text = node.IsScalar() ? node.Scalar() : std::string();
  int year = 0, month = 0;
  const char* end = text.data() + text.size();
  auto [p1, e1] = std::from_chars(text.data(), end, year);
  bool ok = e1 == std::errc() && p1 != end && *p1 == '-';
  if (ok) {
    auto [p2, e2] = std::from_chars(p1 + 1, end, month);
    ok = e2 == std::errc() && p2 == end && month >= 1 && month <= 12;
  }
  if (!ok) {
    reader.error_at(node, key_path, fmt::format("'{}' is not a month; write it as YYYY-MM, e.g. 2016-12", text));
    return 0;
  }
  const int index = (year - start_year) * 12 + month;
  if (index < 1) {
    reader.error_at(node, key_path, fmt::format("{} is before the run starts ({}-01)", text, start_year));
    return 0;
  }
  return index;
}

OutcomeSpec read_outcome(MapReader& reader, const Model& model, int start_year) {
  OutcomeSpec o;
  const std::string metric = reader.required_string("metric");
  std::vector<std::string> known(kMetricNames.begin(), kMetricNames.end());
  if (metric.rfind("stage:", 0) == 0) {
    o.source = OutcomeSpec::Source::kStage;
    const std::string key = metric.substr(6);
    const auto& stages = model.staircase.stages;
    auto it = std::find_if(stages.begin(), stages.end(), [&](const StageSpec& s) { return s.key == key; });
    if (it == stages.end()) {
      std::vector<std::string> keys;
      for (const auto& s : stages) keys.push_back(s.key);
      std::string suggestion = nearest_spelling(key, keys);
      reader.error("metric", fmt::format("the staircase has no stage '{}'{}", key, suggestion.empty() ? "" : fmt::format("; did you mean 'stage:{}'?", suggestion)));
    } else {
      o.stage = static_cast<std::size_t>(it - stages.begin());
    }
  } else if (metric.rfind("budget:", 0) == 0) {
    o.source = OutcomeSpec::Source::kBudget;
    o.budget_item = metric.substr(7);
    bool policy_cost = o.budget_item.rfind("programme_cost_sek:", 0) == 0;
    if (!policy_cost && std::find(kBudgetItemNames.begin(), kBudgetItemNames.end(), o.budget_item) == kBudgetItemNames.end()) {
      std::string suggestion = nearest_spelling(o.budget_item, {kBudgetItemNames.begin(), kBudgetItemNames.end()});
      reader.error("metric", fmt::format("'{}' is not a budget item{}", o.budget_item,
                                         suggestion.empty() ? "" : fmt::format("; did you mean 'budget:{}'?", suggestion)));
    }
  } else if (!metric.empty()) {
    auto it = std::find(known.begin(), known.end(), metric);
    if (it == known.end()) {
      std::string suggestion = nearest_spelling(metric, known);
      reader.error("metric", fmt::format("'{}' is not a metric{}", metric,
                                         suggestion.empty() ? "; use a metric of outcomes.csv, stage:<key> or budget:<item>"
                                                            : fmt::format("; did you mean '{}'?", suggestion)));
    } else {
      o.metric = static_cast<Metric>(it - known.begin());
    }
  }

  const auto& districts = model.districts.districts;
  const std::string district = reader.string("district", "city");
  o.area = districts.size();
  if (district != "city") {
    auto it = std::find_if(districts.begin(), districts.end(), [&](const DistrictSpec& d) { return d.key == district; });
    if (it == districts.end()) {
      std::vector<std::string> keys{"city"};
      for (const auto& d : districts) keys.push_back(d.key);
      std::string suggestion = nearest_spelling(district, keys);
      reader.error("district", fmt::format("unknown district '{}'{}", district, suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion)));
    } else {
      o.area = static_cast<std::size_t>(it - districts.begin());
    }
  }
  const std::string group = reader.string("group", "all");
  auto g = std::find(kGroupNames.begin(), kGroupNames.end(), group);
  if (g == kGroupNames.end()) {
    std::string suggestion = nearest_spelling(group, {kGroupNames.begin(), kGroupNames.end()});
    reader.error("group", fmt::format("unknown group '{}'{}", group, suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion)));
  } else {
    o.group = static_cast<Group>(g - kGroupNames.begin());
  }
  if (o.source == OutcomeSpec::Source::kBudget && (district != "city" || group != "all"))
    reader.error(district != "city" ? "district" : "group", "budget items are the whole city's; leave out district and group");
  if (o.source == OutcomeSpec::Source::kStage && group != "all") reader.error("group", "stage counts are of everyone; leave out group");

  // The period: exactly one of period, month, years.
  const int given = reader.has("period") + reader.has("month") + reader.has("years");
  if (given != 1) reader.error("", "give exactly one of 'period' (a year or [YYYY-MM, YYYY-MM]), 'month' (YYYY-MM) or 'years' ([from, to] since the start)");
  std::string when;
  if (reader.has("period")) {
    YAML::Node period = reader.node("period");
    int year = 0;
    if (period.IsScalar() && YAML::convert<int>::decode(period, year)) {
      o.first_month = (year - start_year) * 12 + 1;
      o.last_month = o.first_month + 11;
      if (o.first_month < 1) reader.error("period", fmt::format("{} is before the run starts in {}", year, start_year));
      when = fmt::format("in {}", year);
    } else if (period.IsSequence() && period.size() == 2) {
      o.first_month = read_calendar_month(reader, period[0], reader.path_of("period") + "[0]", start_year);
      o.last_month = read_calendar_month(reader, period[1], reader.path_of("period") + "[1]", start_year);
      if (o.first_month > 0 && o.last_month > 0 && o.last_month < o.first_month) reader.error("period", "the period ends before it starts");
      when = fmt::format("{} to {}", period[0].Scalar(), period[1].Scalar());
    } else {
      reader.error("period", "expected a calendar year (2016) or [YYYY-MM, YYYY-MM]");
    }
  } else if (reader.has("month")) {
    o.first_month = o.last_month = read_calendar_month(reader, reader.node("month"), reader.path_of("month"), start_year);
    when = "in " + reader.string("month", "");
  } else if (reader.has("years")) {
    std::vector<double> years = reader.numbers("years", {1, 50, "years since the start, 1 being the first"});
    if (years.size() != 2 || years[0] != std::floor(years[0]) || years[1] != std::floor(years[1]) || years[1] < years[0])
      reader.error("years", "expected [from, to]: whole years since the start, from <= to");
    else {
      o.first_month = static_cast<int>(years[0] - 1) * 12 + 1;
      o.last_month = static_cast<int>(years[1]) * 12;
      when = years[0] == years[1] ? fmt::format("in year {}", years[0]) : fmt::format("in years {}–{}", years[0], years[1]);
    }
  }
  const std::string statistic = reader.string("statistic", "mean");
  const std::vector<std::string> statistics{"mean", "sum", "end", "min", "max"};
  auto s = std::find(statistics.begin(), statistics.end(), statistic);
  if (s == statistics.end()) reader.error("statistic", fmt::format("'{}' is not a statistic; use mean, sum, end, min or max", statistic));
  else o.statistic = static_cast<OutcomeSpec::Statistic>(s - statistics.begin());
  o.text = fmt::format("{} ({}{}): {} {}", metric, district, group == "all" ? "" : ", " + group, statistic, when);
  return o;
}

}  // namespace detail
}  // namespace trappsteg
