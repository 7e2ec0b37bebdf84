#include "cli/common.hpp"

#include "engine/core/names.hpp"
#include "engine/sim/estimate.hpp"
#include "output/atomic_file.hpp"
#include "output/folder_lock.hpp"
#include "output/report.hpp"
#include "output/run_folder.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <tbb/info.h>

#include <charconv>
#include <cmath>
#include <csignal>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <sys/statvfs.h>
#include <unistd.h>

namespace trappsteg::cli {

const CLI::Validator& finite_number() {
  static const CLI::Validator check(
      [](std::string& text) {
        char* end = nullptr;
        double x = std::strtod(text.c_str(), &end);
        if (end == text.c_str()) return std::string();  // not a number at all: the conversion says so
        return std::isfinite(x) ? std::string() : std::string("must be a finite number, not ") + text;
      },
      "FINITE");
  return check;
}

const CLI::Validator& seed_range() {
  static const CLI::Validator check(
      [](std::string& text) {
        std::int64_t x = 0;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), x);
        if (error != std::errc() || end != text.data() + text.size() || x < 0)
          return fmt::format("a seed is a whole number from 0 to {}, not {}", std::numeric_limits<std::int64_t>::max(), text);
        return std::string();
      },
      "SEED");
  return check;
}

namespace {

/// "8G", "512M", "2.5T" or a number of bytes.
double parse_bytes(const std::string& text) {
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  std::string unit(end);
  double factor = unit.empty() || unit == "B" ? 1
                  : unit == "K" || unit == "KiB" ? 1024.0
                  : unit == "M" || unit == "MiB" ? 1024.0 * 1024
                  : unit == "G" || unit == "GiB" ? 1024.0 * 1024 * 1024
                  : unit == "T" || unit == "TiB" ? 1024.0 * 1024 * 1024 * 1024
                                                 : std::nan("");
  return value * factor;
}

std::string bytes_text(double bytes) {
  if (bytes >= 1024.0 * 1024 * 1024 * 1024) return fmt::format("{:.1f} TiB", bytes / (1024.0 * 1024 * 1024 * 1024));
  if (bytes >= 1024.0 * 1024 * 1024) return fmt::format("{:.1f} GiB", bytes / (1024.0 * 1024 * 1024));
  return fmt::format("{:.0f} MiB", bytes / (1024.0 * 1024));
}

/// Memory this process may use: what the machine has available, within a cgroup limit.
double available_memory() {
  double available = static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGESIZE));
  std::ifstream meminfo("/proc/meminfo");
  for (std::string key; meminfo >> key;) {
    double kib = 0;
    meminfo >> kib;
    if (key == "MemAvailable:") available = kib * 1024;
    meminfo.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  for (const char* file : {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(file);
    double limit = 0;
    if (in >> limit && limit > 0) available = std::min(available, limit);
  }
  return available;
}

/// Free disk space for a folder that may not exist yet: that of its nearest existing ancestor.
double free_disk(std::filesystem::path folder) {
  folder = std::filesystem::absolute(folder);
  std::error_code ec;
  while (!folder.empty() && !std::filesystem::exists(folder, ec) && folder != folder.root_path()) folder = folder.parent_path();
  struct statvfs info {};
  if (::statvfs(folder.c_str(), &info) != 0) return std::numeric_limits<double>::infinity();
  return static_cast<double>(info.f_bavail) * static_cast<double>(info.f_frsize);
}

}  // namespace

