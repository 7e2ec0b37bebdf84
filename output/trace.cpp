#include "output/trace.hpp"

#include "engine/core/error.hpp"
#include "output/sqlite_query.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <vector>

namespace trappsteg {
namespace {

namespace fs = std::filesystem;

struct Run {
  std::int64_t id = 0, months = 0, start_year = 0, replicate = 0;
  std::string scenario;
};

// "2017-03" for month 15 of a run starting in 2016; "start" for month 0.
std::string calendar(const Run& run, std::int64_t month) {
  if (month <= 0) return fmt::format("{}-01 (start)", run.start_year);
  return fmt::format("{}-{:02}", run.start_year + (month - 1) / 12, (month - 1) % 12 + 1);
}

std::string age_text(std::int64_t age_months) { return fmt::format("{}", age_months / 12); }

class Reader {
 public:
  explicit Reader(const ReadOnlyDatabase& db) : db_(db) {
    Query steps(db, "SELECT step_id, key FROM steps");
    while (steps.next()) steps_[steps.integer(0)] = steps.text(1);
    Query policies(db, "SELECT policy_id, key FROM policies");
    while (policies.next()) policies_[policies.integer(0)] = policies.text(1);
    Query areas(db, "SELECT area_id, key FROM areas");
    while (areas.next()) areas_[areas.integer(0)] = areas.text(1);
  }

  std::string step(std::int64_t id) const { return name(steps_, id); }
  std::string policy(std::int64_t id) const { return name(policies_, id); }
  std::string area(std::int64_t id) const { return name(areas_, id); }

  void person(const Run& run, std::int64_t person, std::ostream& out) const {
    out << fmt::format("Person {} — {}, replicate {}\n", person, run.scenario, run.replicate);
    // Events, and the months on each step they imply (from the first record to departure or the end).
    Query events(db_, "SELECT month, kind, from_value, to_value FROM events WHERE run_id = ?1 AND person = ?2 ORDER BY month, rowid");
    events.bind(1, run.id).bind(2, person);
    Query first(db_, "SELECT month, step_id FROM panel WHERE run_id = ?1 AND person = ?2 ORDER BY month LIMIT 1");
    first.bind(1, run.id).bind(2, person);
    std::map<std::string, std::int64_t> months_on;
    std::vector<std::string> order;
    std::string current;
    std::int64_t since = 0, end = run.months;
    if (first.next() && first.integer(0) == 0) current = step(first.integer(1)), since = 0;
    out << "\n  Life course\n";
    if (!current.empty()) out << fmt::format("    {:<16} at the start on {}\n", calendar(run, 0), current);
    bool any = false;
    while (events.next()) {
      any = true;
      const std::int64_t month = events.integer(0);
      const std::string kind = events.text(1);
      const bool has_from = !events.null(2), has_to = !events.null(3);
      const std::int64_t from = events.integer(2), to = events.integer(3);
      std::string what;
      if (kind == "stage") {
        what = has_from ? fmt::format("step {} → {}", step(from), step(to)) : fmt::format("enters the staircase on {}", step(to));
        if (!current.empty()) {
          if (!months_on.count(current)) order.push_back(current);
          months_on[current] += month - since;
        }
        current = step(to), since = month;
      } else if (kind == "policy_start") what = fmt::format("starts {} (phase {})", policy(from), to + 1);
      else if (kind == "phase") what = fmt::format("{}: phase {}", policy(from), to + 1);
      else if (kind == "policy_end") what = fmt::format("leaves {} after phase {}", policy(from), to + 1);
      else if (kind == "lottery") what = fmt::format("{} lottery: {}", policy(from), to ? "won a place" : "not drawn (comparison group)");
      else if (kind == "born") what = fmt::format("born into household {}", to);
      else if (kind == "arrived") what = fmt::format("arrives from abroad, household {}", to);
      else if (kind == "moved_in") what = fmt::format("moves in from the rest of Sweden, household {}", to);
      else if (kind == "partnered") what = fmt::format("moves in with person {}", to);
      else if (kind == "separated") what = fmt::format("separates from person {}", from);
      else if (kind == "household") what = fmt::format("household {} → {}", from, to);
      else if (kind == "district") what = fmt::format("moves {} → {}", area(from), area(to));
      else if (kind == "died" || kind == "moved_away") {
        what = kind == "died" ? "dies" : "moves away from the city";
        end = month;
      } else what = kind;
      if (has_from || has_to || kind == "died" || kind == "moved_away") out << fmt::format("    {:<16} {}\n", calendar(run, month), what);
    }
    if (!any) out << "    (no events)\n";
    if (!current.empty()) {
      if (!months_on.count(current)) order.push_back(current);
      months_on[current] += end - since;
    }
    if (!order.empty()) {
      std::vector<std::string> parts;
      for (const auto& s : order) parts.push_back(fmt::format("{} {}", s, months_on[s]));
      out << fmt::format("\n  Months on each step (to month {}): {}\n", end, fmt::join(parts, ", "));
    }

    Query panel(db_,
                "SELECT month, household, area_id, age_months, female, foreign_born, months_since_arrival, education, swedish, step_id, "
                "months_in_step, employed, earnings_sek, net_income_sek, household_disposable_sek, household_equivalised_sek, "
                "household_support_sek, household_members, in_support, policy_id, phase FROM panel WHERE run_id = ?1 AND person = ?2 "
                "ORDER BY month");
    panel.bind(1, run.id).bind(2, person);
    out << "\n  Panel (SEK a month)\n";
    out << fmt::format("    {:<16} {:>4} {:<18} {:<22} {:>6} {:>8} {:>8} {:>9} {:>11} {:>8} {:>9} {}\n", "month", "age", "district", "step",
                       "months", "earnings", "net", "household", "equivalised", "support", "household", "policy");
    std::int64_t last_household = -1, rows = 0;
    while (panel.next()) {
      ++rows;
      last_household = panel.integer(1);
      const std::string policy_text = panel.null(19) ? "–" : fmt::format("{} (phase {})", policy(panel.integer(19)), panel.integer(20) + 1);
      out << fmt::format("    {:<16} {:>4} {:<18} {:<22} {:>6} {:>8} {:>8} {:>9} {:>11.0f} {:>8} {:>9} {}\n", calendar(run, panel.integer(0)),
                         age_text(panel.integer(3)), area(panel.integer(2)), step(panel.integer(9)), panel.integer(10), panel.integer(12),
                         panel.integer(13), panel.integer(14), panel.real(15), panel.integer(16), panel.integer(1), policy_text);
    }
    if (rows == 0) out << "    (not kept at any panel month)\n";
    if (last_household >= 0) {
      out << fmt::format("\n  Household {} at the last month kept\n", last_household);
      members(run, last_household, out, true);
    }
  }

