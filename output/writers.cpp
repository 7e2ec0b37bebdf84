#include "output/writers.hpp"

#include <boost/graph/graphviz.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <ostream>

namespace trappsteg {
namespace {

/// Shortest text that reads back as the same double; the same bits always give the same text.
std::string number(double value) { return fmt::format("{}", value); }

/// A Graphviz quoted-string body: quotes and backslashes escaped.
std::string dot_escape(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (c == '"' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

/// CSV field: quoted when it holds a separator, quote or line break.
std::string field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

nlohmann::ordered_json finite_or_null(double value) {
  return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
}

}  // namespace

void write_outcomes_csv(std::ostream& out, const std::string& scenario, const RunResult& run) {
  const Outcomes& o = run.outcomes;
  const std::string prefix = fmt::format("{},{},", field(scenario), run.replicate);
  fmt::memory_buffer buffer;
  auto flush = [&] {
    out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    buffer.clear();
  };
  fmt::format_to(std::back_inserter(buffer), "scenario,replicate,month,district,group,metric,value\n");
  for (std::size_t m = 0; m < o.monthly.months; ++m) {
    for (std::size_t area = 0; area < o.monthly.areas; ++area) {
      for (std::size_t g = 0; g < kGroupCount; ++g)
        for (std::size_t k = 0; k < kMetricCount; ++k) {
          double v = o.monthly.at(m, area, static_cast<Group>(g), static_cast<Metric>(k));
          if (std::isnan(v)) continue;
          fmt::format_to(std::back_inserter(buffer), "{}{},{},{},{},{}\n", prefix, m + 1, o.area_keys[area],
                         kGroupNames[g], kMetricNames[k], number(v));
        }
      for (std::size_t s = 0; s < o.stages.stages; ++s)
        fmt::format_to(std::back_inserter(buffer), "{}{},{},all,stage:{},{}\n", prefix, m + 1, o.area_keys[area],
                       o.stage_keys[s], number(o.stages.people(m, area, s)));
      for (std::size_t from = 0; from < o.stages.stages; ++from)
        for (std::size_t to = 0; to < o.stages.stages; ++to) {
          double moves = o.stages.moves(m, area, from, to);
          if (moves == 0) continue;
          fmt::format_to(std::back_inserter(buffer), "{}{},{},all,flow:{}>{},{}\n", prefix, m + 1, o.area_keys[area],
                         o.stage_keys[from], o.stage_keys[to], number(moves));
        }
      if (buffer.size() > (1u << 20)) flush();
    }
  }
  flush();
}

void write_newcomers_csv(std::ostream& out, const std::string& scenario, const RunResult& run) {
  const NewcomerTable& t = run.outcomes.newcomers;
  out << "scenario,replicate,district,months_since_arrival,observed,employed,employed_share\n";
  for (std::size_t area = 0; area < t.areas; ++area)
    for (std::size_t k = 0; k < t.max_months; ++k) {
      double observed = t.observed[area * t.max_months + k], employed = t.employed[area * t.max_months + k];
      if (observed == 0) continue;
      fmt::print(out, "{},{},{},{},{},{},{}\n", field(scenario), run.replicate, run.outcomes.area_keys[area], k,
                 number(observed), number(employed), number(employed / observed));
    }
}

void write_run_json(std::ostream& out, const Scenario& scenario, const std::vector<RunResult>& runs, const RunInfo& info) {
  using Json = nlohmann::ordered_json;
  Json j;
  j["scenario"] = scenario.name;
  j["engine_version"] = info.engine_version;
  j["started_at"] = info.started_at;
  j["threads"] = info.threads;
  Json timing = Json::array();
  for (const auto& run : runs)
    timing.push_back({{"replicate", run.replicate}, {"seconds", run.seconds}, {"person_months", run.person_months},
                      {"person_months_per_second", run.seconds > 0 ? run.person_months / run.seconds : 0.0},
                      {"initial_people", run.initial_people}});
  j["runs"] = timing;
  out << j.dump(2) << '\n';
}

void write_summary_json(std::ostream& out, const Scenario& scenario, const Model& model,
                        const std::vector<RunResult>& runs, const RunInfo& info) {
  using Json = nlohmann::ordered_json;
  Json j;
  j["scenario"] = scenario.name;
  j["description"] = scenario.description;
  j["engine_version"] = info.engine_version;
  j["seed"] = scenario.seed;
  j["replicates"] = runs.size();
  j["scale"] = scenario.scale;
  j["start_year"] = scenario.start_year;
  j["months"] = scenario.months;
  j["model_files"] = {{"districts", scenario.model_files.districts.string()},
                      {"staircase", scenario.model_files.staircase.string()},
                      {"economy", scenario.model_files.economy.string()},
                      {"demography", scenario.model_files.demography.string()}};
  if (runs.empty()) {
    out << j.dump(2) << '\n';
    return;
  }

  // Headline outcomes at the end of years 1, 5, 10, 20, 50 (those the run reaches) and at the end.
  const Outcomes& first = runs.front().outcomes;
  std::vector<int> years;
  for (int y : {1, 5, 10, 20, 50})
    if (y * 12 <= scenario.months) years.push_back(y);
  if (years.empty() || years.back() * 12 != scenario.months) years.push_back(-1);  // -1: the last month
  const std::pair<Metric, const char*> headline[] = {
      {Metric::kEmploymentRate20To64, "employment_rate_20_64"},
      {Metric::kEmploymentGap20To64, "employment_rate_gap_20_64"},
      {Metric::kMeanEquivalisedIncome, "mean_equivalised_income_sek"},
      {Metric::kGini, "gini"},
      {Metric::kTheil, "theil"},
      {Metric::kTheilBetweenDistricts, "theil_between_districts"},
      {Metric::kShareChildrenInWorklessHouseholds, "share_children_in_workless_households"},
      {Metric::kHouseholdsOnSupport, "households_on_support"},
      {Metric::kHouseholdsLongTermSupport, "households_long_term_support"},
      {Metric::kNeetRate, "neet_rate_16_24"}};
  auto mean_over_runs = [&](auto value_of) {
    double sum = 0;
    for (const auto& run : runs) sum += value_of(run.outcomes);
    return sum / static_cast<double>(runs.size());
  };
  Json horizons = Json::array();
  for (int y : years) {
    std::size_t m = y > 0 ? static_cast<std::size_t>(y * 12 - 1) : static_cast<std::size_t>(scenario.months - 1);
    Json h;
    h["year"] = y > 0 ? Json(y) : Json(static_cast<double>(scenario.months) / 12.0);
    h["calendar_year"] = scenario.start_year + static_cast<int>(m / 12);
    h["month"] = m + 1;
    Json areas = Json::object();
    for (std::size_t area = 0; area < first.monthly.areas; ++area) {
      Json values;
      for (auto [metric, name] : headline) {
        double v = mean_over_runs([&](const Outcomes& o) { return o.monthly.at(m, area, Group::kAll, metric); });
        if (std::isfinite(v)) values[name] = v;
      }
      // Income support paid over the twelve months up to this one.
      double support = mean_over_runs([&](const Outcomes& o) {
        double sum = 0;
        for (std::size_t k = m + 1 >= 12 ? m + 1 - 12 : 0; k <= m; ++k)
          sum += o.monthly.at(k, area, Group::kAll, Metric::kIncomeSupportSek);
        return sum;
      });
      values["income_support_sek_last_12_months"] = support;
      values["employment_rate_20_64_foreign_born"] = finite_or_null(mean_over_runs(
          [&](const Outcomes& o) { return o.monthly.at(m, area, Group::kForeignBorn, Metric::kEmploymentRate20To64); }));
      values["employment_rate_20_64_born_in_sweden"] = finite_or_null(mean_over_runs(
          [&](const Outcomes& o) { return o.monthly.at(m, area, Group::kBornInSweden, Metric::kEmploymentRate20To64); }));
      areas[first.area_keys[area]] = values;
    }
    h["areas"] = areas;
    horizons.push_back(h);
  }
  j["horizons"] = horizons;

  Json newcomers = Json::object();
  for (std::size_t area = 0; area < first.newcomers.areas; ++area) {
    Json n;
    n["arrived_as_adults"] = mean_over_runs([&](const Outcomes& o) { return o.newcomers.arrived[area]; });
    n["median_months_to_first_job"] =
        finite_or_null(mean_over_runs([&](const Outcomes& o) { return o.newcomers.median_months_to_first_job[area]; }));
    for (int k : {12, 24, 48, 60}) {
      if (static_cast<std::size_t>(k) >= first.newcomers.max_months) continue;
      n[fmt::format("employed_share_{}_months_after_arrival", k)] = finite_or_null(mean_over_runs([&](const Outcomes& o) {
        const auto& t = o.newcomers;
        double observed = t.observed[area * t.max_months + k];
        return observed > 0 ? t.employed[area * t.max_months + k] / observed : std::nan("");
      }));
    }
    newcomers[first.area_keys[area]] = n;
  }
  j["newcomers"] = newcomers;
  Json districts = Json::array();
  for (const auto& d : model.districts.districts) districts.push_back({{"key", d.key}, {"name", d.name}});
  j["districts"] = districts;
  out << j.dump(2) << '\n';
}

void write_staircase_dot(std::ostream& out, const Staircase& staircase) {
  const auto& spec = staircase.spec();
  const StageGraph& graph = staircase.graph();
  auto vertex_writer = [&](std::ostream& o, std::size_t v) {
    const StageSpec& s = spec.stages[graph[v].stage];
    const char* shape = s.exit ? "box" : s.employed() ? "doubleoctagon" : "ellipse";
    const char* fill = s.exit ? "#dddddd" : s.employed() ? "#b7e4c7" : s.activity == Activity::kNone ? "#fde2e4" : "#dbe7ff";
    o << fmt::format("[label=\"{}\", shape={}, style=filled, fillcolor=\"{}\"]", dot_escape(s.name), shape, fill);
  };
  auto edge_writer = [&](std::ostream& o, const auto& e) {
    const TransitionEdge& data = graph[e];
    if (data.transition < 0) {
      o << "[style=dashed, label=\"at age\"]";
      return;
    }
    o << fmt::format("[label=\"{:.3f}/mo\"]", spec.transitions[static_cast<std::size_t>(data.transition)].base);
  };
  auto graph_writer = [](std::ostream& o) { o << "rankdir=LR;\nnode [fontname=\"Helvetica\"];\n"; };
  boost::write_graphviz(out, graph, vertex_writer, edge_writer, graph_writer);
}

}  // namespace trappsteg