void add_run_settings(CLI::App& command, RunSettings& s) {
  command.add_option("--seed", s.seed, "Override the scenario's seed, 0 to 2^63 − 1")->check(seed_range());
  command.add_option("--replicates", s.replicates, "Override the number of replicates")->check(CLI::Range(1, 100000));
  command.add_option("--scale", s.scale, "Override the share of the population simulated, (0, 1]")
      ->check(finite_number())
      ->check(CLI::Range(1e-6, 1.0));
  command.add_option("--years", s.years, "Override the horizon in years")->check(CLI::Range(1, 50));
  command.add_option("--threads,-j", s.threads, "Worker threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 1024));
  command.add_flag("--quiet,-q", s.quiet, "No progress; print only where the results went");
  command.add_flag("--force", s.force, "Replace the Trappsteg results already in --out (other files are never replaced)");
  command.add_option_function<std::string>(
             "--max-memory",
             [&s](const std::string& text) { s.max_memory = parse_bytes(text); },
             "Refuse to start what would need more memory than this, e.g. 8G (default: what the machine has)")
      ->check(CLI::Validator(
          [](std::string& text) {
            double bytes = parse_bytes(text);
            return std::isfinite(bytes) && bytes > 0 ? std::string() : "expected a size such as 512M, 8G or 1T, not " + text;
          },
          "SIZE"));
  command.add_option("--csv-dialect", s.csv_dialect,
                     "CSV files for spreadsheets: standard (',' and '.') or excel-sv (';', decimal comma, UTF-8 with BOM)")
      ->check(CLI::IsMember({"standard", "excel-sv"}))
      ->capture_default_str();
  command.add_option("--lang", s.lang, "Language of report.html: sv or en")->check(CLI::IsMember({"sv", "en"}))->capture_default_str();
  command.add_option("--set", s.set,
                     "Change any value by key path before validation, e.g. --set economy.income_tax_rate=0.3 "
                     "--set 'staircase.transitions[from=job_seeker,to=first_job].base=0.05' (repeatable)");
  command.add_option("--gap", s.gap,
                     "Two districts whose employment gap the headline tables follow beside best-minus-worst, "
                     "e.g. --gap angered,vastra_goteborg (the scenario's gap_between)")
      ->delimiter(',')
      ->expected(2);
}

namespace {

/// "I/N" as a shard, or the reason it is not one.
std::optional<Shard> parse_shard(const std::string& text, std::string& problem) {
  const std::size_t slash = text.find('/');
  auto whole = [](std::string_view digits, int& value) {
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return !digits.empty() && error == std::errc() && end == digits.data() + digits.size();
  };
  Shard shard;
  if (slash == std::string::npos || !whole(std::string_view(text).substr(0, slash), shard.index) ||
      !whole(std::string_view(text).substr(slash + 1), shard.count)) {
    problem = fmt::format("expected I/N, two whole numbers such as 2/4 (the second of 4 shards), not {}", text.empty() ? "nothing" : text);
    return std::nullopt;
  }
  if (shard.count < 1) problem = fmt::format("the number of shards is at least 1, not {} (in {})", shard.count, text);
  else if (shard.index < 1 || shard.index > shard.count)
    problem = fmt::format("shard {} of {} does not exist: shards are numbered 1 to {}", shard.index, shard.count, shard.count);
  if (!problem.empty()) return std::nullopt;
  return shard;
}

}  // namespace

void add_shard_option(CLI::App& command, RunSettings& s) {
  command.add_option_function<std::string>(
             "--shard",
             [&s](const std::string& text) {
               std::string problem;
               s.shard = parse_shard(text, problem);
             },
             "Run only shard I of N of the sweep's runs (a job array's task), e.g. --shard 2/4; trappsteg merge "
             "joins the shards' folders")
      ->check(CLI::Validator(
          [](std::string& text) {
            std::string problem;
            parse_shard(text, problem);
            return problem;
          },
          ""))
      ->type_name("I/N");
}

void add_microdata_settings(CLI::App& command, RunSettings& s) {
  s.keeps_microdata = true;
  command
      .add_option("--microdata", s.microdata,
                  "Keep a person panel and its events in results.sqlite: yearly (the default when given alone: the start and "
                  "every 12th month) or monthly; off overrides the scenario's microdata key")
      ->expected(0, 1)
      ->default_str("yearly")
      ->check(CLI::IsMember({"yearly", "monthly", "off", ""}));
  command.add_option("--microdata-sample", s.microdata_sample, "Share of the people the panel keeps, (0, 1] (default 1: everyone)")
      ->check(finite_number())
      ->check(CLI::Range(1e-9, 1.0));
  command.add_flag("--microdata-csv", s.microdata_csv,
                   "Also write the microdata as panel.csv.gz, participations.csv.gz and events.csv.gz (gzip; keys instead of ids; "
                   "always ',' and '.')");
}

void keep_microdata_of(RunSettings& same, const Scenario& first) {
  same.microdata = !first.microdata.on()                                               ? "off"
                   : first.microdata.frequency == MicrodataSpec::Frequency::kMonthly ? "monthly"
                                                                                       : "yearly";
  same.microdata_sample = first.microdata.sample;
}

void announce_microdata(const std::vector<const LoadedScenario*>& scenarios, bool quiet) {
  double rows = 0, events = 0, bytes = 0;
  for (const LoadedScenario* s : scenarios) {
    if (!s->scenario.microdata.on()) continue;
    const MicrodataSize size = estimate_microdata_size(s->scenario.microdata, estimate_run(s->scenario, s->model).people, s->scenario.months);
    rows += s->scenario.replicates * size.panel_rows;
    events += s->scenario.replicates * size.event_rows;
    bytes += s->scenario.replicates * size.database_bytes;
  }
  if (quiet || rows == 0) return;
  std::cerr << fmt::format("Microdata: at most {:.3g} panel rows and about {:.2g} events, some {:.0f} MB in results.sqlite\n", rows, events,
                           bytes / 1e6);
}

LoadedScenario prepare(const std::filesystem::path& file, const RunSettings& settings, bool shared_overrides) {
  std::vector<Override> overrides;
  for (const auto& text : settings.set) overrides.push_back(parse_override(text));
  LoadedScenario p = load_scenario_for_run(file, overrides, !shared_overrides);
  if (settings.seed) p.scenario.seed = *settings.seed;
  if (settings.replicates) p.scenario.replicates = *settings.replicates;
  if (settings.scale) p.scenario.scale = *settings.scale;
  if (settings.years) p.scenario.months = *settings.years * 12;
  if (!settings.gap.empty()) {
    std::vector<std::string> keys;
    for (const auto& d : p.model.districts.districts) keys.push_back(d.key);
    std::vector<Diagnostic> problems;
    const SourceLocation where{"--gap " + fmt::format("{}", fmt::join(settings.gap, ",")), 0, 0};
    if (settings.gap[0] == settings.gap[1]) problems.push_back({where, "gap_between", "name two different districts"});
    for (const std::string& key : settings.gap)
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        const std::string suggestion = nearest_spelling(key, keys);
        problems.push_back({where, "gap_between",
                            fmt::format("unknown district '{}'{}", key, suggestion.empty() ? fmt::format("; the districts are {}", fmt::join(keys, ", "))
                                                                                            : fmt::format("; did you mean '{}'?", suggestion))});
      }
    if (!problems.empty()) throw InputError(std::move(problems));
    p.scenario.gap_between = settings.gap;
  }
  if (!settings.keeps_microdata) {
    p.scenario.microdata = {};  // a sweep's or a calibration's thousands of runs keep no people
  } else {
    // --microdata-sample or --microdata-csv alone ask for the panel too.
    if (settings.microdata == "yearly" ||
        (settings.microdata.empty() && (settings.microdata_sample || settings.microdata_csv) && !p.scenario.microdata.on()))
      p.scenario.microdata.frequency = MicrodataSpec::Frequency::kYearly;
    else if (settings.microdata == "monthly") p.scenario.microdata.frequency = MicrodataSpec::Frequency::kMonthly;
    else if (settings.microdata == "off") p.scenario.microdata = {};
    if (settings.microdata_sample && p.scenario.microdata.on()) p.scenario.microdata.sample = *settings.microdata_sample;
  }
  // The resolved scenario records the command-line settings too, so it repeats this run.
  YAML::Node resolved = YAML::Load(p.scenario.resolved_yaml);
  resolved["seed"] = p.scenario.seed;
  resolved["replicates"] = p.scenario.replicates;
  resolved["scale"] = fmt::format("{}", p.scenario.scale);  // shortest text that reads back exactly
  resolved.remove("years");
  resolved["months"] = p.scenario.months;
  if (!p.scenario.gap_between.empty()) resolved["gap_between"] = p.scenario.gap_between;
  resolved.remove("microdata");
  if (p.scenario.microdata.on()) {
    resolved["microdata"]["frequency"] = p.scenario.microdata.frequency == MicrodataSpec::Frequency::kMonthly ? "monthly" : "yearly";
    resolved["microdata"]["sample"] = fmt::format("{}", p.scenario.microdata.sample);
  }
  p.scenario.resolved_yaml = YAML::Dump(resolved);
  return p;
}

