#include "output/report.hpp"

#include "engine/scenario/scenario.hpp"
#include "output/atomic_file.hpp"
#include "output/csv_dialect.hpp"
#include "output/graphviz.hpp"
#include "output/labels.hpp"
#include "output/microdata_reader.hpp"
#include "output/run_folder.hpp"
#include "output/writers.hpp"

#include "engine/core/error.hpp"
#include "engine/metrics/statistics.hpp"
#include "engine/staircase/graph.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

namespace trappsteg {

namespace detail {
// Defined in the build's generated report_assets.cpp (output/embed_report_assets.cmake).
const std::vector<std::string_view>& vega_js();
const std::vector<std::string_view>& vega_lite_js();
const std::vector<std::string_view>& vega_embed_js();
}  // namespace detail

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Words in both languages.

struct Words {
  bool sv = false;
  const char* operator()(const char* en, const char* sv_text) const { return sv ? sv_text : en; }
};

// One name per outcome and budget item, shared with the CSVs and headline files (output/labels).
std::string outcome_label(const std::string& outcome, const Words& w, const DisplayNames* names = nullptr) {
  return display_name(outcome, w.sv ? Language::kSwedish : Language::kEnglish, names);
}

// ---------------------------------------------------------------------------------------------
// Reading the folder.

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot be read", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Splits a CSV line on commas outside brackets and quotes: sweep headers hold key paths such as
// staircase.transitions[from=a,to=b].base unquoted.
std::vector<std::string> split_csv(std::string_view line) {
  std::vector<std::string> fields(1);
  int depth = 0;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (!quoted && c == '[') ++depth, fields.back() += c;
    else if (!quoted && c == ']') --depth, fields.back() += c;
    else if (!quoted && depth == 0 && c == ',') fields.emplace_back();
    else if (c != '\r') fields.back() += c;
  }
  return fields;
}

/// A CSV read row by row: the header's column numbers, then each row to `row`.
struct CsvColumns {
  std::vector<std::string> names;
  std::size_t at(const std::string& name, const fs::path& file) const {
    // headline.csv in a Swedish spreadsheet names its columns in Swedish.
    static const std::map<std::string, std::string> swedish{
        {"year", "år"}, {"outcome", "utfall"}, {"replicates", "replikat"}, {"mean", "medel"}, {"low", "lägre"}, {"high", "övre"},
        {"difference", "skillnad"}, {"difference_low", "skillnad_lägre"}, {"difference_high", "skillnad_övre"}};
    auto it = std::find(names.begin(), names.end(), name);
    if (auto alias = swedish.find(name); it == names.end() && alias != swedish.end())
      it = std::find(names.begin(), names.end(), alias->second);
    if (it == names.end()) throw Error(fmt::format("{}: no column '{}'", file.string(), name));
    return static_cast<std::size_t>(it - names.begin());
  }
};

void for_each_csv_row(const fs::path& file, const std::function<void(const CsvColumns&)>& header,
                      const std::function<void(const std::vector<std::string>&)>& row) {
  std::istringstream in(csv_to_standard(read_text(file)));  // either dialect
  std::string line;
  if (!std::getline(in, line)) throw Error(fmt::format("{}: empty", file.string()));
  CsvColumns columns{split_csv(line)};
  header(columns);
  while (std::getline(in, line))
    if (!line.empty()) row(split_csv(line));
}

double number(const std::string& text) {
  if (text.empty()) return std::nan("");
  try {
    return std::stod(text);
  } catch (const std::exception&) {
    return std::nan("");
  }
}

// A CSV file read whole, for the files whose damage the page must name (file, line, column)
// rather than draw around: every row has the header's number of fields.
struct CsvTable {
  fs::path file;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;  // each row's line in the file

  std::optional<std::size_t> find(const std::string& name) const {
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) return std::nullopt;
    return static_cast<std::size_t>(it - header.begin());
  }
  /// @throws InputError naming the file if it has no such column.
  std::size_t column(const std::string& name) const {
    if (auto at = find(name)) return *at;
    throw InputError({{{file, 1, 1}, "", fmt::format("no column '{}' (a damaged file, or one of another kind)", name)}});
  }
  /// The field as a number; empty (as NaN is written): NaN. @throws InputError if it is not a number.
  double number_at(std::size_t row, std::size_t column) const {
    const std::string& text = rows[row][column];
    if (text.empty()) return std::nan("");
    char* end = nullptr;
    const double x = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size())
      throw InputError({{{file, lines[row], static_cast<int>(column) + 1}, header[column], fmt::format("'{}' is not a number", text)}});
    return x;
  }
};

/// @throws InputError naming the file if it is missing, empty or has a row of another width.
CsvTable read_csv_table(const fs::path& file) {
  if (!fs::exists(file)) throw InputError({{{file, 0, 0}, "", "missing"}});
  CsvTable table{file, {}, {}, {}};
  std::istringstream in(csv_to_standard(read_text(file)));
  std::string line;
  if (!std::getline(in, line) || line.empty() || line == "\r") throw InputError({{{file, 1, 1}, "", "empty: not even a header"}});
  table.header = split_csv(line);
  for (int at = 2; std::getline(in, line); ++at) {
    if (line.empty() || line == "\r") continue;
    std::vector<std::string> fields = split_csv(line);
    if (fields.size() != table.header.size())
      throw InputError({{{file, at, 1}, "", fmt::format("{} fields where the header has {} (a damaged or truncated row)",
                                                        fields.size(), table.header.size())}});
    table.rows.push_back(std::move(fields));
    table.lines.push_back(at);
  }
  return table;
}

// A key path short enough for a chart's axis, e.g.
// policy.families_250.effects.transitions[from=job_seeker,to=first_job].multiplier becomes
// "families_250 … job_seeker→first_job.multiplier": the policy (or the file's part) it belongs to
// and its last segments. Tooltips and tables keep the whole path.
std::string short_label(const std::string& path) {
  constexpr std::size_t kShort = 36, kTail = 24;  // characters: about what an axis label of 200 px holds
  if (path.size() <= kShort) return path;
  std::vector<std::string> segments(1);
  int depth = 0;
  for (char ch : path) {
    if (ch == '[') ++depth;
    if (ch == ']') --depth;
    if (ch == '.' && depth == 0) segments.emplace_back();
    else segments.back() += ch;
  }
  if (segments.size() == 1) return path;
  // A transition's selector says all there is to say: [from=a,to=b] becomes a→b.
  auto shown = [](const std::string& segment) {
    const auto open = segment.find('[');
    if (open == std::string::npos || segment.back() != ']') return segment;
    const std::string inside = segment.substr(open + 1, segment.size() - open - 2);
    const auto comma = inside.find(',');
    if (inside.rfind("from=", 0) == 0 && comma != std::string::npos && inside.compare(comma + 1, 3, "to=") == 0)
      return inside.substr(5, comma - 5) + "→" + inside.substr(comma + 4);
    return segment;
  };
  const std::size_t head = segments.size() > 2 && segments[0] == "policy" ? 1 : 0;
  std::size_t first = segments.size() - 1;
  std::string tail = shown(segments[first]);
  while (first > head + 1 && tail.size() < kTail) tail = shown(segments[--first]) + "." + tail;
  return segments[head] + (first == head + 1 ? "." : " … ") + tail;
}

// Short labels for a list of paths, the whole path where two would read the same.
std::vector<std::string> short_labels(const std::vector<std::string>& paths) {
  std::vector<std::string> labels;
  for (const auto& p : paths) labels.push_back(short_label(p));
  std::vector<std::string> distinct = labels;
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (std::count(labels.begin(), labels.end(), labels[i]) > 1) distinct[i] = paths[i];
  return distinct;
}

// Four significant digits are plenty for a chart and keep the page small.
json rounded(double x) {
  if (!std::isfinite(x)) return nullptr;
  return std::stod(fmt::format("{:.4g}", x));
}

std::string with_decimal_mark(std::string text, bool sv) {
  if (sv) std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

// A whole number grouped by thousands: 1,234,567 (en), 1 234 567 (sv).
std::string grouped(double x, bool sv) {
  const double whole = std::round(x);
  const std::string digits = fmt::format("{:.0f}", std::abs(whole));
  std::string text = whole < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) text += sv ? "\u00a0" : ",";
    text += digits[i];
  }
  return text;
}

// Four significant digits, as a grouped whole number from 10 000 on (budgets in SEK).
std::string significant(double x, bool sv) {
  if (!std::isfinite(x)) return "–";
  if (std::abs(x) < 1e4) return with_decimal_mark(fmt::format("{:.4g}", x), sv);
  const double unit = std::pow(10.0, std::floor(std::log10(std::abs(x))) - 3);
  return grouped(std::round(x / unit) * unit, sv);
}

std::string percent(double share, bool sv, int decimals = 0) {
  if (!std::isfinite(share)) return "–";
  return with_decimal_mark(fmt::format("{:.{}f} %", 100 * share, decimals), sv);
}

// SEK in millions with one decimal, without the unit (a table's header names it).
std::string million(double sek, bool sv) {
  if (!std::isfinite(sek)) return "–";
  return with_decimal_mark(fmt::format("{:.1f}", sek / 1e6), sv);
}

// Calendar years as a caption says them: "2016–2025", or one year.
std::string year_span(int first, int last) { return first == last ? std::to_string(first) : fmt::format("{}–{}", first, last); }

// The leading comment block of a YAML file (its sources), and lines that call a number illustrative.
struct YamlNotes {
  std::string header;
  std::vector<std::string> illustrative;
};

YamlNotes yaml_notes(const fs::path& file) {
  YamlNotes notes;
  std::ifstream in(file);
  std::string line;
  bool in_header = true;
  int number_of_line = 0;
  while (std::getline(in, line)) {
    ++number_of_line;
    if (in_header && line.rfind("#", 0) == 0) notes.header += line.substr(line.size() > 1 && line[1] == ' ' ? 2 : 1) + "\n";
    else if (in_header && !line.empty()) in_header = false;
    std::string lower = line;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!in_header && lower.find("illustrative") != std::string::npos && notes.illustrative.size() < 60) {
      auto first = line.find_first_not_of(' ');
      notes.illustrative.push_back(fmt::format("{}: {}", number_of_line, first == std::string::npos ? line : line.substr(first)));
    }
  }
  return notes;
}

// ---------------------------------------------------------------------------------------------
// What the page shows, gathered from whichever kind of folder it is.

struct HeadlineRow {
  std::string scenario;
  int year = 0;
  std::string outcome;
  Interval95 value;
  std::optional<Interval95> difference;
};

struct ModelFile {
  std::string name;      // as in the folder, e.g. inputs/districts.yaml
  std::string original;  // where it came from, when known
  YamlNotes notes;
};

// One output of a sensitivity analysis: its indices per input and the points' values.
struct SensitivityOutput {
  std::string name, definition;
  double variance = std::nan(""), monte_carlo_share = std::nan("");
  int failed_points = 0;
  double largest_value = 0;  // the largest |output| over the points, to tell no spread from rounding
  // Per input: {i, n, r, path, mu, mu_star, sigma} (Morris) or {i, n, r, path, first_order,
  // first_order_low, first_order_high, total, total_low, total_high} (Sobol); i is the chart's short label,
  // n the input's rank and r the label with the rank.
  json indices = json::array();
  std::vector<std::string> order;  // short labels, the most influential input first
  std::string unit;                // ", MSEK" (or ", mnkr") for an amount in SEK, shown in millions; else empty
  std::size_t scattered = 0;       // how many of `order`, from the first, get a scatter plot
  json points = json::array();     // {i, path, x, y, lo, hi}: input value and output at each point
};

struct Content {
  std::string kind;  // run, compare, sweep, calibration or sensitivity
  std::string title;
  std::vector<std::string> scenarios;  // first is the base of comparison
  int start_year = 2016;
  std::string city_label = "City";  // the whole city's name in the page's language
  DisplayNames names;                 // scenarios' titles, districts' and steps' names from the input files
  std::vector<std::string> gap_districts;  // the named gap's two district keys, if the headline follows one
  std::vector<HeadlineRow> headline;
  json series = json::array();     // {s, t, d, k, v, lo, hi}: scenario, year, district, metric
  json newcomers = json::array();  // {s, m, v, lo, hi}
  bool newcomers_by_months = false;
  json budget = json::array();  // {s, y, k, v, lo, hi}
  std::map<std::string, int> payback;  // scenario -> payback year of the mean cumulative net
  std::map<std::string, std::pair<int, int>> budget_span;     // scenario -> first and last year of its budget
  std::map<std::string, std::vector<int>> support_raised;     // scenario -> years whose mean support saved is below zero
  json districts = json::array();      // {key, name, x, y}
  json sweep_rows = json::array();     // {point, p, x, k, v, lo, hi}
  std::vector<std::string> sweep_parameters;
  std::set<std::string> sweep_log;  // parameters declared `scale: log`
  std::vector<std::vector<std::string>> sweep_table;  // a cell's second line (after '\n') is its interval
  std::vector<std::string> sweep_table_header;
  std::vector<std::string> sweep_table_titles;       // each header's whole text (a parameter's whole path)
  int sweep_month = 0;                               // the month the outcomes in the table are at
  std::vector<ModelFile> model_files;
  std::vector<std::pair<std::string, std::string>> scenario_files;  // name, YAML as resolved
  std::vector<std::pair<std::string, std::string>> facts;
  struct Table {
    std::string title, note;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::string id;                                         // the table's id on the page, if any
    std::set<std::pair<std::size_t, std::size_t>> flagged;  // (row, column) of cells to read with care
    std::set<std::size_t> text_columns;                     // aligned left, as text reads
  };
  std::vector<Table> tables;       // a calibration's parameters and fit, a sensitivity's indices, payback
  json trace = json::array();      // {e, v, b}: evaluation, objective, best so far
  std::vector<std::vector<std::string>> targets;  // rows of targets.csv: scenario, target, use, outcome, published, tolerance, model, interval, within, source
  std::optional<CohortPaths> cohort;  // a run's or compare's microdata: an arrival cohort through the steps
  std::string method;  // a sensitivity analysis's: morris or sobol
  std::vector<SensitivityOutput> sensitivity_outputs;
  json budget_fan = json::array();  // {s, y, n, mean, p05, p25, p50, p75, p95}: cumulative net in MSEK over replicates
  int inputs_drawn = 0;             // uncertain inputs each replicate drew (0: the spread is Monte-Carlo noise only)
  json sweep_payback = json::array();  // {point, x, p, plo, phi, v, vlo, vhi}: per point, v in MSEK
  std::string sweep_payback_parameter;
  int sweep_payback_years = 0;
};

/// targets.csv of a run or compare folder, if it has one.
void read_targets(Content& c, const fs::path& file) {
  if (!fs::exists(file)) return;
  std::size_t scenario = 0, target = 0, use = 0, outcome = 0, published = 0, tolerance = 0, mean = 0, low = 0, high = 0,
              within = 0, source = 0;
  for_each_csv_row(
      file,
      [&](const CsvColumns& h) {
        scenario = h.at("scenario", file), target = h.at("target", file), use = h.at("use", file), outcome = h.at("outcome", file);
        published = h.at("published", file), tolerance = h.at("tolerance", file), mean = h.at("model_mean", file);
        low = h.at("model_low", file), high = h.at("model_high", file), within = h.at("within_tolerance", file);
        source = h.at("source", file);
      },
      [&](const std::vector<std::string>& r) {
        if (r.size() <= source) return;
        auto shown = [](const std::string& text) {
          double x = number(text);
          return std::isfinite(x) ? fmt::format("{:.4g}", x) : std::string("–");
        };
        c.targets.push_back({r[scenario], r[target], r[use], r[outcome], shown(r[published]), shown(r[tolerance]),
                             shown(r[mean]), fmt::format("{} – {}", shown(r[low]), shown(r[high])), r[within], r[source]});
      });
}

const std::set<std::string> kCityMetrics{"employment_rate_gap_20_64", "gini", "theil", "theil_between_districts",
                                         "share_children_in_workless_households", "children_in_workless_households",
                                         "newcomers_employed_after_2_years", "income_support_sek"};
// Stages that are not steps of the staircase (age, leaving the city).
const std::set<std::string> kNotSteps{"stage:child", "stage:school", "stage:retired", "stage:deceased", "stage:moved_away"};

bool wanted(const std::string& district, const std::string& group, const std::string& metric) {
  if (group != "all") return false;
  if (metric == "employment_rate_20_64") return true;
  if (district != "city") return false;
  return kCityMetrics.count(metric) > 0 || (metric.rfind("stage:", 0) == 0 && !kNotSteps.count(metric));
}

void read_districts(Content& c, const fs::path& districts_yaml) {
  if (!fs::exists(districts_yaml)) return;
  YAML::Node root = YAML::LoadFile(districts_yaml.string());
  for (const auto& d : root["districts"]) {
    json row{{"key", d["key"].as<std::string>()}, {"name", d["name"].as<std::string>(d["key"].as<std::string>())}};
    if (d["position_km"] && d["position_km"].size() == 2) {
      row["x"] = d["position_km"][0].as<double>();
      row["y"] = d["position_km"][1].as<double>();
    }
    c.districts.push_back(row);
  }
}

std::string district_name(const Content& c, const std::string& key) {
  if (key == "city") return c.city_label;
  for (const auto& d : c.districts)
    if (d["key"] == key) return d["name"].get<std::string>();
  return key;
}

// Per replicate values of (metric, district, month) from an outcomes.csv.
using ReplicateSeries = std::map<std::tuple<std::string, std::string, int>, std::vector<double>>;

// Each scenario's series of an outcomes.csv-shaped file (a compare's stages.csv holds several).
std::map<std::string, ReplicateSeries> read_outcomes_by_scenario(const fs::path& file) {
  std::map<std::string, ReplicateSeries> by_scenario;
  std::size_t scenario = 0, replicate = 0, month = 0, district = 0, group = 0, metric = 0, value = 0;
  for_each_csv_row(
      file,
      [&](const CsvColumns& h) {
        scenario = h.at("scenario", file), replicate = h.at("replicate", file), month = h.at("month", file);
        district = h.at("district", file), group = h.at("group", file), metric = h.at("metric", file), value = h.at("value", file);
      },
      [&](const std::vector<std::string>& r) {
        if (r.size() <= value || !wanted(r[district], r[group], r[metric])) return;
        auto& v = by_scenario[r[scenario]][{r[metric], r[district], std::stoi(r[month])}];
        auto rep = static_cast<std::size_t>(std::stoul(r[replicate]));
        if (v.size() <= rep) v.resize(rep + 1, std::nan(""));
        v[rep] = number(r[value]);
      });
  return by_scenario;
}

ReplicateSeries read_outcomes(const fs::path& file) {
  ReplicateSeries series;
  std::size_t replicate = 0, month = 0, district = 0, group = 0, metric = 0, value = 0;
  for_each_csv_row(
      file,
      [&](const CsvColumns& h) {
        replicate = h.at("replicate", file), month = h.at("month", file), district = h.at("district", file);
        group = h.at("group", file), metric = h.at("metric", file), value = h.at("value", file);
      },
      [&](const std::vector<std::string>& r) {
        if (r.size() <= value || !wanted(r[district], r[group], r[metric])) return;
        auto& v = series[{r[metric], r[district], std::stoi(r[month])}];
        auto rep = static_cast<std::size_t>(std::stoul(r[replicate]));
        if (v.size() <= rep) v.resize(rep + 1, std::nan(""));
        v[rep] = number(r[value]);
      });
  return series;
}

// Time as a fractional year, to three decimals (months apart stay apart; four significant
// digits would not do for years).
double year_of_month(int start_year, int month) { return std::round((start_year + month / 12.0) * 1000) / 1000; }

void add_series(Content& c, const std::string& scenario, const ReplicateSeries& series) {
  for (const auto& [key, values] : series) {
    const auto& [metric, district, month] = key;
    if (metric == "income_support_sek") continue;
    Interval95 i = mean_interval(values);
    c.series.push_back({{"s", scenario}, {"t", year_of_month(c.start_year, month)}, {"d", district_name(c, district)},
                        {"k", metric}, {"v", rounded(i.mean)}, {"lo", rounded(i.low)}, {"hi", rounded(i.high)}});
  }
}

// A newcomers.csv (a run's, its baseline's or a compare's): each scenario's share employed by
// months since arrival in the city, over replicates; months with fewer than 20 observed are left out.
void read_newcomers(Content& c, const fs::path& file) {
  if (!fs::exists(file)) return;
  std::map<std::pair<std::string, int>, std::vector<double>> share;
  std::vector<std::string> order;
  std::size_t scenario = 0, district = 0, since = 0, value = 0, observed = 0;
  for_each_csv_row(
      file,
      [&](const CsvColumns& h) {
        scenario = h.at("scenario", file), district = h.at("district", file), since = h.at("months_since_arrival", file);
        value = h.at("employed_share", file), observed = h.at("observed", file);
      },
      [&](const std::vector<std::string>& r) {
        if (r.size() <= value || r[district] != "city" || number(r[observed]) < 20) return;
        if (std::find(order.begin(), order.end(), r[scenario]) == order.end()) order.push_back(r[scenario]);
        share[{r[scenario], std::stoi(r[since])}].push_back(number(r[value]));
      });
  for (const auto& name : order)
    for (const auto& [key, v] : share) {
      if (key.first != name) continue;
      Interval95 i = mean_interval(v);
      c.newcomers.push_back({{"s", name}, {"m", key.second}, {"v", rounded(i.mean)}, {"lo", rounded(i.low)}, {"hi", rounded(i.high)}});
    }
  c.newcomers_by_months = true;
}

// Display names from a results folder's copies of the inputs: the scenario's title (title_sv in
// Swedish), its districts' and steps' names.
void read_display_names(Content& c, const std::string& scenario, const fs::path& inputs) {
  if (fs::exists(inputs / "scenario.yaml")) {
    YAML::Node root = YAML::LoadFile((inputs / "scenario.yaml").string());
    const std::string title = root["title"] ? root["title"].as<std::string>() : scenario;
    c.names.add(scenario, title, root["title_sv"] ? root["title_sv"].as<std::string>() : std::string());
    if (c.gap_districts.empty() && root["gap_between"] && root["gap_between"].IsSequence() && root["gap_between"].size() == 2)
      for (const auto& d : root["gap_between"]) c.gap_districts.push_back(d.as<std::string>());
  }
  if (fs::exists(inputs / "districts.yaml"))
    for (const auto& d : YAML::LoadFile((inputs / "districts.yaml").string())["districts"])
      if (d["key"] && d["name"]) c.names.add(d["key"].as<std::string>(), d["name"].as<std::string>(), "");
  if (fs::exists(inputs / "staircase.yaml"))
    for (const auto& stage : YAML::LoadFile((inputs / "staircase.yaml").string())["stages"])
      if (stage.second["name"])
        c.names.add(stage.first.as<std::string>(), stage.second["name"].as<std::string>(),
                    stage.second["name_sv"] ? stage.second["name_sv"].as<std::string>() : std::string());
}

// Budget rows per scenario, replicate and year, kept as {scenario: {item: {year: [by replicate]}}}.
using BudgetValues = std::map<std::string, std::map<std::string, std::map<int, std::vector<double>>>>;

BudgetValues read_budget(const fs::path& file) {
  BudgetValues values;
  if (!fs::exists(file)) return values;
  std::size_t scenario = 0, replicate = 0, year = 0, item = 0, value = 0;
  for_each_csv_row(
      file,
      [&](const CsvColumns& h) {
        scenario = h.at("scenario", file), replicate = h.at("replicate", file), year = h.at("year", file);
        item = h.at("item", file), value = h.at("value", file);
      },
      [&](const std::vector<std::string>& r) {
        if (r.size() <= value) return;
        auto& v = values[r[scenario]][r[item]][std::stoi(r[year])];
        auto rep = static_cast<std::size_t>(std::stoul(r[replicate]));
        if (v.size() <= rep) v.resize(rep + 1, std::nan(""));
        v[rep] = number(r[value]);
      });
  return values;
}