  void household(const Run& run, std::int64_t household, std::ostream& out) const {
    out << fmt::format("Household {} — {}, replicate {}\n", household, run.scenario, run.replicate);
    members(run, household, out, false);
    Query moves(db_,
                "SELECT month, person, kind, from_value, to_value FROM events WHERE run_id = ?1 AND "
                "((kind IN ('household', 'born', 'arrived', 'moved_in') AND to_value = ?2) OR (kind = 'household' AND from_value = ?2)) "
                "ORDER BY month, rowid");
    moves.bind(1, run.id).bind(2, household);
    out << "\n  Who joined and left\n";
    bool any = false;
    while (moves.next()) {
      any = true;
      const std::string kind = moves.text(2);
      const bool joined = kind != "household" || moves.integer(4) == household;
      out << fmt::format("    {:<16} person {} {}\n", calendar(run, moves.integer(0)), moves.integer(1),
                         kind == "born" ? "is born" : kind == "arrived" ? "arrives from abroad"
                                                    : kind == "moved_in" ? "moves in from the rest of Sweden"
                                                    : joined ? fmt::format("joins from household {}", moves.integer(3))
                                                             : fmt::format("leaves for household {}", moves.integer(4)));
    }
    if (!any) out << "    (nobody, among the people kept)\n";
  }

