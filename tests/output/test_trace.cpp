// trappsteg trace: every kind of event told in English and in Swedish (each language's texts are
// chosen at run time, so only running them shows that every one formats), and the synthesised
// newcomers of month 1 arriving in month 1.

#include "output/trace.hpp"

#include "engine/sim/run.hpp"
#include "output/results_database.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <map>
#include <sstream>

namespace trappsteg {
namespace {

std::string trace_text(const std::filesystem::path& folder, TraceRequest request, Language language) {
  request.language = language;
  std::ostringstream out;
  write_trace(folder, request, out);
  return out.str();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// Writes one run of `loaded` to results.sqlite in `folder`, as `run` would.
void store(const testing::TempDir& folder, const LoadedScenario& loaded, const RunResult& run) {
  ResultsDatabase database(folder.path / "results.sqlite");
  RunRecord record;
  record.scenario = loaded.scenario.name;
  record.scale = loaded.scenario.scale;
  record.months = loaded.scenario.months;
  record.start_year = loaded.scenario.start_year;
  database.add_run(record, run, nullptr);
}

}  // namespace

TEST_CASE("trace.tells_every_kind_of_event_in_english_and_in_swedish") {
  // The lottery trial draws its places in 2017: two years at a twentieth of the city hold every kind.
  auto loaded = testing::load("scenarios/newcomers_language_and_work_trial.yaml");
  loaded.scenario.scale = 0.05;
  loaded.scenario.months = 24;
  loaded.scenario.microdata = {MicrodataSpec::Frequency::kMonthly, 1.0};
  const RunResult run = run_replicate(loaded.scenario, loaded.model, *loaded.staircase, 0);
  REQUIRE(run.microdata);
  testing::TempDir folder("trace");
  store(folder, loaded, run);
  const Microdata& m = *run.microdata;

  // What each kind reads as in each language.
  const std::map<EventKind, std::pair<const char*, const char*>> phrases{
      {EventKind::kStage, {"step ", "steg "}},
      {EventKind::kPolicyStart, {"starts ", "börjar i "}},
      {EventKind::kPhase, {": phase ", ": fas "}},
      {EventKind::kPolicyEnd, {"leaves ", "lämnar "}},
      {EventKind::kLottery, {" lottery: ", "lottning till "}},
      {EventKind::kBorn, {"born into household ", "föds i hushåll "}},
      {EventKind::kArrived, {"arrives from abroad, household ", "kommer från utlandet, hushåll "}},
      {EventKind::kMovedIn, {"moves in from the rest of Sweden", "flyttar in från övriga Sverige"}},
      {EventKind::kPartnered, {"moves in with person ", "flyttar ihop med person "}},
      {EventKind::kSeparated, {"separates from person ", "separerar från person "}},
      {EventKind::kHousehold, {"household ", "hushåll "}},
      {EventKind::kDistrict, {"moves ", "flyttar "}},
      {EventKind::kDied, {"dies", "dör"}},
      {EventKind::kMovedAway, {"moves away from the city", "flyttar från staden"}},
  };
  REQUIRE(phrases.size() == event_kind_names().size());
  for (const auto& entry : phrases) {
    const std::string kind = event_kind_names()[static_cast<std::size_t>(entry.first)];
    INFO(kind);
    std::size_t e = 0;
    while (e < m.events.size() && m.events.kind[e] != entry.first) ++e;
    REQUIRE_MESSAGE(e < m.events.size(), "no '", kind, "' event to trace");
    const TraceRequest request{m.events.person[e], std::nullopt, "", 0};
    const std::string english = trace_text(folder.path, request, Language::kEnglish);
    const std::string swedish = trace_text(folder.path, request, Language::kSwedish);
    CHECK(contains(english, entry.second.first));
    CHECK(contains(swedish, entry.second.second));
    CHECK(contains(english, "Life course"));
    CHECK(contains(swedish, "Livslopp"));
    CHECK(contains(swedish, "Panel (kr i månaden)"));
    CHECK(contains(swedish, ", replikat 0"));
    for (const char* english_only : {"Life course", "Panel (SEK", "replicate", "Household ", "earnings"})
      CHECK_MESSAGE(!contains(swedish, english_only), "English in the Swedish trace: ", english_only);
  }

  // A household: its members and who joined and left, in both languages.
  const TraceRequest household{std::nullopt, m.panel.household.front(), "", 0};
  const std::string english = trace_text(folder.path, household, Language::kEnglish);
  const std::string swedish = trace_text(folder.path, household, Language::kSwedish);
  CHECK(contains(english, "Who joined and left"));
  CHECK(contains(swedish, "Vilka som kom och gick"));
  CHECK(contains(swedish, fmt::format("Hushåll {} — {}, replikat 0", m.panel.household.front(), loaded.scenario.name)));
  CHECK_FALSE(contains(swedish, "Who joined"));
}

TEST_CASE("trace.shows_the_synthesised_newcomers_of_month_1_arriving_in_month_1") {
  auto loaded = testing::load("scenarios/baseline.yaml");
  loaded.scenario.scale = 0.02;
  loaded.scenario.months = 12;
  loaded.scenario.microdata = {MicrodataSpec::Frequency::kYearly, 1.0};
  const RunResult run = run_replicate(loaded.scenario, loaded.model, *loaded.staircase, 0);
  REQUIRE(run.microdata);
  testing::TempDir folder("trace-month-1");
  store(folder, loaded, run);
  const MicrodataPanel& p = run.microdata->panel;
  std::size_t r = 0;
  while (r < p.size() && !(p.month[r] == 0 && p.months_since_arrival[r] == -1)) ++r;
  REQUIRE(r < p.size());
  const std::string text = trace_text(folder.path, {p.person[r], std::nullopt, "", 0}, Language::kEnglish);
  // On a step from the start, arriving in the run's first month.
  CHECK(contains(text, fmt::format("{:<16} at the start on ", fmt::format("{}-01 (start)", loaded.scenario.start_year))));
  CHECK(contains(text, fmt::format("{:<16} arrives from abroad, household ", fmt::format("{}-01", loaded.scenario.start_year))));
}

}  // namespace trappsteg
