// trappsteg calibrate: fits a calibration file's parameters to its targets (the method of
// simulated moments, NLopt). Every evaluation is written to trace.csv at once, so Ctrl-C keeps
// the best point found and --resume continues to the same result.

#include "cli/common.hpp"
#include "engine/core/digest.hpp"
#include "engine/core/names.hpp"
#include "engine/scenario/calibration_spec.hpp"
#include "engine/scenario/overrides.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/sim/calibration.hpp"
#include "output/calibration_writer.hpp"
#include "output/report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <tbb/global_control.h>

#include <chrono>
#include <iostream>
#include <map>
#include <unistd.h>

namespace trappsteg::cli {
namespace {

/// The model files a calibration's parameters change, with the paths inside each.
std::map<std::filesystem::path, std::vector<std::pair<std::string, double>>> fitted_files(const CalibrationSpec& spec,
                                                                                        const std::vector<double>& values) {
  Scenario scenario = load_scenario(spec.scenario);
  Model model = load_model(scenario);
  std::map<std::filesystem::path, std::vector<std::pair<std::string, double>>> files;
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    auto [target, inner] = override_target(spec.parameters[i].path);
    std::filesystem::path file = scenario.file;
    for (std::size_t f = 0; f < kModelFileCount; ++f)
      if (target == kModelFileKeys[f]) file = scenario.model_files.path(f);
    for (const auto& policy : model.policies)
      if (target == "policy." + policy.key) file = policy.file;
    files[file].emplace_back(target == "scenario" ? spec.parameters[i].path : inner, values[i]);
  }
  return files;
}

std::string today() { return utc_now().substr(0, 10); }

}  // namespace

