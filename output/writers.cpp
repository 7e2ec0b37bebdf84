#include "output/writers.hpp"

#include "engine/core/error.hpp"
#include "engine/metrics/headline.hpp"
#include "output/csv_dialect.hpp"
#include "output/run_folder.hpp"

#include <boost/graph/graphviz.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <ostream>

namespace trappsteg {
namespace {

/// Shortest text that reads back as the same double; the same bits always give the same text.
std::string number(double value) { return fmt::format("{}", value); }
/// As number(), but empty for NaN (a value the run does not have).
std::string number_or_empty(double value) { return std::isnan(value) ? std::string() : number(value); }

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

namespace {

/// One month's people on each step and moves between steps in `area`, as outcomes.csv rows.
void append_stage_rows(fmt::memory_buffer& buffer, const std::string& prefix, const Outcomes& o, std::size_t m, std::size_t area) {
  for (std::size_t s = 0; s < o.stages.stages; ++s)
    fmt::format_to(std::back_inserter(buffer), "{}{},{},all,stage:{},{}\n", prefix, m + 1, o.area_keys[area], o.stage_keys[s],
                   number(o.stages.people(m, area, s)));
  for (std::size_t from = 0; from < o.stages.stages; ++from)
    for (std::size_t to = 0; to < o.stages.stages; ++to) {
      double moves = o.stages.moves(m, area, from, to);
      if (moves == 0) continue;
      fmt::format_to(std::back_inserter(buffer), "{}{},{},all,flow:{}>{},{}\n", prefix, m + 1, o.area_keys[area], o.stage_keys[from],
                     o.stage_keys[to], number(moves));
    }
}

}  // namespace

void write_stages_csv(std::ostream& out, const std::string& scenario, const RunResult& run) {
  const Outcomes& o = run.outcomes;
  fmt::memory_buffer buffer;
  fmt::format_to(std::back_inserter(buffer), "scenario,replicate,month,district,group,metric,value\n");
  const std::string prefix = fmt::format("{},{},", field(scenario), run.replicate);
  for (std::size_t m : o.written_months) append_stage_rows(buffer, prefix, o, m, o.stages.areas - 1);
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
}

void write_outcomes_csv(std::ostream& out, const std::string& scenario, const RunResult& run) {
  const Outcomes& o = run.outcomes;
  const std::string prefix = fmt::format("{},{},", field(scenario), run.replicate);
  fmt::memory_buffer buffer;
  auto flush = [&] {
    out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    buffer.clear();
  };
  fmt::format_to(std::back_inserter(buffer), "scenario,replicate,month,district,group,metric,value\n");
  for (std::size_t m : o.written_months) {
    for (std::size_t area = 0; area < o.monthly.areas; ++area) {
      for (std::size_t g = 0; g < kGroupCount; ++g)
        for (std::size_t k = 0; k < kMetricCount; ++k) {
          double v = o.monthly.at(m, area, static_cast<Group>(g), static_cast<Metric>(k));
          if (std::isnan(v)) continue;
          fmt::format_to(std::back_inserter(buffer), "{}{},{},{},{},{}\n", prefix, m + 1, o.area_keys[area],
                         kGroupNames[g], kMetricNames[k], number(v));
        }
      append_stage_rows(buffer, prefix, o, m, area);
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
                      {"initial_people", run.initial_people}, {"final_people", run.final_people}});
  j["runs"] = timing;
  out << j.dump(2) << '\n';
}

namespace {

using Json = nlohmann::ordered_json;

/// Mean over replicates of a value per run; with a baseline, of the paired difference.
template <class Value>
double mean_of(const std::vector<RunResult>& runs, const std::vector<RunResult>* baseline, Value value) {
  double sum = 0;
  for (std::size_t r = 0; r < runs.size(); ++r)
    sum += value(runs[r].outcomes) - (baseline ? value((*baseline)[r].outcomes) : 0.0);
  return sum / static_cast<double>(runs.size());
}

Json horizons_json(const Scenario& scenario, const std::optional<NamedGap>& gap, const std::vector<RunResult>& runs,
                   const std::vector<RunResult>* baseline) {
  const Outcomes& first = runs.front().outcomes;
  std::vector<int> years = headline_years(static_cast<std::size_t>(scenario.months));
  if (years.empty() || years.back() * 12 != scenario.months) years.push_back(-1);  // -1: the last month
  Json horizons = Json::array();
  for (int y : years) {
    std::size_t m = y > 0 ? static_cast<std::size_t>(y * 12 - 1) : static_cast<std::size_t>(scenario.months - 1);
    Json h;
    h["year"] = y > 0 ? Json(y) : Json(static_cast<double>(scenario.months) / 12.0);
    h["calendar_year"] = scenario.start_year + static_cast<int>(m / 12);
    h["month"] = m + 1;
    Json areas = Json::object();
    for (std::size_t area = 0; area < first.monthly.areas; ++area) {
      Json values = Json::object();
      const auto names = headline_values(first, m, area);
      for (std::size_t k = 0; k < names.size(); ++k) {
        double v = mean_of(runs, baseline, [&](const Outcomes& o) { return headline_values(o, m, area)[k].second; });
        if (std::isfinite(v)) values[names[k].first] = v;
      }
      if (gap && area + 1 == first.monthly.areas) {
        double v = mean_of(runs, baseline, [&](const Outcomes& o) { return named_gap_value(o, m, *gap); });
        if (std::isfinite(v)) values[gap->name()] = v;
      }
      areas[first.area_keys[area]] = values;
    }
    h["areas"] = areas;
    horizons.push_back(h);
  }
  return horizons;
}

Json budget_json(const std::vector<Budget>& budgets) {
  Json b;
  const Budget& first = budgets.front();
  b["against_baseline"] = first.has_baseline;
  b["discount_rate"] = first.discount_rate;
  b["replicates"] = budgets.size();
  auto mean = [&](auto value) {
    double sum = 0;
    for (const auto& budget : budgets) sum += value(budget);
    return sum / static_cast<double>(budgets.size());
  };
  Json totals = Json::array();
  for (std::size_t t = 0; t < first.totals.size(); ++t) {
    Json row;
    row["years"] = first.totals[t].years;
    auto total = [&](double BudgetTotals::*item) { return mean([&](const Budget& x) { return x.totals[t].*item; }); };
    if (!first.has_baseline) {  // the gross cost; savings and a net need a baseline
      row["programme_cost_sek"] = total(&BudgetTotals::programme_cost);
      row["discounted_programme_cost_sek"] = total(&BudgetTotals::discounted_programme_cost);
      totals.push_back(row);
      continue;
    }
    row["extra_programme_cost_sek"] = total(&BudgetTotals::programme_cost);
    row["support_saved_sek"] = total(&BudgetTotals::support_saved);
    row["tax_gained_sek"] = total(&BudgetTotals::tax_gained);
    row["net_sek"] = total(&BudgetTotals::net);
    row["discounted_extra_programme_cost_sek"] = total(&BudgetTotals::discounted_programme_cost);
    row["discounted_support_saved_sek"] = total(&BudgetTotals::discounted_support_saved);
    row["discounted_tax_gained_sek"] = total(&BudgetTotals::discounted_tax_gained);
    row["discounted_net_sek"] = total(&BudgetTotals::discounted_net);
    row["extra_job_years"] = total(&BudgetTotals::extra_job_years);
    const double cost = total(&BudgetTotals::programme_cost), jobs = total(&BudgetTotals::extra_job_years);
    row["cost_per_extra_job_year_sek"] = jobs > 0 ? Json(cost / jobs) : Json(nullptr);
    totals.push_back(row);
  }
  b["totals"] = totals;
  if (!first.has_baseline) return b;  // paying back is against a baseline
  Json payback = Json::array(), discounted = Json::array();
  for (const auto& budget : budgets) {
    payback.push_back(budget.payback_year ? Json(*budget.payback_year) : Json(nullptr));
    discounted.push_back(budget.discounted_payback_year ? Json(*budget.discounted_payback_year) : Json(nullptr));
  }
  b["payback_year_by_replicate"] = payback;
  b["discounted_payback_year_by_replicate"] = discounted;
  return b;
}

}  // namespace

void write_summary_json(std::ostream& out, const SummaryInput& in) {
  const Scenario& scenario = in.scenario;
  const auto& runs = in.runs;
  Json j;
  j["scenario"] = scenario.name;
  j["description"] = scenario.description;
  j["engine_version"] = in.info.engine_version;
  j["seed"] = scenario.seed;
  j["replicates"] = runs.size();
  j["scale"] = scenario.scale;
  j["start_year"] = scenario.start_year;
  j["months"] = scenario.months;
  // The copies in the run folder (relative to it), not the originals: the same run repeated
  // from its inputs/ writes the same summary, wherever the originals were.
  Json model_files = Json::object();
  for (std::string_view key : kModelFileKeys) model_files[std::string(key)] = "inputs/" + resolved_model_file(key);
  j["model_files"] = model_files;
  Json policy_files = Json::array();
  for (const auto& policy : in.model.policies) policy_files.push_back("inputs/" + resolved_policy_file(policy.key));
  j["policy_files"] = policy_files;
  if (in.baseline) j["baseline"] = in.baseline_name;
  if (runs.empty()) {
    out << j.dump(2) << '\n';
    return;
  }
  const Outcomes& first = runs.front().outcomes;
  const auto gap = named_gap(scenario.gap_between, in.model.districts);
  j["horizons"] = horizons_json(scenario, gap, runs, nullptr);
  if (in.baseline) j["difference_to_baseline"] = horizons_json(scenario, gap, runs, in.baseline);

  Json newcomers = Json::object();
  for (std::size_t area = 0; area < first.newcomers.areas; ++area) {
    Json n;
    n["arrived_as_adults"] = mean_of(runs, nullptr, [&](const Outcomes& o) { return o.newcomers.arrived[area]; });
    n["median_months_to_first_job"] =
        finite_or_null(mean_of(runs, nullptr, [&](const Outcomes& o) { return o.newcomers.median_months_to_first_job[area]; }));
    for (int k : {12, 24, 48, 60}) {
      if (static_cast<std::size_t>(k) >= first.newcomers.max_months) continue;
      n[fmt::format("employed_share_{}_months_after_arrival", k)] = finite_or_null(mean_of(runs, nullptr, [&](const Outcomes& o) {
        const auto& t = o.newcomers;
        double observed = t.observed[area * t.max_months + k];
        return observed > 0 ? t.employed[area * t.max_months + k] / observed : std::nan("");
      }));
    }
    newcomers[first.area_keys[area]] = n;
  }
  j["newcomers"] = newcomers;

  Json policies = Json::array();
  for (std::size_t p = 0; p < first.policies.keys.size(); ++p) {
    Json row;
    row["key"] = first.policies.keys[p];
    row["name"] = in.model.policies[p].name;
    row["starts"] = mean_of(runs, nullptr, [&](const Outcomes& o) {
      double sum = 0;
      for (std::size_t m = 0; m < o.monthly.months; ++m) sum += o.policies.at(m, p).starts;
      return sum;
    });
    row["participant_months"] = mean_of(runs, nullptr, [&](const Outcomes& o) {
      double sum = 0;
      for (std::size_t m = 0; m < o.monthly.months; ++m) sum += o.policies.at(m, p).participants;
      return sum;
    });
    row["cost_sek"] = mean_of(runs, nullptr, [&](const Outcomes& o) {
      double sum = 0;
      for (std::size_t m = 0; m < o.monthly.months; ++m) sum += o.policies.at(m, p).cost;
      return sum;
    });
    // Per phase, over the run: how many entered, how they left it, and the months spent in it.
    Json phases = Json::array();
    const PolicyTable& t = first.policies;
    for (std::size_t u = 0, phase = 0; u < t.phase_keys.size(); ++u) {
      if (t.phase_policy[u] != p) continue;
      const auto total = [&](double PhaseAccount::*field) {
        return mean_of(runs, nullptr, [&](const Outcomes& o) {
          double sum = 0;
          for (std::size_t m = 0; m < o.monthly.months; ++m) sum += o.policies.phase_at(m, u).*field;
          return sum;
        });
      };
      const double entered = total(&PhaseAccount::entered), months = total(&PhaseAccount::participants);
      phases.push_back({{"key", t.phase_keys[u]}, {"name", in.model.policies[p].phases[phase++].name},
                        {"entered", entered}, {"completed", total(&PhaseAccount::completed)},
                        {"dropped_out", total(&PhaseAccount::dropped_out)}, {"left_for_job", total(&PhaseAccount::left_for_job)},
                        {"left_city", total(&PhaseAccount::left_city)},
                        {"gave_up_waiting", total(&PhaseAccount::gave_up_waiting)}, {"participant_months", months},
                        {"months_per_entrant", entered > 0 ? Json(months / entered) : Json()}});
    }
    row["phases"] = phases;
    policies.push_back(row);
  }
  j["policies"] = policies;
  // Lotteries as trials report them: winners against losers by year after the programme, the
  // difference over replicates (one replicate: the interval from the people drawn).
  Json lotteries = Json::array();
  for (std::size_t l = 0; l < first.lotteries.keys.size(); ++l) {
    std::vector<std::vector<LotteryYear>> per_run;
    for (const RunResult& r : runs) per_run.push_back(lottery_by_year(r.outcomes.lotteries, l));
    Json years = Json::array();
    for (const LotteryYear& y : per_run.front()) {
      std::vector<LotteryYear> same_year;
      for (const auto& run_years : per_run)
        for (const LotteryYear& other : run_years)
          if (other.year == y.year) same_year.push_back(other);
      const LotteryYear m = pooled(same_year);
      years.push_back({{"year_after_programme", y.year}, {"months_since_draw", {y.from_month, y.to_month}},
                       {"winners", m.winners}, {"losers", m.losers},
                       {"winners_employed_share", m.winners_employed}, {"losers_employed_share", m.losers_employed},
                       {"difference", m.difference}, {"difference_low", m.low}, {"difference_high", m.high},
                       {"winners_swedish_mean", m.winners_swedish}, {"losers_swedish_mean", m.losers_swedish},
                       {"replicates", same_year.size()}});
    }
    lotteries.push_back({{"policy", first.lotteries.keys[l]}, {"programme_months", first.lotteries.programme_months[l]},
                         {"by_year_after_programme", years}});
  }
  if (!lotteries.empty()) j["lotteries"] = lotteries;
  if (!in.budgets.empty()) j["budget"] = budget_json(in.budgets);
  if (!in.targets.empty()) {
    Json targets = Json::array();
    for (const auto& c : in.targets)
      targets.push_back({{"target", c.target->name}, {"use", c.target->use == Target::Use::kFit ? "fit" : "check"},
                         {"outcome", c.target->outcome.text}, {"published", c.target->value}, {"tolerance", c.target->tolerance},
                         {"model_mean", finite_or_null(c.model.mean)}, {"model_low", finite_or_null(c.model.low)},
                         {"model_high", finite_or_null(c.model.high)}, {"within_tolerance", c.reached ? Json(c.within) : Json()}});
    j["targets"] = targets;
  }
  Json districts = Json::array();
  for (const auto& d : in.model.districts.districts) districts.push_back({{"key", d.key}, {"name", d.name}});
  j["districts"] = districts;
  out << j.dump(2) << '\n';
}

void write_policies_csv(std::ostream& out, const std::string& scenario, const RunResult& run) {
  const PolicyTable& t = run.outcomes.policies;
  out << "scenario,replicate,month,policy,participants,starts,candidates,capacity,cost_sek,"
         "cost_participants_sek,cost_starts_sek,cost_places_sek,cost_fixed_sek\n";
  for (std::size_t m = 0; m < run.outcomes.monthly.months; ++m)
    for (std::size_t p = 0; p < t.keys.size(); ++p) {
      const PolicyAccount& a = t.at(m, p);
      fmt::print(out, "{},{},{},{},{},{},{},{},{},{},{},{},{}\n", field(scenario), run.replicate, m + 1, t.keys[p],
                 number(a.participants), number(a.starts), number(a.candidates), number(a.capacity), number(a.cost),
                 number(a.cost_participants), number(a.cost_starts), number(a.cost_places), number(a.cost_fixed));
    }
}

void write_policy_phases_csv(std::ostream& out, const std::string& scenario, const RunResult& run) {
  const PolicyTable& t = run.outcomes.policies;
  out << "scenario,replicate,month,policy,phase,participants,entered,completed,dropped_out,left_for_job,left_city,"
         "waiting_for_supervisor,gave_up_waiting,cost_participants_sek\n";
  for (std::size_t m = 0; m < run.outcomes.monthly.months; ++m)
    for (std::size_t u = 0; u < t.phase_keys.size(); ++u) {
      const PhaseAccount& a = t.phase_at(m, u);
      fmt::print(out, "{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", field(scenario), run.replicate, m + 1, t.keys[t.phase_policy[u]],
                 t.phase_keys[u], number(a.participants), number(a.entered), number(a.completed), number(a.dropped_out),
                 number(a.left_for_job), number(a.left_city), number(a.waiting), number(a.gave_up_waiting),
                 number(a.cost_participants));
    }
}

void write_lottery_csv(std::ostream& out, const std::string& scenario, const RunResult& run) {
  const LotteryTable& t = run.outcomes.lotteries;
  out << "scenario,replicate,policy,months_since_draw,winners,winners_employed,losers,losers_employed,"
         "winners_employed_share,losers_employed_share,winners_swedish_mean,losers_swedish_mean\n";
  const auto ratio = [](double a, double b) { return b > 0 ? number(a / b) : std::string(); };
  for (std::size_t p = 0; p < t.keys.size(); ++p)
    for (std::size_t k = 0; k < t.max_months; ++k) {
      const auto& c = t.at(p, k);
      if (c[kWinners] == 0 && c[kLosers] == 0) continue;
      fmt::print(out, "{},{},{},{},{},{},{},{},{},{},{},{}\n", field(scenario), run.replicate, t.keys[p], k, number(c[kWinners]),
                 number(c[kWinnersEmployed]), number(c[kLosers]), number(c[kLosersEmployed]),
                 ratio(c[kWinnersEmployed], c[kWinners]), ratio(c[kLosersEmployed], c[kLosers]),
                 ratio(c[kWinnersSwedish], c[kWinners]), ratio(c[kLosersSwedish], c[kLosers]));
    }
}

void write_lottery_years_csv(std::ostream& out, const std::string& scenario, const RunResult& run) {
  const LotteryTable& t = run.outcomes.lotteries;
  out << "scenario,replicate,policy,year_after_programme,months_since_draw_from,months_since_draw_to,winners,losers,"
         "winners_employed_share,losers_employed_share,difference,difference_low,difference_high,winners_swedish_mean,"
         "losers_swedish_mean\n";
  for (std::size_t p = 0; p < t.keys.size(); ++p)
    for (const LotteryYear& y : lottery_by_year(t, p))
      fmt::print(out, "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", field(scenario), run.replicate, t.keys[p], y.year,
                 y.from_month, y.to_month, number(y.winners), number(y.losers), number(y.winners_employed),
                 number(y.losers_employed), number(y.difference), number(y.low), number(y.high), number(y.winners_swedish),
                 number(y.losers_swedish));
}

void write_targets_csv(std::ostream& out, const std::string& scenario, const std::vector<TargetComparison>& targets, bool header) {
  if (header)
    out << "scenario,target,use,outcome,year,published,tolerance,model_mean,model_low,model_high,standard_error,replicates,"
           "within_tolerance,sureness,source\n";
  for (const auto& c : targets) {
    const Target& t = *c.target;
    fmt::print(out, "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", field(scenario), field(t.name),
               t.use == Target::Use::kFit ? "fit" : "check", field(t.outcome.text), t.year > 0 ? std::to_string(t.year) : "",
               number(t.value), number(t.tolerance), number_or_empty(c.model.mean), number_or_empty(c.model.low),
               number_or_empty(c.model.high), number_or_empty(c.standard_error), c.model.n, !c.reached ? "not reached" : c.within ? "yes" : "no", field(t.sureness),
               field(t.source));
  }
}

void write_budget_csv(std::ostream& out, const std::string& scenario, const std::vector<Budget>& budgets, const std::string& label_header) {
  out << field(label_header) << ",replicate,year,item,value\n";
  for (std::size_t r = 0; r < budgets.size(); ++r) {
    const Budget& b = budgets[r];
    for (const BudgetYear& y : b.years) {
      for (const auto& [item, value] : budget_items(b, y))
        fmt::print(out, "{},{},{},{},{}\n", field(scenario), r, y.year, item, number(value));
    }
  }
}

void write_staircase_dot(std::ostream& out, const Staircase& staircase, const StageFlows* flows) {
  const auto& spec = staircase.spec();
  const StageGraph& graph = staircase.graph();
  auto vertex_writer = [&](std::ostream& o, std::size_t v) {
    const StageSpec& s = spec.stages[graph[v].stage];
    const char* shape = s.exit ? "box" : s.employed() ? "doubleoctagon" : "ellipse";
    const char* fill = s.exit ? "#dddddd" : s.employed() ? "#b7e4c7" : s.activity == Activity::kNone ? "#fde2e4" : "#dbe7ff";
    o << fmt::format("[label=\"{}\", shape={}, style=filled, fillcolor=\"{}\"]", dot_escape(s.name), shape, fill);
  };
  double largest = 1;
  if (flows)
    for (const auto& [edge, people] : *flows) largest = std::max(largest, people);
  auto edge_writer = [&](std::ostream& o, const auto& e) {
    const TransitionEdge& data = graph[e];
    const std::string& from = spec.stages[graph[boost::source(e, graph)].stage].key;
    const std::string& to = spec.stages[graph[boost::target(e, graph)].stage].key;
    if (flows) {
      auto it = flows->find({from, to});
      double people = it == flows->end() ? 0.0 : it->second;
      o << fmt::format("[label=\"{:.0f}\", penwidth={:.2f}{}]", people, 0.5 + 6.0 * std::sqrt(people / largest),
                       data.transition < 0 ? ", style=dashed" : "");
      return;
    }
    if (data.transition < 0) {
      o << "[style=dashed, label=\"at age\"]";
      return;
    }
    o << fmt::format("[label=\"{:.3f}/mo\"]", spec.transitions[static_cast<std::size_t>(data.transition)].base);
  };
  auto graph_writer = [](std::ostream& o) { o << "rankdir=LR;\nnode [fontname=\"Helvetica\"];\n"; };
  boost::write_graphviz(out, graph, vertex_writer, edge_writer, graph_writer);
}

StageFlows read_stage_flows(const std::filesystem::path& outcomes_csv, int first_month, int last_month, const std::string& scenario) {
  std::ifstream file(outcomes_csv, std::ios::binary);
  if (!file) throw Error(fmt::format("cannot read {}", outcomes_csv.string()));
  std::stringstream text;
  text << file.rdbuf();
  std::istringstream in(csv_to_standard(text.str()));  // either dialect
  StageFlows sums;
  std::set<std::string> replicates;
  std::string line;
  std::getline(in, line);  // header: scenario,replicate,month,district,group,metric,value
  while (std::getline(in, line)) {
    if (line.find(",city,all,flow:") == std::string::npos) continue;
    std::vector<std::string> f;
    std::stringstream fields(line);
    for (std::string field; std::getline(fields, field, ',');) f.push_back(field);
    if (f.size() != 7 || (!scenario.empty() && f[0] != scenario)) continue;
    int month = std::stoi(f[2]);
    if (month < first_month || month > last_month) continue;
    replicates.insert(f[1]);
    std::string edge = f[5].substr(5);
    std::size_t arrow = edge.find('>');
    sums[{edge.substr(0, arrow), edge.substr(arrow + 1)}] += std::stod(f[6]);
  }
  for (auto& [edge, people] : sums) people /= static_cast<double>(std::max<std::size_t>(1, replicates.size()));
  return sums;
}

}  // namespace trappsteg
