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
#include <fmt/format.h>

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

// ---------------------------------------------------------------------------------------------
// A sensitivity folder and the budget's spread in a compare or sweep folder, written by hand
// with known numbers.

namespace trappsteg {
namespace {

const std::string kMultiplier = "policy.families_250.effects.transitions[from=job_seeker,to=first_job].multiplier";
const std::string kCost = "policy.families_250.costs.per_participant_month_sek";
const std::string kTakeUp = "benefits.income_support.take_up.max";

std::string sensitivity_yaml(const std::string& method) {
  return "description: \"What the net budget depends on\"\n"
         "scenario: ../families_250.yaml\n"
         "method: " + method + "\n"
         "inputs:\n"
         "  - path: " + kMultiplier + "\n"
         "    distribution: triangular\n    bounds: [1.0, 4.0]\n    mode: 2.5\n"
         "    source: \"illustrative: from no effect to four times\"\n"
         "  - path: " + kCost + "\n"
         "    distribution: uniform\n    bounds: [6000, 12000]\n"
         "    source: \"illustrative: the file's 9,000 SEK give or take a third\"\n"
         "  - path: " + kTakeUp + "\n"
         "    distribution: beta\n    mean: 0.4\n    sd: 0.05\n"
         "    source: \"calibrated 0.402\"\n"
         "outputs:\n"
         "  - {name: net_budget, metric: \"budget:net_sek\", years: [1, 10], statistic: sum}\n"
         "  - {name: children_share, metric: share_children_in_workless_households, years: [10, 10]}\n"
         "evaluation: {scale: 0.05, years: 10, replicates: 2, seed: 2016}\n";
}

// Four points, the last of which failed; three inputs, two outputs.
std::string sensitivity_points() {
  const std::string q = "\"";
  return "point," + q + "unit:" + kMultiplier + q + ",unit:" + kCost + ",unit:" + kTakeUp + "," + q + kMultiplier + q + "," + kCost + "," +
         kTakeUp +
         ",net_budget,net_budget_standard_error,children_share,children_share_standard_error,problem\n"
         "0,0,0,0,1.75,7000,0.35,-60000000,2000000,0.11,0.001,\n"
         "1,0.333,0,0,2.5,7000,0.35,-58000000,2000000,0.108,0.001,\n"
         "2,0.333,0.667,0,2.5,11000,0.35,-90000000,2500000,0.109,0.001,\n"
         "3,0.333,0.667,1,2.5,11000,0.45,,,,,\"the run failed\"\n";
}

const std::string kMorrisHeader = "output,input,distribution,mu,mu_star,sigma,output_variance,monte_carlo_share,failed_points\n";
// net_budget: the cost matters most (mu* 38.7 M), then the multiplier; sd over the points 12 M
// (variance 1.44e14), 5 % of it noise. children_share: 42 % noise, the multiplier first.
const std::string kMorrisIndices =
    kMorrisHeader +
    "net_budget,\"" + kMultiplier + "\",\"triangular [1, 4] with mode 2.5\",1500000,1500000,2200000,144000000000000,0.05,1\n"
    "net_budget," + kCost + ",\"uniform [6000, 12000]\",-38700000,38700000,0,144000000000000,0.05,1\n"
    "net_budget," + kTakeUp + ",\"beta on [0, 1], mean 0.4, sd 0.05\",128600,128600,181900,144000000000000,0.05,1\n"
    "children_share,\"" + kMultiplier + "\",\"triangular [1, 4] with mode 2.5\",0.002,0.004,0.001,0.000004,0.42,1\n"
    "children_share," + kCost + ",\"uniform [6000, 12000]\",0,0,0,0.000004,0.42,1\n"
    "children_share," + kTakeUp + ",\"beta on [0, 1], mean 0.4, sd 0.05\",-0.003,0.003,0.002,0.000004,0.42,1\n";

void write_sensitivity_folder(const testing::TempDir& folder, const std::string& method, const std::string& indices) {
  folder.write("sensitivity.yaml", sensitivity_yaml(method));
  folder.write("points.csv", sensitivity_points());
  folder.write("indices.csv", indices);
}

// The page's specification of one chart (up to the next chart's).
std::string chart_spec(const std::string& html, const std::string& id) {
  const auto start = html.find("{\"id\":\"" + id + "\"");
  if (start == std::string::npos) return "";
  auto end = html.find("{\"id\":\"chart-", start + 1);
  if (end == std::string::npos) end = html.find("</script>", start);
  return html.substr(start, end - start);
}

// The HTML of the table with this id.
std::string table_with_id(const std::string& html, const std::string& id) {
  const auto start = html.find("<table id=\"" + id + "\"");
  if (start == std::string::npos) return "";
  return html.substr(start, html.find("</table>", start) - start);
}

bool has_chart(const std::string& html, const std::string& id) {
  return count(html, "<div class=\"chart\" id=\"" + id + "\"") == 1 && count(html, "{\"id\":\"" + id + "\"") == 1;
}

}  // namespace

TEST_CASE("report.sensitivity_morris_shows_a_tornado_and_scatter_per_output") {
  testing::TempDir folder("report-morris");
  write_sensitivity_folder(folder, "morris", kMorrisIndices);
  const std::string html = report(folder.path, "en");
  // A sensitivity folder holds points.csv like a sweep's, and is not taken for one.
  CHECK(html.find("Sensitivity analysis: What the net budget depends on</h1>") != std::string::npos);
  for (const char* id : {"chart-morris-net_budget", "chart-points-net_budget", "chart-morris-children_share", "chart-points-children_share"}) {
    INFO(id);
    CHECK(has_chart(html, id));
  }
  CHECK(html.find("chart-sobol-") == std::string::npos);

  // The tornado's rows run from the largest mu* down, numbered, under short labels; the tooltip keeps the path.
  const std::string tornado = chart_spec(html, "chart-morris-net_budget");
  const std::string cost_label = "families_250 … per_participant_month_sek";
  const std::string multiplier_label = "families_250 … job_seeker→first_job.multiplier";
  CHECK(tornado.find("\"sort\":[\"1 · " + cost_label + "\",\"2 · " + multiplier_label + "\",\"3 · " + kTakeUp + "\"]") != std::string::npos);
  CHECK(tornado.find("\"path\":\"" + kMultiplier + "\"") != std::string::npos);
  CHECK(tornado.find("\"n\":\"1\",\"path\":\"" + kCost + "\"") != std::string::npos);  // the μ*–σ plot's label
  CHECK(html.find("the mean absolute elementary effect") != std::string::npos);
  const std::string children = chart_spec(html, "chart-morris-children_share");
  CHECK(children.find("\"sort\":[\"1 · " + multiplier_label + "\",\"2 · " + kTakeUp + "\",\"3 · " + cost_label + "\"]") != std::string::npos);
  // The scatter plots' panels: the inputs by rank.
  CHECK(chart_spec(html, "chart-points-children_share").find("\"sort\":[\"" + multiplier_label + "\",\"" + kTakeUp + "\",\"" + cost_label + "\"]") !=
        std::string::npos);

  // Scatter: the three finite points against each of the three inputs; the failed point is left out.
  const std::string scatter = chart_spec(html, "chart-points-net_budget");
  CHECK(count(scatter, "\"path\":\"") == 9);
  CHECK(scatter.find("\"y\":-90.0}") != std::string::npos);  // in MSEK, as the axis says
  CHECK(scatter.find("\"title\":\"net_budget, MSEK\"") != std::string::npos);
  CHECK(scatter.find("\"x\":11000") != std::string::npos);

  // The outputs' table: sd over the points, the Monte-Carlo share, flagged above 30 %.
  const std::string outputs = table_with_id(html, "sensitivity-outputs");
  REQUIRE_FALSE(outputs.empty());
  CHECK(outputs.find("<td>12 MSEK</td>") != std::string::npos);
  CHECK(outputs.find("<td>5.0 %</td>") != std::string::npos);
  CHECK(outputs.find("<td class=\"worse\">42.0 % — read with care</td>") != std::string::npos);
  CHECK(outputs.find("budget:net_sek, years 1–10, sum") != std::string::npos);
  CHECK(outputs.find("share_children_in_workless_households, year 10, mean") != std::string::npos);
  CHECK(html.find("simulation noise") != std::string::npos);

  // Each output's indices, the most influential first, under the whole path.
  const std::string indices = table_with_id(html, "indices-net_budget");
  REQUIRE_FALSE(indices.empty());
  CHECK(indices.find(kCost) < indices.find(kMultiplier));
  CHECK(indices.find(kMultiplier) < indices.find(kTakeUp));
  CHECK(indices.find("<th>μ*, MSEK</th>") != std::string::npos);
  CHECK(indices.find("<td>38.7</td><td>-38.7</td><td>0</td>") != std::string::npos);
  CHECK(tornado.find("\"title\":\"μ*, σ, MSEK\"") != std::string::npos);

  // The inputs with their distributions (as the analysis read them) and sources.
  const std::string inputs = table_with_id(html, "sensitivity-inputs");
  CHECK(inputs.find(kMultiplier) != std::string::npos);
  CHECK(inputs.find("triangular [1, 4] with mode 2.5") != std::string::npos);
  CHECK(inputs.find("calibrated 0.402") != std::string::npos);

  // Facts: the method, the scenario, the points and the evaluation.
  CHECK(html.find("Morris elementary effects (screening)") != std::string::npos);
  CHECK(html.find("<td>../families_250.yaml</td>") != std::string::npos);
  CHECK(html.find("<td>Points evaluated</td><td>4 (1 failed)</td>") != std::string::npos);
  CHECK(html.find("<td>evaluation.replicates</td><td>2</td>") != std::string::npos);
}

TEST_CASE("report.sensitivity_in_swedish") {
  testing::TempDir folder("report-morris-sv");
  write_sensitivity_folder(folder, "morris", kMorrisIndices);
  const std::string sv = report(folder.path, "sv");
  CHECK(sv.find("<html lang=\"sv\">") != std::string::npos);
  CHECK(sv.find("Känslighetsanalys: What the net budget depends on</h1>") != std::string::npos);
  CHECK(sv.find("Vad det beror på (Morris)") != std::string::npos);
  CHECK(sv.find("<td class=\"worse\">42,0 % — läs med försiktighet</td>") != std::string::npos);
  CHECK(sv.find("<td>12 mnkr</td>") != std::string::npos);
  CHECK(sv.find("budget:net_sek, år 1–10, summa") != std::string::npos);
  CHECK(sv.find("read with care") == std::string::npos);
}

TEST_CASE("report.sensitivity_sobol_shows_both_indices_with_their_intervals") {
  testing::TempDir folder("report-sobol");
  const std::string header =
      "output,input,distribution,first_order,first_order_low,first_order_high,total,total_low,total_high,output_variance,monte_carlo_share,failed_points\n";
  write_sensitivity_folder(folder, "sobol",
                           header + "net_budget,\"" + kMultiplier + "\",\"triangular [1, 4] with mode 2.5\",0.1,0.02,0.19,0.15,0.05,0.26,1.44e14,0.02,0\n"
                                    "net_budget," + kCost + ",\"uniform [6000, 12000]\",0.62,0.5,0.74,0.8,0.66,0.93,1.44e14,0.02,0\n"
                                    "net_budget," + kTakeUp + ",\"beta on [0, 1], mean 0.4, sd 0.05\",0.01,-0.02,0.04,0.03,0,0.07,1.44e14,0.02,0\n");
  const std::string html = report(folder.path, "en");
  CHECK(has_chart(html, "chart-sobol-net_budget"));
  CHECK(has_chart(html, "chart-points-net_budget"));
  CHECK(html.find("chart-morris-") == std::string::npos);
  CHECK(html.find("Sobol indices (variance decomposition)") != std::string::npos);
  const std::string bars = chart_spec(html, "chart-sobol-net_budget");
  // Sorted by the total index; a bar and an interval for each kind of index.
  CHECK(bars.find("\"sort\":[\"families_250 … per_participant_month_sek\",\"families_250 … job_seeker→first_job.multiplier\",\"" + kTakeUp + "\"]") !=
        std::string::npos);
  CHECK(bars.find("{\"hi\":0.93,\"i\":\"families_250 … per_participant_month_sek\"") != std::string::npos);
  CHECK(bars.find("\"lo\":0.5,") != std::string::npos);
  const std::string indices = table_with_id(html, "indices-net_budget");
  CHECK(indices.find("<td>0.62 (0.5 – 0.74)</td><td>0.8 (0.66 – 0.93)</td>") != std::string::npos);
  CHECK(indices.find(kCost) < indices.find(kMultiplier));
}

TEST_CASE("report.sensitivity_with_damaged_indices_names_the_file") {
  testing::TempDir folder("report-damaged");
  write_sensitivity_folder(folder, "morris", kMorrisIndices);
  std::ostringstream html;
  const std::string file = (folder.path / "indices.csv").string();

  SUBCASE("a truncated row") {
    folder.write("indices.csv", kMorrisHeader + "net_budget," + kCost + ",\"uniform [6000, 12000]\",1,2,3,4,0.05,0\nnet_budget," + kCost + ",\"uniform");
    const std::string expected = file + ":3:1: 3 fields where the header has 9";
    CHECK_THROWS_WITH_AS(write_report(folder.path, "en", html), doctest::Contains(expected.c_str()), InputError);
  }
  SUBCASE("a field that is not a number") {
    folder.write("indices.csv", kMorrisHeader + "net_budget," + kCost + ",\"uniform [6000, 12000]\",1,abc,3,4,0.05,0\n");
    const std::string expected = file + ":2:5: mu_star: 'abc' is not a number";
    CHECK_THROWS_WITH_AS(write_report(folder.path, "en", html), doctest::Contains(expected.c_str()), InputError);
  }
  SUBCASE("a column missing") {
    folder.write("indices.csv", "output,input,distribution,mu,mu_star,output_variance,monte_carlo_share,failed_points\n");
    const std::string expected = file + ":1:1: no column 'sigma'";
    CHECK_THROWS_WITH_AS(write_report(folder.path, "en", html), doctest::Contains(expected.c_str()), InputError);
  }
  SUBCASE("no indices at all") {
    folder.write("indices.csv", kMorrisHeader);
    const std::string expected = file + ":2:1: no indices";
    CHECK_THROWS_WITH_AS(write_report(folder.path, "en", html), doctest::Contains(expected.c_str()), InputError);
  }
  SUBCASE("an analysis that has not finished") {
    fs::remove(folder.path / "indices.csv");
    const std::string expected = file + ": missing";
    CHECK_THROWS_WITH_AS(write_report(folder.path, "en", html), doctest::Contains(expected.c_str()), InputError);
  }
  SUBCASE("a damaged points.csv") {
    folder.write("points.csv", sensitivity_points() + "4,0.5,0.5\n");
    const std::string expected = (folder.path / "points.csv").string() + ":6:1:";
    CHECK_THROWS_WITH_AS(write_report(folder.path, "en", html), doctest::Contains(expected.c_str()), InputError);
  }
}

namespace {

// A compare folder of two scenarios with the budget's spread over 20 replicates: paid back within
// 5 years in 15 of them (75 %, Wilson interval 53–89 %), with 3 uncertain inputs drawn.
void write_compare_folder(const testing::TempDir& folder, int inputs_drawn) {
  folder.write("compare.csv",
               "scenario,month,district,group,metric,mean,low,high\n"
               "baseline,12,city,all,employment_rate_20_64,0.70,0.69,0.71\n"
               "families_250,12,city,all,employment_rate_20_64,0.71,0.70,0.72\n");
  folder.write("budget_spread.csv",
               "scenario,year,quantity,replicates,mean,p05,p25,p50,p75,p95\n"
               "families_250,2016,net_sek,20,-5000000,-8000000,-6000000,-5000000,-4000000,-2000000\n"
               "families_250,2016,cumulative_net_sek,20,-5000000,-8000000,-6000000,-5000000,-4000000,-2000000\n"
               "families_250,2017,cumulative_net_sek,20,-12300000,-20100000,-15000000,-12000000,-9000000,-3200000\n"
               "families_250,2016,extra_job_years,20,20,10,15,20,25,30\n");
  folder.write("payback.csv",
               "scenario,within_years,probability,probability_low,probability_high,paid,replicates,inputs_drawn,cumulative_net_mean,"
               "cumulative_net_p05,cumulative_net_p95,extra_job_years_mean,cost_per_extra_job_year_sek,cost_per_extra_job_year_p05,"
               "cost_per_extra_job_year_p95,replicates_without_extra_jobs\n"
               "families_250,5,0.75,0.531,0.888,15,20," + std::to_string(inputs_drawn) +
                   ",-12300000,-20100000,-3200000,41.5,412345,250000,800000,0\n"
                   "families_250,10,0.9,0.699,0.972,18,20," + std::to_string(inputs_drawn) + ",4000000,,,60,,,,2\n");
  if (inputs_drawn > 0) {
    std::string drawn = "replicate,input,distribution,value\n";
    for (int r = 0; r < 4; ++r)
      drawn += std::to_string(r) + ",\"" + kMultiplier + "\",\"triangular [1, 4] with mode 2.5\"," + std::to_string(2 + 0.5 * r) + "\n" +
               std::to_string(r) + "," + kCost + ",\"uniform [6000, 12000]\"," + std::to_string(7000 + 1000 * r) + "\n";
    folder.write("uncertainty.csv", drawn);
  }
}

}  // namespace

TEST_CASE("report.compare_shows_the_budget_fan_and_the_payback_probability") {
  testing::TempDir folder("report-compare-spread");
  write_compare_folder(folder, 2);
  const std::string html = report(folder.path, "en");
  CHECK(has_chart(html, "chart-budget-fan"));
  CHECK(html.find("Cumulative net against baseline by year, with the uncertainty of the assumptions") != std::string::npos);
  CHECK(html.find("Monte-Carlo noise only") == std::string::npos);
  // The fan: the cumulative net only (not the yearly net nor job-years), in MSEK.
  const std::string fan = chart_spec(html, "chart-budget-fan");
  CHECK(count(fan, "\"s\":\"families_250\"") == 2);
  CHECK(fan.find("\"p05\":-20.1,\"p25\":-15.0,\"p50\":-12.0,\"p75\":-9.0,\"p95\":-3.2") != std::string::npos);

  const std::string payback = table_with_id(html, "payback");
  REQUIRE_FALSE(payback.empty());
  CHECK(payback.find("<td>75 % (53 – 89 %)</td><td>15 / 20</td><td>-12.3 (-20.1 – -3.2)</td><td>41.5</td><td>412,300 (250,000 – 800,000)</td><td>0</td>") !=
        std::string::npos);
  // Without percentiles a value stands alone; a cost that is not defined shows as –.
  CHECK(payback.find("<td>90 % (70 – 97 %)</td><td>18 / 20</td><td>4.0</td><td>60</td><td>–</td><td>2</td>") != std::string::npos);
  CHECK(html.find("Each replicate drew 2 uncertain assumption(s)") != std::string::npos);

  const std::string inputs = table_with_id(html, "uncertain-inputs");
  REQUIRE_FALSE(inputs.empty());
  CHECK(inputs.find("<td class=\"text\">triangular [1, 4] with mode 2.5</td><td>2 – 3.5</td>") != std::string::npos);
  CHECK(inputs.find(kCost) != std::string::npos);
  CHECK(html.find("4 replicates each drew every input below once") != std::string::npos);
  CHECK(html.find("Does it pay back?") < html.find("The uncertain assumptions each replicate drew"));
}

TEST_CASE("report.compare_says_when_the_spread_is_monte_carlo_noise_only") {
  testing::TempDir folder("report-compare-noise");
  write_compare_folder(folder, 0);
  const std::string en = report(folder.path, "en");
  CHECK(en.find("Cumulative net against baseline by year: Monte-Carlo noise only") != std::string::npos);
  CHECK(en.find("the spread is Monte-Carlo noise only") != std::string::npos);
  CHECK(en.find("uncertainty of the assumptions") == std::string::npos);
  CHECK(en.find("uncertain-inputs") == std::string::npos);
  const std::string sv = report(folder.path, "sv");
  CHECK(sv.find("Kumulativt netto mot baseline per år: bara Monte Carlo-brus") != std::string::npos);
  CHECK(sv.find("Lönar det sig?") != std::string::npos);
  CHECK(sv.find("<td>75 % (53 – 89 %)</td><td>15 / 20</td><td>-12,3 (-20,1 – -3,2)</td><td>41,5</td><td>412\u00a0300 (250\u00a0000 – 800\u00a0000)</td>") !=
        std::string::npos);
  CHECK(sv.find("5\u00a0år") != std::string::npos);
}

TEST_CASE("report.compare_reads_a_payback_file_of_the_first_form") {
  // Before the spread was added, payback.csv had four columns.
  testing::TempDir folder("report-compare-old-payback");
  write_compare_folder(folder, 0);
  fs::remove(folder.path / "budget_spread.csv");
  folder.write("payback.csv", "scenario,within_years,probability,replicates\nfamilies_250,5,0.25,4\n");
  const std::string html = report(folder.path, "en");
  CHECK(html.find("chart-budget-fan") == std::string::npos);
  CHECK(table_with_id(html, "payback").find("<td>25 %</td><td>4</td><td>–</td><td>–</td><td>–</td><td>–</td>") != std::string::npos);
}

TEST_CASE("report.sweep_shows_payback_per_point_against_the_first_parameter") {
  testing::TempDir folder("report-sweep-payback");
  const std::string parameter = "staircase.transitions[from=job_seeker,to=first_job].base";
  folder.write("sweep.yaml", "description: \"test sweep\"\nparameters:\n  - {path: \"" + parameter + "\", range: [0.02, 0.04]}\n");
  folder.write("sweep.csv", "point,\"" + parameter + "\",employment_rate_20_64_m24\n0,0.02,0.70\n1,0.04,0.72\n");
  folder.write("payback.csv",
               "point,\"" + parameter + "\",within_years,probability,probability_low,probability_high,paid,replicates,inputs_drawn,"
               "cumulative_net_mean,cumulative_net_p05,cumulative_net_p95\n"
               "0,0.02,5,0.1,0.02,0.4,1,10,0,-9000000,-12000000,-6000000\n"
               "0,0.02,10,0.6,0.31,0.83,6,10,0,1500000,-4000000,7000000\n"
               "1,0.04,5,0.2,0.06,0.51,2,10,0,-7000000,-10000000,-4000000\n"
               "1,0.04,10,0.8,0.49,0.94,8,10,0,3500000,-1000000,9000000\n");
  const std::string html = report(folder.path, "en");
  CHECK(html.find("Parameter sweep: test sweep</h1>") != std::string::npos);
  CHECK(has_chart(html, "chart-sweep-payback"));
  CHECK(html.find("Does it pay back within 10 years? Against " + parameter) != std::string::npos);
  const std::string spec = chart_spec(html, "chart-sweep-payback");
  CHECK(spec.find("{\"p\":0.6,\"phi\":0.83,\"plo\":0.31,\"point\":\"0\",\"v\":1.5,\"vhi\":7.0,\"vlo\":-4.0,\"x\":0.02}") != std::string::npos);
  CHECK(count(spec, "\"point\":\"") == 2);  // the 10-year rows only
  const std::string table = table_with_id(html, "sweep-payback");
  CHECK(table.find("<td>1</td><td>0.04</td><td>80 % (49 – 94 %)</td><td>3.5 (-1.0 – 9.0)</td>") != std::string::npos);
  CHECK(table.find("<td>0</td><td>0.02</td><td>60 % (31 – 83 %)</td>") != std::string::npos);
  CHECK(table.find("20 %") == std::string::npos);
}

}  // namespace trappsteg