void add_budget(Content& c, const BudgetValues& values) {
  for (const auto& [scenario, items] : values) {
    auto cost = items.find("extra_programme_cost_sek");
    bool any_cost = false;
    if (cost != items.end())
      for (const auto& [year, v] : cost->second)
        for (double x : v) any_cost = any_cost || (std::isfinite(x) && x != 0);
    if (!any_cost) continue;  // the base of comparison has nothing to account for
    // Yearly items and the cumulative net, in MSEK (the axis says so; Vega's SI "M" would not).
    // Costs are drawn below zero, so they flip sign with their interval.
    for (const char* item : {"extra_programme_cost_sek", "support_saved_sek", "tax_gained_sek", "net_sek", "cumulative_net_sek"}) {
      auto it = items.find(item);
      if (it == items.end()) continue;
      const double sign = std::string(item) == "extra_programme_cost_sek" ? -1.0 : 1.0;
      for (const auto& [year, v] : it->second) {
        Interval95 i = mean_interval(v);
        json row{{"s", scenario}, {"y", year}, {"k", item}, {"v", rounded(sign * i.mean / 1e6)}};
        if (i.n >= 2) row["lo"] = rounded((sign > 0 ? i.low : -i.high) / 1e6), row["hi"] = rounded((sign > 0 ? i.high : -i.low) / 1e6);
        c.budget.push_back(std::move(row));
        if (std::string(item) == "support_saved_sek" && i.mean < 0) c.support_raised[scenario].push_back(year);
      }
      if (std::string(item) == "cumulative_net_sek") {
        std::optional<int> payback;
        for (const auto& [year, v] : it->second) {
          double mean = mean_interval(v).mean;
          if (mean >= 0 && !payback) payback = year;
          if (mean < 0) payback.reset();
        }
        if (payback) c.payback[scenario] = *payback;
        if (!it->second.empty()) c.budget_span[scenario] = {it->second.begin()->first, it->second.rbegin()->first};
      }
    }
  }
}

// Model files of a folder's inputs/ with the header comments of their originals when the copy
// (written as resolved YAML) has none.
void read_model_files(Content& c, const fs::path& inputs, const std::map<std::string, fs::path>& originals) {
  if (!fs::exists(inputs)) return;
  std::vector<fs::path> files;
  for (const char* name : {"districts.yaml", "staircase.yaml", "economy.yaml", "demography.yaml"})
    if (fs::exists(inputs / name)) files.push_back(inputs / name);
  if (fs::exists(inputs / "policies")) {
    std::vector<fs::path> policies;
    for (const auto& e : fs::directory_iterator(inputs / "policies")) policies.push_back(e.path());
    std::sort(policies.begin(), policies.end());
    files.insert(files.end(), policies.begin(), policies.end());
  }
  for (const auto& file : files) {
    ModelFile m{fs::relative(file, inputs.parent_path()).generic_string(), {}, yaml_notes(file)};
    auto original = originals.find(file.filename().string());
    if (original != originals.end() && fs::exists(original->second)) {
      m.original = original->second.string();
      YamlNotes notes = yaml_notes(original->second);
      if (m.notes.header.empty()) m.notes.header = notes.header;
      if (m.notes.illustrative.empty()) m.notes.illustrative = notes.illustrative;
    }
    c.model_files.push_back(std::move(m));
  }
}

// Where a resolved scenario's files came from: "# Original: <path>" names the scenario file,
// whose model: and policies: entries are relative to it.
std::map<std::string, fs::path> originals_of(const fs::path& resolved_scenario) {
  std::map<std::string, fs::path> originals;
  std::ifstream in(resolved_scenario);
  std::string line;
  fs::path scenario;
  while (std::getline(in, line) && line.rfind("#", 0) == 0)
    if (auto at = line.find("Original: "); at != std::string::npos) scenario = line.substr(at + 10);
  if (scenario.empty() || !fs::exists(scenario)) return originals;
  try {
    YAML::Node root = YAML::LoadFile(scenario.string());
    for (const auto& entry : root["model"]) {
      fs::path p = (scenario.parent_path() / entry.second.as<std::string>()).lexically_normal();
      originals[p.filename().string()] = p;
    }
    for (const auto& entry : root["policies"]) {
      fs::path p = (scenario.parent_path() / entry.as<std::string>()).lexically_normal();
      originals[p.filename().string()] = p;
    }
  } catch (const std::exception&) {
    // The original moved or changed; the report then shows the copies' own comments only.
  }
  return originals;
}

// Headline outcomes of a run folder, computed like `trappsteg compare`'s headline.csv.
void add_run_headline(Content& c, const std::string& scenario, const ReplicateSeries& main,
                      const ReplicateSeries* baseline, const BudgetValues& budget, int months) {
  auto values_at = [](const ReplicateSeries& s, const std::string& metric, int month) -> std::vector<double> {
    auto it = s.find({metric, "city", month});
    return it == s.end() ? std::vector<double>{} : it->second;
  };
  auto in_year = [](const ReplicateSeries& s, int year) {
    std::vector<double> total;
    for (int m = (year - 1) * 12 + 1; m <= year * 12; ++m) {
      auto it = s.find({"income_support_sek", "city", m});
      if (it == s.end()) continue;
      if (total.size() < it->second.size()) total.resize(it->second.size(), 0.0);
      for (std::size_t r = 0; r < it->second.size(); ++r) total[r] += it->second[r];
    }
    return total;
  };
  for (int year : {1, 5, 10, 20, 50}) {
    if (year * 12 > months) break;
    if (year > 10 && year * 12 != months && year != 20) continue;
    for (const char* outcome : {"employment_rate_20_64", "employment_rate_gap_20_64", "gini",
                                "children_in_workless_households", "newcomers_employed_after_2_years",
                                "income_support_sek_in_year"}) {
      const bool support = std::string(outcome) == "income_support_sek_in_year";
      std::vector<double> v = support ? in_year(main, year) : values_at(main, outcome, year * 12);
      if (v.empty()) continue;
      HeadlineRow row{scenario, year, outcome, mean_interval(v), std::nullopt};
      if (baseline) {
        std::vector<double> b = support ? in_year(*baseline, year) : values_at(*baseline, outcome, year * 12);
        if (b.size() == v.size()) {
          c.headline.push_back({c.scenarios.front(), year, outcome, mean_interval(b), std::nullopt});
          row.difference = paired_difference(v, b);
        }
      }
      c.headline.push_back(row);
    }
    auto s = budget.find(scenario);
    if (s != budget.end())
      if (auto item = s->second.find("cumulative_net_sek"); item != s->second.end()) {
        std::optional<int> calendar;
        for (const auto& [y, v] : item->second)
          if (y == c.start_year + year - 1) calendar = y;
        if (calendar) c.headline.push_back({scenario, year, "cumulative_net_budget_sek", mean_interval(item->second.at(*calendar)), std::nullopt});
      }
  }
}

// The run's headline outcomes that outcomes.csv cannot give — newcomers followed from arrival,
// the named gap — from summary.json: means over the replicates (summary.json keeps no interval).
void add_summary_headline(Content& c, const std::string& scenario, const std::string& baseline, const json& summary) {
  auto wanted_here = [](const std::string& key) {
    return key == "newcomers_median_months_to_first_job" || (key.starts_with("newcomers_employed_") && key.ends_with("_after_arrival")) ||
           key.starts_with("employment_gap_20_64_");
  };
  const json& horizons = summary.contains("horizons") ? summary["horizons"] : json::array();
  const json* differences = summary.contains("difference_to_baseline") ? &summary["difference_to_baseline"] : nullptr;
  const int replicates = summary.value("replicates", 1);
  for (std::size_t h = 0; h < horizons.size(); ++h) {
    if (!horizons[h]["year"].is_number_integer()) continue;  // the run's last month, not a whole year
    const int year = horizons[h]["year"].get<int>();
    const json& city = horizons[h]["areas"].value("city", json::object());
    for (const auto& [key, value] : city.items()) {
      if (!wanted_here(key) || !value.is_number()) continue;
      const double v = value.get<double>();
      HeadlineRow row{scenario, year, key, {v, v, v, static_cast<std::size_t>(replicates)}, std::nullopt};
      if (differences && h < differences->size() && !baseline.empty()) {
        const json& d = (*differences)[h]["areas"].value("city", json::object());
        if (d.contains(key) && d[key].is_number()) {
          const double diff = d[key].get<double>();
          row.difference = Interval95{diff, diff, diff, 1};  // means only: never called better or worse
          c.headline.push_back({baseline, year, key, {v - diff, v - diff, v - diff, static_cast<std::size_t>(replicates)}, std::nullopt});
        }
      }
      c.headline.push_back(row);
    }
  }
}

Content read_run(const fs::path& folder, const Words& w) {
  Content c;
  c.kind = "run";
  c.city_label = w("City", "Hela staden");
  json summary = json::parse(read_text(folder / "summary.json"));
  const std::string scenario = summary.value("scenario", std::string("scenario"));
  const std::string baseline = summary.value("baseline", std::string{});
  c.start_year = summary.value("start_year", 2016);
  const int months = summary.value("months", 120);
  c.title = scenario;
  c.scenarios.push_back(scenario);
  read_districts(c, folder / "inputs" / "districts.yaml");

  ReplicateSeries main = read_outcomes(folder / "outcomes.csv");
  std::optional<ReplicateSeries> base;
  if (!baseline.empty() && fs::exists(folder / "baseline" / "outcomes.csv")) {
    base = read_outcomes(folder / "baseline" / "outcomes.csv");
    c.scenarios.insert(c.scenarios.begin(), baseline);
  }
  BudgetValues budget = read_budget(folder / "budget.csv");
  read_targets(c, folder / "targets.csv");
  add_run_headline(c, scenario, main, base ? &*base : nullptr, budget, months);
  add_summary_headline(c, scenario, baseline, summary);
  if (base) add_series(c, baseline, *base);
  add_series(c, scenario, main);
  add_budget(c, budget);

  // Newcomers: the city's share employed by months since arrival, the baseline's beside.
  if (base) read_newcomers(c, folder / "baseline" / "newcomers.csv");
  read_newcomers(c, folder / "newcomers.csv");
  read_display_names(c, scenario, folder / "inputs");
  c.cohort = read_cohort_paths(folder / "results.sqlite");
  if (base) read_display_names(c, baseline, folder / "inputs" / "baseline");

  auto originals = originals_of(folder / "inputs" / "scenario.yaml");
  // summary.json names the copies in inputs/; one written before that named the originals.
  auto original = [&](const json& path) {
    if (path.is_string() && fs::path(path.get<std::string>()).is_absolute())
      originals.try_emplace(fs::path(path.get<std::string>()).filename().string(), path.get<std::string>());
  };
  if (summary.contains("model_files"))
    for (const auto& [key, path] : summary["model_files"].items()) original(path);
  if (summary.contains("policy_files"))
    for (const auto& path : summary["policy_files"]) original(path);
  read_model_files(c, folder / "inputs", originals);
  if (fs::exists(folder / "inputs" / "scenario.yaml")) c.scenario_files.push_back({scenario, read_text(folder / "inputs" / "scenario.yaml")});
  if (fs::exists(folder / "inputs" / "baseline" / "scenario.yaml"))
    c.scenario_files.push_back({baseline, read_text(folder / "inputs" / "baseline" / "scenario.yaml")});

  c.facts.push_back({w("Engine version", "Motorversion"), summary.value("engine_version", std::string("?"))});
  c.facts.push_back({w("Seed", "Frö (seed)"), summary.contains("seed") ? summary["seed"].dump() : "?"});
  c.facts.push_back({w("Replicates", "Replikat"), summary.contains("replicates") ? summary["replicates"].dump() : "?"});
  c.facts.push_back({w("Scale", "Skala"), summary.contains("scale") ? summary["scale"].dump() : "?"});
  c.facts.push_back({w("Months", "Månader"), std::to_string(months)});
  if (fs::exists(folder / "run.json")) {
    json run = json::parse(read_text(folder / "run.json"));
    double seconds = 0, person_months = 0;
    for (const auto& r : run.value("runs", json::array())) seconds += r.value("seconds", 0.0), person_months += r.value("person_months", 0.0);
    c.facts.push_back({w("Started", "Startad"), run.value("started_at", std::string("?"))});
    c.facts.push_back({w("Threads", "Trådar"), std::to_string(run.value("threads", 0))});
    c.facts.push_back({w("Run time (sum over replicates)", "Körtid (summa över replikat)"),
                       fmt::format("{:.2f} s, {:.0f} {}", seconds, person_months, w("person-months", "personmånader"))});
  }
  return c;
}

// uncertainty.csv of a compare folder: which inputs every replicate drew, and the range drawn.
void read_uncertainty(Content& c, const fs::path& file, const Words& w) {
  if (!fs::exists(file)) return;
  const CsvTable t = read_csv_table(file);
  const std::size_t replicate = t.column("replicate"), input = t.column("input"), distribution = t.column("distribution"),
                    value = t.column("value");
  std::vector<std::string> order;
  std::map<std::string, std::pair<std::string, std::vector<double>>> drawn;  // input -> distribution, values
  std::set<std::string> replicates;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    if (!drawn.count(row[input])) order.push_back(row[input]);
    auto& d = drawn[row[input]];
    d.first = row[distribution];
    d.second.push_back(t.number_at(r, value));
    replicates.insert(row[replicate]);
  }
  c.inputs_drawn = std::max(c.inputs_drawn, static_cast<int>(order.size()));
  Content::Table table{w("The uncertain assumptions each replicate drew", "De osäkra antaganden som varje replikat drog"),
                       fmt::format(fmt::runtime(w("{} replicates each drew every input below once (uncertainty.csv); every scenario ran "
                                                  "with the same draws, so the scenarios are compared under the same assumptions.",
                                                  "{} replikat drog vart och ett varje indata nedan en gång (uncertainty.csv); alla "
                                                  "scenarier kördes med samma dragningar, så de jämförs under samma antaganden.")),
                                   replicates.size()),
                       {w("Input (key path)", "Indata (nyckelsökväg)"), w("Distribution", "Fördelning"),
                        w("Values drawn (smallest – largest)", "Dragna värden (minsta – största)")},
                       {},
                       "uncertain-inputs",
                       {},
                       {1}};
  for (const auto& name : order) {
    const auto& [dist, values] = drawn[name];
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    table.rows.push_back({name, dist, fmt::format("{} – {}", significant(*low, w.sv), significant(*high, w.sv))});
  }
  c.tables.push_back(std::move(table));
}

// payback.csv: how likely a scenario (or a sweep's point) pays back within a horizon, and what it
// costs per extra job-year. Columns past the first three are optional: a payback.csv written
// before they were added has only scenario, within_years, probability and replicates.
struct PaybackRow {
  int within_years = 0;
  double probability, probability_low, probability_high, paid, replicates, inputs_drawn, net_mean, net_p05, net_p95,
      extra_job_years, cost_per_job_year, cost_p05, cost_p95, without_extra_jobs;
};

std::vector<PaybackRow> read_payback_rows(const CsvTable& t) {
  const std::size_t within = t.column("within_years"), probability = t.column("probability");
  auto optional = [&](std::size_t r, const char* name) {
    const auto column = t.find(name);
    return column ? t.number_at(r, *column) : std::nan("");
  };
  std::vector<PaybackRow> rows;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const double years = t.number_at(r, within);
    if (!std::isfinite(years)) throw InputError({{{t.file, t.lines[r], static_cast<int>(within) + 1}, "within_years", "empty"}});
    rows.push_back({static_cast<int>(years), t.number_at(r, probability), optional(r, "probability_low"), optional(r, "probability_high"),
                    optional(r, "paid"), optional(r, "replicates"), optional(r, "inputs_drawn"), optional(r, "cumulative_net_mean"),
                    optional(r, "cumulative_net_p05"), optional(r, "cumulative_net_p95"), optional(r, "extra_job_years_mean"),
                    optional(r, "cost_per_extra_job_year_sek"), optional(r, "cost_per_extra_job_year_p05"),
                    optional(r, "cost_per_extra_job_year_p95"), optional(r, "replicates_without_extra_jobs")});
  }
  return rows;
}

// "75 % (47 – 92 %)": a share with its interval, where there is one.
std::string percent_with_interval(double p, double low, double high, bool sv) {
  if (!std::isfinite(low) || !std::isfinite(high)) return percent(p, sv);
  return fmt::format("{} ({} – {})", percent(p, sv), with_decimal_mark(fmt::format("{:.0f}", 100 * low), sv), percent(high, sv));
}

std::string with_range(const std::string& value, const std::string& low, const std::string& high) {
  return low == "–" && high == "–" ? value : fmt::format("{} ({} – {})", value, low, high);
}

std::string whole_count(double x) { return std::isfinite(x) ? fmt::format("{:.0f}", x) : std::string("–"); }

void read_payback(Content& c, const fs::path& file, const Words& w) {
  if (!fs::exists(file)) return;
  const CsvTable t = read_csv_table(file);
  const std::size_t scenario = t.column("scenario");
  const std::vector<PaybackRow> rows = read_payback_rows(t);
  const bool sv = w.sv;
  Content::Table table{
      w("Does it pay back? The probability that the cumulative net is at least zero", "Lönar det sig? Sannolikheten att det kumulativa nettot är minst noll"),
      "", {w("Scenario", "Scenario"), w("Within", "Inom"), w("Probability of paying back (95 % interval)", "Sannolikhet att det lönar sig (95 % intervall)"),
           w("Replicates paid back", "Replikat som lönat sig"),
           w("Cumulative net, MSEK: mean (5th – 95th percentile)", "Kumulativt netto, mnkr: medel (5:e – 95:e percentilen)"),
           w("Extra job-years (mean)", "Extra arbetsår (medel)"),
           w("Cost per extra job-year, SEK (5th – 95th percentile)", "Kostnad per extra arbetsår, kr (5:e – 95:e percentilen)"),
           w("Replicates without extra jobs", "Replikat utan extra jobb")},
      {}, "payback", {}, {}};
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const PaybackRow& p = rows[r];
    if (std::isfinite(p.inputs_drawn)) c.inputs_drawn = std::max(c.inputs_drawn, static_cast<int>(p.inputs_drawn));
    // The horizon with the calendar years it covers: "5 years (2016–2020)".
    table.rows.push_back({t.rows[r][scenario],
                          fmt::format("{}\u00a0{} ({})", p.within_years, w("years", "år"), year_span(c.start_year, c.start_year + p.within_years - 1)),
                          percent_with_interval(p.probability, p.probability_low, p.probability_high, sv),
                          std::isfinite(p.paid) ? fmt::format("{} / {}", whole_count(p.paid), whole_count(p.replicates)) : whole_count(p.replicates),
                          with_range(million(p.net_mean, sv), million(p.net_p05, sv), million(p.net_p95, sv)), significant(p.extra_job_years, sv),
                          with_range(significant(p.cost_per_job_year, sv), significant(p.cost_p05, sv), significant(p.cost_p95, sv)),
                          whole_count(p.without_extra_jobs)});
  }
  table.note = fmt::format(
      fmt::runtime(w("Against {}, over the replicates: the share whose cumulative net (support saved and tax gained, less the extra "
                     "programme cost) after that many years is at least zero, with a 95 % Wilson interval for the finite number of "
                     "replicates. Cost per extra job-year: the extra programme cost over the extra years in work (ratio of the means), "
                     "with the 5th and 95th percentile of the replicates' own ratios; – where not defined (no extra job-years). {}",
                     "Mot {}, över replikaten: andelen vars kumulativa netto (sparat stöd och skatteintäkter, minus den extra "
                     "programkostnaden) efter så många år är minst noll, med ett 95 % Wilsonintervall för det ändliga antalet replikat. "
                     "Kostnad per extra arbetsår: den extra programkostnaden delad med de extra åren i arbete (kvot av medelvärdena), med "
                     "5:e och 95:e percentilen av replikatens egna kvoter; – där den inte är definierad (inga extra arbetsår). {}")),
      c.scenarios.empty() ? std::string("?") : c.scenarios.front(),
      c.inputs_drawn > 0 ? fmt::format(fmt::runtime(w("Each replicate drew {} uncertain assumption(s), so the spread includes their uncertainty.",
                                                      "Varje replikat drog {} osäkra antaganden, så spridningen inkluderar deras osäkerhet.")),
                                       c.inputs_drawn)
                         : w("No uncertain assumption was drawn (compare without --uncertainty): the spread is Monte-Carlo noise only.",
                             "Inga osäkra antaganden drogs (compare utan --uncertainty): spridningen är bara Monte Carlo-brus."));
  // Before the table of the uncertain inputs, which was read first for their number.
  auto inputs = std::find_if(c.tables.begin(), c.tables.end(), [](const Content::Table& x) { return x.id == "uncertain-inputs"; });
  c.tables.insert(inputs, std::move(table));
}

// "mean [low, high]" in MSEK (one decimal) or, with `unit` 1, in whole SEK grouped by thousands;
// Swedish separates the bounds with a semicolon, as its decimal mark is the comma.
std::string mean_and_interval(double mean, double low, double high, bool sv, double unit) {
  auto shown = [&](double x) { return unit == 1 ? grouped(x, sv) : with_decimal_mark(fmt::format("{:.1f}", x / unit), sv); };
  if (!std::isfinite(mean)) return "–";
  if (!std::isfinite(low) || !std::isfinite(high) || low == high) return shown(mean);
  return fmt::format("{} [{}{} {}]", shown(mean), shown(low), sv ? ";" : ",", shown(high));
}

