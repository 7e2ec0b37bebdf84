#include "output/microdata_reader.hpp"

#include "engine/core/error.hpp"
#include "output/sqlite_query.hpp"

#include <fmt/format.h>

#include <map>

namespace trappsteg {
namespace {

// The cohort: adults (18+ at arrival) who arrived from abroad in months 1–12 and were in the city at month 12.
constexpr const char* kCohort =
    "SELECT e.run_id, e.person FROM events e JOIN panel p ON p.run_id = e.run_id AND p.person = e.person AND p.month = 12 "
    "WHERE e.kind = 'arrived' AND e.month BETWEEN 1 AND 12 AND p.age_months - p.months_since_arrival >= 216";

}  // namespace

std::optional<CohortPaths> read_cohort_paths(const std::filesystem::path& database, std::size_t lanes) {
  if (!std::filesystem::exists(database)) return std::nullopt;
  const ReadOnlyDatabase db(database);
  if (!db.has_tables({"panel", "events"})) return std::nullopt;
  CohortPaths paths;
  // The cohort's size per scenario, over its replicates.
  std::map<std::string, double> cohort_size;
  std::vector<std::string> scenarios;
  {
    Query size(db, fmt::format("SELECT r.scenario, count(*) FROM ({}) c JOIN runs r USING (run_id) "
                               "GROUP BY r.scenario ORDER BY min(r.run_id)",
                               kCohort));
    while (size.next()) {
      scenarios.push_back(size.text(0));
      cohort_size[size.text(0)] = static_cast<double>(size.integer(1));
      if (scenarios.size() == 1) paths.cohort = static_cast<std::size_t>(size.integer(1));
    }
  }
  if (scenarios.empty()) return std::nullopt;
  {
    Query steps(db, "SELECT key FROM steps ORDER BY step_id");
    while (steps.next()) paths.steps.push_back(steps.text(0));
    paths.steps.push_back("left");
  }
  // Shares on each step at every 12th month; those no longer kept in the panel have left.
  Query shares(db, fmt::format("SELECT r.scenario, p.month / 12, s.key, count(*) FROM ({}) c "
                               "JOIN panel p INDEXED BY panel_by_person ON p.run_id = c.run_id AND p.person = c.person JOIN runs r ON r.run_id = p.run_id "
                               "JOIN steps s ON s.step_id = p.step_id WHERE p.month > 0 AND p.month % 12 = 0 "
                               "GROUP BY r.scenario, p.month / 12, s.key ORDER BY min(r.run_id), p.month / 12, min(s.step_id)",
                               kCohort));
  std::map<std::pair<std::string, std::int64_t>, double> present;
  while (shares.next()) {
    const std::string scenario = shares.text(0);
    const double n = static_cast<double>(shares.integer(3));
    present[{scenario, shares.integer(1)}] += n;
    paths.shares.push_back({{"s", scenario}, {"k", shares.integer(1)}, {"step", shares.text(2)}, {"v", n / cohort_size[scenario]}});
  }
  for (const auto& [key, n] : present)
    if (n < cohort_size[key.first])
      paths.shares.push_back({{"s", key.first}, {"k", key.second}, {"step", "left"}, {"v", 1 - n / cohort_size[key.first]}});

  // Lanes: the first people of the cohort in replicate 0 of the first scenario, followed in every scenario.
  std::string list;
  {
    // Those a policy of another scenario takes in first: their lanes are the ones that differ.
    Query first(db, fmt::format("SELECT c.person FROM ({}) c JOIN runs r USING (run_id) WHERE r.scenario = ?1 AND r.replicate = 0 "
                                "ORDER BY EXISTS (SELECT 1 FROM events x WHERE x.run_id IN (SELECT run_id FROM runs WHERE replicate = 0 "
                                "AND scenario <> ?1) AND x.person = c.person AND x.kind = 'policy_start') DESC, c.person LIMIT {}",
                                kCohort, lanes));
    first.bind(1, scenarios.front());
    while (first.next()) {
      if (!list.empty()) list += ',';
      list += std::to_string(first.integer(0));
      ++paths.lane_people;
    }
  }
  if (!list.empty()) {
    Query lane(db, fmt::format("SELECT r.scenario, p.person, p.month / 12, s.key FROM panel p INDEXED BY panel_by_person JOIN runs r ON r.run_id = p.run_id "
                               "JOIN steps s ON s.step_id = p.step_id WHERE r.replicate = 0 AND p.person IN ({}) AND p.month > 0 "
                               "AND p.month % 12 = 0 ORDER BY r.run_id, p.person, p.month",
                               list));
    while (lane.next())
      paths.lanes.push_back({{"s", lane.text(0)}, {"p", fmt::format("{}", lane.integer(1))}, {"k", lane.integer(2)}, {"step", lane.text(3)}});
  }
  return paths;
}

std::vector<SecondGeneration> read_second_generation(const std::filesystem::path& database) {
  std::vector<SecondGeneration> found;
  if (!std::filesystem::exists(database)) return found;
  const ReadOnlyDatabase db(database);
  if (!db.has_tables({"panel", "events", "participations"})) return found;
  std::vector<std::string> scenarios;
  {
    Query names(db, "SELECT scenario FROM runs WHERE EXISTS (SELECT 1 FROM panel p WHERE p.run_id = runs.run_id) GROUP BY scenario ORDER BY min(run_id)");
    while (names.next()) scenarios.push_back(names.text(0));
  }
  for (std::size_t s = 1; s < scenarios.size(); ++s) {
    // The measures' households at each month kept (few), then the children in them, then everyone's
    // state at the last month kept in both scenarios.
    Query rows(db,
              "WITH last AS (SELECT max(month) AS m FROM panel WHERE run_id = (SELECT min(run_id) FROM runs WHERE scenario = ?1)), "
              "base_policies AS (SELECT DISTINCT t.policy_id FROM participations t JOIN runs r ON r.run_id = t.run_id WHERE r.scenario = ?1), "
              "homes AS (SELECT DISTINCT p.run_id, p.month, p.household FROM participations t JOIN runs r ON r.run_id = t.run_id "
              "  JOIN panel p ON p.run_id = t.run_id AND p.person = t.person AND p.month = t.month "
              "  WHERE r.scenario = ?2 AND t.policy_id NOT IN base_policies), "
              "children AS (SELECT DISTINCT r.replicate, c.person FROM homes h JOIN panel c ON c.run_id = h.run_id AND c.month = h.month "
              "  AND c.household = h.household JOIN runs r ON r.run_id = h.run_id WHERE c.age_months < 216) "
              "SELECT r.scenario = ?2, count(*), sum(p.age_months BETWEEN 240 AND 371), "
              "  sum(p.age_months BETWEEN 240 AND 371 AND p.employed = 1), sum(p.age_months >= 240), "
              "  sum(p.age_months >= 240 AND p.education >= 1), (SELECT count(*) FROM children), (SELECT m FROM last) "
              "FROM children k JOIN runs r ON r.replicate = k.replicate AND r.scenario IN (?1, ?2) "
              "JOIN panel p ON p.run_id = r.run_id AND p.person = k.person AND p.month = (SELECT m FROM last) "
              "GROUP BY r.scenario = ?2");
    rows.bind(1, scenarios.front());
    rows.bind(2, scenarios[s]);
    SecondGeneration g;
    g.scenario = scenarios[s];
    g.base = scenarios.front();
    while (rows.next()) {
      const std::size_t k = rows.integer(0) ? 0 : 1;
      g.in_city[k] = static_cast<std::size_t>(rows.integer(1));
      g.aged_20_30[k] = static_cast<std::size_t>(rows.integer(2));
      g.employed_20_30[k] = static_cast<std::size_t>(rows.integer(3));
      g.aged_20_plus[k] = static_cast<std::size_t>(rows.integer(4));
      g.completed_school[k] = static_cast<std::size_t>(rows.integer(5));
      g.children = static_cast<std::size_t>(rows.integer(6));
      g.month = static_cast<int>(rows.integer(7));
    }
    if (g.children > 0) found.push_back(g);
  }
  return found;
}

}  // namespace trappsteg
