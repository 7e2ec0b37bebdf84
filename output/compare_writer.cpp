#include "output/compare_writer.hpp"

#include "output/csv_dialect.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <cmath>
#include <ostream>

namespace trappsteg {
namespace {


bool is_rate(const std::string& outcome) {
  return outcome.find("rate") != std::string::npos || outcome.find("gap") != std::string::npos ||
         outcome.starts_with("newcomers_employed");
}

/// A planner's number: percentages for rates, thousands separated for counts and money.
std::string readable(const std::string& outcome, double v) {
  if (std::isnan(v)) return "–";
  if (is_rate(outcome)) return fmt::format("{:.1f} %", v * 100);  // levels; differences go through readable_difference
  if (outcome == "gini") return fmt::format("{:.3f}", v);
  if (outcome.find("sek") != std::string::npos) return fmt::format("{:.1f} MSEK", v / 1e6);
  if (outcome.find("months") != std::string::npos) return fmt::format("{:.1f} months", v);
  return fmt::format("{:.0f}", v);
}

/// A difference: rates in percentage points with two decimals, the rest as readable().
std::string readable_difference(const std::string& outcome, double v) {
  if (std::isnan(v)) return "–";
  if (is_rate(outcome)) return fmt::format("{:+.2f} pp", v * 100);
  if (outcome == "gini") return fmt::format("{:+.4f}", v);
  std::string text = readable(outcome, v);
  return v > 0 ? "+" + text : text;
}

std::string readable_interval(const std::string& outcome, const Interval95& i, bool difference) {
  auto show = [&](double v) { return difference ? readable_difference(outcome, v) : readable(outcome, v); };
  if (i.n < 2 || i.low == i.high) return show(i.mean);
  return fmt::format("{} [{} – {}]", show(i.mean), show(i.low), show(i.high));
}

}  // namespace

void write_compare_csv(std::ostream& out, const Comparison& c) {
  fmt::memory_buffer buffer;
  fmt::format_to(std::back_inserter(buffer),
                 "scenario,month,district,group,metric,replicates,mean,low,high,difference,difference_low,difference_high\n");
  const auto& areas = c.runs.front().front().outcomes.area_keys;
  for_each_compared_cell(c, [&](std::size_t s, std::size_t m, std::size_t area, Group g, Metric k, const Interval95& v,
                                const Interval95& d) {
    fmt::format_to(std::back_inserter(buffer), "{},{},{},{},{},{},{},{},{},{},{},{}\n", c.names[s], m + 1, areas[area],
                   kGroupNames[static_cast<std::size_t>(g)], kMetricNames[static_cast<std::size_t>(k)], v.n, csv_number(v.mean),
                   csv_number(v.low), csv_number(v.high), s == 0 ? "" : csv_number(d.mean), s == 0 ? "" : csv_number(d.low),
                   s == 0 ? "" : csv_number(d.high));
    if (buffer.size() > (1u << 20)) {
      out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      buffer.clear();
    }
  });
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
}

void write_headline_csv(std::ostream& out, const Comparison& c, const std::vector<std::vector<HeadlineCell>>& table) {
  out << "scenario,year,outcome,replicates,mean,low,high,difference,difference_low,difference_high\n";
  for (std::size_t s = 0; s < table.size(); ++s)
    for (const HeadlineCell& cell : table[s])
      fmt::print(out, "{},{},{},{},{},{},{},{},{},{}\n", c.names[s], cell.year, cell.outcome, cell.value.n,
                 csv_number(cell.value.mean), csv_number(cell.value.low), csv_number(cell.value.high),
                 s == 0 ? "" : csv_number(cell.difference.mean), s == 0 ? "" : csv_number(cell.difference.low),
                 s == 0 ? "" : csv_number(cell.difference.high));
}

void write_headline_markdown(std::ostream& out, const Comparison& c, const std::vector<std::vector<HeadlineCell>>& table) {
  std::size_t replicates = c.runs.front().size();
  fmt::print(out, "# Scenarios compared with {}\n\n", c.names.front());
  fmt::print(out, "Mean over {} replicates with a 95 % interval; below each scenario, its difference to {} "
                  "(paired: the same random draws in both). The net budget is support saved plus tax gained "
                  "minus extra programme cost, cumulative, against {}.\n\n",
             replicates, c.names.front(), c.names.front());
  if (table.empty() || table.front().empty()) return;
  std::vector<int> years;
  for (const auto& cell : table.front())
    if (years.empty() || years.back() != cell.year) years.push_back(cell.year);
  std::vector<std::string> outcomes;
  for (const auto& cell : table.front())
    if (cell.year == years.front()) outcomes.push_back(cell.outcome);
  for (int year : years) {
    fmt::print(out, "## After {} year{}\n\n| scenario |", year, year == 1 ? "" : "s");
    for (const auto& o : outcomes) fmt::print(out, " {} |", o);
    out << "\n|---|";
    for (std::size_t i = 0; i < outcomes.size(); ++i) out << "---|";
    out << '\n';
    for (std::size_t s = 0; s < table.size(); ++s) {
      fmt::print(out, "| {} |", c.names[s]);
      for (const auto& cell : table[s])
        if (cell.year == year) fmt::print(out, " {} |", readable_interval(cell.outcome, cell.value, false));
      out << '\n';
      if (s == 0) continue;
      fmt::print(out, "| … vs {} |", c.names.front());
      for (const auto& cell : table[s])
        if (cell.year == year) fmt::print(out, " {} |", readable_interval(cell.outcome, cell.difference, true));
      out << '\n';
    }
    out << '\n';
  }
}

}  // namespace trappsteg