namespace trappsteg {

TEST_CASE("report.sweep_table_names_parameters_shortly_and_puts_intervals_below_the_means") {
  testing::TempDir folder("report-sweep-table");
  const std::string parameter = "policy.families_250.effects.transitions[from=job_seeker,to=first_job].multiplier";
  folder.write("sweep.yaml", "parameters:\n  - {path: policy.families_250.capacity.seats, range: [200, 1200]}\n"
                             "  - {path: \"" + parameter + "\", range: [1.5, 4.0], scale: log}\n");
  folder.write("points.csv", "point,policy.families_250.capacity.seats,\"" + parameter +
                                 "\",employment_rate_20_64_m24,employment_rate_20_64_m24_low,employment_rate_20_64_m24_high\n"
                                 "0,615,3.8529006096973397,0.7563123,0.74281,0.76981\n");
  const std::string html = report(folder.path, "en");
  const auto start = html.find("<table class=\"points\">");
  REQUIRE(start != std::string::npos);
  const std::string table = html.substr(start, html.find("</table>", start) - start);
  // The whole path is the header's title; the header itself may break after its dots.
  CHECK(table.find("<th title=\"" + parameter + "\">families_250 … job_seeker→<wbr>first_job.<wbr>multiplier</th>") != std::string::npos);
  CHECK(table.find("<th title=\"policy.families_250.capacity.seats\">policy.<wbr>families_250.<wbr>capacity.<wbr>seats</th>") !=
        std::string::npos);
  CHECK(table.find("<th>Employment rate 20–64</th>") != std::string::npos);
  CHECK(table.find("<td>0</td><td>615</td><td>3.853</td><td>0.7563<br><span class=\"ci\">0.7428 – 0.7698</span></td>") != std::string::npos);
  CHECK(html.find("the city after 2 years (month 24, the end of the run)") != std::string::npos);
}

}  // namespace trappsteg