// budget_table.csv of a compare folder (output/budget_spread_writer.cpp): per scenario, each year
// and the totals, every item as the mean with its 95 % interval; one table per scenario, to paste.
void read_budget_table(Content& c, const fs::path& file, const Words& w) {
  if (!fs::exists(file)) return;
  const CsvTable t = read_csv_table(file);
  const std::size_t scenario = t.column("scenario"), kind = t.column("row"), year = t.column("year"), years = t.column("years");
  const std::size_t replicates = t.column("replicates"), pays_back = t.column("pays_back_share"), median = t.column("median_payback_year");
  struct Item {
    const char* column;
    double unit;
  };
  const std::vector<Item> items{{"extra_programme_cost_sek", 1e6}, {"support_saved_sek", 1e6}, {"tax_gained_sek", 1e6}, {"net_sek", 1e6},
                                {"cumulative_net_sek", 1e6},       {"extra_job_years", 0},   {"cost_per_extra_job_year_sek", 1}};
  std::vector<std::string> order;
  std::map<std::string, Content::Table> tables;
  std::map<std::string, std::string> payback_note;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    const std::string& s = row[scenario];
    if (!tables.count(s)) {
      order.push_back(s);
      Content::Table table{fmt::format(fmt::runtime(w("Budget against {}: {}", "Budget mot {}: {}")), c.scenarios.empty() ? std::string("?") : c.scenarios.front(), s),
                           "",
                           {w("Year", "År"), w("Extra programme cost", "Extra programkostnad"), w("Support saved", "Sparat stöd"),
                            w("Tax gained", "Ökade skatteintäkter"), w("Net", "Netto"), w("Cumulative net", "Kumulativt netto"),
                            w("Extra job-years", "Extra arbetsår"), w("Cost per extra job-year, SEK", "Kostnad per extra arbetsår, kr")},
                           {},
                           "budget-table-" + s,
                           {},
                           {0}};
      const double n = t.number_at(r, replicates);
      table.note = fmt::format(
          fmt::runtime(w("MSEK (cost per extra job-year in SEK): the mean over {} replicate(s){}. A year's row is that year; the totals add "
                         "the first years named, discounted as the scenario says where marked. From budget_table.csv.",
                         "Mnkr (kostnad per extra arbetsår i kr): medel över {} replikat{}. En årsrad gäller det året; summorna lägger ihop "
                         "de första åren som anges, diskonterade enligt scenariot där det står. Från budget_table.csv.")),
          whole_count(n),
          n >= 2 ? w(" with the 95 % interval of the mean in brackets", " med medelvärdets 95 % intervall inom hakparentes")
                 : w(" (no interval from one replicate)", " (inget intervall från ett replikat)"));
      tables.emplace(s, std::move(table));
    }
    Content::Table& table = tables.at(s);
    const std::string& k = row[kind];
    const int n_years = static_cast<int>(t.number_at(r, years));
    std::vector<std::string> cells{k == "year" ? whole_count(t.number_at(r, year))
                                   : k == "total" ? fmt::format(fmt::runtime(w("{} years", "{} år")), n_years)
                                                  : fmt::format(fmt::runtime(w("{} years, discounted", "{} år, diskonterat")), n_years)};
    for (const Item& item : items) {
      const std::string name = item.column;
      const double mean = t.number_at(r, t.column(name)), low = t.number_at(r, t.column(name + "_low")), high = t.number_at(r, t.column(name + "_high"));
      if (item.unit == 0) cells.push_back(std::isfinite(mean) ? mean_and_interval(mean, low, high, w.sv, 1) : "–");
      else cells.push_back(k == "year" && item.unit == 1 ? std::string() : mean_and_interval(mean, low, high, w.sv, item.unit));
    }
    table.rows.push_back(std::move(cells));
    if (k != "year" && !payback_note.count(s)) {
      const double share = t.number_at(r, pays_back), payback = t.number_at(r, median);
      payback_note[s] = std::isfinite(payback)
                            ? fmt::format(fmt::runtime(w(" Payback year (median over the replicates): {}; {} of the replicates pay back within the run.",
                                                         " Återbetalningsår (median över replikaten): {}; {} av replikaten betalar tillbaka inom körningen.")),
                                          whole_count(payback), percent(share, w.sv))
                            : fmt::format(fmt::runtime(w(" No payback within {} years in most replicates ({} pay back within the run).",
                                                         " Ingen återbetalning inom {} år i de flesta replikat ({} betalar tillbaka inom körningen).")),
                                          c.budget_span.count(s) ? c.budget_span.at(s).second - c.budget_span.at(s).first + 1 : n_years,
                                          percent(share, w.sv));
    }
  }
  for (const auto& s : order) {
    Content::Table table = std::move(tables.at(s));
    if (payback_note.count(s)) table.note += payback_note.at(s);
    c.tables.push_back(std::move(table));
  }
}

// budget_spread.csv of a compare folder: each scenario's cumulative net by year over replicates.
void read_budget_spread(Content& c, const fs::path& file) {
  if (!fs::exists(file)) return;
  const CsvTable t = read_csv_table(file);
  const std::size_t scenario = t.column("scenario"), year = t.column("year"), quantity = t.column("quantity"), n = t.column("replicates");
  std::vector<std::pair<std::string, std::size_t>> statistics;
  for (const char* name : {"mean", "p05", "p25", "p50", "p75", "p95"}) statistics.push_back({name, t.column(name)});
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    if (t.rows[r][quantity] != "cumulative_net_sek") continue;
    json row{{"s", t.rows[r][scenario]}, {"y", rounded(t.number_at(r, year))}, {"n", rounded(t.number_at(r, n))}};
    for (const auto& [name, column] : statistics) row[name] = rounded(t.number_at(r, column) / 1e6);
    c.budget_fan.push_back(std::move(row));
  }
}

// payback.csv of a sweep folder: per point, the probability of paying back within 10 years (or the
// longest horizon written) and the cumulative net then, against the first swept parameter.
void read_sweep_payback(Content& c, const fs::path& file, const Words& w) {
  if (!fs::exists(file)) return;
  const CsvTable t = read_csv_table(file);
  const std::size_t point = t.column("point"), within = t.column("within_years");
  std::string parameter;
  if (!c.sweep_parameters.empty() && t.find(c.sweep_parameters.front())) parameter = c.sweep_parameters.front();
  else if (point + 1 < within) parameter = t.header[point + 1];
  else throw InputError({{{file, 1, 1}, "", "no column of a swept parameter between point and within_years"}});
  const std::size_t x = t.column(parameter);
  const std::vector<PaybackRow> rows = read_payback_rows(t);
  std::set<int> horizons;
  for (const auto& r : rows) horizons.insert(r.within_years);
  if (horizons.empty()) return;
  const int horizon = horizons.count(10) ? 10 : *horizons.rbegin();
  c.sweep_payback_parameter = parameter;
  c.sweep_payback_years = horizon;
  Content::Table table{fmt::format(fmt::runtime(w("Does it pay back within {} years? Per point", "Lönar det sig inom {} år? Per punkt")), horizon),
                       w("Probability over the point's replicates that the cumulative net is at least zero (95 % Wilson interval), and the "
                         "cumulative net then: mean (5th – 95th percentile).",
                         "Sannolikheten över punktens replikat att det kumulativa nettot är minst noll (95 % Wilsonintervall), och det "
                         "kumulativa nettot då: medel (5:e – 95:e percentilen)."),
                       {"point"},
                       {},
                       "sweep-payback",
                       {},
                       {}};
  for (std::size_t k = point + 1; k < within; ++k) table.header.push_back(t.header[k]);
  table.header.push_back(w("Probability of paying back", "Sannolikhet att det lönar sig"));
  table.header.push_back(w("Cumulative net, MSEK", "Kumulativt netto, mnkr"));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const PaybackRow& p = rows[r];
    if (p.within_years != horizon) continue;
    std::vector<std::string> cells{t.rows[r][point]};
    for (std::size_t k = point + 1; k < within; ++k) cells.push_back(significant(t.number_at(r, k), w.sv));
    cells.push_back(percent_with_interval(p.probability, p.probability_low, p.probability_high, w.sv));
    cells.push_back(with_range(million(p.net_mean, w.sv), million(p.net_p05, w.sv), million(p.net_p95, w.sv)));
    table.rows.push_back(std::move(cells));
    c.sweep_payback.push_back({{"point", t.rows[r][point]}, {"x", rounded(t.number_at(r, x))}, {"p", rounded(p.probability)},
                               {"plo", rounded(p.probability_low)}, {"phi", rounded(p.probability_high)}, {"v", rounded(p.net_mean / 1e6)},
                               {"vlo", rounded(p.net_p05 / 1e6)}, {"vhi", rounded(p.net_p95 / 1e6)}});
  }
  c.tables.push_back(std::move(table));
}

// The second generation's table: the children of a measure's households against the same children in
// the first scenario (common random numbers: the same people), at the last month kept.
void add_second_generation(Content& c, const std::vector<SecondGeneration>& found, const Words& w) {
  if (found.empty()) return;
  const bool sv = w.sv;
  auto share = [&](std::size_t part, std::size_t whole) { return whole == 0 ? std::string("–") : percent(static_cast<double>(part) / static_cast<double>(whole), sv, 1); };
  auto points = [&](std::size_t a, std::size_t n, std::size_t b, std::size_t m) {
    if (n == 0 || m == 0) return std::string("–");
    return with_decimal_mark(fmt::format("{:+.1f}", 100.0 * (static_cast<double>(a) / static_cast<double>(n) - static_cast<double>(b) / static_cast<double>(m))),
                             sv ? Language::kSwedish : Language::kEnglish) + (sv ? " procentenheter" : " pp");
  };
  Content::Table t{w("The second generation: children of the measures' households", "Andra generationen: barn i insatsernas hushåll"),
                   fmt::format(fmt::runtime(w("Children (under 18) who lived, at a month kept, with someone in one of the scenario's own measures "
                                              "(a policy {} does not run), followed by id to month {} — in the scenario and in {} (the same "
                                              "people: common random numbers). Over replicates, at the simulated scale. Adulthood needs a long "
                                              "horizon: with few aged 20–30 by the end, the shares say little.",
                                              "Barn (under 18) som vid en sparad månad bodde med någon i en av scenariots egna insatser (en "
                                              "insats som {} inte har), följda efter id till månad {} — i scenariot och i {} (samma personer: "
                                              "gemensamma slumptal). Över replikat, i simulerad skala. Vuxenlivet kräver en lång horisont: med få "
                                              "20–30-åringar vid slutet säger andelarna lite.")),
                               found.front().base, found.front().month, found.front().base),
                   {w("Scenario", "Scenario"), w("Children", "Barn"), w("Still in the city", "Kvar i staden"), w("Aged 20–30", "20–30 år"),
                    w("Employed 20–30", "I arbete 20–30"), fmt::format("{} {}", w("Employed 20–30,", "I arbete 20–30,"), found.front().base),
                    w("Difference", "Skillnad"), w("Upper-secondary completed (20+)", "Fullföljd gymnasieskola (20+)"),
                    fmt::format("{} {}", w("Completed,", "Fullföljd,"), found.front().base), w("Difference", "Skillnad")},
                   {},
                   "second-generation",
                   {},
                   {0}};
  for (const auto& g : found)
    t.rows.push_back({display_name(g.scenario, sv ? Language::kSwedish : Language::kEnglish, &c.names), std::to_string(g.children),
                      fmt::format("{} / {}", g.in_city[0], g.in_city[1]), fmt::format("{} / {}", g.aged_20_30[0], g.aged_20_30[1]),
                      share(g.employed_20_30[0], g.aged_20_30[0]), share(g.employed_20_30[1], g.aged_20_30[1]),
                      points(g.employed_20_30[0], g.aged_20_30[0], g.employed_20_30[1], g.aged_20_30[1]),
                      share(g.completed_school[0], g.aged_20_plus[0]), share(g.completed_school[1], g.aged_20_plus[1]),
                      points(g.completed_school[0], g.aged_20_plus[0], g.completed_school[1], g.aged_20_plus[1])});
  c.tables.push_back(std::move(t));
}

Content read_compare(const fs::path& folder, const Words& w) {
  Content c;
  c.kind = "compare";
  c.city_label = w("City", "Hela staden");
  // Scenarios in the order of headline.csv (the first is the base of comparison).
  const fs::path headline = folder / "headline.csv";
  if (fs::exists(headline)) {
    std::size_t s = 0, y = 0, o = 0, n = 0, mean = 0, low = 0, high = 0, d = 0, dl = 0, dh = 0;
    for_each_csv_row(
        headline,
        [&](const CsvColumns& h) {
          s = h.at("scenario", headline), y = h.at("year", headline), o = h.at("outcome", headline);
          n = h.at("replicates", headline), mean = h.at("mean", headline), low = h.at("low", headline);
          high = h.at("high", headline), d = h.at("difference", headline), dl = h.at("difference_low", headline);
          dh = h.at("difference_high", headline);
        },
        [&](const std::vector<std::string>& r) {
          if (r.size() <= dh) return;
          if (std::find(c.scenarios.begin(), c.scenarios.end(), r[s]) == c.scenarios.end()) c.scenarios.push_back(r[s]);
          HeadlineRow row{r[s], std::stoi(r[y]), r[o], {number(r[mean]), number(r[low]), number(r[high]), static_cast<std::size_t>(number(r[n]))}, std::nullopt};
          if (!r[d].empty()) row.difference = Interval95{number(r[d]), number(r[dl]), number(r[dh]), row.value.n};
          c.headline.push_back(row);
        });
  }
  fs::path first_inputs;
  if (!c.scenarios.empty()) first_inputs = folder / "inputs" / c.scenarios.front();
  if (!first_inputs.empty() && fs::exists(first_inputs / "scenario.yaml")) {
    YAML::Node root = YAML::LoadFile((first_inputs / "scenario.yaml").string());
    if (root["start_year"]) c.start_year = root["start_year"].as<int>();
    for (const char* key : {"seed", "replicates", "scale", "months"})
      if (root[key]) c.facts.push_back({key, root[key].as<std::string>()});
  }
  read_districts(c, first_inputs / "districts.yaml");

  const fs::path compare = folder / "compare.csv";
  std::size_t s = 0, month = 0, district = 0, group = 0, metric = 0, mean = 0, low = 0, high = 0;
  for_each_csv_row(
      compare,
      [&](const CsvColumns& h) {
        s = h.at("scenario", compare), month = h.at("month", compare), district = h.at("district", compare);
        group = h.at("group", compare), metric = h.at("metric", compare), mean = h.at("mean", compare);
        low = h.at("low", compare), high = h.at("high", compare);
      },
      [&](const std::vector<std::string>& r) {
        if (r.size() <= high || !wanted(r[district], r[group], r[metric]) || r[metric] == "income_support_sek") return;
        if (std::find(c.scenarios.begin(), c.scenarios.end(), r[s]) == c.scenarios.end()) c.scenarios.push_back(r[s]);
        const bool newcomers = r[metric] == "newcomers_employed_after_2_years";
        json row{{"s", r[s]}, {"t", year_of_month(c.start_year, std::stoi(r[month]))}, {"d", district_name(c, r[district])},
                 {"k", r[metric]}, {"v", rounded(number(r[mean]))}, {"lo", rounded(number(r[low]))}, {"hi", rounded(number(r[high]))}};
        if (newcomers) {
          // Before month 25 nobody who arrived during the run can have been here two years.
          if (std::stoi(r[month]) <= 24) return;
          row["m"] = row["t"];
          c.newcomers.push_back(std::move(row));
        } else {
          c.series.push_back(std::move(row));
        }
      });
  // The newcomers followed from arrival and the steps of the staircase, each scenario's.
  if (fs::exists(folder / "newcomers.csv")) {
    c.newcomers = json::array();
    read_newcomers(c, folder / "newcomers.csv");
  }
  if (fs::exists(folder / "stages.csv"))
    for (const auto& [name, series] : read_outcomes_by_scenario(folder / "stages.csv")) add_series(c, name, series);
  for (const auto& name : c.scenarios) read_display_names(c, name, folder / "inputs" / name);
  c.cohort = read_cohort_paths(folder / "results.sqlite");
  add_second_generation(c, read_second_generation(folder / "results.sqlite"), w);
  add_budget(c, read_budget(folder / "budget.csv"));
  read_targets(c, folder / "targets.csv");
  c.title = fmt::format("{}", fmt::join(c.scenarios, " · "));
  read_uncertainty(c, folder / "uncertainty.csv", w);  // first: it says how many inputs were drawn
  read_payback(c, folder / "payback.csv", w);
  read_budget_spread(c, folder / "budget_spread.csv");
  read_budget_table(c, folder / "budget_table.csv", w);

  if (!first_inputs.empty()) read_model_files(c, first_inputs, originals_of(first_inputs / "scenario.yaml"));
  for (const auto& name : c.scenarios)
    if (fs::exists(folder / "inputs" / name / "scenario.yaml"))
      c.scenario_files.push_back({name, read_text(folder / "inputs" / name / "scenario.yaml")});
  if (fs::exists(folder / "runs.csv")) {
    double seconds = 0;
    int runs = 0;
    const fs::path file = folder / "runs.csv";
    std::size_t sec = 0;
    for_each_csv_row(file, [&](const CsvColumns& h) { sec = h.at("seconds", file); },
                     [&](const std::vector<std::string>& r) { seconds += number(r.at(sec)), ++runs; });
    c.facts.push_back({w("Run time (sum over runs)", "Körtid (summa över körningar)"), fmt::format("{:.2f} s, {} {}", seconds, runs, w("runs", "körningar"))});
  }
  return c;
}

Content read_calibration(const fs::path& folder, const Words& w) {
  Content c;
  c.kind = "calibration";
  c.title = folder.filename().string();
  if (fs::exists(folder / "calibration.yaml")) {
    std::string text = read_text(folder / "calibration.yaml");
    c.scenario_files.push_back({"calibration.yaml", text});
    YAML::Node root = YAML::Load(text);
    if (root["description"] && root["description"].IsScalar()) c.title = root["description"].as<std::string>();
    if (root["optimiser"] && root["optimiser"]["algorithm"]) c.facts.push_back({w("Algorithm", "Algoritm"), root["optimiser"]["algorithm"].as<std::string>()});
    if (root["evaluation"] && root["evaluation"].IsMap())
      for (const auto& entry : root["evaluation"])
        if (entry.second.IsScalar()) c.facts.push_back({entry.first.as<std::string>(), entry.second.as<std::string>()});
  }
  auto table = [&](const fs::path& file, const std::string& title, const std::string& note) {
    Content::Table t{title, note, {}, {}, {}, {}, {}};
    for_each_csv_row(file, [&](const CsvColumns& h) { t.header = h.names; }, [&](const std::vector<std::string>& r) { t.rows.push_back(r); });
    c.tables.push_back(std::move(t));
  };
  table(folder / "parameters.csv", w("Fitted parameters", "Anpassade parametrar"),
        w("Standard errors from the Jacobian of the moments at the fit (the published figures' uncertainty taken as their tolerance, "
          "plus Monte-Carlo noise); 'no' under identified: the targets do not pin the parameter down.",
          "Medelfel från Jacobianen av momenten vid anpassningen (de publicerade siffrornas osäkerhet tagen som deras tolerans, "
          "plus Monte Carlo-brus); 'no' under identified: målen bestämmer inte parametern."));
  table(folder / "fit.csv", w("The fit: every target before and after", "Anpassningen: varje mål före och efter"),
        w("'fit' targets are fitted; 'check' targets judge the fit on figures it did not see.",
          "'fit'-mål anpassas; 'check'-mål prövar anpassningen mot siffror den inte sett."));
  const fs::path trace = folder / "trace.csv";
  std::size_t objective = 0;
  double best = std::numeric_limits<double>::infinity();
  for_each_csv_row(
      trace, [&](const CsvColumns& h) { objective = h.at("objective", trace); },
      [&](const std::vector<std::string>& r) {
        if (r.size() <= objective) return;
        double v = number(r[objective]);
        if (!(v < 1e29)) return;  // a point that could not be run
        best = std::min(best, v);
        c.trace.push_back({{"e", static_cast<int>(c.trace.size()) + 1}, {"v", rounded(v)}, {"b", rounded(best)}});
      });
  return c;
}

Content read_sweep(const fs::path& folder, const Words& w) {
  Content c;
  c.kind = "sweep";
  c.title = folder.filename().string();
  const fs::path points = folder / "points.csv";
  const fs::path sweep = folder / "sweep.csv";
  if (fs::exists(folder / "sweep.yaml")) {
    std::string text = read_text(folder / "sweep.yaml");
    c.scenario_files.push_back({"sweep.yaml", text});
    YAML::Node root = YAML::Load(text);
    if (root["description"]) c.title = root["description"].as<std::string>();
    for (const auto& p : root["parameters"])
      if (p["path"]) {
        c.sweep_parameters.push_back(p["path"].as<std::string>());
        // As engine/scenario/sweep_spec.hpp's log_scale: the points were drawn evenly in the logarithm.
        if (p["scale"] && p["scale"].IsScalar() && p["scale"].as<std::string>() == "log") c.sweep_log.insert(p["path"].as<std::string>());
      }
    for (const char* key : {"design", "replicates", "scale", "years", "seed", "sampling_seed", "points"})
      if (root[key] && root[key].IsScalar()) c.facts.push_back({key, root[key].as<std::string>()});
  }
  const fs::path table = fs::exists(points) ? points : sweep;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  for_each_csv_row(table, [&](const CsvColumns& h) { header = h.names; }, [&](const std::vector<std::string>& r) { rows.push_back(r); });
  if (c.sweep_parameters.empty())
    for (const auto& name : header)
      if (name != "point" && name != "replicate" && name.find("_m") == std::string::npos) c.sweep_parameters.push_back(name);
  // The last horizon written (largest _m<month> suffix), for the outcomes the planners read first.
  int last_month = 0;
  for (const auto& name : header)
    if (auto at = name.rfind("_m"); at != std::string::npos && name.find("employment_rate_20_64_m") == 0) {
      std::string digits = name.substr(at + 2);
      if (!digits.empty() && std::all_of(digits.begin(), digits.end(), ::isdigit)) last_month = std::max(last_month, std::stoi(digits));
    }
  const std::vector<std::string> outcomes{"employment_rate_20_64", "employment_rate_gap_20_64", "gini",
                                          "share_children_in_workless_households", "newcomers_employed_after_2_years",
                                          "income_support_sek_last_12_months"};
  auto column = [&](const std::string& name) -> std::optional<std::size_t> {
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) return std::nullopt;
    return static_cast<std::size_t>(it - header.begin());
  };
  // The table fits the page: parameters by short label (the whole path as the header's
  // title), values to four digits, each interval on a line of its own, the month said once.
  const std::vector<std::string> labels = short_labels(c.sweep_parameters);
  c.sweep_month = last_month;
  c.sweep_table_header.push_back(w("point", "punkt"));
  c.sweep_table_titles.push_back("");
  for (std::size_t p = 0; p < labels.size(); ++p) {
    c.sweep_table_header.push_back(labels[p]);
    c.sweep_table_titles.push_back(c.sweep_parameters[p]);
  }
  for (const auto& o : outcomes) {
    c.sweep_table_header.push_back(outcome_label(o, w));
    c.sweep_table_titles.push_back("");
  }
  for (const auto& r : rows) {
    std::vector<std::string> cells;
    auto point = column("point");
    cells.push_back(point && *point < r.size() ? r[*point] : "");
    for (const auto& p : c.sweep_parameters) {
      auto pc = column(p);
      cells.push_back(pc && *pc < r.size() ? (std::isfinite(number(r[*pc])) ? fmt::format("{:.4g}", number(r[*pc])) : r[*pc]) : "");
    }
    for (const auto& o : outcomes) {
      const std::string name = fmt::format("{}_m{}", o, last_month);
      auto vc = column(name), lc = column(name + "_low"), hc = column(name + "_high");
      if (!vc || *vc >= r.size()) {
        cells.push_back("");
        continue;
      }
      double v = number(r[*vc]);
      cells.push_back(lc && hc && *hc < r.size() ? fmt::format("{:.4g}\n{:.4g} – {:.4g}", v, number(r[*lc]), number(r[*hc]))
                                                  : fmt::format("{:.4g}", v));
      for (std::size_t q = 0; q < c.sweep_parameters.size(); ++q) {
        auto pc = column(c.sweep_parameters[q]);
        if (!pc || *pc >= r.size()) continue;
        json row{{"point", cells.front()}, {"p", labels[q]}, {"x", rounded(number(r[*pc]))}, {"k", outcome_label(o, w)}, {"o", o}, {"v", rounded(v)}};
        row["lo"] = lc ? rounded(number(r[*lc])) : row["v"];
        row["hi"] = hc ? rounded(number(r[*hc])) : row["v"];
        c.sweep_rows.push_back(std::move(row));
      }
    }
    c.sweep_table.push_back(std::move(cells));
  }
  c.facts.push_back({w("Rows", "Rader"), fmt::format("{} ({})", rows.size(), table.filename().string())});
  read_sweep_payback(c, folder / "payback.csv", w);
  return c;
}

