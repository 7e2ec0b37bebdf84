#include "output/trace.hpp"

#include "engine/core/error.hpp"
#include "output/labels.hpp"
#include "output/sqlite_query.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
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

// Characters, not bytes, as fmt pads ("ålder" is five wide).
std::size_t text_width(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

class Reader {
 public:
  Reader(const ReadOnlyDatabase& db, Language language) : db_(db), language_(language) {
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
    out << say("Person {} — {}, replicate {}\n", "Person {} — {}, replikat {}\n", person, run.scenario, run.replicate);
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
    out << say("\n  Life course\n", "\n  Livslopp\n");
    if (!current.empty()) out << say("    {:<16} at the start on {}\n", "    {:<16} vid starten på {}\n", calendar(run, 0), current);
    bool any = false;
    while (events.next()) {
      any = true;
      const std::int64_t month = events.integer(0);
      const std::string kind = events.text(1);
      const bool has_from = !events.null(2), has_to = !events.null(3);
      const std::int64_t from = events.integer(2), to = events.integer(3);
      std::string what;
      if (kind == "stage") {
        what = has_from ? say("step {} → {}", "steg {} → {}", step(from), step(to))
                        : say("enters the staircase on {}", "kommer in i trappan på {}", step(to));
        if (!current.empty()) {
          if (!months_on.count(current)) order.push_back(current);
          months_on[current] += month - since;
        }
        current = step(to), since = month;
      } else if (kind == "policy_start") what = say("starts {} (phase {})", "börjar i {} (fas {})", policy(from), to + 1);
      else if (kind == "phase") what = say("{}: phase {}", "{}: fas {}", policy(from), to + 1);
      else if (kind == "policy_end") what = say("leaves {} after phase {}", "lämnar {} efter fas {}", policy(from), to + 1);
      else if (kind == "lottery")
        what = say("{} lottery: {}", "lottning till {}: {}", policy(from),
                   to ? say("won a place", "fick en plats") : say("not drawn (comparison group)", "fick ingen plats (jämförelsegrupp)"));
      else if (kind == "born") what = say("born into household {}", "föds i hushåll {}", to);
      else if (kind == "arrived") what = say("arrives from abroad, household {}", "kommer från utlandet, hushåll {}", to);
      else if (kind == "moved_in")
        what = say("moves in from the rest of Sweden, household {}", "flyttar in från övriga Sverige, hushåll {}", to);
      else if (kind == "partnered") what = say("moves in with person {}", "flyttar ihop med person {}", to);
      else if (kind == "separated") what = say("separates from person {}", "separerar från person {}", from);
      else if (kind == "household") what = say("household {} → {}", "hushåll {} → {}", from, to);
      else if (kind == "district") what = say("moves {} → {}", "flyttar {} → {}", area(from), area(to));
      else if (kind == "died" || kind == "moved_away") {
        what = kind == "died" ? say("dies", "dör") : say("moves away from the city", "flyttar från staden");
        end = month;
      } else what = kind;
      if (has_from || has_to || kind == "died" || kind == "moved_away") out << fmt::format("    {:<16} {}\n", calendar(run, month), what);
    }
    if (!any) out << say("    (no events)\n", "    (inga händelser)\n");
    if (!current.empty()) {
      if (!months_on.count(current)) order.push_back(current);
      months_on[current] += end - since;
    }
    if (!order.empty()) {
      std::vector<std::string> parts;
      for (const auto& s : order) parts.push_back(fmt::format("{} {}", s, months_on[s]));
      out << say("\n  Months on each step (to month {}): {}\n", "\n  Månader på varje steg (till månad {}): {}\n", end,
                 fmt::format("{}", fmt::join(parts, ", ")));
    }

    Query panel(db_,
                "SELECT month, household, area_id, age_months, female, foreign_born, months_since_arrival, education, swedish, step_id, "
                "months_in_step, employed, earnings_sek, net_income_sek, household_disposable_sek, household_equivalised_sek, "
                "household_support_sek, household_members, in_support, policy_id, phase FROM panel WHERE run_id = ?1 AND person = ?2 "
                "ORDER BY month");
    panel.bind(1, run.id).bind(2, person);
    out << say("\n  Panel (SEK a month)\n", "\n  Panel (kr i månaden)\n");
    // Each column as wide as the English layout or its heading, whichever is wider.
    struct Column {
      const char *en, *sv;
      std::size_t width;
    };
    static constexpr std::array<Column, 12> kColumns{{{"month", "månad", 16},
                                                      {"age", "ålder", 4},
                                                      {"district", "stadsdel", 18},
                                                      {"step", "steg", 22},
                                                      {"months", "månader", 6},
                                                      {"earnings", "arbetsinkomst", 8},
                                                      {"net", "netto", 8},
                                                      {"household", "disponibel", 9},
                                                      {"equivalised", "ekvivalerad", 11},
                                                      {"support", "bistånd", 8},
                                                      {"household", "hushåll", 9},
                                                      {"policy", "insats", 0}}};
    std::array<std::size_t, kColumns.size()> w{};
    std::array<std::string, kColumns.size()> heading;
    for (std::size_t c = 0; c < kColumns.size(); ++c) {
      heading[c] = say(kColumns[c].en, kColumns[c].sv);
      w[c] = std::max(kColumns[c].width, text_width(heading[c]));
    }
    out << fmt::format("    {:<{}} {:>{}} {:<{}} {:<{}} {:>{}} {:>{}} {:>{}} {:>{}} {:>{}} {:>{}} {:>{}} {}\n", heading[0], w[0], heading[1], w[1],
                       heading[2], w[2], heading[3], w[3], heading[4], w[4], heading[5], w[5], heading[6], w[6], heading[7], w[7],
                       heading[8], w[8], heading[9], w[9], heading[10], w[10], heading[11]);
    std::int64_t last_household = -1, rows = 0;
    while (panel.next()) {
      ++rows;
      last_household = panel.integer(1);
      const std::string policy_text =
          panel.null(19) ? "–" : say("{} (phase {})", "{} (fas {})", policy(panel.integer(19)), panel.integer(20) + 1);
      out << fmt::format("    {:<{}} {:>{}} {:<{}} {:<{}} {:>{}} {:>{}} {:>{}} {:>{}} {:>{}.0f} {:>{}} {:>{}} {}\n", calendar(run, panel.integer(0)),
                         w[0], age_text(panel.integer(3)), w[1], area(panel.integer(2)), w[2], step(panel.integer(9)), w[3], panel.integer(10),
                         w[4], panel.integer(12), w[5], panel.integer(13), w[6], panel.integer(14), w[7], panel.real(15), w[8],
                         panel.integer(16), w[9], panel.integer(1), w[10], policy_text);
    }
    if (rows == 0) out << say("    (not kept at any panel month)\n", "    (inte med i panelen någon sparad månad)\n");
    if (last_household >= 0) {
      out << say("\n  Household {} at the last month kept\n", "\n  Hushåll {} den sista sparade månaden\n", last_household);
      members(run, last_household, out, true);
    }
  }

  void household(const Run& run, std::int64_t household, std::ostream& out) const {
    out << say("Household {} — {}, replicate {}\n", "Hushåll {} — {}, replikat {}\n", household, run.scenario, run.replicate);
    members(run, household, out, false);
    Query moves(db_,
                "SELECT month, person, kind, from_value, to_value FROM events WHERE run_id = ?1 AND "
                "((kind IN ('household', 'born', 'arrived', 'moved_in') AND to_value = ?2) OR (kind = 'household' AND from_value = ?2)) "
                "ORDER BY month, rowid");
    moves.bind(1, run.id).bind(2, household);
    out << say("\n  Who joined and left\n", "\n  Vilka som kom och gick\n");
    bool any = false;
    while (moves.next()) {
      any = true;
      const std::string kind = moves.text(2);
      const bool joined = kind != "household" || moves.integer(4) == household;
      out << fmt::format("    {:<16} person {} {}\n", calendar(run, moves.integer(0)), moves.integer(1),
                         kind == "born"       ? say("is born", "föds")
                         : kind == "arrived"  ? say("arrives from abroad", "kommer från utlandet")
                         : kind == "moved_in" ? say("moves in from the rest of Sweden", "flyttar in från övriga Sverige")
                         : joined             ? say("joins from household {}", "kommer från hushåll {}", moves.integer(3))
                                              : say("leaves for household {}", "flyttar till hushåll {}", moves.integer(4)));
    }
    if (!any) out << say("    (nobody, among the people kept)\n", "    (ingen, bland de sparade personerna)\n");
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
        out << say("    {} in {}: disposable {} SEK, income support {} SEK\n", "    {} i {}: disponibelt {} kr, försörjningsstöd {} kr\n",
                   calendar(run, month), area(rows.integer(10)), rows.integer(8), rows.integer(9));
      }
      out << say("      person {:<8} {:>3} {:<6} {:<8} {:<22} earnings {}\n", "      person {:<8} {:>3} {:<6} {:<8} {:<22} arbetsinkomst {}\n",
                 rows.integer(1), age_text(rows.integer(2)), rows.integer(3) ? say("woman", "kvinna") : say("man", "man"),
                 rows.integer(4) ? say("child", "barn") : say("adult", "vuxen"), step(rows.integer(5)), rows.integer(7));
    }
    if (!any) out << say("    (no panel rows: not among the people kept)\n", "    (inga panelrader: inte bland de sparade personerna)\n");
  }

  // The text in the trace's language, formatted with `args` (a format chosen at run time is not
  // checked at compile time: the tests print both languages).
  template <class... Args>
  std::string say(const char* en, const char* sv, const Args&... args) const {
    return fmt::vformat(in_language(language_, en, sv), fmt::make_format_args(args...));
  }

  static std::string name(const std::map<std::int64_t, std::string>& names, std::int64_t id) {
    auto it = names.find(id);
    return it == names.end() ? fmt::format("#{}", id) : it->second;
  }

  const ReadOnlyDatabase& db_;
  Language language_;
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

  const Reader reader(db, request.language);
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