namespace trappsteg {

TEST_CASE("report.budget_chart_says_when_a_scenario_does_not_pay_back") {
  // Two years of a measure whose cumulative net stays below zero, and one that pays back.
  testing::TempDir folder("report-no-payback");
  folder.write("compare.csv",
               "scenario,month,district,group,metric,mean,low,high\n"
               "baseline,12,city,all,employment_rate_20_64,0.70,0.69,0.71\n"
               "costly,12,city,all,employment_rate_20_64,0.71,0.70,0.72\n"
               "thrifty,12,city,all,employment_rate_20_64,0.71,0.70,0.72\n");
  std::string budget = "scenario,replicate,year,item,value\n";
  for (const char* scenario : {"costly", "thrifty"})
    for (int year : {2016, 2017}) {
      const bool thrifty = std::string(scenario) == "thrifty";
      budget += fmt::format("{0},0,{1},extra_programme_cost_sek,100\n{0},0,{1},support_saved_sek,{2}\n{0},0,{1},tax_gained_sek,0\n"
                            "{0},0,{1},cumulative_net_sek,{3}\n",
                            scenario, year, thrifty ? 150 : 50, thrifty ? 50 * (year - 2015) : -50 * (year - 2015));
    }
  folder.write("budget.csv", budget);
  const std::string en = report(folder.path, "en");
  CHECK(en.find("costly: no payback within 2 years.") != std::string::npos);
  CHECK(en.find("thrifty: no payback") == std::string::npos);
  CHECK(report(folder.path, "sv").find("costly: ingen återbetalning inom 2 år.") != std::string::npos);
}

}  // namespace trappsteg