DisplayNames display_names(const std::vector<const LoadedScenario*>& scenarios, const std::vector<std::string>& names) {
  DisplayNames d;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    const LoadedScenario& l = *scenarios[s];
    for (const auto& district : l.model.districts.districts) d.add(district.key, district.name, district.name);
    for (const auto& stage : l.model.staircase.stages) d.add(stage.key, stage.name, stage.name_sv);
    for (const auto& policy : l.model.policies) {
      d.add(policy.key, policy.name, policy.name_sv);
      for (const auto& stage : policy.adds.stages) d.add(stage.key, stage.name, stage.name_sv);
    }
    const std::string title = l.scenario.title.empty() ? names[s] : l.scenario.title;
    d.add(names[s], title, l.scenario.title_sv);
  }
  return d;
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

void write_report_file(RunFolder& folder, const std::string& lang) {
  const std::string title = folder.path().filename().string();
  folder.write("report.html", [&](std::ostream& o) { write_report(folder.staging(), lang, o, title); });
}

void add_scenario_parts(InputParts& parts, const std::string& prefix, const LoadedScenario& loaded) {
  add_input_part(parts, prefix + "scenario", loaded.scenario.resolved_yaml);
  for (std::size_t i = 0; i < kModelFileCount; ++i)
    add_input_part(parts, prefix + kModelFileKeys[i] + " file", loaded.model.resolved_yaml[i]);
  for (const auto& policy : loaded.model.policies) add_input_part(parts, prefix + "policy " + policy.key, policy.resolved_yaml);
}

