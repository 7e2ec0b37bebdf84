#include "output/compare_writer.hpp"

#include "output/csv_dialect.hpp"
#include "output/labels.hpp"

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

/// A planner's number: percentages for rates, millions for money, months for durations.
std::string readable(const std::string& outcome, double v, Language l) {
  if (std::isnan(v)) return "–";
  std::string text;
  if (is_rate(outcome)) text = fmt::format("{:.1f} %", v * 100);  // levels; differences go through readable_difference
  else if (outcome == "gini") text = fmt::format("{:.3f}", v);
  else if (outcome.find("sek") != std::string::npos) return with_decimal_mark(fmt::format("{:.1f}", v / 1e6), l) + in_language(l, " MSEK", " mnkr");
  else if (outcome.find("months") != std::string::npos) return with_decimal_mark(fmt::format("{:.1f}", v), l) + in_language(l, " months", " mån");
  else text = fmt::format("{:.0f}", v);
  return with_decimal_mark(text, l);
}

/// A difference: rates in percentage points with two decimals, the rest as readable().
std::string readable_difference(const std::string& outcome, double v, Language l) {
  if (std::isnan(v)) return "–";
  if (is_rate(outcome)) return with_decimal_mark(fmt::format("{:+.2f}", v * 100), l) + in_language(l, " pp", " p.e.");
  if (outcome == "gini") return with_decimal_mark(fmt::format("{:+.4f}", v), l);
  std::string text = readable(outcome, v, l);
  return v > 0 ? "+" + text : text;
}

std::string readable_interval(const std::string& outcome, const Interval95& i, bool difference, Language l) {
  auto show = [&](double v) { return difference ? readable_difference(outcome, v, l) : readable(outcome, v, l); };
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

void write_headline_csv(std::ostream& out, const Comparison& c, const std::vector<std::vector<HeadlineCell>>& table,
                        const DisplayNames* names) {
  // For a Swedish spreadsheet (names given): Swedish columns, with display names beside the keys.
  if (names)
    out << "scenario,scenarionamn,år,utfall,utfallsnamn,replikat,medel,lägre,övre,skillnad,skillnad_lägre,skillnad_övre\n";
  else
    out << "scenario,year,outcome,replicates,mean,low,high,difference,difference_low,difference_high\n";
  for (std::size_t s = 0; s < table.size(); ++s)
    for (const HeadlineCell& cell : table[s]) {
      if (names)
        fmt::print(out, "{},{},{},{},{},", c.names[s], csv_field(display_name(c.names[s], Language::kSwedish, names)), cell.year,
                   cell.outcome, csv_field(display_name(cell.outcome, Language::kSwedish, names)));
      else
        fmt::print(out, "{},{},{},", c.names[s], cell.year, cell.outcome);
      fmt::print(out, "{},{},{},{},{},{},{}\n", cell.value.n, csv_number(cell.value.mean), csv_number(cell.value.low),
                 csv_number(cell.value.high), s == 0 ? "" : csv_number(cell.difference.mean),
                 s == 0 ? "" : csv_number(cell.difference.low), s == 0 ? "" : csv_number(cell.difference.high));
    }
}

void write_headline_markdown(std::ostream& out, const Comparison& c, const std::vector<std::vector<HeadlineCell>>& table,
                             Language l, const DisplayNames* names) {
  std::size_t replicates = c.runs.front().size();
  auto name = [&](const std::string& key) { return display_name(key, l, names); };
  const std::string first = name(c.names.front());
  fmt::print(out, "# {} {}\n\n", in_language(l, "Scenarios compared with", "Scenarier jämförda med"), first);
  if (l == Language::kSwedish)
    fmt::print(out, "Medelvärde över {} replikat med 95 % konfidensintervall; under varje scenario dess skillnad mot {} "
                    "(parad: samma slumptal i båda). Nettoresultatet är minskat försörjningsstöd plus ökade skatteintäkter "
                    "minus extra programkostnad, kumulativt, mot {}. Skillnader i andelar anges i procentenheter (p.e.).\n\n",
               replicates, first, first);
  else
    fmt::print(out, "Mean over {} replicates with a 95 % interval; below each scenario, its difference to {} "
                    "(paired: the same random draws in both). The net budget is support saved plus tax gained "
                    "minus extra programme cost, cumulative, against {}. Differences of shares are in percentage points (pp).\n\n",
               replicates, first, first);
  if (table.empty() || table.front().empty()) return;
  std::vector<int> years;
  for (const auto& cell : table.front())
    if (years.empty() || years.back() != cell.year) years.push_back(cell.year);
  std::vector<std::string> outcomes;
  for (const auto& cell : table.front())
    if (cell.year == years.front()) outcomes.push_back(cell.outcome);
  const int start_year = c.start_year;
  for (int year : years) {
    if (l == Language::kSwedish) fmt::print(out, "## Efter {} år ({})\n\n| scenario |", year, start_year + year - 1);
    else fmt::print(out, "## After {} year{} ({})\n\n| scenario |", year, year == 1 ? "" : "s", start_year + year - 1);
    for (const auto& o : outcomes) fmt::print(out, " {} |", name(o));
    out << "\n|---|";
    for (std::size_t i = 0; i < outcomes.size(); ++i) out << "---|";
    out << '\n';
    for (std::size_t s = 0; s < table.size(); ++s) {
      fmt::print(out, "| {} |", name(c.names[s]));
      for (const auto& cell : table[s])
        if (cell.year == year) fmt::print(out, " {} |", readable_interval(cell.outcome, cell.value, false, l));
      out << '\n';
      if (s == 0) continue;
      fmt::print(out, "| … {} {} |", in_language(l, "vs", "mot"), first);
      for (const auto& cell : table[s])
        if (cell.year == year) fmt::print(out, " {} |", readable_interval(cell.outcome, cell.difference, true, l));
      out << '\n';
    }
    out << '\n';
  }
}

}  // namespace trappsteg
