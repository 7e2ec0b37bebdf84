// report.html from a results folder written as `trappsteg run` writes it: self-contained (no
// script, style or link fetched from anywhere), one container per chart, both languages.

#include "engine/budget/budget.hpp"
#include "engine/core/error.hpp"
#include "engine/sim/run.hpp"
#include "output/report.hpp"
#include "output/run_folder.hpp"
#include "output/writers.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <sstream>
#include <unistd.h>

namespace trappsteg {
namespace {

namespace fs = std::filesystem;

// A small baseline run (scale 0.02, 24 months, 2 replicates) written with the CLI's writers.
fs::path write_small_run() {
  static const fs::path folder = [] {
    // One folder per process: ctest runs test cases in parallel processes.
    fs::path out = fs::temp_directory_path() / ("trappsteg_test_report_run_" + std::to_string(::getpid()));
    fs::remove_all(out);
    auto loaded = testing::load("scenarios/baseline.yaml");
    Scenario& scenario = loaded.scenario;
    scenario.scale = 0.02;
    scenario.months = 24;
    scenario.replicates = 2;
    std::vector<RunResult> runs;
    for (std::uint32_t r = 0; r < 2; ++r) runs.push_back(run_replicate(scenario, loaded.model, *loaded.staircase, r));
    std::vector<Budget> budgets;
    for (const auto& run : runs)
      budgets.push_back(compute_budget(run.outcomes, nullptr, scenario.start_year, scenario.discount_rate,
                                       loaded.model.economy.municipal_tax_rate));
    RunInfo info{"test", 1, "2026-01-01T00:00:00Z"};
    RunFolder folder(out, {});
    auto all_replicates = [&](void (*writer)(std::ostream&, const std::string&, const RunResult&)) {
      return [&runs, &scenario, writer](std::ostream& o) {
        for (std::size_t r = 0; r < runs.size(); ++r) {
          std::ostringstream one;
          writer(one, scenario.name, runs[r]);
          std::string text = one.str();
          o << (r == 0 ? text : text.substr(text.find('\n') + 1));  // the header once
        }
      };
    };
    folder.write("outcomes.csv", all_replicates(write_outcomes_csv));
    folder.write("newcomers.csv", all_replicates(write_newcomers_csv));
    folder.write("budget.csv", [&](std::ostream& o) { write_budget_csv(o, scenario.name, budgets); });
    SummaryInput summary{scenario, loaded.model, runs, info, nullptr, {}, budgets, {}};
    folder.write("summary.json", [&](std::ostream& o) { write_summary_json(o, summary); });
    folder.write("run.json", [&](std::ostream& o) { write_run_json(o, scenario, runs, info); });
    write_resolved_inputs(folder, "inputs/", scenario, loaded.model, false);
    folder.commit();
    return out;
  }();
  return folder;
}

std::string report(const fs::path& folder, const std::string& lang) {
  std::ostringstream html;
  write_report(folder, lang, html);
  return html.str();
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("report.run_folder_gives_a_self_contained_page") {
  const std::string html = report(write_small_run(), "en");
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  // Nothing is fetched: no external scripts, styles, images or frames.
  CHECK_FALSE(std::regex_search(html, std::regex(R"(<script[^>]*\ssrc\s*=)", std::regex::icase)));
  CHECK_FALSE(std::regex_search(html, std::regex(R"(<link[^>]*href\s*=\s*["']?(https?:)?//)", std::regex::icase)));
  CHECK_FALSE(std::regex_search(html, std::regex(R"((src|href)\s*=\s*["']?(https?:)?//)", std::regex::icase)));
  CHECK_FALSE(std::regex_search(html, std::regex(R"(@import|url\(\s*["']?https?:)", std::regex::icase)));
  // The libraries are inlined.
  CHECK(html.find("vegaEmbed") != std::string::npos);
  CHECK(html.size() > 800'000);
}

TEST_CASE("report.run_folder_has_one_container_per_chart") {
  const std::string html = report(write_small_run(), "en");
  for (const char* id : {"chart-employment", "chart-gap", "chart-inequality", "chart-children", "chart-staircase",
                         "chart-newcomers", "chart-map"}) {
    INFO(id);
    CHECK(count(html, std::string("<div class=\"chart\" id=\"") + id + "\"") == 1);
    CHECK(count(html, std::string("{\"id\":\"") + id + "\"") == 1);  // and its specification
  }
  CHECK(count(html, "<div class=\"chart\"") == count(html, "{\"id\":\"chart-"));
}

TEST_CASE("report.renders_headings_in_swedish_and_english") {
  const std::string en = report(write_small_run(), "en");
  const std::string sv = report(write_small_run(), "sv");
  CHECK(en.find("<html lang=\"en\">") != std::string::npos);
  CHECK(sv.find("<html lang=\"sv\">") != std::string::npos);
  for (const char* heading : {">Summary</h2>", ">Charts</h2>", ">Methods</h2>", "Employment rate 20–64 by district"})
    CHECK(en.find(heading) != std::string::npos);
  for (const char* heading : {">Sammanfattning</h2>", ">Diagram</h2>", ">Metod</h2>", "Sysselsättningsgrad 20–64 per stadsdel"})
    CHECK(sv.find(heading) != std::string::npos);
  CHECK(sv.find(">Methods</h2>") == std::string::npos);
}

TEST_CASE("report.rejects_a_folder_that_holds_no_results") {
  fs::path empty = fs::temp_directory_path() / ("trappsteg_test_report_empty_" + std::to_string(::getpid()));
  fs::create_directories(empty);
  std::ostringstream html;
  CHECK_THROWS_AS(write_report(empty, "en", html), Error);
  CHECK_THROWS_WITH_AS(write_report(empty, "en", html), doctest::Contains("not a Trappsteg results folder"), Error);
  CHECK_THROWS_AS(write_report(write_small_run(), "de", html), Error);
  fs::remove_all(empty);
}

}  // namespace trappsteg