InputParts output_parts(const RunSettings& settings) {
  InputParts parts;
  add_input_part(parts, "engine version", TRAPPSTEG_VERSION);
  add_input_part(parts, "--csv-dialect", settings.csv_dialect);
  add_input_part(parts, "--lang", settings.lang);
  return parts;
}

void check_resources(const std::vector<const LoadedScenario*>& scenarios, std::size_t runs, int threads,
                     const RunSettings& settings, const std::filesystem::path& out, Ensemble ensemble) {
  if (scenarios.empty() || runs == 0) return;
  const Scenario& first = scenarios.front()->scenario;
  const double share = static_cast<double>(runs) / static_cast<double>(scenarios.size());  // runs per scenario
  const double at_once = static_cast<double>(std::min<std::size_t>(runs, static_cast<std::size_t>(std::max(threads, 1))));
  double largest_run = 0, people = 0, kept = 0, csv = 0, disk = 0, database = 0;
  for (const LoadedScenario* s : scenarios) {
    RunEstimate e = estimate_run(s->scenario, s->model);
    largest_run = std::max(largest_run, e.memory_bytes);
    people = std::max(people, e.people);
    kept += (ensemble == Ensemble::kSweep ? 0.0 : share) * e.result_bytes;
    // run: outcomes.csv holds every replicate; compare: compare.csv a row per scenario and cell, twice as wide.
    csv = std::max(csv, ensemble == Ensemble::kRun ? share * e.csv_bytes : ensemble == Ensemble::kCompare ? 2 * e.csv_bytes : 0.0);
    database += share * e.database_bytes;
    disk += (ensemble == Ensemble::kCompare ? 2 * e.csv_bytes : share * e.csv_bytes) + share * e.database_bytes;
  }
  auto refuse = [&](const std::string& message) {
    throw InputError({{{first.file, 0, 0}, "resources", message + "; lower the scale, the horizon, the replicates or the threads"}});
  };
  if (people > kMaxPeople)
    refuse(fmt::format("a run would hold about {:.3g} people, more than the {:.0f} one run can hold", people, kMaxPeople));
  // While running: the populations stepping at once and the results kept so far. While writing:
  // the results, the largest CSV read back for the report (text, converted copy, line buffer),
  // and the database's page cache (at most 256 MiB).
  constexpr double kDatabaseCache = 256.0 * 1024 * 1024;
  const double running = at_once * largest_run + kept;
  const double writing = kept + 3 * csv + std::min(kDatabaseCache, database);
  const double memory = std::max(running, writing);
  const double limit = settings.max_memory ? *settings.max_memory : available_memory();
  if (memory > limit)
    refuse(fmt::format("this needs about {} of memory ({} run(s) at once of about {:.3g} people each, {} of results kept "
                       "and {} of CSV read back), but {} {}",
                       bytes_text(memory), at_once, people, bytes_text(kept), bytes_text(csv), bytes_text(limit),
                       settings.max_memory ? "is the --max-memory limit" : "is available on this machine (set --max-memory to choose a limit)"));
  const double free = free_disk(out);
  if (disk > free) refuse(fmt::format("the results would take about {} of disk, but {} is free where they go", bytes_text(disk), bytes_text(free)));
}

