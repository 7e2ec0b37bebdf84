#include "output/microdata_reader.hpp"

#include "engine/core/error.hpp"
#include "output/sqlite_query.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

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
  std::map<std::int64_t, std::size_t> step_index;  // step_id -> its place in paths.steps
  {
    Query steps(db, "SELECT step_id, key FROM steps ORDER BY step_id");
    while (steps.next()) {
      step_index[steps.integer(0)] = paths.steps.size();
      paths.steps.push_back(steps.text(1));
    }
    paths.steps.push_back("left");
  }
  const std::size_t left = paths.steps.size() - 1;
  // Each run's scenario (scenarios in the order of their first run) and the years its panel keeps.
  struct Run {
    std::size_t scenario = 0;
    std::int64_t years = 0;
  };
  std::map<std::int64_t, Run> runs;
  std::vector<std::string> scenarios;
  {
    Query q(db, "SELECT r.run_id, r.scenario, (SELECT max(p.month) FROM panel p WHERE p.run_id = r.run_id) / 12 FROM runs r ORDER BY r.run_id");
    while (q.next()) {
      auto at = std::find(scenarios.begin(), scenarios.end(), q.text(1));
      if (at == scenarios.end()) at = scenarios.insert(scenarios.end(), q.text(1));
      runs[q.integer(0)] = {static_cast<std::size_t>(at - scenarios.begin()), q.integer(2)};
    }
  }
  // One pass over the cohort's rows at the end of each year, a person's rows together: each
  // person's step year by year, "left" in a year without a row, gives both the shares and the flows.
  std::vector<std::size_t> cohort_size(scenarios.size());
  std::map<std::tuple<std::size_t, std::int64_t, std::size_t>, std::size_t> on;               // (scenario, k, step)
  std::map<std::tuple<std::size_t, std::int64_t, std::size_t, std::size_t>, std::size_t> moved;  // (scenario, k, from, to)
  std::int64_t run = -1, person = -1;
  std::vector<std::size_t> path;  // path[k]: the person's step at the end of year k
  auto count_person = [&] {
    if (run < 0) return;
    const Run& r = runs.at(run);
    ++cohort_size[r.scenario];
    for (std::int64_t k = 1; k <= r.years; ++k) {
      ++on[{r.scenario, k, path[k]}];
      if (k < r.years) ++moved[{r.scenario, k, path[k], path[k + 1]}];
    }
  };
  {
    Query rows(db, fmt::format("SELECT c.run_id, c.person, p.month / 12, p.step_id FROM ({}) c "
                               "JOIN panel p INDEXED BY panel_by_person ON p.run_id = c.run_id AND p.person = c.person "
                               "WHERE p.month > 0 AND p.month % 12 = 0 ORDER BY c.run_id, c.person, p.month",
                               kCohort));
    while (rows.next()) {
      if (rows.integer(0) != run || rows.integer(1) != person) {
        count_person();
        run = rows.integer(0), person = rows.integer(1);
        path.assign(static_cast<std::size_t>(runs.at(run).years) + 1, left);
      }
      path.at(static_cast<std::size_t>(rows.integer(2))) = step_index.at(rows.integer(3));
    }
    count_person();
  }
  const auto with_cohort = std::find_if(cohort_size.begin(), cohort_size.end(), [](std::size_t n) { return n > 0; });
  if (with_cohort == cohort_size.end()) return std::nullopt;
  paths.cohort = *with_cohort;
  const std::string& first_scenario = scenarios[static_cast<std::size_t>(with_cohort - cohort_size.begin())];
  for (const auto& [key, n] : on) {
    const auto& [s, k, step] = key;
    paths.shares.push_back({{"s", scenarios[s]}, {"k", k}, {"step", paths.steps[step]},
                            {"v", static_cast<double>(n) / static_cast<double>(cohort_size[s])}, {"n", n}});
  }
  for (const auto& [key, n] : moved) {
    const auto& [s, k, from, to] = key;
    paths.flows.push_back({{"s", scenarios[s]}, {"k", k}, {"from", paths.steps[from]}, {"to", paths.steps[to]},
                           {"v", static_cast<double>(n) / static_cast<double>(cohort_size[s])}, {"n", n}});
  }

  // Lanes: the first people of the cohort in replicate 0 of the first scenario, followed in every scenario.
  std::string list;
  {
    // Those a policy of another scenario takes in first: their lanes are the ones that differ.
    Query first(db, fmt::format("SELECT c.person FROM ({}) c JOIN runs r USING (run_id) WHERE r.scenario = ?1 AND r.replicate = 0 "
                                "ORDER BY EXISTS (SELECT 1 FROM events x WHERE x.run_id IN (SELECT run_id FROM runs WHERE replicate = 0 "
                                "AND scenario <> ?1) AND x.person = c.person AND x.kind = 'policy_start') DESC, c.person LIMIT {}",
                                kCohort, lanes));
    first.bind(1, first_scenario);
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
