// trappsteg sensitivity: Morris screening or Sobol indices of a scenario's outputs to its
// uncertain inputs. Every point is written to points.csv as it finishes, so Ctrl-C keeps the
// finished points and --resume runs only the others (to the same result).

#include "cli/common.hpp"
#include "engine/scenario/sensitivity_spec.hpp"
#include "engine/sim/sensitivity.hpp"
#include "output/atomic_file.hpp"
#include "output/folder_lock.hpp"
#include "output/report.hpp"
#include "output/results_database.hpp"
#include "output/run_folder.hpp"
#include "output/sensitivity_writer.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <mutex>
#include <numeric>
#include <unistd.h>

namespace trappsteg::cli {

int sensitivity_command(const std::string& file, const std::string& out_option, bool resume, const RunSettings& settings) {
  SensitivitySpec spec = load_sensitivity(file);
  if (settings.scale) spec.scale = *settings.scale;
  if (settings.seed) spec.seed = static_cast<std::uint64_t>(*settings.seed);
  if (settings.replicates) spec.replicates = *settings.replicates;
  if (settings.years) spec.months = *settings.years * 12;
  const std::filesystem::path out = results_folder_for(file, out_option);
  const int threads = thread_count(settings);
  const std::size_t per_point = (spec.needs_baseline ? 2u : 1u) * static_cast<std::size_t>(spec.replicates);
  {
    LoadedScenario probe = load_scenario_for_run(spec.scenario);
    probe.scenario.scale = spec.scale;
    probe.scenario.months = spec.months;
    check_resources({&probe}, per_point * std::max<std::size_t>(4, 2 * static_cast<std::size_t>(threads)), threads, settings, out,
                    Ensemble::kSweep);
  }
  // What decides the results: the file, the command line's changes to it, and the scenario as it is now.
  InputParts inputs = output_parts(settings);
  add_input_part(inputs, "sensitivity file", spec.text);
  add_input_part(inputs, "evaluation", fmt::format("scale {}, months {}, replicates {}, seed {}", spec.scale, spec.months,
                                                   spec.replicates, spec.seed));
  {
    LoadedScenario base = load_scenario_for_run(spec.scenario);
    add_scenario_parts(inputs, "", base);
    if (spec.needs_baseline) add_scenario_parts(inputs, "baseline ", load_scenario_for_run(base.scenario.baseline_file));
  }
  install_interrupt_handler();
  FolderLock lock(out);
  SensitivityAnalysis analysis(spec);
  std::vector<std::optional<SensitivityPoint>> points(analysis.design().size());
  std::size_t resumed = 0;
  if (open_resumable_folder(out, "sensitivity", "sensitivity analysis", "points.csv", inputs, resume, settings.force)) {
    points = read_sensitivity_points(out / "points.csv", analysis);
    resumed = static_cast<std::size_t>(std::count_if(points.begin(), points.end(), [](const auto& p) { return p.has_value(); }));
  }
  std::filesystem::create_directories(out);
  FolderManifest manifest{"sensitivity", TRAPPSTEG_VERSION, inputs, {}, false};
  manifest.files["sensitivity.yaml"] = write_file_atomically(out / "sensitivity.yaml", [&](std::ostream& o) { o << spec.text; });
  write_manifest(out, manifest);

  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  const std::size_t total = points.size();
  if (!settings.quiet)
    std::cerr << fmt::format("Sensitivity of {} output(s) to {} input(s) by {} — {} points, each {} run(s) of {} months at scale {}, "
                             "seed {}{}\n",
                             spec.outputs.size(), spec.inputs.size(), method_name(spec.method), total, per_point, spec.months,
                             spec.scale, spec.seed, resumed ? fmt::format(" ({} read back from points.csv)", resumed) : "");
  const auto start = std::chrono::steady_clock::now();
  const bool show = !settings.quiet && ::isatty(STDERR_FILENO);
  std::size_t done = resumed;
  analysis.run(points,
               [&](std::size_t, const SensitivityPoint&) {
                 ++done;
                 write_file_atomically(out / "points.csv", [&](std::ostream& o) { write_sensitivity_points(o, analysis, points); });
                 if (show) {
                   const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                   std::cerr << fmt::format("\rpoint {} of {}  {:.0f} s elapsed   ", done, total, elapsed) << std::flush;
                 }
               },
               &interrupted());
  if (show) std::cerr << '\n';
  // Rewritten after every point (so an interruption keeps each finished one); once more here.
  manifest.files["points.csv"] = write_file_atomically(out / "points.csv", [&](std::ostream& o) { write_sensitivity_points(o, analysis, points); });
  const bool complete = std::all_of(points.begin(), points.end(), [](const auto& p) { return p.has_value(); });
  if (!complete) {
    write_manifest(out, manifest);
    std::cerr << fmt::format("Interrupted: {} of {} points finished and kept in {}; --resume runs the others.\n", done, total,
                             (out / "points.csv").string());
    return kExitInterrupted;
  }
  std::vector<SensitivityPoint> all;
  for (auto& p : points) all.push_back(std::move(*p));
  const std::vector<OutputSensitivity> indices = analysis.analyse(all);
  manifest.files["indices.csv"] =
      write_file_atomically(out / "indices.csv", [&](std::ostream& o) { write_sensitivity_indices(o, analysis, indices); });
  {
    ResultsDatabase database(out / "results.sqlite");
    database.add_sensitivity(analysis, all, indices);
  }  // closed: the write-ahead log is folded into the file
  manifest.files["results.sqlite"] = fingerprint_file(out / "results.sqlite");
  manifest.files["report.html"] = write_file_atomically(out / "report.html", [&](std::ostream& o) { write_report(out, settings.lang, o); });
  manifest.complete = true;
  write_manifest(out, manifest);

  // The indices in the terminal, the most influential input first.
  const bool morris = spec.method == SensitivitySpec::Method::kMorris;
  for (std::size_t o = 0; o < spec.outputs.size(); ++o) {
    const OutputSensitivity& s = indices[o];
    std::cout << fmt::format("\n{} ({}): sd {:.4g} over the points; Monte-Carlo share of the variance {:.1f} %{}\n", spec.outputs[o].name,
                             spec.outputs[o].outcome.text, std::sqrt(s.variance), 100 * s.monte_carlo_share,
                             s.failed_points ? fmt::format("; {} point(s) failed", s.failed_points) : "");
    std::vector<std::size_t> order(spec.inputs.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    const auto& key = morris ? s.morris.mu_star : s.sobol.total;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key[a] > key[b]; });
    if (morris) std::cout << fmt::format("  {:<64} {:>12} {:>12} {:>12}\n", "input", "mu*", "mu", "sigma");
    else std::cout << fmt::format("  {:<64} {:>20} {:>20}\n", "input", "first order [95 %]", "total [95 %]");
    for (std::size_t i : order) {
      if (morris)
        std::cout << fmt::format("  {:<64} {:>12.4g} {:>12.4g} {:>12.4g}\n", spec.inputs[i].path, s.morris.mu_star[i], s.morris.mu[i],
                                 s.morris.sigma[i]);
      else
        std::cout << fmt::format("  {:<64} {:>6.3f} [{:.2f}, {:.2f}] {:>6.3f} [{:.2f}, {:.2f}]\n", spec.inputs[i].path, s.sobol.first[i],
                                 s.sobol.first_interval[i][0], s.sobol.first_interval[i][1], s.sobol.total[i],
                                 s.sobol.total_interval[i][0], s.sobol.total_interval[i][1]);
    }
  }
  std::cout << fmt::format("\nResults written to {}\n", out.string());
  return 0;
}

}  // namespace trappsteg::cli
