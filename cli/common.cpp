#include "cli/common.hpp"

#include "output/report.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <tbb/info.h>

#include <csignal>
#include <ctime>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace trappsteg::cli {

void add_run_settings(CLI::App& command, RunSettings& s) {
  command.add_option("--seed", s.seed, "Override the scenario's seed");
  command.add_option("--replicates", s.replicates, "Override the number of replicates")->check(CLI::Range(1, 100000));
  command.add_option("--scale", s.scale, "Override the share of the population simulated, (0, 1]")->check(CLI::Range(1e-6, 1.0));
  command.add_option("--years", s.years, "Override the horizon in years")->check(CLI::Range(1, 50));
  command.add_option("--threads,-j", s.threads, "Worker threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 1024));
  command.add_flag("--quiet,-q", s.quiet, "No progress; print only where the results went");
  command.add_option("--csv-dialect", s.csv_dialect,
                     "CSV files for spreadsheets: standard (',' and '.') or excel-sv (';', decimal comma, UTF-8 with BOM)")
      ->check(CLI::IsMember({"standard", "excel-sv"}))
      ->capture_default_str();
  command.add_option("--lang", s.lang, "Language of report.html: sv or en")->check(CLI::IsMember({"sv", "en"}))->capture_default_str();
  command.add_option("--set", s.set,
                     "Change any value by key path before validation, e.g. --set economy.income_tax_rate=0.3 "
                     "--set 'staircase.transitions[from=job_seeker,to=first_job].base=0.05' (repeatable)");
}

LoadedScenario prepare(const std::filesystem::path& file, const RunSettings& settings) {
  std::vector<Override> overrides;
  for (const auto& text : settings.set) overrides.push_back(parse_override(text));
  LoadedScenario p = load_scenario_for_run(file, overrides);
  if (settings.seed) p.scenario.seed = *settings.seed;
  if (settings.replicates) p.scenario.replicates = *settings.replicates;
  if (settings.scale) p.scenario.scale = *settings.scale;
  if (settings.years) p.scenario.months = *settings.years * 12;
  // The resolved scenario records the command-line settings too, so it repeats this run.
  YAML::Node resolved = YAML::Load(p.scenario.resolved_yaml);
  resolved["seed"] = p.scenario.seed;
  resolved["replicates"] = p.scenario.replicates;
  resolved["scale"] = fmt::format("{}", p.scenario.scale);  // shortest text that reads back exactly
  resolved.remove("years");
  resolved["months"] = p.scenario.months;
  p.scenario.resolved_yaml = YAML::Dump(resolved);
  return p;
}

RunRecord run_record(const Scenario& scenario, std::uint32_t replicate, const std::string& started_at) {
  RunRecord record;
  record.scenario = scenario.name;
  record.replicate = replicate;
  record.seed = scenario.seed;
  record.scale = scenario.scale;
  record.months = scenario.months;
  record.start_year = scenario.start_year;
  record.resolved_yaml = scenario.resolved_yaml;
  record.engine_version = TRAPPSTEG_VERSION;
  record.started_at = started_at;
  record.finished_at = utc_now();
  return record;
}

void write_report_file(const std::filesystem::path& folder, const std::string& lang) {
  write_file_atomically(folder / "report.html", [&](std::ostream& o) { write_report(folder, lang, o); });
}

int thread_count(const RunSettings& settings) {
  return settings.threads > 0 ? settings.threads : tbb::info::default_concurrency();
}

std::string utc_now() {
  std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

void write_replicates(RunFolder& folder, const std::string& name, const std::vector<RunResult>& runs,
                      void (*writer)(std::ostream&, const std::string&, const RunResult&), const std::string& scenario) {
  folder.write(name, [&](std::ostream& o) {
    for (std::size_t i = 0; i < runs.size(); ++i) {
      std::ostringstream one;
      writer(one, scenario, runs[i]);
      std::string text = one.str();
      if (i > 0) text.erase(0, text.find('\n') + 1);
      o << text;
    }
  });
}

std::atomic<bool>& interrupted() {
  static std::atomic<bool> flag{false};
  return flag;
}

namespace {
extern "C" void on_interrupt(int) {
  if (interrupted().exchange(true)) std::_Exit(kExitInterrupted);  // a second Ctrl-C: stop now
}
}  // namespace

void install_interrupt_handler() { std::signal(SIGINT, on_interrupt); }

ProgressBar::ProgressBar(std::string label, std::size_t total, bool enabled)
    : label_(std::move(label)), total_(total), enabled_(enabled && ::isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()) {
  if (enabled_) draw();
}

void ProgressBar::advance() {
  std::lock_guard lock(mutex_);
  ++done_;
  if (enabled_) draw();
}

void ProgressBar::finish() {
  std::lock_guard lock(mutex_);
  if (enabled_) std::cerr << '\n';
  enabled_ = false;
}

void ProgressBar::draw() {
  constexpr int kWidth = 30;
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  int filled = total_ ? static_cast<int>(kWidth * done_ / total_) : kWidth;
  auto clock = [](double seconds) {
    auto s = static_cast<long>(seconds + 0.5);
    return fmt::format("{}:{:02}", s / 60, s % 60);
  };
  std::string left = done_ > 0 && done_ < total_ ? "~" + clock(elapsed / done_ * (total_ - done_)) + " left" : "";
  std::cerr << fmt::format("\r{} [{}{}] {}/{} runs  {} elapsed  {}   ", label_, std::string(filled, '#'),
                           std::string(kWidth - filled, '.'), done_, total_, clock(elapsed), left)
            << std::flush;
}

}  // namespace trappsteg::cli