std::filesystem::path results_folder_for(const std::filesystem::path& file, const std::string& out_option) {
  const std::string stem = file.stem().string();
  if (out_option.empty() && !is_safe_name(stem))
    throw InputError({{{file, 0, 0}, "--out", fmt::format("'{}' cannot name a results folder ({}); give --out", stem, kSafeNameRule)}});
  std::filesystem::path out = out_option.empty() ? std::filesystem::path("results") / stem : std::filesystem::path(out_option);
  out = out.lexically_normal();
  if (out.filename().empty()) out = out.parent_path();
  return out;
}

bool open_resumable_folder(const std::filesystem::path& out, const std::string& kind, const std::string& what,
                           const std::string& work_file, const InputParts& inputs, bool resume, bool force) {
  remove_stale_staging(out);
  std::optional<FolderManifest> previous = check_output_folder(out, kind, inputs, force || resume);
  if (!previous) return false;
  const bool same = previous->kind == kind && previous->inputs == inputs;
  if (same && !resume && !force)
    throw InputError({{{out, 0, 0}, "--out", fmt::format("this folder already holds this {}: add --resume to continue it, "
                                                         "--force to run it again from the start, or choose another --out", what)}});
  if (!same && resume && !force)
    throw InputError({{{out, 0, 0}, "--resume",
                       previous->kind != kind
                           ? fmt::format("this folder holds a {}, not a {}", previous->kind, what)
                           : fmt::format("the {} in this folder comes from other inputs: {}", work_file,
                                         fmt::join(input_differences(previous->inputs, inputs), "; "))}});
  if (same && resume && std::filesystem::exists(out / work_file)) return true;
  std::filesystem::path aside = make_staging_folder(out);
  std::filesystem::rename(out, aside / "old");
  std::filesystem::remove_all(aside);
  return false;
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

namespace {

/// Passes text on to another stream buffer, dropping everything up to the first line break:
/// the header of every replicate after the first.
class SkipFirstLine : public std::streambuf {
 public:
  explicit SkipFirstLine(std::streambuf* to) : to_(to) {}

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    if (skipping_) {
      skipping_ = traits_type::to_char_type(c) != '\n';
      return c;
    }
    return to_->sputc(traits_type::to_char_type(c));
  }
  std::streamsize xsputn(const char* text, std::streamsize n) override {
    std::streamsize start = 0;
    while (skipping_ && start < n) skipping_ = text[start++] != '\n';
    return start + (start < n ? to_->sputn(text + start, n - start) : 0);
  }

 private:
  std::streambuf* to_;
  bool skipping_ = true;
};

}  // namespace

void write_replicates(RunFolder& folder, const std::string& name, const std::vector<ScenarioRuns>& scenarios,
                      void (*writer)(std::ostream&, const std::string&, const RunResult&)) {
  folder.write(name, [&](std::ostream& o) {
    bool header = true;
    for (const auto& [scenario, runs] : scenarios)
      for (const RunResult& run : *runs) {
        if (header) {
          writer(o, scenario, run);
          header = false;
          continue;
        }
        SkipFirstLine without_header(o.rdbuf());
        std::ostream rest(&without_header);
        writer(rest, scenario, run);
        rest.flush();
      }
  });
}

void write_replicates(RunFolder& folder, const std::string& name, const std::vector<RunResult>& runs,
                      void (*writer)(std::ostream&, const std::string&, const RunResult&), const std::string& scenario) {
  write_replicates(folder, name, {{scenario, &runs}}, writer);
}

std::atomic<bool>& interrupted() {
  static std::atomic<bool> flag{false};
  return flag;
}

namespace {
extern "C" void on_interrupt(int) {
  if (interrupted().exchange(true)) std::_Exit(kExitInterrupted);  // a second signal: stop now
}
}  // namespace

void install_interrupt_handler() {
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal, on_interrupt);
}

void stop_if_interrupted() {
  if (interrupted().load()) throw Cancelled{};
}

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