int calibrate_command(const std::string& file, const std::string& out_option, bool resume, bool write, const RunSettings& settings) {
  CalibrationSpec spec = load_calibration(file);
  const std::filesystem::path out = results_folder_for(file, out_option);
  const int threads = thread_count(settings);

  {
    LoadedScenario probe = load_scenario_for_run(spec.scenario);
    probe.scenario.scale = spec.scale;
    probe.scenario.months = spec.months;
    check_resources({&probe}, static_cast<std::size_t>(spec.replicates), threads, settings, out, Ensemble::kSweep);
  }
  // What decides the fit: the calibration file, and the scenario and targets as they are now.
  InputParts inputs = output_parts(settings);
  add_input_part(inputs, "calibration file", spec.text);
  {
    LoadedScenario base = load_scenario_for_run(spec.scenario);
    add_scenario_parts(inputs, "", base);
    add_input_part(inputs, "targets file", read_whole_file(spec.targets));
  }
  install_interrupt_handler();
  FolderLock lock(out);
  Calibration calibration(spec);
  std::size_t resumed = 0;
  if (open_resumable_folder(out, "calibration", "calibration", "trace.csv", inputs, resume, settings.force))
    for (const auto& e : read_calibration_trace(out / "trace.csv", spec)) calibration.remember(e), ++resumed;
  std::filesystem::create_directories(out);
  FolderManifest manifest{"calibration", TRAPPSTEG_VERSION, inputs, {}, false};
  manifest.files["calibration.yaml"] = write_file_atomically(out / "calibration.yaml", [&](std::ostream& o) { o << spec.text; });
  write_manifest(out, manifest);

  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  if (!settings.quiet)
    std::cerr << fmt::format("Calibrating {} parameter(s) to {} target(s) with {} — each evaluation {} replicate(s), {} months, "
                             "scale {}, seed {}; at most {} evaluations{}\n",
                             spec.parameters.size(), spec.fit.size(), algorithm_name(spec.algorithm), spec.replicates, spec.months,
                             spec.scale, spec.seed, spec.max_evaluations,
                             resumed ? fmt::format(" ({} read back from trace.csv)", resumed) : "");
  const auto start = std::chrono::steady_clock::now();
  const bool show = !settings.quiet && ::isatty(STDERR_FILENO);
  CalibrationOutcome outcome = calibration.run(
      [&](const std::vector<CalibrationEvaluation>& trace, std::size_t best) {
        write_file_atomically(out / "trace.csv", [&](std::ostream& o) { write_calibration_trace(o, spec, trace); });
        if (show) {
          double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
          std::cerr << fmt::format("\revaluation {}  best objective {:.6g}  {:.0f} s elapsed   ", trace.size(), trace[best].objective, elapsed)
                    << std::flush;
        }
      },
      &interrupted());
  if (show) std::cerr << '\n';
  write_file_atomically(out / "trace.csv", [&](std::ostream& o) { write_calibration_trace(o, spec, outcome.trace); });

  const CalibrationEvaluation& best = outcome.trace[outcome.best];
  manifest.files["trace.csv"] = fingerprint_file(out / "trace.csv");
  manifest.files["parameters.csv"] =
      write_file_atomically(out / "parameters.csv", [&](std::ostream& o) { write_calibration_parameters(o, spec, outcome); });
  manifest.files["fit.csv"] = write_file_atomically(out / "fit.csv", [&](std::ostream& o) { write_calibration_fit(o, outcome); });
  // The model files with the fitted values written in; the shipped ones only with --write.
  const std::string note = fmt::format("calibrated by {} on {}", std::filesystem::path(file).filename().string(), today());
  std::filesystem::create_directories(out / "model");
  for (const auto& [model_file, values] : fitted_files(spec, best.parameters)) {
    const std::string text = with_fitted_values(read_whole_file(model_file), values, note);
    const std::string name = "model/" + model_file.filename().string();
    manifest.files[name] = write_file_atomically(out / name, [&](std::ostream& o) { o << text; });
    if (write && !outcome.interrupted) {
      write_file_atomically(model_file, [&](std::ostream& o) { o << text; });
      std::cerr << fmt::format("Wrote the fitted values into {}\n", model_file.string());
    }
  }
  manifest.complete = !outcome.interrupted;
  manifest.files["report.html"] = write_file_atomically(out / "report.html", [&](std::ostream& o) { write_report(out, settings.lang, o); });
  write_manifest(out, manifest);

  // The fit in the terminal.
  std::cout << fmt::format("{} after {} evaluations ({}); objective {:.6g} → {:.6g}\n\n", outcome.interrupted ? "Interrupted" : "Done",
                           outcome.trace.size(), outcome.stop_reason, outcome.trace.front().objective, best.objective);
  std::cout << fmt::format("{:<60} {:>12} {:>12} {:>12}  {}\n", "parameter", "start", "fitted", "std. error", "");
  for (std::size_t i = 0; i < spec.parameters.size(); ++i)
    std::cout << fmt::format("{:<60} {:>12.6g} {:>12.6g} {:>12.3g}  {}\n", spec.parameters[i].path, spec.parameters[i].start,
                             best.parameters[i], outcome.standard_errors[i],
                             outcome.interrupted || outcome.identified[i] ? "" : "NOT IDENTIFIED by these targets");
  std::cout << fmt::format("\n{:<42} {:>5} {:>12} {:>12} {:>12}  {}\n", "target", "use", "published", "before", "after", "within");
  for (std::size_t t = 0; t < outcome.after.size(); ++t) {
    const TargetComparison& a = outcome.after[t];
    std::cout << fmt::format("{:<42} {:>5} {:>12.5g} {:>12.5g} {:>12.5g}  {}\n", a.target->name,
                             a.target->use == Target::Use::kFit ? "fit" : "check", a.target->value, outcome.before[t].model.mean,
                             a.model.mean, !a.reached ? "not reached" : a.within ? "yes" : "no");
  }
  std::cout << fmt::format("\nResults written to {}{}\n", out.string(), write ? "" : " (the model files there hold the fitted values; --write puts them into the shipped ones)");
  return outcome.interrupted ? kExitInterrupted : 0;
}

}  // namespace trappsteg::cli