// What an output of a sensitivity file measures, e.g. "budget:net_sek, years 1–10, sum".
std::string output_definition(const YAML::Node& output, const Words& w) {
  auto text = [&](const char* key) { return output[key] && output[key].IsScalar() ? output[key].as<std::string>() : std::string(); };
  std::vector<std::string> parts{text("metric")};
  if (!text("district").empty() && text("district") != "city") parts.push_back(text("district"));
  if (!text("group").empty() && text("group") != "all") parts.push_back(text("group"));
  const YAML::Node years = output["years"], period = output["period"];
  if (years && years.IsSequence() && years.size() == 2 && years[0].as<std::string>() == years[1].as<std::string>())
    parts.push_back(fmt::format("{} {}", w("year", "år"), years[0].as<std::string>()));
  else if (years && years.IsSequence() && years.size() == 2)
    parts.push_back(fmt::format("{} {}–{}", w("years", "år"), years[0].as<std::string>(), years[1].as<std::string>()));
  else if (period && period.IsSequence() && period.size() == 2)
    parts.push_back(fmt::format("{} – {}", period[0].as<std::string>(), period[1].as<std::string>()));
  else if (period && period.IsScalar())
    parts.push_back(period.as<std::string>());
  else if (!text("month").empty())
    parts.push_back(text("month"));
  static const std::map<std::string, std::pair<const char*, const char*>> statistics{
      {"mean", {"mean", "medel"}}, {"sum", {"sum", "summa"}}, {"end", {"at the end", "vid slutet"}},
      {"min", {"minimum", "minimum"}}, {"max", {"maximum", "maximum"}}};
  const std::string statistic = text("statistic").empty() ? "mean" : text("statistic");
  auto it = statistics.find(statistic);
  parts.push_back(it == statistics.end() ? statistic : w(it->second.first, it->second.second));
  return fmt::format("{}", fmt::join(parts, ", "));
}

// How many of an output's inputs get a scatter plot of their points: the ones that matter.
constexpr std::size_t kScatteredInputs = 4;