// ---------------------------------------------------------------------------------------------
// Issue 13's charts: units and formats, colours, the budget's bars and payback, the tile maps,
// the flow graph, the budget table and the charts exported on their own.

#include "output/graphviz.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>

namespace trappsteg {
namespace {

using nlohmann::json;

// The specification of one chart of the page, parsed.
json parsed_chart(const fs::path& folder, const std::string& lang, const std::string& id) {
  for (const auto& chart : report_charts(folder, lang))
    if (chart.id == id) return json::parse(chart.spec);
  return nullptr;
}

// A compare folder of a baseline and a measure over 2016–2018 (3 replicates): the measure costs
// 10 MSEK a year, saves support in 2016 and 2018 but raises it in 2017, and pays back in 2018.
void write_budget_compare(const testing::TempDir& folder, int replicates) {
  std::string compare = "scenario,month,district,group,metric,mean,low,high\n";
  for (const char* s : {"baseline", "measure"})
    for (int month : {12, 24, 36}) {
      const double gap = std::string(s) == "baseline" ? 0.20 : 0.18;
      compare += fmt::format("{0},{1},city,all,employment_rate_20_64,0.70,0.69,0.71\n{0},{1},city,all,employment_rate_gap_20_64,{2},{3},{4}\n"
                             "{0},{1},city,all,newcomers_employed_after_2_years,0.4,0.3,0.5\n",
                             s, month, gap, gap - 0.01, gap + 0.01);
    }
  folder.write("compare.csv", compare);
  std::string headline = "scenario,year,outcome,replicates,mean,low,high,difference,difference_low,difference_high\n";
  const std::string n = std::to_string(replicates);
  headline += "baseline,1,employment_rate_20_64," + n + ",0.70,0.69,0.71,,,\n";
  headline += replicates == 1 ? "measure,1,employment_rate_20_64,1,0.72,0.72,0.72,0.02,0.02,0.02\n"
                              : "measure,1,employment_rate_20_64," + n + ",0.72,0.71,0.73,0.02,0.01,0.03\n";
  folder.write("headline.csv", headline);
  std::string budget = "scenario,replicate,year,item,value\n";
  const double saved[] = {4e6, -2e6, 30e6};
  double cumulative = 0;
  for (int r = 0; r < replicates; ++r) {
    cumulative = 0;
    for (int y = 0; y < 3; ++y) {
      const double net = saved[y] - 10e6 + r * 1e5;
      cumulative += net;
      budget += fmt::format("measure,{0},{1},extra_programme_cost_sek,10000000\nmeasure,{0},{1},support_saved_sek,{2}\n"
                            "measure,{0},{1},tax_gained_sek,{3}\nmeasure,{0},{1},net_sek,{4}\nmeasure,{0},{1},cumulative_net_sek,{5}\n",
                            r, 2016 + y, saved[y], r * 1e5, net, cumulative);
    }
  }
  folder.write("budget.csv", budget);
}

}  // namespace

TEST_CASE("report.flow_graph_draws_one_edge_per_pair_of_steps") {
  // Two transitions between the same steps (a hazard and an age move) and a policy's second one:
  // one edge, with the flows as read_stage_flows sums them over the transitions.
  const std::vector<FlowStage> stages{{"seeker", "Job seeker", false, false, true},
                                      {"job", "First job", false, true, false},
                                      {"school", "School", false, false, false},
                                      {"moved_away", "Moved away", true, false, false},
                                      {"deceased", "Deceased", true, false, false}};
  const std::vector<std::pair<std::string, std::string>> transitions{
      {"seeker", "job"}, {"seeker", "job"}, {"school", "seeker"}, {"school", "seeker"}, {"job", "seeker"}, {"job", "school"}};
  const StageFlows flows{{{"seeker", "job"}, 1500.0}, {{"school", "seeker"}, 70050.0}, {{"job", "seeker"}, 300.0},
                         {{"seeker", "moved_away"}, 40.0}, {{"job", "moved_away"}, 2.0}};
  const std::string dot = flow_graph_dot(stages, transitions, {{"school", "seeker"}}, flows, false);
  CHECK(count(dot, "s0 -> s1 ") == 1);
  CHECK(count(dot, "s2 -> s0 ") == 1);
  CHECK(dot.find("s0 -> s1 [label=\"1,500\"") != std::string::npos);
  CHECK(dot.find("s2 -> s0 [label=\"70,050\"") != std::string::npos);
  CHECK(dot.find("style=dashed") != std::string::npos);  // the age move
  // A step nobody took is dotted and unlabelled.
  CHECK(dot.find("s1 -> s2 [style=dotted") != std::string::npos);
  // Exits: one rank at the end, each with everyone who went there; no visible edge into them.
  CHECK(dot.find("{ rank=sink; s3; s4; }") != std::string::npos);
  CHECK(dot.find("label=\"Moved away\\n42\"") != std::string::npos);
  CHECK(dot.find("label=\"Deceased\"") != std::string::npos);
  CHECK(dot.find("s0 -> s3 [style=invis") != std::string::npos);
  CHECK(dot.find("s0 -> s4") == std::string::npos);
  CHECK(flow_graph_dot(stages, transitions, {}, flows, true).find("label=\"70\u00a0050\"") != std::string::npos);
  const std::string svg = render_graphviz(dot, "svg");
  CHECK(svg.find("<svg") != std::string::npos);
  CHECK(count(svg, "class=\"edge\"") == 4);  // seeker→job, school→seeker, job→seeker, job→school (Graphviz leaves out the invisible one)
}

TEST_CASE("report.run_report_draws_the_flow_graph_with_one_edge_per_pair") {
  const std::string html = report(write_small_run(), "en");
  const auto start = html.find("<div class=\"staircase\">");
  REQUIRE(start != std::string::npos);
  const std::string svg = html.substr(start, html.find("</div>", start) - start);
  // Graphviz titles each edge "sA&#45;&gt;sB": no pair twice.
  std::set<std::string> pairs;
  std::size_t edges = 0;
  for (auto at = svg.find("<g id=\"edge"); at != std::string::npos; at = svg.find("<g id=\"edge", at + 1)) {
    const auto title = svg.find("<title>", at);
    pairs.insert(svg.substr(title, svg.find("</title>", title) - title));
    ++edges;
  }
  CHECK(edges > 5);
  CHECK(pairs.size() == edges);
}

TEST_CASE("report.axes_use_percent_percentage_points_and_msek") {
  testing::TempDir folder("report-units");
  write_budget_compare(folder, 3);
  for (const std::string lang : {"en", "sv"}) {
    INFO(lang);
    const std::string html = report(folder.path, lang);
    CHECK(html.find("~s") == std::string::npos);  // no SI format anywhere
    const json gap = parsed_chart(folder.path, lang, "chart-gap");
    REQUIRE(gap.is_object());
    // The gap between districts is a difference of rates: in percentage points, 0.18 → 18.
    CHECK(gap["title"] == (lang == "en" ? "Gap in employment rate between the best and the worst district"
                                        : "Skillnad i sysselsättningsgrad mellan bästa och sämsta stadsdel"));
    CHECK(gap["layer"][1]["encoding"]["y"]["title"].get<std::string>().find(lang == "en" ? "percentage points (pp)" : "procentenheter (p.e.)") !=
          std::string::npos);
    bool found = false;
    for (const auto& r : gap["data"]["values"])
      if (r["s"] == "measure" && r["t"] == 2017.0) {
        found = true;
        CHECK(r["v"].get<double>() == doctest::Approx(18.0));
        CHECK(r["lo"].get<double>() == doctest::Approx(17.0));
      }
    CHECK(found);
    const json employment = parsed_chart(folder.path, lang, "chart-employment");
    CHECK(employment["spec"]["layer"][1]["encoding"]["y"]["axis"]["format"] == "%");
    // Money in MSEK in the data, the axis saying so.
    const json budget = parsed_chart(folder.path, lang, "chart-budget");
    REQUIRE(budget.is_object());
    CHECK(budget["spec"]["layer"][0]["encoding"]["y"]["title"] == (lang == "en" ? "Net, MSEK" : "Netto, mnkr"));
    found = false;
    for (const auto& r : budget["data"]["values"])
      if (r["k"] == "net_sek" && r["y"] == 2016) {
        found = true;
        CHECK(r["v"].get<double>() == doctest::Approx(-5.9));
      }
    CHECK(found);
    // Swedish charts carry their number locale (the page passes the same to vega-embed).
    if (lang == "sv") {
      CHECK(budget["config"]["locale"]["number"]["decimal"] == ",");
      CHECK(budget["config"]["locale"]["number"]["thousands"] == "\u00a0");
      CHECK(html.find("options.formatLocale = chart.spec.config.locale.number") != std::string::npos);
    } else {
      CHECK_FALSE(budget["config"].contains("locale"));
    }
    CHECK(budget["config"]["legend"]["symbolOpacity"] == 1);
  }
}

TEST_CASE("report.scenario_colours_follow_the_key_not_the_language") {
  testing::TempDir folder("report-colours");
  write_budget_compare(folder, 3);
  const json en = parsed_chart(folder.path, "en", "chart-gap"), sv = parsed_chart(folder.path, "sv", "chart-gap");
  const json& colour_en = en["layer"][1]["encoding"]["color"];
  CHECK(colour_en["field"] == "s");
  CHECK(colour_en["scale"]["domain"] == json::array({"baseline", "measure"}));
  CHECK(colour_en["scale"] == sv["layer"][1]["encoding"]["color"]["scale"]);
  CHECK(colour_en["scale"]["range"][0] != colour_en["scale"]["range"][1]);
  // Districts: the city last, in its own colour, drawn as its own thick line.
  const json employment = parsed_chart(write_small_run(), "sv", "chart-employment");
  const json& districts = employment["spec"]["layer"][2]["encoding"]["color"]["scale"];
  CHECK(districts["domain"].back() == "Hela staden");
  CHECK(districts["range"].back() == "#111111");
  CHECK(std::set<json>(districts["range"].begin(), districts["range"].end()).size() == districts["range"].size());
  CHECK(employment["spec"]["layer"][2]["mark"]["strokeWidth"].get<double>() > employment["spec"]["layer"][1]["mark"]["strokeWidth"].get<double>());
}

TEST_CASE("report.budget_chart_marks_the_payback_year_and_says_when_support_rises") {
  testing::TempDir folder("report-budget-bars");
  write_budget_compare(folder, 3);
  const json budget = parsed_chart(folder.path, "en", "chart-budget");
  REQUIRE(budget.is_object());
  CHECK(budget["spec"]["layer"][0]["mark"]["type"] == "bar");
  CHECK(budget["spec"]["layer"][2]["mark"]["type"] == "line");
  bool rule = false;
  for (const auto& r : budget["data"]["values"])
    if (r["k"] == "payback") {
      rule = true;
      CHECK(r["y"] == 2018);
      CHECK(r["label"] == "payback 2018");
    }
  CHECK(rule);
  const std::string en = report(folder.path, "en"), sv = report(folder.path, "sv");
  CHECK(en.find("Shows 2016–2018.") != std::string::npos);
  CHECK(sv.find("Visar 2016–2018.") != std::string::npos);
  CHECK(en.find("measure: support saved is negative in 2017.") != std::string::npos);
  CHECK(en.find("a programme stipend or a summer wage changes the household's means test") != std::string::npos);
  CHECK(sv.find("measure: sparat stöd är negativt 2017.") != std::string::npos);
  // Newcomers two years after arrival: the run's first two years are left out.
  const json newcomers = parsed_chart(folder.path, "en", "chart-newcomers");
  for (const auto& r : newcomers["data"]["values"]) CHECK(r["t"].get<double>() > 2018.0);
  CHECK(newcomers["data"]["values"].size() == 2);
}

TEST_CASE("report.a_difference_from_one_replicate_is_never_coloured") {
  testing::TempDir one("report-one-replicate"), three("report-three-replicates");
  write_budget_compare(one, 1);
  write_budget_compare(three, 3);
  const std::string single = report(one.path, "en");
  CHECK(single.find("diff better") == std::string::npos);
  CHECK(single.find("diff worse") == std::string::npos);
  CHECK(single.find("<span class=\"diff\"") != std::string::npos);
  CHECK(report(three.path, "en").find("diff better") != std::string::npos);
  CHECK(single.find("City-wide, at the end of 2016:") != std::string::npos);
}

TEST_CASE("report.budget_table_shows_budget_table_csv_per_scenario") {
  testing::TempDir folder("report-budget-table");
  write_budget_compare(folder, 3);
  folder.write("budget_table.csv",
               "scenario,row,year,years,extra_programme_cost_sek,extra_programme_cost_sek_low,extra_programme_cost_sek_high,support_saved_sek,"
               "support_saved_sek_low,support_saved_sek_high,tax_gained_sek,tax_gained_sek_low,tax_gained_sek_high,net_sek,net_sek_low,net_sek_high,"
               "cumulative_net_sek,cumulative_net_sek_low,cumulative_net_sek_high,extra_job_years,extra_job_years_low,extra_job_years_high,"
               "cost_per_extra_job_year_sek,cost_per_extra_job_year_sek_low,cost_per_extra_job_year_sek_high,pays_back_share,median_payback_year,"
               "replicates\n"
               "measure,year,2016,1,10000000,10000000,10000000,4000000,3500000,4500000,100000,0,200000,-5900000,-6400000,-5400000,-5900000,"
               "-6400000,-5400000,12.4,10.1,14.7,,,,,,3\n"
               "measure,total,2018,3,30000000,29000000,31000000,32000000,30000000,34000000,300000,0,600000,2300000,-1000000,5600000,2300000,"
               "-1000000,5600000,40,35,45,750000,650000,850000,0.6667,2018,3\n"
               "measure,discounted_total,2018,3,29000000,28000000,30000000,30500000,29000000,32000000,290000,0,580000,1790000,-1500000,5080000,"
               "1790000,-1500000,5080000,40,35,45,725000,625000,825000,0.6667,2018,3\n");
  const std::string en = table_with_id(report(folder.path, "en"), "budget-table-measure");
  REQUIRE_FALSE(en.empty());
  CHECK(en.find("<tr><td class=\"text\">2016</td><td>10.0</td><td>4.0 [3.5, 4.5]</td><td>0.1 [0.0, 0.2]</td><td>-5.9 [-6.4, -5.4]</td>"
                "<td>-5.9 [-6.4, -5.4]</td><td>12 [10, 15]</td><td></td></tr>") != std::string::npos);
  CHECK(en.find("<td class=\"text\">3 years</td><td>30.0 [29.0, 31.0]</td>") != std::string::npos);
  CHECK(en.find("<td>750,000 [650,000, 850,000]</td>") != std::string::npos);
  CHECK(en.find("<td class=\"text\">3 years, discounted</td><td>29.0 [28.0, 30.0]</td>") != std::string::npos);
  const std::string sv_page = report(folder.path, "sv");
  const std::string sv = table_with_id(sv_page, "budget-table-measure");
  CHECK(sv.find("<td>-5,9 [-6,4; -5,4]</td>") != std::string::npos);
  CHECK(sv.find("<td>750\u00a0000 [650\u00a0000; 850\u00a0000]</td>") != std::string::npos);
  CHECK(sv.find("<th>Kostnad per extra arbetsår, kr</th>") != std::string::npos);
  CHECK(sv_page.find("Återbetalningsår (median över replikaten): 2018; 67 % av replikaten") != std::string::npos);
}

TEST_CASE("report.payback_table_names_the_calendar_years_of_each_horizon") {
  testing::TempDir folder("report-payback-years");
  write_compare_folder(folder, 0);
  const std::string payback = table_with_id(report(folder.path, "en"), "payback");
  CHECK(payback.find("<td>5\u00a0years (2016–2020)</td>") != std::string::npos);
  CHECK(payback.find("<td>10\u00a0years (2016–2025)</td>") != std::string::npos);
  CHECK(report(folder.path, "sv").find("<td>5\u00a0år (2016–2020)</td>") != std::string::npos);
  CHECK(report(folder.path, "sv").find("Visar 2016–2017.") != std::string::npos);  // the fan's years
}

TEST_CASE("report.chart_ids_are_safe_as_html_ids_selectors_and_file_names") {
  // A sensitivity output's name becomes part of a chart's id.
  testing::TempDir folder("report-chart-ids");
  std::string indices = kMorrisIndices;
  for (auto at = indices.find("net_budget"); at != std::string::npos; at = indices.find("net_budget", at)) indices.replace(at, 10, "net.bud/get");
  std::string yaml = sensitivity_yaml("morris");
  yaml.replace(yaml.find("name: net_budget"), 16, "name: \"net.bud/get\"");
  folder.write("sensitivity.yaml", yaml);
  std::string points = sensitivity_points();
  points.replace(points.find("net_budget,net_budget_standard_error"), 36, "net.bud/get,net.bud/get_standard_error");
  folder.write("points.csv", points);
  folder.write("indices.csv", indices);
  bool found = false;
  for (const auto& chart : report_charts(folder.path, "en")) {
    INFO(chart.id);
    CHECK(chart.id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == std::string::npos);
    found = found || chart.id == "chart-morris-net_bud_get";
  }
  CHECK(found);
}

TEST_CASE("report.tile_map_puts_every_district_in_a_cell_of_its_own") {
  const fs::path run = write_small_run();
  const json map = parsed_chart(run, "en", "chart-map");
  REQUIRE(map.is_object());
  std::set<std::pair<int, int>> cells;
  for (const auto& tile : map["data"]["values"]) {
    CHECK(tile["c1"].get<int>() == tile["c0"].get<int>() + 1);
    cells.insert({tile["c0"].get<int>(), tile["r0"].get<int>()});
    CHECK(tile["l2"].get<std::string>().size() <= 16);  // names on short lines, not cut off
  }
  CHECK(cells.size() == map["data"]["values"].size());
  CHECK(map["data"]["values"].size() == 10);
  // A run without a baseline has no difference map; a compare has one, in percentage points.
  CHECK(parsed_chart(run, "en", "chart-map-difference").is_null());
}

TEST_CASE("report.sweep_chart_draws_a_log_parameter_on_a_log_axis") {
  testing::TempDir folder("report-sweep-log");
  folder.write("sweep.yaml", "parameters:\n  - {path: policy.families_250.capacity.seats, range: [200, 1200]}\n"
                             "  - {path: policy.families_250.effect, range: [1.5, 4.0], scale: log}\n");
  folder.write("sweep.csv", "point,policy.families_250.capacity.seats,policy.families_250.effect,employment_rate_20_64_m24,"
                            "income_support_sek_last_12_months_m24\n0,300,1.6,0.70,850000000\n1,900,3.5,0.72,800000000\n");
  const json sweep = parsed_chart(folder.path, "sv", "chart-sweep");
  REQUIRE(sweep.is_object());
  const json& employment = sweep["vconcat"][0];
  CHECK(employment["title"]["text"] == "Sysselsättningsgrad 20–64");
  CHECK(employment["hconcat"][0]["layer"][1]["encoding"]["x"]["scale"] == json{{"zero", false}});
  CHECK(employment["hconcat"][1]["layer"][1]["encoding"]["x"]["scale"]["type"] == "log");
  CHECK(employment["hconcat"][0]["layer"][1]["encoding"]["y"]["axis"]["format"] == "%");
  const json& support = sweep["vconcat"][1];
  CHECK(support["title"]["text"] == "Försörjningsstöd, senaste 12 månaderna, mnkr");
  bool msek = false;
  for (const auto& r : sweep["data"]["values"])
    if (r["o"] == "income_support_sek_last_12_months" && r["point"] == "0") {
      msek = true;
      CHECK(r["v"].get<double>() == doctest::Approx(850.0));
    }
  CHECK(msek);
  CHECK(report(folder.path, "en").find("Logarithmic axis (the sweep drew it on a log scale): policy.families_250.effect.") != std::string::npos);
}

TEST_CASE("report.charts_are_written_as_vega_lite_svg_and_png") {
  testing::TempDir out("report-charts");
  const fs::path run = write_small_run();
  const std::vector<ReportChart> charts = report_charts(run, "sv");
  REQUIRE(charts.size() >= 5);
  const ChartFiles files = write_chart_files(run, "sv", out.path / "charts", fs::path(TRAPPSTEG_SOURCE_DIR) / "report");
  CHECK(files.svg_problem == "");
  REQUIRE(files.specs.size() == charts.size());
  CHECK(files.svgs.size() == charts.size());
  CHECK(files.pngs.size() == charts.size());
  for (const auto& chart : charts) {
    INFO(chart.id);
    std::ifstream spec(out.path / "charts" / (chart.id + ".vl.json"));
    const json written = json::parse(spec);
    CHECK(written == json::parse(chart.spec));
    CHECK(written.contains("data"));  // the data travels with the chart
    std::ifstream svg_file(out.path / "charts" / (chart.id + ".svg"));
    std::string svg((std::istreambuf_iterator<char>(svg_file)), std::istreambuf_iterator<char>());
    CHECK(svg.rfind("<svg", 0) == 0);
    CHECK(svg.find("role-mark") != std::string::npos);
    // The PNG is that drawing at twice its size: IHDR's big-endian width and height.
    std::ifstream png_file(out.path / "charts" / (chart.id + ".png"), std::ios::binary);
    const std::string png((std::istreambuf_iterator<char>(png_file)), std::istreambuf_iterator<char>());
    REQUIRE(png.size() > 24);
    CHECK(png.substr(0, 8) == "\x89PNG\r\n\x1a\n");
    auto be32 = [&](std::size_t at) {
      std::uint32_t v = 0;
      for (std::size_t k = 0; k < 4; ++k) v = v << 8 | static_cast<unsigned char>(png[at + k]);
      return v;
    };
    auto svg_size = [&](const std::string& attribute) {
      const std::size_t at = svg.find(attribute + "=\"");
      REQUIRE(at != std::string::npos);
      return std::stod(svg.substr(at + attribute.size() + 2));
    };
    CHECK(be32(16) == static_cast<std::uint32_t>(std::lround(2 * svg_size("width"))));
    CHECK(be32(20) == static_cast<std::uint32_t>(std::lround(2 * svg_size("height"))));
  }
  // Without the tools the specs are written and the reason given.
  const ChartFiles without = write_chart_files(run, "en", out.path / "plain", std::nullopt);
  CHECK(without.specs.size() == charts.size());
  CHECK(without.svgs.empty());
  CHECK(without.svg_problem.find("chart_svg.mjs was not found") != std::string::npos);
  testing::TempDir bare("report-charts-bare");
  bare.write("chart_svg.mjs", "");
  const ChartFiles no_modules = write_chart_files(run, "en", out.path / "bare", bare.path);
  CHECK(no_modules.svg_problem.find("node_modules has no vega") != std::string::npos);
  CHECK_FALSE(fs::exists(out.path / "bare" / "chart-map.svg"));
  CHECK_FALSE(fs::exists(out.path / "bare" / "chart-map.png"));
}

TEST_CASE("report.compare_follows_newcomers_the_steps_and_the_named_gap_with_the_files_names") {
  testing::TempDir folder("report-compare-newcomers");
  write_budget_compare(folder, 3);
  // The headline follows Västra Göteborg against Angered; the measure has a Swedish title; the
  // compare wrote newcomers.csv and stages.csv.
  folder.write("headline.csv",
               "scenario,year,outcome,replicates,mean,low,high,difference,difference_low,difference_high\n"
               "baseline,1,employment_gap_20_64_vastra_goteborg_vs_angered,3,0.27,0.26,0.28,,,\n"
               "measure,1,employment_gap_20_64_vastra_goteborg_vs_angered,3,0.26,0.25,0.27,-0.01,-0.02,-0.005\n"
               "baseline,1,newcomers_median_months_to_first_job,3,40,38,42,,,\n"
               "measure,1,newcomers_median_months_to_first_job,3,35,33,37,-5,-7,-3\n");
  folder.write("newcomers.csv",
               "scenario,replicate,district,months_since_arrival,observed,employed,employed_share\n"
               "baseline,0,city,12,100,20,0.2\nbaseline,0,angered,12,30,3,0.1\nmeasure,0,city,12,100,30,0.3\nmeasure,0,city,13,10,5,0.5\n");
  folder.write("stages.csv",
               "scenario,replicate,month,district,group,metric,value\n"
               "baseline,0,1,city,all,stage:job_seeker,1000\nmeasure,0,1,city,all,stage:job_seeker,900\n"
               "measure,0,1,city,all,flow:job_seeker>first_job,40\nbaseline,0,1,city,all,flow:job_seeker>first_job,25\n");
  fs::create_directories(folder.path / "inputs" / "baseline");
  fs::create_directories(folder.path / "inputs" / "measure");
  fs::copy_file(testing::repo_path("models/goteborg/districts.yaml"), folder.path / "inputs" / "baseline" / "districts.yaml");
  fs::copy_file(testing::repo_path("models/goteborg/staircase.yaml"), folder.path / "inputs" / "measure" / "staircase.yaml");
  folder.write("inputs/measure/scenario.yaml", "name: measure\ntitle: The measure\ntitle_sv: Åtgärden\n");

  const std::string sv = report(folder.path, "sv");
  // Scenarios by their titles in the headline table; the gap by its districts' names, in p.e.
  CHECK(sv.find("<th>Åtgärden</th>") != std::string::npos);
  CHECK(sv.find("Sysselsättningsskillnad 20–64, Västra Göteborg − Angered") != std::string::npos);
  CHECK(sv.find("Δ -1,00 p.e.") != std::string::npos);
  CHECK(sv.find("35,0 mån") != std::string::npos);
  // Newcomers by months since arrival, both scenarios; a month with fewer than 20 observed is left out.
  CHECK(sv.find(R"({"hi":0.2,"lo":0.2,"m":12,"s":"baseline","v":0.2})") != std::string::npos);
  CHECK(sv.find(R"({"hi":0.3,"lo":0.3,"m":12,"s":"measure","v":0.3})") != std::string::npos);
  CHECK(sv.find(R"("m":13)") == std::string::npos);
  // The staircase chart, and the measure's flow graph with Swedish step names and its own flow.
  CHECK(sv.find("id=\"chart-staircase\"") != std::string::npos);
  CHECK(sv.find("Flöden mellan stegen under hela körningen: Åtgärden") != std::string::npos);
  CHECK(sv.find("Arbetsredo") != std::string::npos);
  CHECK(sv.find(">40<") != std::string::npos);
  const std::string en = report(folder.path, "en");
  CHECK(en.find("<th>The measure</th>") != std::string::npos);
  CHECK(en.find("Employment gap 20–64, Västra Göteborg − Angered") != std::string::npos);
}

}  // namespace trappsteg
