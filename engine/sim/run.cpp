#include "engine/sim/run.hpp"

#include "engine/step/simulation.hpp"

namespace trappsteg {

RunResult run_replicate(const Scenario& scenario, const Model& model, const Staircase& staircase,
                        std::uint32_t replicate, const MonthCallback& on_month) {
  auto start = std::chrono::steady_clock::now();
  Simulation simulation(scenario, model, staircase, replicate);
  PhaseTimes& times = simulation.times();
  times[Phase::kSynthesis] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  simulation.warm_up(scenario.warm_up_months);
  RunResult result;
  result.replicate = replicate;
  result.initial_people = simulation.population().people.size();
  Recorder recorder(simulation, scenario.months);
  std::optional<MicrodataRecorder> microdata;
  if (scenario.microdata.on()) microdata.emplace(simulation, scenario.microdata, replicate), microdata->record(simulation);
  for (int m = 0; m < scenario.months; ++m) {
    // Everyone ever in the city, as before people who left were compacted out, so throughput
    // figures stay comparable with earlier measurements.
    result.person_months += static_cast<double>(simulation.population().people.issued);
    simulation.step();
    times.time(Phase::kRecord, [&] { recorder.record(simulation); });
    if (microdata) times.time(Phase::kMicrodata, [&] { microdata->record(simulation); });
    if (on_month) on_month(m + 1, scenario.months);
  }
  times.time(Phase::kRecord, [&] { result.outcomes = recorder.finish(simulation); });
  for (std::size_t i = 0; i < simulation.population().people.size(); ++i) result.final_people += simulation.present(i) ? 1 : 0;
  if (microdata) times.time(Phase::kMicrodata, [&] { result.microdata = microdata->finish(); });
  result.times = times;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace trappsteg