 private:
  // The members at each month kept (or only the last, for a person's trace).
  void members(const Run& run, std::int64_t household, std::ostream& out, bool last_only) const {
    Query rows(db_,
               "SELECT month, person, age_months, female, lives_with_parents, step_id, employed, earnings_sek, household_disposable_sek, "
               "household_support_sek, area_id FROM panel WHERE run_id = ?1 AND household = ?2 "
               "AND (?3 = 0 OR month = (SELECT max(month) FROM panel WHERE run_id = ?1 AND household = ?2)) ORDER BY month, person");
    rows.bind(1, run.id).bind(2, household).bind(3, last_only ? 1 : 0);
    std::int64_t month = -1;
    bool any = false;
    while (rows.next()) {
      any = true;
      if (rows.integer(0) != month) {
        month = rows.integer(0);
        out << fmt::format("    {} in {}: disposable {} SEK, income support {} SEK\n", calendar(run, month), area(rows.integer(10)),
                           rows.integer(8), rows.integer(9));
      }
      out << fmt::format("      person {:<8} {:>3} {:<6} {:<8} {:<22} earnings {}\n", rows.integer(1), age_text(rows.integer(2)),
                         rows.integer(3) ? "woman" : "man", rows.integer(4) ? "child" : "adult", step(rows.integer(5)), rows.integer(7));
    }
    if (!any) out << "    (no panel rows: not among the people kept)\n";
  }

  static std::string name(const std::map<std::int64_t, std::string>& names, std::int64_t id) {
    auto it = names.find(id);
    return it == names.end() ? fmt::format("#{}", id) : it->second;
  }

  const ReadOnlyDatabase& db_;
  std::map<std::int64_t, std::string> steps_, policies_, areas_;
};

}  // namespace

void write_trace(const fs::path& results_folder, const TraceRequest& request, std::ostream& out) {
  const fs::path file = results_folder / "results.sqlite";
  auto refuse = [&](const std::string& key, const std::string& message) { throw InputError({{{file, 0, 0}, key, message}}); };
  if (!fs::exists(file)) refuse("", "missing: trace reads the results.sqlite of a run or compare folder");
  std::optional<ReadOnlyDatabase> opened;
  try {
    opened.emplace(file);
  } catch (const Error& e) {
    refuse("", e.what());
  }
  const ReadOnlyDatabase& db = *opened;
  if (!db.has_tables({"panel", "events"})) refuse("", "no microdata tables: written by an older engine");
  {
    Query rows(db, "SELECT EXISTS (SELECT 1 FROM panel)");
    if (!rows.next() || rows.integer(0) == 0) refuse("", "keeps no microdata: run or compare with --microdata (or the scenario's microdata key)");
  }
  std::vector<Run> runs;
  std::vector<std::string> scenarios;
  Query select(db,
               "SELECT run_id, scenario, months, start_year, replicate FROM runs WHERE EXISTS (SELECT 1 FROM panel p WHERE p.run_id = runs.run_id) "
               "ORDER BY run_id");
  while (select.next()) {
    if (std::find(scenarios.begin(), scenarios.end(), select.text(1)) == scenarios.end()) scenarios.push_back(select.text(1));
    if (select.integer(4) != request.replicate || (!request.scenario.empty() && select.text(1) != request.scenario)) continue;
    runs.push_back({select.integer(0), select.integer(2), select.integer(3), select.integer(4), select.text(1)});
  }
  if (!request.scenario.empty() && std::find(scenarios.begin(), scenarios.end(), request.scenario) == scenarios.end())
    refuse("--scenario", fmt::format("'{}' has no microdata here; the scenarios are {}", request.scenario, fmt::join(scenarios, ", ")));
  if (runs.empty()) refuse("--replicate", fmt::format("replicate {} has no microdata here", request.replicate));

  const Reader reader(db);
  const std::int64_t id = request.person ? *request.person : *request.household;
  const char* column = request.person ? "person" : "household";
  bool found = false;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    Query known(db, fmt::format("SELECT EXISTS (SELECT 1 FROM panel WHERE run_id = ?1 AND {0} = ?2) OR "
                                      "EXISTS (SELECT 1 FROM events WHERE run_id = ?1 AND {1})",
                                      column, request.person ? "person = ?2" : "kind IN ('household', 'born', 'arrived', 'moved_in') AND to_value = ?2"));
    known.bind(1, runs[k].id).bind(2, id);
    if (!known.next() || known.integer(0) == 0) continue;
    if (found) out << "\n";
    found = true;
    if (request.person) reader.person(runs[k], id, out);
    else reader.household(runs[k], id, out);
  }
  if (!found)
    refuse(request.person ? "--person" : "--household",
           fmt::format("{} {} is not among the people kept (a sample may leave them out; ids run from 0)", column, id));
}

}  // namespace trappsteg