Content read_sensitivity(const fs::path& folder, const Words& w) {
  Content c;
  c.kind = "sensitivity";
  c.title = folder.filename().string();
  const fs::path spec_file = folder / "sensitivity.yaml";
  const std::string text = read_text(spec_file);
  c.scenario_files.push_back({"sensitivity.yaml", text});
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError({{{spec_file, e.mark.line + 1, e.mark.column + 1}, "", "not valid YAML: " + e.msg}});
  }
  auto scalar = [](const YAML::Node& node, const char* key) {
    return node.IsMap() && node[key] && node[key].IsScalar() ? node[key].as<std::string>() : std::string();
  };
  if (!scalar(root, "description").empty()) c.title = scalar(root, "description");

  const fs::path indices_file = folder / "indices.csv";
  if (!fs::exists(indices_file))
    throw InputError({{{indices_file, 0, 0}, "", "missing: the analysis has not finished (trappsteg sensitivity FILE --resume runs the points left)"}});
  const CsvTable indices = read_csv_table(indices_file);
  c.method = scalar(root, "method");
  if (c.method.empty()) c.method = indices.find("mu_star") ? "morris" : "sobol";
  if (c.method != "morris" && c.method != "sobol")
    throw InputError({{{spec_file, 0, 0}, "method", fmt::format("'{}' is neither morris nor sobol", c.method)}});
  const bool morris = c.method == "morris";

  // The inputs in the file's order, with their sources; indices.csv names their distributions as the
  // analysis read them.
  struct Input {
    std::string path, distribution, source;
  };
  std::vector<Input> inputs;
  if (root["inputs"] && root["inputs"].IsSequence())
    for (const auto& input : root["inputs"]) inputs.push_back({scalar(input, "path"), scalar(input, "distribution"), scalar(input, "source")});
  std::map<std::string, std::string> definitions;
  std::set<std::string> amounts;  // outputs in SEK, shown in MSEK like every other amount in the report
  if (root["outputs"] && root["outputs"].IsSequence())
    for (const auto& output : root["outputs"])
      if (!scalar(output, "name").empty()) {
        definitions[scalar(output, "name")] = output_definition(output, w);
        if (scalar(output, "metric").ends_with("_sek")) amounts.insert(scalar(output, "name"));
      }

  const std::size_t output = indices.column("output"), input = indices.column("input"), distribution = indices.column("distribution");
  const std::size_t variance = indices.column("output_variance"), share = indices.column("monte_carlo_share"),
                    failed = indices.column("failed_points");
  const std::vector<std::string> measures = morris ? std::vector<std::string>{"mu", "mu_star", "sigma"}
                                                   : std::vector<std::string>{"first_order", "first_order_low", "first_order_high",
                                                                              "total", "total_low", "total_high"};
  std::vector<std::size_t> measure_columns;
  for (const auto& m : measures) measure_columns.push_back(indices.column(m));
  // What ranks the inputs: mu* (overall influence) or the total index (influence with interactions).
  const std::string rank_by = morris ? "mu_star" : "total";
  std::vector<std::map<std::string, double>> ranks;  // per output: input path -> rank_by
  for (std::size_t r = 0; r < indices.rows.size(); ++r) {
    const auto& row = indices.rows[r];
    auto o = std::find_if(c.sensitivity_outputs.begin(), c.sensitivity_outputs.end(), [&](const auto& x) { return x.name == row[output]; });
    if (o == c.sensitivity_outputs.end()) {
      SensitivityOutput added;
      added.name = row[output];
      added.definition = definitions.count(row[output]) ? definitions[row[output]] : "";
      if (amounts.count(row[output])) added.unit = w(", MSEK", ", mnkr");
      added.variance = indices.number_at(r, variance) * (added.unit.empty() ? 1 : 1e-12);
      added.monte_carlo_share = indices.number_at(r, share);
      const double failures = indices.number_at(r, failed);
      added.failed_points = std::isfinite(failures) ? static_cast<int>(failures) : 0;
      c.sensitivity_outputs.push_back(std::move(added));
      ranks.emplace_back();
      o = c.sensitivity_outputs.end() - 1;
    }
    auto known = std::find_if(inputs.begin(), inputs.end(), [&](const Input& i) { return i.path == row[input]; });
    if (known == inputs.end()) inputs.push_back({row[input], row[distribution], ""});
    else known->distribution = row[distribution];
    json values{{"path", row[input]}};
    // Morris's effects are in the output's unit; Sobol's indices are shares and keep theirs.
    const double in_unit = morris && !o->unit.empty() ? 1e-6 : 1;
    for (std::size_t m = 0; m < measures.size(); ++m) {
      const double x = indices.number_at(r, measure_columns[m]) * in_unit;
      values[measures[m]] = rounded(x);
      if (measures[m] == rank_by) ranks[static_cast<std::size_t>(o - c.sensitivity_outputs.begin())][row[input]] = x;
    }
    o->indices.push_back(std::move(values));
  }
  if (c.sensitivity_outputs.empty()) throw InputError({{{indices_file, 2, 1}, "", "no indices: the file holds only its header"}});

  std::vector<std::string> paths;
  for (const auto& i : inputs) paths.push_back(i.path);
  const std::vector<std::string> labels = short_labels(paths);
  auto label_of = [&](const std::string& path) { return labels[static_cast<std::size_t>(std::find(paths.begin(), paths.end(), path) - paths.begin())]; };
  for (std::size_t o = 0; o < c.sensitivity_outputs.size(); ++o) {
    SensitivityOutput& out = c.sensitivity_outputs[o];
    std::vector<std::string> order;
    for (auto& row : out.indices) {
      row["i"] = label_of(row["path"].get<std::string>());
      order.push_back(row["path"].get<std::string>());
    }
    // Most influential first; an index that could not be computed goes last.
    std::stable_sort(order.begin(), order.end(), [&](const std::string& a, const std::string& b) {
      const double x = ranks[o][a], y = ranks[o][b];
      return std::isfinite(x) && (!std::isfinite(y) || x > y);
    });
    for (const auto& path : order) out.order.push_back(label_of(path));
    out.scattered = std::min(kScatteredInputs, order.size());
    // The rank names a point in the μ*–σ plot, where names would print over each other.
    for (auto& row : out.indices) {
      const auto rank = std::find(out.order.begin(), out.order.end(), row["i"].get<std::string>()) - out.order.begin() + 1;
      row["n"] = std::to_string(rank);
      row["r"] = fmt::format("{} · {}", rank, row["i"].get<std::string>());
    }
  }

  // Every point's inputs and outputs, for the scatter plots of the inputs that matter.
  const fs::path points_file = folder / "points.csv";
  std::size_t evaluated = 0, failed_points = 0;
  if (fs::exists(points_file)) {
    const CsvTable points = read_csv_table(points_file);
    const std::size_t problem = points.column("problem");
    evaluated = points.rows.size();
    for (const auto& row : points.rows) failed_points += !row[problem].empty();
    for (auto& out : c.sensitivity_outputs) {
      const std::size_t value = points.column(out.name);
      const std::optional<std::size_t> error = points.find(out.name + "_standard_error");
      std::vector<std::pair<std::string, std::size_t>> shown;  // path, column
      for (std::size_t k = 0; k < out.scattered; ++k) {
        const std::string& path = paths[static_cast<std::size_t>(std::find(labels.begin(), labels.end(), out.order[k]) - labels.begin())];
        shown.push_back({path, points.column(path)});
      }
      const double in_unit = out.unit.empty() ? 1 : 1e-6;
      for (std::size_t r = 0; r < points.rows.size(); ++r) {
        const double y = points.number_at(r, value) * in_unit;
        if (!std::isfinite(y)) continue;  // a point that failed
        out.largest_value = std::max(out.largest_value, std::abs(y));
        const double se = error ? points.number_at(r, *error) * in_unit : std::nan("");
        for (const auto& [path, column] : shown) {
          json p{{"i", label_of(path)}, {"path", path}, {"x", rounded(points.number_at(r, column))}, {"y", rounded(y)}};
          if (std::isfinite(se) && se > 0) p["lo"] = rounded(y - 1.96 * se), p["hi"] = rounded(y + 1.96 * se);
          out.points.push_back(std::move(p));
        }
      }
    }
  }

  // The tables: the outputs with how far their indices can be trusted, each output's indices, the inputs.
  const bool sv = w.sv;
  Content::Table outputs_table{w("The outputs and how much of their spread is noise", "Utfallen och hur mycket av deras spridning som är brus"),
                               w("Standard deviation: of the output's mean over the analysis's points. Monte-Carlo share: the share of "
                                 "that spread which is simulation noise (replicates of the same point differing) rather than the inputs; "
                                 "above about 30 % the indices should be read with care — more replicates per point or a larger scale "
                                 "lower it (above 100 %: the noise is larger than the spread it should explain, and the indices say "
                                 "nothing). Failed points are left out of the indices.",
                                 "Standardavvikelse: för utfallets medel över analysens punkter. Monte Carlo-andel: den andel av "
                                 "spridningen som är simuleringsbrus (replikat av samma punkt som skiljer sig) och inte beror på "
                                 "indata; över omkring 30 % bör indexen läsas med försiktighet — fler replikat per punkt eller större "
                                 "skala sänker den (över 100 %: bruset är större än spridningen det ska förklara, och indexen säger "
                                 "ingenting). Misslyckade punkter ingår inte i indexen."),
                               {w("Output", "Utfall"), w("What it measures", "Vad det mäter"), w("Standard deviation", "Standardavvikelse"),
                                w("Monte-Carlo share of the variance", "Monte Carlo-andel av variansen"), w("Failed points", "Misslyckade punkter")},
                               {},
                               "sensitivity-outputs",
                               {},
                               {1}};
  for (const auto& out : c.sensitivity_outputs) {
    // An output the inputs do not move has a variance of rounding errors, and the share of it that
    // is noise is a ratio of two of them.
    const bool no_spread = !(out.variance > 0) || std::sqrt(out.variance) <= 1e-9 * out.largest_value;
    std::string noise = percent(out.monte_carlo_share, sv, 1);
    if (no_spread) {
      noise = w("– (the output does not vary between the points)", "– (utfallet varierar inte mellan punkterna)");
    } else if (out.monte_carlo_share > 0.3) {
      noise += w(" — read with care", " — läs med försiktighet");
      outputs_table.flagged.insert({outputs_table.rows.size(), 3});
    }
    outputs_table.rows.push_back({out.name, out.definition,
                                  no_spread ? "0" : significant(std::sqrt(out.variance), sv) + (out.unit.empty() ? "" : out.unit.substr(1)), noise,
                                  std::to_string(out.failed_points)});
  }
  c.tables.push_back(std::move(outputs_table));
  for (const auto& out : c.sensitivity_outputs) {
    Content::Table t{fmt::format("{}: {}", w("Indices", "Index"), out.name),
                     morris ? w("The most influential input first (by μ*).", "Det mest inflytelserika indatat först (efter μ*).")
                            : w("The most influential input first (by the total index); 95 % bootstrap intervals in brackets.",
                                "Det mest inflytelserika indatat först (efter totalindex); 95 % bootstrapintervall inom parentes."),
                     {w("Input", "Indata")},
                     {},
                     "indices-" + out.name,
                     {},
                     {}};
    if (morris) t.header.insert(t.header.end(), {"μ*" + out.unit, "μ" + out.unit, "σ" + out.unit});
    else t.header.insert(t.header.end(), {w("First order", "Första ordningen"), w("Total", "Totalt")});
    for (const auto& label : out.order)
      for (const json& r : out.indices) {
        if (r["i"].get<std::string>() != label) continue;
        auto v = [&](const char* key) { return r[key].is_number() ? significant(r[key].get<double>(), sv) : std::string("–"); };
        if (morris) t.rows.push_back({r["path"].get<std::string>(), v("mu_star"), v("mu"), v("sigma")});
        else
          t.rows.push_back({r["path"].get<std::string>(), fmt::format("{} ({} – {})", v("first_order"), v("first_order_low"), v("first_order_high")),
                            fmt::format("{} ({} – {})", v("total"), v("total_low"), v("total_high"))});
      }
    c.tables.push_back(std::move(t));
  }
  Content::Table inputs_table{w("The uncertain inputs", "De osäkra indata"), "",
                              {w("Input (key path)", "Indata (nyckelsökväg)"), w("Distribution", "Fördelning"), w("Source", "Källa")},
                              {},
                              "sensitivity-inputs",
                              {},
                              {1, 2}};
  for (const auto& i : inputs) inputs_table.rows.push_back({i.path, i.distribution, i.source});
  c.tables.push_back(std::move(inputs_table));

  c.facts.push_back({w("Method", "Metod"), morris ? w("Morris elementary effects (screening)", "Morris elementära effekter (screening)")
                                                  : w("Sobol indices (variance decomposition)", "Sobol-index (variansuppdelning)")});
  if (!scalar(root, "scenario").empty()) c.facts.push_back({w("Scenario", "Scenario"), scalar(root, "scenario")});
  c.facts.push_back({w("Points evaluated", "Utvärderade punkter"),
                     fs::exists(points_file) ? fmt::format("{} ({} {})", evaluated, failed_points, w("failed", "misslyckade")) : "–"});
  for (const char* section : {"evaluation", "morris", "sobol"})
    if (root[section] && root[section].IsMap())
      for (const auto& entry : root[section])
        if (entry.second.IsScalar()) c.facts.push_back({fmt::format("{}.{}", section, entry.first.as<std::string>()), entry.second.as<std::string>()});
  // The command line can change the evaluation; the manifest records it as run.
  if (fs::exists(folder / "manifest.json")) {
    const json manifest = json::parse(read_text(folder / "manifest.json"));
    c.facts.push_back({w("Engine version", "Motorversion"), manifest.value("engine_version", std::string("?"))});
    if (manifest.contains("inputs") && manifest["inputs"].contains("evaluation") && manifest["inputs"]["evaluation"].is_string()) {
      const std::string as_run = manifest["inputs"]["evaluation"].get<std::string>();
      if (as_run.rfind("=", 0) == 0) c.facts.push_back({w("Evaluation as run", "Utvärdering som körd"), as_run.substr(1)});
    }
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// Vega-Lite specifications.

json x_year(const Words& w) { return {{"field", "t"}, {"type", "quantitative"}, {"title", w("Year", "År")}, {"axis", {{"format", "d"}}}, {"scale", {{"zero", false}}}}; }

// Distinct colours (Tableau 10 and two more), given to scenarios and districts in a fixed order.
const std::vector<std::string> kPalette{"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2",
                                        "#edc948", "#9c755f", "#ff9da7", "#bab0ac", "#1b9e77", "#7570b3"};
constexpr const char* kCityColour = "#111111";
const std::string kLeftColour = "#bab0ac";  // the palette's grey, for those who left the city: no step has it

// The cohort's alluvial: a node's half width and the margin beside the first and last years (in
// years along the x axis), the points a ribbon's curve is drawn through, its opacity, a panel's
// size, and the smallest node (in pixels) that has room for its share written in it.
constexpr double kNodeHalfWidth = 0.18, kYearMargin = 0.3, kRibbonOpacity = 0.45;
constexpr int kRibbonSamples = 16, kAlluvialWidth = 390, kAlluvialHeight = 260;
constexpr double kNodeLabelWidth = 24, kNodeLabelHeight = 13;

json palette(std::size_t n) {
  json range = json::array();
  for (std::size_t i = 0; i < n; ++i) range.push_back(kPalette[i % kPalette.size()]);
  return range;
}

// The domain is the scenarios' keys (never translated), so a scenario keeps its colour in both languages.
// A Vega expression that shows a scenario key by its display name in the page's language (the
// colours stay keyed on the key, so they do not move with the language).
std::string scenario_label_expression(const Content& c, const Words& w) {
  json titles = json::object();
  for (const auto& s : c.scenarios) titles[s] = display_name(s, w.sv ? Language::kSwedish : Language::kEnglish, &c.names);
  return titles.dump() + "[datum.label] || datum.label";
}

json scenario_color(const Content& c, const Words& w) {
  return {{"field", "s"}, {"type", "nominal"}, {"title", w("Scenario", "Scenario")},
          {"scale", {{"domain", c.scenarios}, {"range", palette(c.scenarios.size())}}},
          {"legend", {{"labelExpr", scenario_label_expression(c, w)}}}};
}

// Districts in the model file's order, the city last in near-black, so colours do not move with the language.
json district_color(const Content& c, const Words& w) {
  json domain = json::array(), range = json::array();
  for (std::size_t i = 0; i < c.districts.size(); ++i) {
    domain.push_back(c.districts[i]["name"]);
    range.push_back(kPalette[i % kPalette.size()]);
  }
  domain.push_back(c.city_label);
  range.push_back(kCityColour);
  return {{"field", "d"}, {"type", "nominal"}, {"title", w("District", "Stadsdel")}, {"scale", {{"domain", domain}, {"range", range}}}};
}

json band_and_line(const json& y, const json& color, const json& x) {
  json band{{"mark", {{"type", "area"}, {"opacity", 0.18}}},
            {"encoding", {{"x", x}, {"y", {{"field", "lo"}, {"type", "quantitative"}}}, {"y2", {{"field", "hi"}}}, {"color", color}}}};
  json line{{"mark", {{"type", "line"}, {"strokeWidth", 2}}}, {"encoding", {{"x", x}, {"y", y}, {"color", color}}}};
  return json::array({band, line});
}

json filtered(const json& rows, const std::function<bool(const json&)>& keep) {
  json out = json::array();
  for (const auto& r : rows)
    if (keep(r)) out.push_back(r);
  return out;
}


// "2017, 2019–2021": years in order, runs joined.
std::string year_list(std::vector<int> years) {
  std::sort(years.begin(), years.end());
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < years.size();) {
    std::size_t j = i;
    while (j + 1 < years.size() && years[j + 1] == years[j] + 1) ++j;
    parts.push_back(year_span(years[i], years[j]));
    i = j + 1;
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

// The calendar years a time series covers: t is the end of its month as a fractional year
// (month 1 of 2016 is 2016.083, month 12 is 2017.0).
std::string series_years(const json& rows, const char* field = "t") {
  double first = std::numeric_limits<double>::infinity(), last = -first;
  for (const auto& r : rows)
    if (r.contains(field) && r[field].is_number()) first = std::min(first, r[field].get<double>()), last = std::max(last, r[field].get<double>());
  if (!std::isfinite(first)) return "";
  return year_span(static_cast<int>(std::floor(first - 1.0 / 24)), static_cast<int>(std::floor(last - 1.0 / 24)));
}

std::string shows_years(const Words& w, const std::string& years) {
  return years.empty() ? std::string() : fmt::format(fmt::runtime(w("Shows {}.", "Visar {}.")), years);
}

// Multiplies a row's value and interval, e.g. a share by 100 for percentage points or SEK by 1e-6 for MSEK.
void scale_row(json& r, double factor) {
  for (const char* key : {"v", "lo", "hi"})
    if (r.contains(key) && r[key].is_number()) r[key] = rounded(r[key].get<double>() * factor);
}

// How a city outcome is drawn: its axis title and format, and the factor its values take first.
struct Unit {
  std::string title;
  json axis = json::object();
  double factor = 1;
};

Unit unit_of(const std::string& metric, const Words& w, const DisplayNames* names = nullptr) {
  const std::string label = outcome_label(metric, w, names);
  if (metric == "employment_rate_gap_20_64" || metric.starts_with("employment_gap_"))
    return {label + w(", percentage points (pp)", ", procentenheter (p.e.)"), json::object(), 100};
  if (metric.find("rate") != std::string::npos || metric.find("share") != std::string::npos || metric.find("employed_after") != std::string::npos)
    // "%" without a precision: Vega takes the decimals from the tick step (11.5 %, 12.0 %, ... on a
    // narrow range, where ".0%" would print 11 %, 12 %, 12 %).
    return {label, {{"format", "%"}}, 1};
  if (metric.find("sek") != std::string::npos) {
    std::string title = label;
    for (const std::string unit : {" (SEK)", " (kr)"})
      if (auto at = title.find(unit); at != std::string::npos) title.erase(at, unit.size());
    return {title + w(", MSEK", ", mnkr"), json::object(), 1e-6};
  }
  // Gini, Theil and counts: no format, so Vega takes the decimals from the tick step (never an SI suffix).
  return {label, json::object(), 1};
}

struct Chart {
  std::string id, title, note;
  json spec;
};

// Every chart's config: solid legend swatches (a band's opacity would otherwise fade them), and
// the number and time locale, so that a chart saved on its own (--charts) keeps Swedish decimal
// commas and space-grouped thousands. The page passes the same locale to vega-embed.
json chart_config(const Words& w) {
  json config{{"legend", {{"symbolType", "square"}, {"symbolOpacity", 1}, {"symbolStrokeWidth", 0}, {"symbolSize", 120}, {"labelLimit", 260}}},
              {"axis", {{"labelFontSize", 11}, {"titleFontSize", 11}}}};
  if (w.sv)
    config["locale"] = {
        {"number", {{"decimal", ","}, {"thousands", "\u00a0"}, {"grouping", {3}}, {"currency", {"", "\u00a0kr"}}, {"percent", "\u00a0%"}, {"minus", "\u2212"}}},
        {"time",
         {{"dateTime", "%A %e %B %Y %X"},
          {"date", "%Y-%m-%d"},
          {"time", "%H:%M:%S"},
          {"periods", {"fm", "em"}},
          {"days", {"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"}},
          {"shortDays", {"sön", "mån", "tis", "ons", "tor", "fre", "lör"}},
          {"months", {"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}},
          {"shortMonths", {"jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}}}}};
  return config;
}

// Districts on a grid of cells `cell_km` wide: each in the free cell nearest its position, those
// nearest the centre first, so that no two tiles share a cell.
std::vector<std::pair<int, int>> tile_cells(const json& districts, double cell_km) {
  std::vector<std::size_t> order(districts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto position = [&](std::size_t i) { return std::pair{districts[i]["x"].get<double>() / cell_km, districts[i]["y"].get<double>() / cell_km}; };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    auto [ax, ay] = position(a);
    auto [bx, by] = position(b);
    return ax * ax + ay * ay < bx * bx + by * by;
  });
  std::vector<std::pair<int, int>> cells(districts.size());
  std::set<std::pair<int, int>> taken;
  for (std::size_t i : order) {
    auto [x, y] = position(i);
    std::pair<int, int> best{0, 0};
    double nearest = std::numeric_limits<double>::infinity();
    const int cx = static_cast<int>(std::round(x)), cy = static_cast<int>(std::round(y));
    for (int radius = 0; radius <= static_cast<int>(districts.size()) && !std::isfinite(nearest); ++radius)
      for (int dx = -radius; dx <= radius; ++dx)
        for (int dy = -radius; dy <= radius; ++dy) {
          const std::pair<int, int> cell{cx + dx, cy + dy};
          if (taken.count(cell)) continue;
          const double d = std::hypot(cell.first - x, cell.second - y);
          if (d < nearest) nearest = d, best = cell;
        }
    taken.insert(best);
    cells[i] = best;
  }
  return cells;
}

// A district's name on at most two lines, broken after a hyphen or at a space near the middle.
json name_lines(const std::string& name) {
  if (name.size() <= 14) return json::array({name});
  std::size_t best = std::string::npos;
  for (std::size_t at = 0; at < name.size(); ++at)
    if ((name[at] == '-' || name[at] == ' ') &&
        (best == std::string::npos || std::abs(static_cast<long>(at) - static_cast<long>(name.size() / 2)) <
                                          std::abs(static_cast<long>(best) - static_cast<long>(name.size() / 2))))
      best = at;
  if (best == std::string::npos) return json::array({name});
  return json::array({name.substr(0, name[best] == '-' ? best + 1 : best), name.substr(best + 1)});
}

// The cohort as an alluvial, laid out here since Vega-Lite has no such mark. Per scenario and year a
// node per step, stacked in the staircase's order (the first step at the bottom, "left" on top);
// per flow between two years a ribbon whose ends are stacked within its two nodes — at its source
// by the step it reaches, at its target by the step it left — so that ribbons cross as little as
// they can. Rows {mark: "node", s, k, step, v, n, y0, y1} and {mark: "flow", s, k, step (the step
// left), to, v, n, f (the ribbon's id), a0, a1 (its source end), b0, b1 (its target end)}.
json alluvial_rows(const CohortPaths& cohort) {
  auto order = [&](const json& step) { return std::find(cohort.steps.begin(), cohort.steps.end(), step.get<std::string>()) - cohort.steps.begin(); };
  using Node = std::tuple<std::string, std::int64_t, std::string>;  // (scenario, k, step)
  auto node_of = [](const json& r, std::int64_t k, const json& step) { return Node{r["s"].get<std::string>(), k, step.get<std::string>()}; };
  json nodes = cohort.shares, flows = cohort.flows;
  std::stable_sort(nodes.begin(), nodes.end(), [&](const json& a, const json& b) { return order(a["step"]) < order(b["step"]); });
  std::map<Node, double> source_end, target_end;  // where the next ribbon out of / into a node starts
  std::map<std::pair<std::string, std::int64_t>, double> top;  // (scenario, k): the nodes stacked so far
  json rows = json::array();
  for (auto& r : nodes) {
    const std::int64_t k = r["k"].get<std::int64_t>();
    double& y = top[{r["s"].get<std::string>(), k}];
    source_end[node_of(r, k, r["step"])] = target_end[node_of(r, k, r["step"])] = y;
    r["mark"] = "node";
    r["y0"] = y;
    y += r["v"].get<double>();
    r["y1"] = y;
    rows.push_back(r);
  }
  auto stack = [&](const char* near, const char* far, std::int64_t dk, std::map<Node, double>& end, const char* lo, const char* hi) {
    std::stable_sort(flows.begin(), flows.end(), [&](const json& a, const json& b) { return order(a[far]) < order(b[far]); });
    for (auto& r : flows) {
      double& y = end[node_of(r, r["k"].get<std::int64_t>() + dk, r[near])];
      r[lo] = y;
      y += r["v"].get<double>();
      r[hi] = y;
    }
  };
  stack("from", "to", 0, source_end, "a0", "a1");
  stack("to", "from", 1, target_end, "b0", "b1");
  for (std::size_t f = 0; f < flows.size(); ++f) {
    json r = flows[f];
    r["mark"] = "flow";
    r["f"] = f;
    r["step"] = r["from"];  // the colour of the step it leaves
    r.erase("from");
    rows.push_back(r);
  }
  return rows;
}

std::vector<Chart> make_charts(const Content& c, const Words& w) {
  std::vector<Chart> charts;
  const json base{{"width", 320}, {"height", 200}};
  auto with = [](json spec, const json& extra) {
    spec.update(extra);
    return spec;
  };
  auto facet_by_scenario = [&](json data, json layer, json extra = json::object()) {
    json spec{{"data", {{"values", data}}},
              {"facet", {{"field", "s"}, {"type", "nominal"}, {"title", nullptr}, {"sort", c.scenarios},
                         {"header", {{"labelExpr", scenario_label_expression(c, w)}}}}},
              {"columns", 3},
              {"spec", with(base, {{"layer", layer}})}};
    spec.update(extra);
    return spec;
  };
  // With one replicate the bands have no width: the caption says so rather than describe them.
  const bool intervals = std::any_of(c.series.begin(), c.series.end(), [](const json& r) { return r["lo"] != r["hi"]; });
  const std::string interval_note = intervals ? w("Shaded: 95 % interval over replicates.", "Skuggat: 95 % intervall över replikat.")
                                              : w("One replicate: no interval.", "Ett replikat: inget intervall.");

  // The named gap the headline follows (employment_gap_20_64_<higher>_vs_<lower>): its two
  // districts are drawn thick in the district chart, and the gap over time beside best-minus-worst,
  // as the difference of the two districts' mean rates (no band: the report holds no per-replicate
  // district values of a compare).
  std::string named_gap;
  std::vector<std::string> gap_names;  // the two districts' names as the series name them
  for (const auto& r : c.headline)
    if (r.outcome.starts_with("employment_gap_20_64_") && r.outcome.find("_vs_") != std::string::npos) named_gap = r.outcome;
  json series = c.series;
  if (!named_gap.empty()) {
    const std::string pair = named_gap.substr(std::string("employment_gap_20_64_").size());
    const std::string higher = pair.substr(0, pair.find("_vs_")), lower = pair.substr(pair.find("_vs_") + 4);
    gap_names = {district_name(c, higher), district_name(c, lower)};
    std::map<std::pair<std::string, double>, std::array<double, 2>> rates;  // (scenario, t) → the two rates
    std::map<std::pair<std::string, double>, int> seen;
    for (const auto& r : c.series) {
      if (r["k"] != "employment_rate_20_64" || !r["v"].is_number()) continue;
      const std::string d = r["d"].get<std::string>();
      for (std::size_t i = 0; i < 2; ++i)
        if (d == gap_names[i]) {
          rates[{r["s"].get<std::string>(), r["t"].get<double>()}][i] = r["v"].get<double>();
          seen[{r["s"].get<std::string>(), r["t"].get<double>()}] |= 1 << i;
        }
    }
    for (const auto& [key, both] : rates)
      if (seen[key] == 3) {
        const double v = rounded(both[0] - both[1]).get<double>();
        series.push_back({{"s", key.first}, {"t", key.second}, {"d", c.city_label}, {"k", named_gap}, {"v", v}, {"lo", v}, {"hi", v}});
      }
  }

  if (!c.series.empty()) {
    json rows = filtered(c.series, [](const json& r) { return r["k"] == "employment_rate_20_64"; });
    for (auto& r : rows) r.erase("k");  // one metric: the key would only weigh down the page
    json y{{"field", "v"}, {"type", "quantitative"}, {"title", outcome_label("employment_rate_20_64", w)}, {"axis", {{"format", "%"}}}, {"scale", {{"zero", false}}}};
    const json color = district_color(c, w);
    const std::string city_test = "datum.d === " + json(c.city_label).dump();
    // The city as its own thick line with its interval; the districts thin, without bands.
    json layer = json::array(
        {{{"transform", json::array({{{"filter", city_test}}})},
          {"mark", {{"type", "area"}, {"opacity", 0.15}}},
          {"encoding", {{"x", x_year(w)}, {"y", {{"field", "lo"}, {"type", "quantitative"}}}, {"y2", {{"field", "hi"}}}, {"color", color}}}},
         {{"transform", json::array({{{"filter", "!(" + city_test + ")"}}})},
          {"mark", {{"type", "line"}, {"strokeWidth", 1.5}}},
          {"encoding", gap_names.empty() ? json{{"x", x_year(w)}, {"y", y}, {"color", color}}
                                         : json{{"x", x_year(w)}, {"y", y}, {"color", color},
                                                {"strokeWidth", {{"condition", {{"test", "indexof(" + json(gap_names).dump() + ", datum.d) >= 0"}, {"value", 3}}},
                                                                 {"value", 1.2}}},
                                                {"strokeDash", {{"condition", {{"test", "indexof(" + json(gap_names).dump() + ", datum.d) >= 0"}, {"value", json::array()}}},
                                                                {"value", json::array({4, 2})}}}}}},
         {{"transform", json::array({{{"filter", city_test}}})},
          {"mark", {{"type", "line"}, {"strokeWidth", 3.5}}},
          {"encoding", {{"x", x_year(w)}, {"y", y}, {"color", color}}}}});
    charts.push_back({"chart-employment", w("Employment rate 20–64 by district", "Sysselsättningsgrad 20–64 per stadsdel"),
                      shows_years(w, series_years(rows)) + " " +
                          (intervals ? w("Thick line: the whole city, shaded its 95 % interval over replicates.",
                                         "Tjock linje: hela staden, skuggat dess 95 % intervall över replikat.")
                                     : w("Thick line: the whole city (one replicate: no interval).", "Tjock linje: hela staden (ett replikat: inget intervall).")) +
                          (gap_names.empty() ? std::string()
                                             : fmt::format(fmt::runtime(w(" Solid: {} and {}, whose gap the headline follows; the other districts dashed.",
                                                                          " Heldragna: {} och {}, vars skillnad huvudtabellen följer; övriga stadsdelar streckade.")),
                                                           gap_names[0], gap_names[1])),
                      facet_by_scenario(rows, layer)});

    // One panel per metric, each with its own unit and axis, side by side.
    auto city_chart = [&](const std::string& id, const std::string& title, const std::vector<std::string>& metrics) {
      json data = filtered(series, [&](const json& r) {
        return std::find(metrics.begin(), metrics.end(), r["k"].get<std::string>()) != metrics.end();
      });
      if (data.empty()) return;
      for (auto& r : data) scale_row(r, unit_of(r["k"].get<std::string>(), w, &c.names).factor);
      json panels = json::array();
      const int width = metrics.size() == 1 ? 480 : metrics.size() == 2 ? 380 : 280;
      for (const auto& metric : metrics) {
        if (std::none_of(data.begin(), data.end(), [&](const json& r) { return r["k"] == metric; })) continue;
        const Unit unit = unit_of(metric, w, &c.names);
        json y{{"field", "v"}, {"type", "quantitative"}, {"title", unit.title}, {"axis", with(unit.axis, {{"titleLimit", 260}})}, {"scale", {{"zero", false}}}};
        panels.push_back({{"transform", json::array({{{"filter", {{"field", "k"}, {"equal", metric}}}}})},
                          {"width", width},
                          {"height", 200},
                          {"layer", band_and_line(y, scenario_color(c, w), x_year(w))}});
      }
      json spec = panels.size() == 1 ? with(panels[0], {{"data", {{"values", data}}}}) : json{{"data", {{"values", data}}}, {"hconcat", panels}};
      charts.push_back({id, title, shows_years(w, series_years(data)) + " " + interval_note, spec});
    };
    city_chart("chart-gap", w("Gap in employment rate between the best and the worst district", "Skillnad i sysselsättningsgrad mellan bästa och sämsta stadsdel"),
               named_gap.empty() ? std::vector<std::string>{"employment_rate_gap_20_64"}
                                 : std::vector<std::string>{"employment_rate_gap_20_64", named_gap});
    city_chart("chart-inequality", w("Income inequality: Gini and Theil, with Theil's between-district part", "Inkomstojämlikhet: Gini och Theil, med Theils del mellan stadsdelar"),
               {"gini", "theil", "theil_between_districts"});
    city_chart("chart-children", w("Children in households where no adult works", "Barn i hushåll där ingen vuxen arbetar"),
               {"share_children_in_workless_households", "children_in_workless_households"});

    json stages = filtered(c.series, [](const json& r) { return r["k"].get<std::string>().rfind("stage:", 0) == 0; });
    for (auto& r : stages) {
      r["step"] = r["k"].get<std::string>().substr(6);
      r.erase("k"), r.erase("lo"), r.erase("hi");  // stacked means only
    }
    if (!stages.empty()) {
      std::vector<std::string> steps;
      for (const auto& r : stages)
        if (std::find(steps.begin(), steps.end(), r["step"].get<std::string>()) == steps.end()) steps.push_back(r["step"].get<std::string>());
      json layer = json::array({{{"mark", {{"type", "area"}}},
                                 {"encoding",
                                  {{"x", x_year(w)},
                                   {"y", {{"field", "v"}, {"type", "quantitative"}, {"stack", "zero"}, {"title", w("People", "Personer")}}},
                                   {"color", {{"field", "step"}, {"type", "nominal"}, {"title", w("Step", "Steg")},
                                              {"scale", {{"domain", steps}, {"range", palette(steps.size())}}}}}}}}});
      charts.push_back({"chart-staircase", w("People on each step of the staircase", "Personer på varje steg i trappan"),
                        shows_years(w, series_years(stages)) + " " +
                            w("Children, pupils, pensioners and people who left are not shown.", "Barn, elever, pensionärer och de som flyttat visas inte."),
                        facet_by_scenario(stages, layer)});
    }
  }

  if (!c.newcomers.empty()) {
    json y{{"field", "v"}, {"type", "quantitative"}, {"title", w("Share employed", "Andel i arbete")}, {"axis", {{"format", "%"}}}};
    json x = c.newcomers_by_months ? json{{"field", "m"}, {"type", "quantitative"}, {"title", w("Months since arrival", "Månader sedan ankomst")}}
                                   : x_year(w);
    json layers = band_and_line(y, scenario_color(c, w), x);
    std::string note = c.newcomers_by_months
                           ? w("Adults who arrived during the run; months with fewer than 20 observed (scaled) are left out.",
                               "Vuxna som kom under körningen; månader med färre än 20 observerade (uppräknat) visas inte.")
                           : shows_years(w, series_years(c.newcomers)) + " " +
                                 w("The first two years of the run are left out: no newcomer who arrived during the run has been in the city two years yet.",
                                   "Körningens två första år visas inte: ingen nyanländ som kom under körningen har då varit i staden i två år.") +
                                 " " + interval_note;
    charts.push_back({"chart-newcomers",
                      c.newcomers_by_months ? w("Newcomers' share employed by months since arrival", "Nyanländas andel i arbete efter månader sedan ankomst")
                                            : w("Newcomers employed two years after arrival", "Nyanlända i arbete två år efter ankomst"),
                      note, with(base, {{"data", {{"values", c.newcomers}}}, {"layer", layers}, {"width", 480}})});
  }

  // Following individuals (microdata): an arrival cohort through the steps, and a few of its people.
  if (c.cohort && !c.cohort->shares.empty()) {
    const Language language = w.sv ? Language::kSwedish : Language::kEnglish;
    auto step_name = [&](const std::string& key) {
      return key == "left" ? std::string(w("Left the city (moved or died)", "Lämnat staden (flyttat eller avlidit)")) : display_name(key, language, &c.names);
    };
    std::vector<std::string> steps, step_colours, colours;
    std::copy_if(kPalette.begin(), kPalette.end(), std::back_inserter(colours), [](const std::string& colour) { return colour != kLeftColour; });
    for (const auto& key : c.cohort->steps) {
      if (std::none_of(c.cohort->shares.begin(), c.cohort->shares.end(), [&](const json& r) { return r["step"] == key; })) continue;
      step_colours.push_back(key == "left" ? kLeftColour : colours[steps.size() % colours.size()]);
      steps.push_back(step_name(key));
    }
    auto named = [&](json rows) {
      for (auto& r : rows) {
        r["step"] = step_name(r["step"].get<std::string>());
        if (r.contains("to")) r["to"] = step_name(r["to"].get<std::string>());
      }
      return rows;
    };
    // The legend lists the steps top down as the cohort's nodes stack them (the first step at the bottom).
    const json color{{"field", "step"}, {"type", "nominal"}, {"title", w("Step", "Steg")},
                     {"scale", {{"domain", std::vector<std::string>(steps.rbegin(), steps.rend())},
                                {"range", std::vector<std::string>(step_colours.rbegin(), step_colours.rend())}}}};
    const json years{{"field", "k"}, {"type", "ordinal"}, {"title", w("Years since arrival", "År sedan ankomst")}};
    const std::string who = fmt::format(
        fmt::runtime(w("Adults (18 or older on arrival) who arrived from abroad in {} and still lived in the city at its end: {} "
                       "simulated people in {}, over its replicates; the same people in every scenario.",
                       "Vuxna (18 år eller äldre vid ankomsten) som kom från utlandet under {} och fortfarande bodde i staden vid årets "
                       "slut: {} simulerade personer i {}, över dess replikat; samma personer i varje scenario.")),
        c.start_year, c.cohort->cohort, c.scenarios.empty() ? std::string() : c.scenarios.front());

    // The alluvial: a node per step and year, a ribbon per flow from the end of one year to the end
    // of the next, drawn as an area between the two ends' stacked offsets along an eased curve.
    json alluvial = named(alluvial_rows(*c.cohort));
    std::int64_t last_year = 1;
    for (const auto& r : alluvial) last_year = std::max(last_year, r["k"].get<std::int64_t>());
    json year_ticks = json::array();
    for (std::int64_t k = 1; k <= last_year; ++k) year_ticks.push_back(k);
    const json x_scale{{"domain", {1 - kYearMargin, static_cast<double>(last_year) + kYearMargin}}, {"nice", false}, {"zero", false}};
    const std::string x_title = w("Years since arrival (at the end of each year)", "År sedan ankomst (vid slutet av varje år)");
    const json x_axis{{"values", year_ticks}, {"format", "d"}, {"labelAngle", 0}, {"grid", false}, {"title", x_title}};
    const json y_scale{{"domain", {0, 1}}, {"nice", false}};
    const json y_axis{{"format", "%"}, {"title", w("Share of the cohort", "Andel av kohorten")}};
    auto only = [](const char* mark) { return json{{"filter", fmt::format("datum.mark == '{}'", mark)}}; };
    json ribbon_transform = json::array(
        {only("flow"),
         {{"calculate", fmt::format("sequence(0, {} + 1)", kRibbonSamples)}, {"as", "i"}},
         {{"flatten", {"i"}}},
         {{"calculate", fmt::format("(1 - cos(PI * datum.i / {})) / 2", kRibbonSamples)}, {"as", "ease"}},
         {{"calculate", fmt::format("datum.k + {0} + (1 - 2 * {0}) * datum.i / {1}", kNodeHalfWidth, kRibbonSamples)}, {"as", "x"}},
         {{"calculate", "datum.a0 + (datum.b0 - datum.a0) * datum.ease"}, {"as", "lo"}},
         {{"calculate", "datum.a1 + (datum.b1 - datum.a1) * datum.ease"}, {"as", "hi"}},
         {{"calculate", "datum.k + ' → ' + (datum.k + 1)"}, {"as", "years"}}});
    const json people{{"field", "n"}, {"format", ",d"}, {"title", w("simulated people", "simulerade personer")}};
    const json share{{"field", "v"}, {"format", ".1%"}, {"title", w("share of the cohort", "andel av kohorten")}};
    json layers = json::array(
        {{{"transform", ribbon_transform},
          {"mark", {{"type", "area"}, {"orient", "vertical"}, {"opacity", kRibbonOpacity}}},
          {"encoding", {{"x", {{"field", "x"}, {"type", "quantitative"}, {"scale", x_scale}, {"axis", x_axis}}},
                        {"y", {{"field", "lo"}, {"type", "quantitative"}, {"scale", y_scale}, {"axis", y_axis}, {"stack", nullptr}}},
                        {"y2", {{"field", "hi"}}},
                        {"color", color},
                        {"detail", {{"field", "f"}, {"type", "nominal"}}},
                        {"tooltip", json::array({{{"field", "step"}, {"title", w("from", "från")}}, {{"field", "to"}, {"title", w("to", "till")}},
                                                 {{"field", "years"}, {"title", w("years", "år")}}, share, people})}}}},
         {{"transform", json::array({only("node"),
                                     {{"calculate", fmt::format("datum.k - {}", kNodeHalfWidth)}, {"as", "x0"}},
                                     {{"calculate", fmt::format("datum.k + {}", kNodeHalfWidth)}, {"as", "x1"}}})},
          {"mark", {{"type", "rect"}, {"stroke", "white"}, {"strokeWidth", 0.5}}},
          {"encoding", {{"x", {{"field", "x0"}, {"type", "quantitative"}, {"scale", x_scale}, {"axis", x_axis}}},
                        {"x2", {{"field", "x1"}}},
                        {"y", {{"field", "y0"}, {"type", "quantitative"}, {"scale", y_scale}, {"axis", y_axis}}},
                        {"y2", {{"field", "y1"}}},
                        {"color", color},
                        {"tooltip", json::array({{{"field", "step"}}, {{"field", "k"}, {"title", w("years", "år")}}, share, people})}}}}});
    // Each node's share written in it, where the node has room for it.
    const double node_width = kAlluvialWidth * 2 * kNodeHalfWidth / (static_cast<double>(last_year - 1) + 2 * kYearMargin);
    if (node_width >= kNodeLabelWidth)
      layers.push_back({{"transform", json::array({only("node"),
                                                   {{"filter", fmt::format("datum.v >= {}", kNodeLabelHeight / kAlluvialHeight)}},
                                                   {{"calculate", "(datum.y0 + datum.y1) / 2"}, {"as", "middle"}}})},
                        {"mark", {{"type", "text"}, {"fontSize", 9}, {"color", "#1a1a1a"}, {"baseline", "middle"}}},
                        {"encoding", {{"x", {{"field", "k"}, {"type", "quantitative"}, {"scale", x_scale}, {"axis", x_axis}}},
                                      {"y", {{"field", "middle"}, {"type", "quantitative"}, {"scale", y_scale}, {"axis", y_axis}}},
                                      {"text", {{"field", "v"}, {"format", ".0%"}}}}}});
    json alluvial_spec = facet_by_scenario(alluvial, layers, {{"columns", 2}});
    alluvial_spec["spec"]["width"] = kAlluvialWidth;
    alluvial_spec["spec"]["height"] = kAlluvialHeight;
    charts.push_back({"chart-cohort", w("Following individuals: an arrival cohort through the staircase", "Att följa individer: en ankomstkohort genom trappan"),
                      who + " " +
                          w("Bars: where the cohort is at the end of each year since arrival (year 1: the end of the year they came). "
                            "Ribbons: where those on a step at the end of one year are at the end of the next — a ribbon leaves a bar "
                            "in the colour of the step it leaves and is as wide as the share of the cohort that went that way; a ribbon "
                            "that ends on its own step is those who stayed (or came back within the year). Grey: those who have left the city.",
                            "Staplar: var kohorten är vid slutet av varje år sedan ankomsten (år 1: slutet av ankomståret). Band: var de "
                            "som stod på ett steg vid slutet av ett år är vid slutet av nästa — ett band lämnar en stapel i färgen för "
                            "steget det lämnar och är lika brett som den andel av kohorten som gick den vägen; ett band som slutar på sitt "
                            "eget steg är de som stannade (eller kom tillbaka under året). Grått: de som lämnat staden."),
                      alluvial_spec});
    if (!c.cohort->lanes.empty()) {
      json lanes = named(c.cohort->lanes);
      json lane_layer = json::array({{{"mark", {{"type", "rect"}, {"stroke", "white"}, {"strokeWidth", 1}}},
                                      {"encoding", {{"x", years},
                                                    {"y", {{"field", "p"}, {"type", "nominal"}, {"title", w("Person", "Person")},
                                                           {"sort", {{"field", "pn"}}}, {"axis", {{"labelFontSize", 9}}}}},
                                                    {"color", color},
                                                    {"tooltip", json::array({{{"field", "p"}, {"title", w("person", "person")}}, {{"field", "step"}},
                                                                             {{"field", "k"}, {"title", w("years", "år")}}})}}}}});
      for (auto& r : lanes) r["pn"] = std::stoll(r["p"].get<std::string>());
      json lane_spec = facet_by_scenario(lanes, lane_layer);
      lane_spec["spec"]["height"] = {{"step", 12}};  // a readable row per person
      charts.push_back({"chart-lanes", w("Following individuals: life-course lanes", "Att följa individer: levnadsbanor"),
                        fmt::format(fmt::runtime(w("{} people of that cohort in replicate 0 — first those a measure of another scenario took in, then "
                                                   "the lowest ids — one lane each: the step they were on at the end of each year since arrival, in "
                                                   "each scenario. A lane that stops: the person left the city. trappsteg trace DIR --person ID tells "
                                                   "one person's story month by month.",
                                                   "{} personer ur kohorten i replikat 0 — först de som en insats i ett annat scenario tog emot, sedan "
                                                   "de lägsta id-numren — en bana var: steget de var på vid slutet av varje år sedan ankomsten, i "
                                                   "varje scenario. En bana som slutar: personen lämnade staden. trappsteg trace MAPP --person ID "
                                                   "berättar en persons väg månad för månad.")),
                                    c.cohort->lane_people),
                        lane_spec});
    }
  }

  if (!c.budget.empty()) {
    const std::string msek = w("MSEK", "mnkr");
    json data = filtered(c.budget, [](const json& r) { return r["k"] == "net_sek" || r["k"] == "cumulative_net_sek"; });
    std::string no_payback, raised;
    std::map<std::string, std::string> panels;  // scenario -> its panel's header
    for (const auto& [s, span] : c.budget_span) {
      const int years = span.second - span.first + 1;
      if (auto p = c.payback.find(s); p != c.payback.end()) {
        data.push_back({{"s", s}, {"y", p->second}, {"k", "payback"},
                        {"label", fmt::format(fmt::runtime(w("payback {}", "återbetalning {}")), p->second)}});
      } else {
        const std::string text = fmt::format(fmt::runtime(w("no payback within {} years", "ingen återbetalning inom {} år")), years);
        panels[s] = fmt::format("{} — {}", s, text);
        no_payback += fmt::format(" {}: {}.", s, text);
      }
    }
    // A scenario that does not pay back says so in its panel's header, where no line can cover it.
    json panel_order = json::array();
    for (const auto& s : c.scenarios) panel_order.push_back(panels.count(s) ? panels.at(s) : s);
    for (auto& r : data) r["panel"] = panels.count(r["s"].get<std::string>()) ? panels.at(r["s"].get<std::string>()) : r["s"].get<std::string>();
    for (const auto& [s, years] : c.support_raised)
      raised += fmt::format(fmt::runtime(w(" {}: support saved is negative in {}.", " {}: sparat stöd är negativt {}.")), s, year_list(years));
    if (!raised.empty())
      raised += w(" In those years the measure raised income support against the baseline: a programme stipend or a summer wage "
                  "changes the household's means test (income that replaces other income, or a participant assessed for support "
                  "while in the programme), before the jobs it leads to lower support.",
                  " Under de åren höjde insatsen försörjningsstödet jämfört med jämförelsescenariot: en programersättning eller en "
                  "sommarlön ändrar hushållets behovsprövning (inkomst som ersätter annan inkomst, eller en deltagare som prövas för "
                  "stöd under programmet), innan jobben den leder till sänker stödet.");
    const json x{{"field", "y"}, {"type", "ordinal"}, {"title", w("Year", "År")}, {"axis", {{"labelAngle", 0}, {"labelOverlap", true}}}};
    auto only = [](const char* k) { return json::array({{{"filter", {{"field", "k"}, {"equal", k}}}}}); };
    const json y{{"field", "v"}, {"type", "quantitative"}, {"title", w("Net, MSEK", "Netto, mnkr")},
                 {"axis", {{"titleLimit", 260}}}};
    json layers = json::array(
        {{{"transform", only("net_sek")},
          {"mark", {{"type", "bar"}, {"opacity", 0.85}}},
          {"encoding", {{"x", x}, {"y", y}, {"color", {{"condition", {{"test", "datum.v >= 0"}, {"value", "#59a14f"}}}, {"value", "#e15759"}}}}}},
         {{"transform", only("cumulative_net_sek")},
          {"mark", {{"type", "area"}, {"opacity", 0.18}, {"color", "#1d3f63"}}},
          {"encoding", {{"x", x}, {"y", {{"field", "lo"}, {"type", "quantitative"}}}, {"y2", {{"field", "hi"}}}}}},
         {{"transform", only("cumulative_net_sek")},
          {"mark", {{"type", "line"}, {"color", "#1d3f63"}, {"strokeWidth", 2.5}, {"point", {{"filled", true}, {"color", "#1d3f63"}}}}},
          {"encoding", {{"x", x}, {"y", y}}}},
         {{"mark", {{"type", "rule"}, {"color", "#444"}}}, {"encoding", {{"y", {{"datum", 0}}}}}},
         {{"transform", only("payback")},
          {"mark", {{"type", "rule"}, {"strokeDash", {6, 3}}, {"color", "#000"}, {"strokeWidth", 2}}},
          {"encoding", {{"x", x}}}},
         {{"transform", only("payback")},
          {"mark", {{"type", "text"}, {"align", "left"}, {"dx", 5}, {"fontWeight", "bold"}, {"fontSize", 11}}},
          {"encoding", {{"x", x}, {"y", {{"value", 10}}}, {"text", {{"field", "label"}}}}}}});
    std::string years;
    for (const auto& [s, span] : c.budget_span) years = year_span(span.first, span.second);
    charts.push_back({"chart-budget",
                      w("Net budget against the baseline: each year and cumulative", "Nettobudget mot jämförelsescenariot: per år och kumulativt"),
                      shows_years(w, years) + " " +
                          w("Bars: the year's net (support saved and tax gained, less the extra programme cost; green above zero, red below). "
                            "Line: the cumulative net",
                            "Staplar: årets netto (sparat stöd och skatteintäkter minus den extra programkostnaden; grönt över noll, rött under). "
                            "Linje: det kumulativa nettot") +
                          (std::any_of(data.begin(), data.end(), [](const json& r) { return r.contains("lo"); })
                               ? w(", shaded its 95 % interval over replicates.", ", skuggat dess 95 % intervall över replikat.")
                               : w(" (one replicate: no interval).", " (ett replikat: inget intervall).")) +
                          w(" The dashed line marks the payback year (from which the mean cumulative net stays at or above zero).",
                            " Den streckade linjen visar återbetalningsåret (från vilket det kumulativa nettot i medel förblir ≥ 0).") +
                          no_payback + raised,
                      {{"data", {{"values", data}}},
                       {"facet", {{"field", "panel"}, {"type", "nominal"}, {"title", nullptr}, {"sort", panel_order},
                                  {"header", {{"labelFontSize", 12}, {"labelFontWeight", "bold"}, {"labelLimit", 420}}}}},
                       {"columns", 2},
                       {"spec", {{"width", 420}, {"height", 240}, {"layer", layers}}}}});

    // The year's items side by side, so a year whose support saved is negative shows as such.
    std::vector<std::string> item_labels;
    json items = filtered(c.budget, [](const json& r) {
      const std::string k = r["k"].get<std::string>();
      return k == "extra_programme_cost_sek" || k == "support_saved_sek" || k == "tax_gained_sek";
    });
    for (const char* k : {"extra_programme_cost_sek", "support_saved_sek", "tax_gained_sek"}) item_labels.push_back(outcome_label(k, w));
    for (auto& r : items) r["label"] = outcome_label(r["k"].get<std::string>(), w), r.erase("lo"), r.erase("hi");
    if (!items.empty())
      charts.push_back(
          {"chart-budget-items", w("The budget's items each year", "Budgetens poster per år"),
           shows_years(w, years) + " " +
               w("Mean over replicates; the extra programme cost is drawn below zero.", "Medel över replikat; den extra programkostnaden ritas under noll.") +
               raised,
           {{"data", {{"values", items}}},
            {"facet", {{"field", "s"}, {"type", "nominal"}, {"title", nullptr}, {"sort", c.scenarios}}},
            {"columns", 2},
            {"spec",
             {{"width", 420},
              {"height", 200},
              {"layer",
               json::array({{{"mark", {{"type", "bar"}}},
                             {"encoding", {{"x", x}, {"xOffset", {{"field", "label"}, {"sort", item_labels}}},
                                           {"y", {{"field", "v"}, {"type", "quantitative"}, {"title", msek}}},
                                           {"color", {{"field", "label"}, {"type", "nominal"}, {"title", nullptr},
                                                      {"scale", {{"domain", item_labels}, {"range", {"#e15759", "#4e79a7", "#59a14f"}}}},
                                                      {"legend", {{"orient", "top"}}}}}}}},
                            {{"mark", {{"type", "rule"}, {"color", "#444"}}}, {"encoding", {{"y", {{"datum", 0}}}}}}})}}}}});
  }

  // Schematic tile maps: each district in a cell of a grid near its position; the level at the end,
  // and each scenario's difference to the first.
  if (!c.districts.empty() && std::all_of(c.districts.begin(), c.districts.end(), [](const json& d) { return d.contains("x"); }) && !c.series.empty()) {
    double last = 0;
    for (const auto& r : c.series)
      if (r["k"] == "employment_rate_20_64") last = std::max(last, r["t"].get<double>());
    auto level = [&](const std::string& scenario, const std::string& name) -> std::optional<double> {
      for (const auto& r : c.series)
        if (r["k"] == "employment_rate_20_64" && r["s"] == scenario && r["t"].get<double>() == last && r["d"] == name && r["v"].is_number())
          return r["v"].get<double>();
      return std::nullopt;
    };
    const auto cells = tile_cells(c.districts, 4.0);
    int min_col = 0, max_col = 0, min_row = 0, max_row = 0;
    for (const auto& [col, row] : cells)
      min_col = std::min(min_col, col), max_col = std::max(max_col, col), min_row = std::min(min_row, row), max_row = std::max(max_row, row);
    constexpr int kTileWidth = 104, kTileHeight = 64;
    const int columns = max_col - min_col + 1, rows = max_row - min_row + 1;
    auto tiles_of = [&](const std::string& scenario, const std::string* against) {
      json tiles = json::array();
      for (std::size_t i = 0; i < c.districts.size(); ++i) {
        const std::string name = c.districts[i]["name"].get<std::string>();
        // The name's last line just above the tile's middle, a first line (if any) above it.
        const json lines = name_lines(name);
        json tile{{"s", scenario}, {"name", name}, {"l1", lines.size() > 1 ? lines[0] : json("")}, {"l2", lines.back()}, {"c0", cells[i].first}, {"c1", cells[i].first + 1},
                  {"r0", cells[i].second}, {"r1", cells[i].second + 1}, {"cx", cells[i].first + 0.5}, {"cy", cells[i].second + 0.5}};
        auto v = level(scenario, name);
        if (against) {
          auto b = level(*against, name);
          if (v && b) {
            const double pp = 100 * (*v - *b);
            tile["v"] = rounded(pp);
            // A difference that rounds to zero reads 0.0, not −0.0 or +0.0.
            const std::string number = std::abs(pp) < 0.05 ? "0.0" : fmt::format("{:+.1f}", pp);
            tile["label"] = with_decimal_mark(number, w.sv) + "\u00a0" + w("pp", "p.e.");
          }
        } else if (v) {
          tile["v"] = rounded(*v);
          tile["label"] = percent(*v, w.sv, 1);
        }
        tiles.push_back(std::move(tile));
      }
      return tiles;
    };
    auto map_spec = [&](json tiles, const json& color, bool facet) {
      const json x{{"field", "c0"}, {"type", "quantitative"}, {"axis", nullptr}, {"scale", {{"domain", {min_col, max_col + 1}}, {"nice", false}, {"zero", false}}}};
      const json y{{"field", "r0"}, {"type", "quantitative"}, {"axis", nullptr}, {"scale", {{"domain", {min_row, max_row + 1}}, {"nice", false}, {"zero", false}}}};
      const json cx{{"field", "cx"}, {"type", "quantitative"}}, cy{{"field", "cy"}, {"type", "quantitative"}};
      json layers = json::array(
          {{{"mark", {{"type", "rect"}, {"stroke", "#fff"}, {"strokeWidth", 3}}},
            {"encoding", {{"x", x}, {"x2", {{"field", "c1"}}}, {"y", y}, {"y2", {{"field", "r1"}}}, {"color", color},
                          {"tooltip", json::array({{{"field", "name"}}, {{"field", "label"}}})}}}},
           {{"mark", {{"type", "text"}, {"baseline", "bottom"}, {"dy", -14}, {"fontSize", 10}, {"limit", kTileWidth - 6}}},
            {"encoding", {{"x", cx}, {"y", cy}, {"text", {{"field", "l1"}}}}}},
           {{"mark", {{"type", "text"}, {"baseline", "bottom"}, {"dy", -2}, {"fontSize", 10}, {"limit", kTileWidth - 6}}},
            {"encoding", {{"x", cx}, {"y", cy}, {"text", {{"field", "l2"}}}}}},
           {{"mark", {{"type", "text"}, {"baseline", "top"}, {"dy", 6}, {"fontSize", 12}, {"fontWeight", "bold"}}},
            {"encoding", {{"x", cx}, {"y", cy}, {"text", {{"field", "label"}}}}}}});
      json inner{{"width", columns * kTileWidth}, {"height", rows * kTileHeight}, {"view", {{"stroke", nullptr}}}, {"layer", layers}};
      if (!facet) return with(inner, {{"data", {{"values", tiles}}}});
      return json{{"data", {{"values", tiles}}},
                  {"facet", {{"field", "s"}, {"type", "nominal"}, {"title", nullptr}, {"sort", c.scenarios},
                         {"header", {{"labelExpr", scenario_label_expression(c, w)}}}}},
                  {"columns", columns * kTileWidth > 520 ? 1 : 2},
                  {"spec", inner}};
    };
    const std::string scenario = c.scenarios.back();
    const int year = static_cast<int>(std::floor(last - 1.0 / 24));
    charts.push_back({"chart-map", fmt::format("{} — {} {}", w("Districts (schematic map)", "Stadsdelar (schematisk karta)"), scenario, year),
                      w("Each tile sits in the cell of a 4 km grid nearest the district's position from Centrum (no two in one cell); "
                        "colour and number: employment rate 20–64 at the end of the run.",
                        "Varje ruta ligger i den cell i ett rutnät om 4 km som är närmast stadsdelens läge från Centrum (aldrig två i samma "
                        "cell); färg och tal: sysselsättningsgrad 20–64 vid körningens slut."),
                      map_spec(tiles_of(scenario, nullptr),
                               {{"field", "v"}, {"type", "quantitative"}, {"title", outcome_label("employment_rate_20_64", w)},
                                {"legend", {{"format", "%"}, {"titleLimit", 200}}},
                                // Light enough for black numbers on every tile.
                                {"scale", {{"scheme", {{"name", "blues"}, {"extent", {0.05, 0.6}}}}}}},
                               false)});
    if (c.scenarios.size() >= 2) {
      json tiles = json::array();
      for (std::size_t s = 1; s < c.scenarios.size(); ++s)
        for (auto& tile : tiles_of(c.scenarios[s], &c.scenarios.front())) tiles.push_back(tile);
      if (std::any_of(tiles.begin(), tiles.end(), [](const json& t) { return t.contains("v"); }))
        charts.push_back(
            {"chart-map-difference",
             fmt::format(fmt::runtime(w("Districts: difference in employment rate to {}, {}", "Stadsdelar: skillnad i sysselsättningsgrad mot {}, {}")),
                         c.scenarios.front(), year),
             w("Employment rate 20–64 at the end of the run, the scenario's mean less the baseline's, in percentage points (pp); "
               "the colour does not say whether a difference is larger than the noise between replicates.",
               "Sysselsättningsgrad 20–64 vid körningens slut, scenariots medel minus jämförelsescenariots, i procentenheter (p.e.); "
               "färgen säger inte om en skillnad är större än bruset mellan replikat."),
             map_spec(tiles,
                      {{"field", "v"}, {"type", "quantitative"}, {"title", w("Difference, pp", "Skillnad, p.e.")},
                       {"scale", {{"scheme", {{"name", "redblue"}, {"extent", {0.2, 0.8}}}}, {"domainMid", 0}}}},
                      true)});
    }
  }

  if (!c.trace.empty()) {
    json x{{"field", "e"}, {"type", "quantitative"}, {"title", w("Evaluation", "Utvärdering")}};
    json spec{{"data", {{"values", c.trace}}},
              {"width", 560},
              {"height", 240},
              {"layer",
               {{{"mark", {{"type", "point"}, {"opacity", 0.5}}},
                 {"encoding", {{"x", x}, {"y", {{"field", "v"}, {"type", "quantitative"}, {"scale", {{"type", "log"}}},
                                                {"title", w("Objective", "Målfunktion")}}}}}},
                {{"mark", {{"type", "line"}, {"interpolate", "step-after"}}},
                 {"encoding", {{"x", x}, {"y", {{"field", "b"}, {"type", "quantitative"}, {"scale", {{"type", "log"}}}}}}}}}}};
    charts.push_back({"chart-trace", w("The search: objective of each evaluation and the best so far", "Sökningen: målfunktionen vid varje utvärdering och den bästa hittills"),
                      w("The objective is the weighted sum of squared standardised distances to the fitted targets.",
                        "Målfunktionen är den viktade summan av kvadrerade standardiserade avstånd till målen."),
                      spec});
  }
  if (!c.sweep_rows.empty()) {
    // A grid of panels, one row per outcome and one column per parameter: each outcome keeps its
    // unit (%, pp, MSEK), each parameter its scale (log where the sweep declared it).
    const std::vector<std::string> labels = short_labels(c.sweep_parameters);
    std::vector<std::string> outcomes;
    for (const auto& r : c.sweep_rows)
      if (std::find(outcomes.begin(), outcomes.end(), r["o"].get<std::string>()) == outcomes.end()) outcomes.push_back(r["o"].get<std::string>());
    json data = c.sweep_rows;
    for (auto& r : data) scale_row(r, unit_of(r["o"].get<std::string>(), w).factor);
    const int width = std::clamp(720 / static_cast<int>(std::max<std::size_t>(c.sweep_parameters.size(), 1)), 120, 260);
    json rows = json::array();
    for (std::size_t o = 0; o < outcomes.size(); ++o) {
      const Unit unit = unit_of(outcomes[o], w);
      json panels = json::array();
      for (std::size_t p = 0; p < labels.size(); ++p) {
        const bool log = c.sweep_log.count(c.sweep_parameters[p]) > 0;
        json x{{"field", "x"}, {"type", "quantitative"}, {"title", o + 1 == outcomes.size() ? json(labels[p]) : json(nullptr)},
               // A log scale spans the points, not the powers of ten around them.
               {"scale", log ? json{{"type", "log"}, {"nice", false}, {"padding", 8}} : json{{"zero", false}}},
               {"axis", {{"titleLimit", width + 40}, {"labelOverlap", true}}}};
        json y{{"field", "v"}, {"type", "quantitative"}, {"title", nullptr}, {"scale", {{"zero", false}}}, {"axis", unit.axis}};
        json lo{{"field", "lo"}, {"type", "quantitative"}};
        panels.push_back({{"transform", json::array({{{"filter", {{"field", "o"}, {"equal", outcomes[o]}}}}, {{"filter", {{"field", "p"}, {"equal", labels[p]}}}}})},
                          {"width", width},
                          {"height", 120},
                          {"layer", json::array({{{"mark", {{"type", "rule"}}}, {"encoding", {{"x", x}, {"y", lo}, {"y2", {{"field", "hi"}}}}}},
                                                 {{"mark", {{"type", "point"}, {"filled", true}, {"opacity", 1}}},
                                                  {"encoding", {{"x", x}, {"y", y}, {"tooltip", json::array({{{"field", "point"}}, {{"field", "x"}}, {{"field", "v"}}})}}}}})}});
      }
      // The outcome (with its unit) over its row: a vertical axis title would be cut to the panel's height.
      rows.push_back({{"title", {{"text", unit.title}, {"anchor", "start"}, {"fontSize", 12}}}, {"hconcat", panels}});
    }
    std::string logs;
    for (std::size_t p = 0; p < labels.size(); ++p)
      if (c.sweep_log.count(c.sweep_parameters[p])) logs += (logs.empty() ? "" : ", ") + labels[p];
    charts.push_back({"chart-sweep", w("Each outcome against each swept parameter", "Varje utfall mot varje svept parameter"),
                      w("Points: mean per point; bars: 95 % interval over replicates.", "Punkter: medel per punkt; staplar: 95 % intervall över replikat.") +
                          (logs.empty() ? std::string()
                                        : fmt::format(fmt::runtime(w(" Logarithmic axis (the sweep drew it on a log scale): {}.",
                                                                     " Logaritmisk axel (svepet drog den på logaritmisk skala): {}.")),
                                                      logs)),
                      {{"data", {{"values", data}}}, {"vconcat", rows}}});
  }
  // A sensitivity analysis: per output its indices, then the output against the inputs that matter.
  const bool morris = c.method == "morris";
  auto largest_of = [](const json& rows, const std::vector<std::string>& keys) {
    double largest = 0;
    for (const auto& r : rows)
      for (const auto& key : keys)
        if (r.contains(key) && r[key].is_number()) largest = std::max(largest, std::abs(r[key].get<double>()));
    return largest;
  };
  // Amounts in SEK grouped by thousands (never SI's 40M); shares and rates keep the default,
  // whose decimals follow the tick step.
  auto number_axis = [](double largest, json axis = json::object()) {
    if (largest >= 1e4) axis["format"] = ",.0f";
    return axis;
  };
  for (const auto& out : c.sensitivity_outputs) {
    const json tooltip = morris ? json::array({{{"field", "path"}, {"title", w("input", "indata")}}, {{"field", "mu_star"}, {"title", "μ*"}},
                                               {{"field", "mu"}, {"title", "μ"}}, {{"field", "sigma"}, {"title", "σ"}}})
                                : json::array({{{"field", "path"}, {"title", w("input", "indata")}}, {{"field", "k"}, {"title", nullptr}},
                                               {{"field", "v"}, {"title", w("index", "index")}}, {{"field", "lo"}, {"title", "2.5 %"}},
                                               {{"field", "hi"}, {"title", "97.5 %"}}});
    const json rows_axis{{"field", "i"}, {"type", "nominal"}, {"sort", out.order}, {"title", nullptr}, {"axis", {{"labelLimit", 320}}}};
    const std::string heading = out.definition.empty() ? out.name : fmt::format("{} ({})", out.name, out.definition);
    if (morris) {
      const std::string mu_star = w("μ*: overall influence", "μ*: samlat inflytande"), sigma = w("σ: non-linearity or interactions", "σ: icke-linjäritet eller samspel");
      const json color_scale{{"domain", {mu_star, sigma}}, {"range", {"#4c78a8", "#e45756"}}};
      const double largest = largest_of(out.indices, {"mu_star", "sigma"});
      std::vector<std::string> ranked;
      for (std::size_t k = 0; k < out.order.size(); ++k) ranked.push_back(fmt::format("{} · {}", k + 1, out.order[k]));
      json ranked_axis = rows_axis;
      ranked_axis["field"] = "r";
      ranked_axis["sort"] = ranked;
      const json tornado{{"width", 300},
                         {"height", {{"step", 26}}},
                         {"encoding", {{"y", ranked_axis}, {"tooltip", tooltip}}},
                         {"layer", json::array({{{"mark", {{"type", "bar"}}},
                                                 {"encoding", {{"x", {{"field", "mu_star"}, {"type", "quantitative"}, {"title", "μ*, σ" + out.unit}, {"axis", number_axis(largest)}}},
                                                               {"color", {{"datum", mu_star}, {"scale", color_scale}, {"title", nullptr},
                                                                          {"legend", {{"orient", "top"}, {"direction", "vertical"}}}}}}}},
                                                {{"mark", {{"type", "point"}, {"shape", "diamond"}, {"filled", true}, {"size", 110}, {"opacity", 1}}},
                                                 {"encoding", {{"x", {{"field", "sigma"}, {"type", "quantitative"}}}, {"color", {{"datum", sigma}}}}}}})}};
      const json x{{"field", "mu_star"}, {"type", "quantitative"}, {"title", "μ*" + out.unit}, {"axis", number_axis(largest)}};
      const json y{{"field", "sigma"}, {"type", "quantitative"}, {"title", "σ" + out.unit}, {"axis", number_axis(largest)}};
      // Ranks only beside the points that stand out: those near the origin would print over each other.
      const std::string named = fmt::format("max(datum.mu_star, datum.sigma) >= {}", 0.05 * largest);
      const json scatter{{"width", 260},
                         {"height", 220},
                         {"layer", json::array({{{"mark", {{"type", "rule"}, {"strokeDash", {4, 4}}, {"color", "#999"}}},
                                                 {"encoding", {{"x", {{"datum", 0}, {"type", "quantitative"}}}, {"y", {{"datum", 0}, {"type", "quantitative"}}},
                                                               {"x2", {{"datum", largest}}}, {"y2", {{"datum", largest}}}}}},
                                                {{"mark", {{"type", "point"}, {"filled", true}, {"size", 70}, {"color", "#4c78a8"}}},
                                                 {"encoding", {{"x", x}, {"y", y}, {"tooltip", tooltip}}}},
                                                {{"transform", json::array({{{"filter", named}}})},
                                                 {"mark", {{"type", "text"}, {"align", "left"}, {"dx", 6}, {"dy", -6}, {"fontSize", 11}, {"fontWeight", "bold"}}},
                                                 {"encoding", {{"x", x}, {"y", y}, {"text", {{"field", "n"}}}}}}})}};
      charts.push_back({"chart-morris-" + out.name, fmt::format("{} — {}", w("What it depends on (Morris)", "Vad det beror på (Morris)"), heading),
                        w("Left: inputs by μ*, the mean absolute elementary effect — how much the output moves when the input moves "
                          "(its overall influence), in the output's unit. σ (diamond) is the spread of those effects: large beside μ* "
                          "means the effect depends on where the other inputs are (non-linearity or interactions). Right: σ against μ*, each "
                          "input numbered by its rank on the left; dashed: σ = μ* (above it, mostly non-linearity or interactions); "
                          "inputs near the origin hardly matter and are named in the tooltip only.",
                          "Vänster: indata efter μ*, den genomsnittliga absoluta elementära effekten — hur mycket utfallet rör sig när "
                          "indatat rör sig (dess samlade inflytande), i utfallets enhet. σ (romb) är effekternas spridning: stor bredvid "
                          "μ* betyder att effekten beror på var de andra indata ligger (icke-linjäritet eller samspel). Höger: σ mot μ*, varje "
                          "indata numrerat efter sin plats till vänster; streckat: σ = μ* (ovanför: mest icke-linjäritet eller samspel); "
                          "indata nära origo betyder knappt något och namnges bara i verktygstipset."),
                        {{"data", {{"values", out.indices}}}, {"hconcat", {tornado, scatter}}, {"spacing", 40}}});
    } else {
      const std::string first = w("first order: alone", "första ordningen: ensamt"), total = w("total: with interactions", "totalt: med samspel");
      json bars = json::array();
      for (const auto& r : out.indices)
        for (const auto& [kind, key] : {std::pair{first, std::string("first_order")}, std::pair{total, std::string("total")}})
          bars.push_back({{"i", r["i"]}, {"path", r["path"]}, {"k", kind}, {"v", r[key]}, {"lo", r[key + "_low"]}, {"hi", r[key + "_high"]}});
      const json x{{"field", "v"}, {"type", "quantitative"}, {"title", w("Share of the output's variance", "Andel av utfallets varians")},
                   {"axis", {{"format", "%"}}}};
      const json spec{{"data", {{"values", bars}}},
                      {"width", 360},
                      {"height", 44 * static_cast<int>(out.order.size())},
                      {"encoding", {{"y", rows_axis}, {"yOffset", {{"field", "k"}, {"sort", {first, total}}}}, {"tooltip", tooltip}}},
                      {"layer", json::array({{{"mark", {{"type", "bar"}}},
                                              {"encoding", {{"x", x},
                                                            {"color", {{"field", "k"}, {"type", "nominal"}, {"title", nullptr},
                                                                       {"scale", {{"domain", {first, total}}, {"range", {"#9ecae9", "#2f6ea5"}}}}}}}}},
                                             {{"mark", {{"type", "rule"}, {"color", "#222"}, {"strokeWidth", 1.5}}},
                                              {"encoding", {{"x", {{"field", "lo"}, {"type", "quantitative"}}}, {"x2", {{"field", "hi"}}}}}}})}};
      charts.push_back({"chart-sobol-" + out.name, fmt::format("{} — {}", w("What it depends on (Sobol)", "Vad det beror på (Sobol)"), heading),
                        w("The share of the output's variance each input explains alone (first order) and together with its interactions "
                          "(total), the largest total first; lines: 95 % bootstrap intervals. Totals well above the first order mean "
                          "interactions; indices near zero whose intervals include zero: the input hardly matters.",
                          "Den andel av utfallets varians som varje indata förklarar ensamt (första ordningen) och tillsammans med sitt "
                          "samspel (totalt), störst total först; linjer: 95 % bootstrapintervall. Totaler klart över första ordningen "
                          "betyder samspel; index nära noll vars intervall innehåller noll: indatat betyder knappt något."),
                        spec});
    }
    if (!out.points.empty()) {
      const std::vector<std::string> shown(out.order.begin(), out.order.begin() + static_cast<std::ptrdiff_t>(out.scattered));
      const json x{{"field", "x"}, {"type", "quantitative"}, {"title", nullptr}, {"scale", {{"zero", false}}}};
      json layers = json::array();
      if (std::any_of(out.points.begin(), out.points.end(), [](const json& p) { return p.contains("lo"); }))
        layers.push_back({{"mark", {{"type", "rule"}, {"opacity", 0.3}}},
                          {"encoding", {{"x", x}, {"y", {{"field", "lo"}, {"type", "quantitative"}}}, {"y2", {{"field", "hi"}}}}}});
      layers.push_back({{"mark", {{"type", "point"}, {"filled", true}, {"size", 24}, {"opacity", 0.7}}},
                        {"encoding", {{"x", x},
                                      {"y", {{"field", "y"}, {"type", "quantitative"}, {"title", out.name + out.unit}, {"scale", {{"zero", false}}},
                                             {"axis", number_axis(largest_of(out.points, {"y"}))}}},
                                      {"tooltip", json::array({{{"field", "path"}, {"title", w("input", "indata")}}, {{"field", "x"}, {"title", w("value", "värde")}},
                                                               {{"field", "y"}, {"title", out.name}}})}}}});
      charts.push_back({"chart-points-" + out.name, fmt::format("{} — {}", w("The output against the inputs that matter", "Utfallet mot de indata som betyder något"), heading),
                        fmt::format(fmt::runtime(w("Every point of the analysis: the output (mean over its replicates; lines: ± 1.96 standard errors) "
                                                   "against the value of each of the {} inputs with the largest {} (all inputs when there are "
                                                   "no more than {}). Failed points are left out.",
                                                   "Varje punkt i analysen: utfallet (medel över dess replikat; linjer: ± 1,96 medelfel) mot värdet "
                                                   "av vart och ett av de {} indata med störst {} (alla indata när de inte är fler än {}). "
                                                   "Misslyckade punkter visas inte.")),
                                    kScatteredInputs, morris ? "μ*" : w("total index", "totalindex"), kScatteredInputs),
                        {{"data", {{"values", out.points}}},
                         {"facet", {{"field", "i"}, {"type", "nominal"}, {"title", nullptr}, {"sort", shown}, {"header", {{"labelLimit", 280}}}}},
                         {"columns", 4},
                         {"resolve", {{"scale", {{"x", "independent"}}}}},
                         {"spec", {{"width", 210}, {"height", 160}, {"layer", layers}}}}});
    }
  }

  // The spread of the cumulative net over replicates, per scenario against the first.
  if (!c.budget_fan.empty()) {
    const json x{{"field", "y"}, {"type", "quantitative"}, {"title", w("Year", "År")}, {"axis", {{"format", "d"}}}, {"scale", {{"zero", false}}}};
    const json tooltip = json::array({{{"field", "y"}, {"title", w("year", "år")}}, {{"field", "p05"}, {"title", "p05"}}, {{"field", "p25"}, {"title", "p25"}},
                                      {{"field", "p50"}, {"title", w("median", "median")}}, {{"field", "p75"}, {"title", "p75"}},
                                      {{"field", "p95"}, {"title", "p95"}}, {{"field", "mean"}, {"title", w("mean", "medel")}},
                                      {{"field", "n"}, {"title", w("replicates", "replikat")}}});
    const json layers = json::array(
        {{{"mark", {{"type", "area"}, {"opacity", 0.22}, {"color", "#4c78a8"}}},
          {"encoding", {{"x", x}, {"y", {{"field", "p05"}, {"type", "quantitative"}, {"title", w("MSEK, cumulative", "mnkr, kumulativt")}}}, {"y2", {{"field", "p95"}}}}}},
         {{"mark", {{"type", "area"}, {"opacity", 0.45}, {"color", "#4c78a8"}}},
          {"encoding", {{"x", x}, {"y", {{"field", "p25"}, {"type", "quantitative"}}}, {"y2", {{"field", "p75"}}}}}},
         {{"mark", {{"type", "line"}, {"color", "#1d3f63"}, {"strokeWidth", 1.2}, {"strokeDash", {4, 3}}}},
          {"encoding", {{"x", x}, {"y", {{"field", "mean"}, {"type", "quantitative"}}}}}},
         {{"mark", {{"type", "line"}, {"color", "#1d3f63"}, {"strokeWidth", 2}, {"point", {{"filled", true}, {"size", 20}}}}},
          {"encoding", {{"x", x}, {"y", {{"field", "p50"}, {"type", "quantitative"}}}, {"tooltip", tooltip}}}},
         {{"mark", {{"type", "rule"}, {"color", "#444"}}}, {"encoding", {{"y", {{"datum", 0}}}}}}});
    const bool assumptions = c.inputs_drawn > 0;
    int first_year = std::numeric_limits<int>::max(), last_year = 0;
    for (const auto& r : c.budget_fan)
      if (r["y"].is_number()) first_year = std::min(first_year, r["y"].get<int>()), last_year = std::max(last_year, r["y"].get<int>());
    const std::string fan_years = last_year > 0 ? shows_years(w, year_span(first_year, last_year)) + " " : std::string();
    const std::string base = c.scenarios.empty() ? std::string("?") : c.scenarios.front();
    charts.push_back(
        {"chart-budget-fan",
         fmt::format(fmt::runtime(assumptions ? w("Cumulative net against {} by year, with the uncertainty of the assumptions",
                                                  "Kumulativt netto mot {} per år, med antagandenas osäkerhet")
                                              : w("Cumulative net against {} by year: Monte-Carlo noise only",
                                                  "Kumulativt netto mot {} per år: bara Monte Carlo-brus")),
                     base),
         fan_years + (assumptions
             ? fmt::format(fmt::runtime(w("Over replicates, each of which drew {} uncertain assumption(s) as well as its own random numbers, so "
                                          "the bands include how uncertain the assumptions are. Light band: 5th–95th percentile; dark band: "
                                          "25th–75th; line: median; dashed: mean.",
                                          "Över replikat som vart och ett drog {} osäkra antaganden och sina egna slumptal, så banden "
                                          "inkluderar hur osäkra antagandena är. Ljust band: 5:e–95:e percentilen; mörkt band: 25:e–75:e; "
                                          "linje: median; streckat: medel.")),
                           c.inputs_drawn)
             : w("Over replicates with the same assumptions (compare without --uncertainty): the bands show only how much the simulated "
                 "replicates differ, not how uncertain the assumptions are. Light band: 5th–95th percentile; dark band: 25th–75th; line: "
                 "median; dashed: mean.",
                 "Över replikat med samma antaganden (compare utan --uncertainty): banden visar bara hur mycket de simulerade replikaten "
                 "skiljer sig, inte hur osäkra antagandena är. Ljust band: 5:e–95:e percentilen; mörkt band: 25:e–75:e; linje: median; "
                 "streckat: medel.")),
         {{"data", {{"values", c.budget_fan}}},
          {"facet", {{"field", "s"}, {"type", "nominal"}, {"title", nullptr}, {"sort", c.scenarios}}},
          {"columns", 2},
          {"spec", {{"width", 420}, {"height", 240}, {"layer", layers}}}}});
  }

  // A sweep's payback per point against its first parameter.
  if (!c.sweep_payback.empty()) {
    const bool log = c.sweep_log.count(c.sweep_payback_parameter) > 0;
    const json x{{"field", "x"}, {"type", "quantitative"}, {"title", c.sweep_payback_parameter},
                 {"scale", log ? json{{"type", "log"}, {"padding", 12}} : json{{"zero", false}, {"padding", 12}}}, {"axis", {{"titleLimit", 300}}}};
    const json tooltip = json::array({{{"field", "point"}}, {{"field", "x"}, {"title", c.sweep_payback_parameter}}, {{"field", "p"}, {"format", ".0%"}},
                                      {{"field", "v"}, {"title", "MSEK"}}});
    auto panel = [&](const char* value, const char* low, const char* high, const json& y, bool zero_rule) {
      json layers = json::array({{{"mark", {{"type", "rule"}}}, {"encoding", {{"x", x}, {"y", {{"field", low}, {"type", "quantitative"}}}, {"y2", {{"field", high}}}}}},
                                 {{"mark", {{"type", "point"}, {"filled", true}, {"size", 50}}},
                                  {"encoding", {{"x", x}, {"y", y}, {"tooltip", tooltip}}}}});
      if (zero_rule) layers.push_back({{"mark", {{"type", "rule"}, {"color", "#444"}}}, {"encoding", {{"y", {{"datum", 0}}}}}});
      json spec{{"width", 320}, {"height", 200}, {"layer", layers}};
      spec["layer"][1]["encoding"]["y"]["field"] = value;
      return spec;
    };
    const json probability{{"field", "p"}, {"type", "quantitative"}, {"title", w("Probability of paying back", "Sannolikhet att det lönar sig")},
                           {"axis", {{"format", "%"}}}, {"scale", {{"domain", {0, 1}}}}};
    const json net{{"field", "v"}, {"type", "quantitative"}, {"title", w("Cumulative net, MSEK", "Kumulativt netto, mnkr")}, {"scale", {{"padding", 10}}}};
    charts.push_back({"chart-sweep-payback",
                      fmt::format(fmt::runtime(w("Does it pay back within {} years? Against {}", "Lönar det sig inom {} år? Mot {}")),
                                  c.sweep_payback_years, c.sweep_payback_parameter),
                      w("Left: the share of a point's replicates whose cumulative net is at least zero (bars: 95 % Wilson interval). Right: "
                        "the cumulative net then, mean over replicates (bars: 5th–95th percentile).",
                        "Vänster: andelen av punktens replikat vars kumulativa netto är minst noll (staplar: 95 % Wilsonintervall). Höger: "
                        "det kumulativa nettot då, medel över replikat (staplar: 5:e–95:e percentilen)."),
                      {{"data", {{"values", c.sweep_payback}}},
                       {"hconcat", {panel("p", "plo", "phi", probability, false), panel("v", "vlo", "vhi", net, true)}}}});
  }
  for (auto& chart : charts) {
    chart.spec["config"] = chart_config(w);
    // An id holds a sensitivity output's name: only letters, digits, '-' and '_' may stay, as it is
    // an HTML id, a CSS selector (vegaEmbed('#' + id)) and, with --charts, a file name.
    for (char& ch : chart.id)
      if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_') ch = '_';
  }
  return charts;
}

// ---------------------------------------------------------------------------------------------
// HTML.

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

// JSON inside a <script> element: "</" would end the element.
std::string script_json(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/') out += "<\\";
    else out += text[i];
  }
  return out;
}

std::string format_value(const std::string& outcome, double v, bool sv, bool difference = false) {
  if (!std::isfinite(v)) return "–";
  std::string text, unit;  // the unit after the decimal mark is set: "p.e." keeps its dots
  const std::string sign = difference && v > 0 ? "+" : "";
  if (outcome.find("rate") != std::string::npos || outcome.find("share") != std::string::npos || outcome.find("employed_after") != std::string::npos ||
      outcome.starts_with("newcomers_employed_") || outcome.starts_with("employment_gap_")) {
    text = difference ? fmt::format("{}{:.2f}", sign, v * 100) : fmt::format("{:.1f}", v * 100);
    unit = difference ? (sv ? " p.e." : " pp") : " %";
  } else if (outcome.find("months") != std::string::npos) {
    text = fmt::format("{}{:.1f}", sign, v);
    unit = sv ? " mån" : " months";
  } else if (outcome == "gini" || outcome.rfind("theil", 0) == 0) {
    text = fmt::format("{}{:.4f}", sign, v);
  } else if (outcome.find("sek") != std::string::npos) {
    text = fmt::format("{}{:.1f}", sign, v / 1e6);
    unit = sv ? " mnkr" : " MSEK";
  } else {
    text = fmt::format("{}{:.0f}", sign, v);
  }
  if (sv)
    for (auto& ch : text)
      if (ch == '.') ch = ',';
  return text + unit;
}

// Higher is better for employment, newcomers in work and the budget; lower for the rest.
bool higher_is_better(const std::string& outcome) {
  return outcome == "employment_rate_20_64" || outcome == "newcomers_employed_after_2_years" || outcome == "cumulative_net_budget_sek" ||
         outcome.starts_with("newcomers_employed_");
}

// The calendar years the headline table shows, e.g. "2016, 2020 and 2025" (year k of the run ends in start_year + k − 1).
std::string headline_years(const Content& c, const Words& w) {
  std::set<int> years;
  for (const auto& r : c.headline) years.insert(c.start_year + r.year - 1);
  std::vector<std::string> names;
  for (int y : years) names.push_back(std::to_string(y));
  if (names.size() <= 1) return names.empty() ? std::string() : names.front();
  const std::string last = names.back();
  names.pop_back();
  return fmt::format("{} {} {}", fmt::join(names, ", "), w("and", "och"), last);
}

void write_headline(std::ostream& out, const Content& c, const Words& w) {
  std::vector<std::string> outcomes;
  std::set<int> years;
  bool startup_marked = false;
  for (const auto& r : c.headline) {
    if (std::find(outcomes.begin(), outcomes.end(), r.outcome) == outcomes.end()) outcomes.push_back(r.outcome);
    years.insert(r.year);
  }
  out << "<table class=\"headline\"><thead><tr><th>" << w("Outcome", "Utfall") << "</th><th>" << w("Year", "År") << "</th>";
  const Language language = w.sv ? Language::kSwedish : Language::kEnglish;
  for (const auto& s : c.scenarios) out << "<th>" << escape(display_name(s, language, &c.names)) << "</th>";
  out << "</tr></thead><tbody>\n";
  for (const auto& outcome : outcomes)
    for (int year : years) {
      out << "<tr><td>" << escape(outcome_label(outcome, w, &c.names)) << "</td><td>" << c.start_year + year - 1 << "</td>";
      for (const auto& s : c.scenarios) {
        auto it = std::find_if(c.headline.begin(), c.headline.end(),
                               [&](const HeadlineRow& r) { return r.scenario == s && r.year == year && r.outcome == outcome; });
        if (it == c.headline.end()) {
          out << "<td>–</td>";
          continue;
        }
        // In the run's first two years everyone counted arrived before the run, on arrival dates
        // the population synthesis drew: marked, not shown as the measure's outcome.
        const bool before_start = outcome == "newcomers_employed_after_2_years" && year <= 2;
        startup_marked = startup_marked || before_start;
        out << (before_start ? "<td class=\"startup\">" : "<td>") << format_value(outcome, it->value.mean, w.sv) << (before_start ? "*" : "");
        if (it->value.n > 1 && it->value.low != it->value.high)
          out << " <span class=\"ci\">(" << format_value(outcome, it->value.low, w.sv) << " – " << format_value(outcome, it->value.high, w.sv) << ")</span>";
        if (it->difference && s != c.scenarios.front()) {
          const auto& d = *it->difference;
          // One replicate has no interval: its difference is never called better or worse.
          const bool clear = d.n >= 2 && d.low != d.high && ((d.low > 0 && d.high > 0) || (d.low < 0 && d.high < 0));
          const bool better = (d.mean > 0) == higher_is_better(outcome);
          const char* cls = !clear ? "diff" : better ? "diff better" : "diff worse";
          out << "<br><span class=\"" << cls << "\" title=\"" << w("difference to ", "skillnad mot ") << escape(c.scenarios.front()) << "\">Δ "
              << format_value(outcome, d.mean, w.sv, true);
          if (d.low != d.high) out << " (" << format_value(outcome, d.low, w.sv, true) << " – " << format_value(outcome, d.high, w.sv, true) << ")";
          out << "</span>";
        }
        out << "</td>";
      }
      out << "</tr>\n";
    }
  out << "</tbody></table>\n";
  if (startup_marked)
    out << "<p class=\"note\">"
        << w("* Newcomers employed two years after arrival, in the run's first two years: everyone counted arrived before the run "
             "started, on arrival dates drawn by the population synthesis, so the measure cannot have changed it yet.",
             "* Nyanlända i arbete två år efter ankomst, under körningens två första år: alla som räknas kom före körningens start, "
             "med ankomstdatum som befolkningssyntesen drog, så insatsen kan ännu inte ha påverkat det.")
        << "</p>\n";
}

void write_scripts(std::ostream& out) {
  for (const auto* library : {&detail::vega_js(), &detail::vega_lite_js(), &detail::vega_embed_js()}) {
    out << "<script>";
    for (auto chunk : *library) out << chunk;
    out << "</script>\n";
  }
}

constexpr std::string_view kStyle = R"css(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0 auto;max-width:1200px;padding:1.2em 2em;color:#222;line-height:1.4}
h1{font-size:1.6em;margin-bottom:.1em}h2{margin-top:1.6em;border-bottom:1px solid #ccc;padding-bottom:.2em}
.lead{color:#555;margin-top:0}
table{border-collapse:collapse;font-size:.9em;margin:.6em 0}th,td{border:1px solid #ddd;padding:.3em .6em;text-align:right;vertical-align:top}
th{background:#f2f4f7}td:first-child,th:first-child,td.text,th.text{text-align:left}
td.text{overflow-wrap:anywhere}table.points{font-size:.85em}table.points th,table.points td{padding:.25em .4em}
.ci{color:#777;font-size:.85em}.diff{font-size:.85em;color:#555}.startup{color:#888}.better{background:#dff3e2;color:#14532d;font-weight:600}.worse{background:#fbe2e2;color:#7f1d1d;font-weight:600}
.chart{margin:.4em 0 1.4em}.note{color:#666;font-size:.85em;margin:.2em 0}
div.staircase{overflow-x:auto}div.staircase svg{max-width:100%;height:auto}pre{background:#f6f8fa;padding:.6em;overflow:auto;font-size:.8em;max-height:22em}
details{margin:.4em 0}summary{cursor:pointer;font-weight:600}
nav a{margin-right:1em}
)css";

constexpr std::string_view kEmbed = R"js(
(function () {
  var charts = JSON.parse(document.getElementById('trappsteg-charts').textContent);
  var lang = document.documentElement.lang;
  window.trappsteg = {expected: charts.length, rendered: 0, views: [], byId: {}};
  Promise.all(charts.map(function (chart) {
    // Export only: "view source", "compiled" and "open in editor" would open windows or post the
    // spec to vega.github.io.
    var options = {renderer: 'svg', mode: 'vega-lite', downloadFileName: chart.id, scaleFactor: {png: 2},
                   actions: {export: {svg: true, png: true}, source: false, compiled: false, editor: false}};
    if (lang === 'sv') {
      options.formatLocale = chart.spec.config.locale.number;
      options.timeFormatLocale = chart.spec.config.locale.time;
      options.i18n = {CLICK_TO_VIEW_ACTIONS: 'Spara diagrammet', SVG_ACTION: 'Spara som SVG', PNG_ACTION: 'Spara som PNG',
                      SOURCE_ACTION: 'Visa källkod', COMPILED_ACTION: 'Visa kompilerad Vega', EDITOR_ACTION: 'Öppna i Vega Editor'};
    }
    return vegaEmbed('#' + chart.id, chart.spec, options).then(function (result) {
      window.trappsteg.rendered += 1;
      window.trappsteg.views.push(result.view);
      window.trappsteg.byId[chart.id] = result.view;
    });
  })).then(function () { document.body.setAttribute('data-rendered', 'true'); },
           function (error) { document.body.setAttribute('data-rendered', 'error'); console.error(error); });
})();
)js";

}  // namespace

/// The run's staircase with its flows as inline SVG, drawn by Graphviz in process.
// The flow graph of one scenario: its staircase (the folder's copy) and the flows of a run's
// outcomes.csv or of `scenario` in a compare's stages.csv; in Swedish with the steps' name_sv.
std::string staircase_flows_svg(const fs::path& staircase_file, const fs::path& flows_file, const std::string& scenario, bool sv) {
  if (!fs::exists(staircase_file) || !fs::exists(flows_file)) return {};
  Staircase staircase(load_staircase(staircase_file));
  StageFlows flows = read_stage_flows(flows_file, 1, std::numeric_limits<int>::max(), scenario);
  const auto& spec = staircase.spec();
  std::vector<FlowStage> stages;
  for (const auto& stage : spec.stages)
    stages.push_back({stage.key, sv && !stage.name_sv.empty() ? stage.name_sv : stage.name, stage.exit, stage.employed(),
                      stage.activity == Activity::kNone});
  std::vector<std::pair<std::string, std::string>> transitions, age_moves;
  const StageGraph& graph = staircase.graph();
  for (auto [e, end] = boost::edges(graph); e != end; ++e) {
    std::pair<std::string, std::string> pair{spec.stages[graph[boost::source(*e, graph)].stage].key, spec.stages[graph[boost::target(*e, graph)].stage].key};
    transitions.push_back(pair);
    if (graph[*e].transition < 0) age_moves.push_back(pair);
  }
  std::string text = render_graphviz(flow_graph_dot(stages, transitions, age_moves, flows, sv), "svg");
  // Inline SVG needs neither the XML prolog nor the namespace declarations (whose URLs are
  // names, never fetched, but best not to appear in a page that must make no request).
  std::size_t start = text.find("<svg");
  text = start == std::string::npos ? std::string() : text.substr(start);
  for (const std::string attribute : {" xmlns=\"http://www.w3.org/2000/svg\"", " xmlns:xlink=\"http://www.w3.org/1999/xlink\""}) {
    std::size_t at = text.find(attribute);
    if (at != std::string::npos) text.erase(at, attribute.size());
  }
  return text;
}

namespace {

Content read_content(const std::filesystem::path& results_folder, const std::string& lang) {
  if (lang != "sv" && lang != "en") throw Error(fmt::format("--lang {}: use sv or en", lang));
  const Words w{lang == "sv"};
  if (!fs::is_directory(results_folder)) throw Error(fmt::format("{}: not a folder", results_folder.string()));
  Content c;
  try {
    if (fs::exists(results_folder / "summary.json") && fs::exists(results_folder / "outcomes.csv")) c = read_run(results_folder, w);
    else if (fs::exists(results_folder / "compare.csv")) c = read_compare(results_folder, w);
    // A sensitivity folder holds points.csv too: told apart from a sweep's by its analysis file.
    else if (fs::exists(results_folder / "sensitivity.yaml")) c = read_sensitivity(results_folder, w);
    else if (fs::exists(results_folder / "sweep.csv") || fs::exists(results_folder / "points.csv")) c = read_sweep(results_folder, w);
    else if (fs::exists(results_folder / "fit.csv") && fs::exists(results_folder / "trace.csv")) c = read_calibration(results_folder, w);
    else if (fs::exists(results_folder / "shard.yaml"))
      throw Error(fmt::format("{}: one shard of a sweep (sweep --shard), whose tables need every run: join the shards with "
                              "trappsteg merge and read the merged folder",
                              results_folder.string()));
    else
      throw Error(fmt::format("{}: not a Trappsteg results folder (expected summary.json and outcomes.csv from run, "
                              "compare.csv from compare, sweep.csv from sweep, fit.csv from calibrate, or sensitivity.yaml "
                              "and indices.csv from sensitivity)",
                              results_folder.string()));
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(fmt::format("{}: cannot read the results: {}", results_folder.string(), e.what()));
  }
  return c;
}

}  // namespace

void write_report(const std::filesystem::path& results_folder, const std::string& lang, std::ostream& out, const std::string& title) {
  const Content c = read_content(results_folder, lang);
  const Words w{lang == "sv"};
  const std::vector<Chart> charts = make_charts(c, w);
  const char* kind = c.kind == "run"           ? w("Run", "Körning")
                     : c.kind == "compare"     ? w("Comparison", "Jämförelse")
                     : c.kind == "calibration" ? w("Calibration", "Kalibrering")
                     : c.kind == "sensitivity" ? w("Sensitivity analysis", "Känslighetsanalys")
                                               : w("Parameter sweep", "Parametersvep");

  out << "<!DOCTYPE html>\n<html lang=\"" << lang << "\"><head><meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:\">\n"
      << "<title>Trappsteg — " << escape(c.title) << "</title>\n<style>" << kStyle << "</style>\n";
  write_scripts(out);
  out << "</head><body>\n<h1>Trappsteg — " << escape(kind) << ": " << escape(c.title) << "</h1>\n";
  const std::string folder_name = !title.empty() ? title
                                  : results_folder.filename().string().empty() ? results_folder.string()
                                                                               : results_folder.filename().string();
  out << "<p class=\"lead\">" << escape(folder_name) << " · "
      << w("Simulated outcomes of Göteborg's labour-market staircase. Numbers marked illustrative in the model files are not measured; see Methods.",
           "Simulerade utfall för Göteborgs trappstegsmodell. Tal som märkts illustrativa i modellfilerna är inte uppmätta; se Metod.")
      << "</p>\n<nav><a href=\"#summary\">" << w("Summary", "Sammanfattning") << "</a><a href=\"#charts\">" << w("Charts", "Diagram") << "</a><a href=\"#methods\">"
      << w("Methods", "Metod") << "</a></nav>\n";

  out << "<h2 id=\"summary\">" << w("Summary", "Sammanfattning") << "</h2>\n";
  if (c.kind == "sweep") {
    out << "<p class=\"note\">"
        << (c.sweep_month % 12 == 0
                ? fmt::format(fmt::runtime(w("One row per point: the city after {} years (month {}, the end of the run), mean and, below it, the 95 % "
                                             "interval over replicates.",
                                             "En rad per punkt: hela staden efter {} år (månad {}, körningens slut), medel och under det 95 % "
                                             "intervall över replikat.")),
                              c.sweep_month / 12, c.sweep_month)
                : fmt::format(fmt::runtime(w("One row per point: the city at month {} (the end of the run), mean and, below it, the 95 % interval "
                                             "over replicates.",
                                             "En rad per punkt: hela staden vid månad {} (körningens slut), medel och under det 95 % intervall "
                                             "över replikat.")),
                              c.sweep_month))
        << "</p>\n";
    out << "<table class=\"points\"><thead><tr>";
    for (std::size_t k = 0; k < c.sweep_table_header.size(); ++k) {
      const std::string& title = k < c.sweep_table_titles.size() ? c.sweep_table_titles[k] : std::string();
      // A key path may break after its dots and arrows (and only there).
      std::string label = escape(c.sweep_table_header[k]);
      if (!title.empty())
        for (const std::string_view after : {".", "→"})
          for (std::size_t at = label.find(after); at != std::string::npos; at = label.find(after, at + after.size() + 5))
            label.insert(at + after.size(), "<wbr>");
      out << "<th" << (title.empty() ? "" : " title=\"" + escape(title) + "\"") << ">" << label << "</th>";
    }
    out << "</tr></thead><tbody>\n";
    for (const auto& row : c.sweep_table) {
      out << "<tr>";
      for (const auto& cell : row) {
        const auto line = cell.find('\n');
        out << "<td>" << escape(cell.substr(0, line));
        if (line != std::string::npos) out << "<br><span class=\"ci\">" << escape(cell.substr(line + 1)) << "</span>";
        out << "</td>";
      }
      out << "</tr>\n";
    }
    out << "</tbody></table>\n";
  } else if (!c.headline.empty()) {
    out << "<p class=\"note\">"
        << fmt::format(fmt::runtime(w("City-wide, at the end of {}: mean (95 % interval over replicates). Δ is the paired difference to ",
                                      "Hela staden, vid slutet av {}: medel (95 % intervall över replikat). Δ är den parade skillnaden mot ")),
                       headline_years(c, w))
        << escape(display_name(c.scenarios.front(), w.sv ? Language::kSwedish : Language::kEnglish, &c.names))
        << w("; green or red where the interval excludes zero (better or worse).", "; grönt eller rött där intervallet utesluter noll (bättre eller sämre).")
        << "</p>\n";
    write_headline(out, c, w);
  }
  for (const auto& table : c.tables) {
    out << "<h3>" << escape(table.title) << "</h3>\n";
    if (!table.note.empty()) out << "<p class=\"note\">" << escape(table.note) << "</p>\n";
    out << "<table" << (table.id.empty() ? "" : " id=\"" + escape(table.id) + "\"") << "><thead><tr>";
    for (std::size_t k = 0; k < table.header.size(); ++k)
      out << (table.text_columns.count(k) ? "<th class=\"text\">" : "<th>") << escape(table.header[k]) << "</th>";
    out << "</tr></thead><tbody>\n";
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      out << "<tr>";
      for (std::size_t k = 0; k < table.rows[r].size(); ++k) {
        std::vector<std::string> classes;
        if (table.text_columns.count(k)) classes.push_back("text");
        if (table.flagged.count({r, k})) classes.push_back("worse");
        out << (classes.empty() ? std::string("<td>") : fmt::format("<td class=\"{}\">", fmt::join(classes, " "))) << escape(table.rows[r][k]) << "</td>";
      }
      out << "</tr>\n";
    }
    out << "</tbody></table>\n";
  }
  if (!c.targets.empty()) {
    out << "<h3 id=\"targets\">" << w("How the model compares with published figures", "Hur modellen stämmer med publicerade siffror") << "</h3>\n";
    out << "<p class=\"note\">"
        << w("Each figure from targets.yaml with its source: the model's mean over replicates with its 95 % interval. "
             "'fit' figures are what calibration fits; 'check' figures judge the fit on numbers it did not see.",
             "Varje siffra i targets.yaml med sin källa: modellens medel över replikat med 95 % intervall. "
             "'fit' är vad kalibreringen anpassar till; 'check' prövar anpassningen mot siffror den inte sett.")
        << "</p>\n<table class=\"targets\"><thead><tr>";
    for (const char* h : {w("Scenario", "Scenario"), w("Figure", "Siffra"), w("Use", "Användning"), w("Outcome", "Utfall"),
                          w("Published", "Publicerat"), w("Tolerance", "Tolerans"), w("Model", "Modell"), w("95 % interval", "95 % intervall"),
                          w("Within", "Inom"), w("Source", "Källa")})
      out << "<th>" << escape(h) << "</th>";
    out << "</tr></thead><tbody>\n";
    for (const auto& row : c.targets) {
      const bool ok = row[8] == "yes";
      out << "<tr>";
      for (std::size_t k = 0; k < row.size(); ++k) {
        std::string cell = row[k];
        if (k == 8) cell = cell == "yes" ? w("yes", "ja") : cell == "no" ? w("no", "nej") : w("not reached", "ej nådd");
        // Figure, outcome and source are text, whose long key names may break anywhere.
        const bool text = k == 1 || k == 3 || k == 9;
        out << (k == 8 ? (ok ? "<td class=\"better\">" : "<td class=\"worse\">") : text ? "<td class=\"text\">" : "<td>") << escape(cell) << "</td>";
      }
      out << "</tr>\n";
    }
    out << "</tbody></table>\n";
  }

  out << "<h2 id=\"charts\">" << w("Charts", "Diagram") << "</h2>\n";
  for (const auto& chart : charts) {
    out << "<section><h3>" << escape(chart.title) << "</h3>";
    if (!chart.note.empty()) out << "<p class=\"note\">" << escape(chart.note) << "</p>";
    out << "<div class=\"chart\" id=\"" << chart.id << "\"></div></section>\n";
  }

  // The flows of the run, or of each compared scenario after the first.
  std::vector<std::pair<std::string, std::string>> flow_graphs;  // heading, SVG
  if (c.kind == "run") {
    flow_graphs.emplace_back(w("Flows between the steps over the whole run", "Flöden mellan stegen under hela körningen"),
                             staircase_flows_svg(results_folder / "inputs/staircase.yaml", results_folder / "outcomes.csv", "", w.sv));
  } else if (c.kind == "compare") {
    for (std::size_t s = 1; s < c.scenarios.size(); ++s)
      flow_graphs.emplace_back(fmt::format("{}: {}", w("Flows between the steps over the whole run", "Flöden mellan stegen under hela körningen"),
                                           display_name(c.scenarios[s], w.sv ? Language::kSwedish : Language::kEnglish, &c.names)),
                               staircase_flows_svg(results_folder / "inputs" / c.scenarios[s] / "staircase.yaml", results_folder / "stages.csv",
                                                   c.scenarios[s], w.sv));
  }
  for (const auto& [heading, svg] : flow_graphs) {
    if (svg.empty()) continue;
    out << "<section><h3>" << escape(heading) << "</h3>";
    out << "<p class=\"note\">"
        << w("People who took each step (mean over replicates); the thicker the arrow, the more people; dashed: a move at an age; "
             "dotted: a step nobody took. Grey boxes at the bottom: people who retired, moved away or died, from any step. Drawn "
             "with Graphviz; trappsteg graph --results draws any period.",
             "Personer som tog varje steg (medel över replikat); ju tjockare pil, desto fler; streckad: ett steg vid en viss ålder; "
             "prickad: ett steg som ingen tog. Grå rutor längst ner: personer som gick i pension, flyttade eller dog, från vilket "
             "steg som helst. Ritad med Graphviz; trappsteg graph --results ritar valfri period.")
        << " " << shows_years(w, series_years(filtered(c.series, [](const json& r) { return r["k"] == "employment_rate_20_64"; })))
        << "</p>";
    out << "<div class=\"staircase\">" << svg << "</div>";
    out << "</section>\n";
  }

  out << "<h2 id=\"methods\">" << w("Methods", "Metod") << "</h2>\n<table class=\"facts\"><tbody>\n";
  out << "<tr><td>" << w("Kind of folder", "Typ av mapp") << "</td><td>" << escape(kind) << "</td></tr>\n";
  for (const auto& [name, value] : c.facts) out << "<tr><td>" << escape(name) << "</td><td>" << escape(value) << "</td></tr>\n";
  out << "</tbody></table>\n";
  if (!c.model_files.empty()) {
    out << "<h3>" << w("Model files and their sources", "Modellfiler och deras källor") << "</h3>\n";
    for (const auto& m : c.model_files) {
      out << "<details><summary>" << escape(m.name);
      if (!m.notes.illustrative.empty()) out << " — " << m.notes.illustrative.size() << " " << w("illustrative number(s)", "illustrativa tal");
      out << "</summary>";
      if (!m.original.empty()) out << "<p class=\"note\">" << w("Original: ", "Original: ") << escape(m.original) << "</p>";
      out << "<pre>" << escape(m.notes.header.empty() ? w("(no header comments)", "(inga kommentarer i filhuvudet)") : m.notes.header) << "</pre>";
      if (!m.notes.illustrative.empty()) {
        out << "<p class=\"note\">" << w("Lines marked illustrative (line: text):", "Rader märkta illustrativa (rad: text):") << "</p><pre>";
        for (const auto& line : m.notes.illustrative) out << escape(line) << "\n";
        out << "</pre>";
      }
      out << "</details>\n";
    }
  }
  if (!c.scenario_files.empty()) {
    out << "<h3>"
        << (c.kind == "sweep"         ? w("The sweep", "Svepet")
            : c.kind == "sensitivity" ? w("The analysis file", "Analysfilen")
                                      : w("Scenarios as resolved", "Scenarier som de kördes"))
        << "</h3>\n";
    for (const auto& [name, text] : c.scenario_files) out << "<details><summary>" << escape(name) << "</summary><pre>" << escape(text) << "</pre></details>\n";
  }
  json specs = json::array();
  for (const auto& chart : charts) specs.push_back({{"id", chart.id}, {"spec", chart.spec}});
  out << "<script type=\"application/json\" id=\"trappsteg-charts\">" << script_json(specs) << "</script>\n";
  out << "<script>" << kEmbed << "</script>\n</body></html>\n";
}

std::vector<ReportChart> report_charts(const std::filesystem::path& results_folder, const std::string& lang) {
  const Content c = read_content(results_folder, lang);
  std::vector<ReportChart> charts;
  for (auto& chart : make_charts(c, Words{lang == "sv"})) {
    // The $schema is a name for editors (never fetched); the page itself carries no URL.
    json spec{{"$schema", "https://vega.github.io/schema/vega-lite/v6.json"}, {"title", chart.title}};
    spec.update(chart.spec);
    charts.push_back({chart.id, spec.dump(1, ' ', false, json::error_handler_t::replace) + "\n"});
  }
  return charts;
}

namespace {

// Runs `argv` (argv[0] found on PATH) without a shell and waits. Returns its exit status, or an
// explanation if it could not be started.
std::variant<int, std::string> run_program(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int started = ::posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ);
  if (started != 0) return fmt::format("{} could not be started: {}{}", argv[0], std::strerror(started), started == ENOENT ? " (is it installed and on PATH?)" : "");
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return fmt::format("waiting for {} failed: {}", argv[0], std::strerror(errno));
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return fmt::format("{} was stopped by signal {}", argv[0], WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace

ChartFiles write_chart_files(const std::filesystem::path& results_folder, const std::string& lang, const std::filesystem::path& out_dir,
                             const std::optional<std::filesystem::path>& report_tools) {
  const std::vector<ReportChart> charts = report_charts(results_folder, lang);
  std::error_code error;
  fs::create_directories(out_dir, error);
  if (error) throw Error(fmt::format("{}: cannot be created: {}", out_dir.string(), error.message()));
  ChartFiles files;
  for (const auto& chart : charts) {
    const fs::path file = out_dir / (chart.id + ".vl.json");
    write_file_atomically(file, [&](std::ostream& o) { o << chart.spec; });
    files.specs.push_back(file);
  }
  if (charts.empty()) return files;
  if (!report_tools) {
    files.svg_problem = "report/chart_svg.mjs was not found (set TRAPPSTEG_REPORT_DIR to the checkout's report folder)";
    return files;
  }
  const fs::path modules = *report_tools / "node_modules";
  if (!fs::exists(modules / "vega") || !fs::exists(modules / "vega-lite") || !fs::exists(modules / "@resvg" / "resvg-js")) {
    files.svg_problem = fmt::format("{} has no vega, vega-lite or @resvg/resvg-js (run scripts/setup.sh, which runs npm ci there)",
                                    modules.string());
    return files;
  }
  std::vector<std::string> argv{"node", (*report_tools / "chart_svg.mjs").string(), out_dir.string()};
  for (const auto& chart : charts) argv.push_back(chart.id);
  for (const auto& chart : charts)  // none left from an earlier export
    for (const char* extension : {".svg", ".png"}) fs::remove(out_dir / (chart.id + extension), error);
  const auto result = run_program(argv);
  if (const auto* problem = std::get_if<std::string>(&result)) {
    files.svg_problem = *problem;
  } else if (std::get<int>(result) != 0) {
    files.svg_problem = fmt::format("node {} exited with status {}", argv[1], std::get<int>(result));
  }
  for (const auto& chart : charts) {
    if (fs::exists(out_dir / (chart.id + ".svg"))) files.svgs.push_back(out_dir / (chart.id + ".svg"));
    if (fs::exists(out_dir / (chart.id + ".png"))) files.pngs.push_back(out_dir / (chart.id + ".png"));
  }
  if (files.svg_problem.empty() && (files.svgs.size() != charts.size() || files.pngs.size() != charts.size()))
    files.svg_problem = fmt::format("node wrote {} SVG and {} PNG files of {}", files.svgs.size(), files.pngs.size(), charts.size());
  return files;
}

std::optional<std::filesystem::path> find_report_tools() {
  auto holds = [](const fs::path& dir) { return fs::exists(dir / "chart_svg.mjs"); };
  if (const char* dir = std::getenv("TRAPPSTEG_REPORT_DIR"); dir && *dir) {
    if (holds(dir)) return fs::path(dir);
    return std::nullopt;
  }
  std::error_code error;
  const fs::path program = fs::read_symlink("/proc/self/exe", error);
  if (!error)
    for (fs::path dir = program.parent_path(); !dir.empty(); dir = dir.parent_path()) {
      if (holds(dir / "report")) return dir / "report";
      if (dir == dir.root_path()) break;
    }
  if (holds(fs::current_path(error) / "report")) return fs::current_path(error) / "report";
  return std::nullopt;
}

}  // namespace trappsteg
