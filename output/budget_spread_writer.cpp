#include "output/budget_spread_writer.hpp"

#include "output/csv_dialect.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <cmath>
#include <ostream>

namespace trappsteg {
namespace {

std::string joined(const std::vector<std::string>& fields) {
  std::string line;
  for (const auto& f : fields) (line += csv_field(f)) += ',';
  return line;
}

}  // namespace

void write_budget_spread_csv(std::ostream& out, const SpreadLabels& labels, const std::vector<BudgetSpread>& spreads) {
  out << joined(labels.header) << "year,quantity,replicates,mean,p05,p25,p50,p75,p95\n";
  for (std::size_t s = 0; s < spreads.size(); ++s) {
    const std::string lead = joined(labels.values[s]);
    for (const SpreadYear& y : spreads[s].years)
      for (const auto& [quantity, v] : {std::pair<const char*, const Spread&>{"net_sek", y.net},
                                        {"cumulative_net_sek", y.cumulative_net},
                                        {"extra_job_years", y.extra_job_years}})
        fmt::print(out, "{}{},{},{},{},{},{},{},{},{}\n", lead, y.year, quantity, v.replicates, csv_number(v.mean), csv_number(v.p05),
                   csv_number(v.p25), csv_number(v.p50), csv_number(v.p75), csv_number(v.p95));
  }
}

void write_payback_csv(std::ostream& out, const SpreadLabels& labels, const std::vector<BudgetSpread>& spreads, std::size_t inputs_drawn) {
  out << joined(labels.header)
      << "within_years,probability,probability_low,probability_high,paid,replicates,inputs_drawn,cumulative_net_mean,"
         "cumulative_net_p05,cumulative_net_p95,extra_job_years_mean,cost_per_extra_job_year_sek,cost_per_extra_job_year_p05,"
         "cost_per_extra_job_year_p95,replicates_without_extra_jobs\n";
  for (std::size_t s = 0; s < spreads.size(); ++s) {
    const std::string lead = joined(labels.values[s]);
    for (const PaybackHorizon& h : spreads[s].horizons)
      fmt::print(out, "{}{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", lead, h.years, csv_number(h.probability),
                 csv_number(h.probability_low), csv_number(h.probability_high), h.paid, h.replicates, inputs_drawn,
                 csv_number(h.cumulative_net.mean), csv_number(h.cumulative_net.p05), csv_number(h.cumulative_net.p95),
                 csv_number(h.extra_job_years.mean), csv_number(h.cost_per_extra_job_year), csv_number(h.cost_per_extra_job_year_p05),
                 csv_number(h.cost_per_extra_job_year_p95), h.replicates_without_extra_jobs);
  }
}

void write_payback_markdown(std::ostream& out, const SpreadLabels& labels, const std::vector<BudgetSpread>& spreads, std::size_t inputs_drawn) {
  std::vector<int> horizons;
  for (const BudgetSpread& s : spreads)
    for (const PaybackHorizon& h : s.horizons)
      if (std::find(horizons.begin(), horizons.end(), h.years) == horizons.end()) horizons.push_back(h.years);
  if (horizons.empty()) return;
  std::sort(horizons.begin(), horizons.end());
  out << "\n## Does it pay back?\n\n";
  out << (inputs_drawn > 0
              ? fmt::format("Share of the replicates whose cumulative net is at least 0, each replicate with its own draw of {} uncertain "
                            "assumption(s); in brackets, the 95 % interval of that share for the number of replicates.\n\n",
                            inputs_drawn)
              : std::string("Share of the replicates whose cumulative net is at least 0; in brackets, the 95 % interval of that share for "
                            "the number of replicates. The assumptions are held fixed: this is simulation noise only (compare "
                            "--uncertainty draws them).\n\n"));
  out << "| " << labels.header.front();
  for (int h : horizons) out << fmt::format(" | within {} years", h);
  out << fmt::format(" | cost per extra job-year, {} years |\n|---", horizons.back());
  for (std::size_t i = 0; i <= horizons.size(); ++i) out << "|---";
  out << "|\n";
  for (std::size_t s = 0; s < spreads.size(); ++s) {
    out << "| " << labels.values[s].front();
    const PaybackHorizon* longest = nullptr;
    for (int years : horizons) {
      const auto h = std::find_if(spreads[s].horizons.begin(), spreads[s].horizons.end(), [&](const PaybackHorizon& x) { return x.years == years; });
      if (h == spreads[s].horizons.end()) {
        out << " | –";
        continue;
      }
      out << fmt::format(" | {:.0f} % [{:.0f} – {:.0f} %]", 100 * h->probability, 100 * h->probability_low, 100 * h->probability_high);
      longest = &*h;
    }
    if (longest && std::isfinite(longest->cost_per_extra_job_year))
      out << fmt::format(" | {:.0f} SEK [{:.0f} – {:.0f}]", longest->cost_per_extra_job_year, longest->cost_per_extra_job_year_p05,
                         longest->cost_per_extra_job_year_p95);
    else
      out << " | no extra job-years";
    out << " |\n";
  }
  // Said in words where no replicate pays back: a budget paper quotes the sentence, not a 0 %.
  std::string none;
  for (std::size_t s = 0; s < spreads.size(); ++s)
    if (!spreads[s].horizons.empty() && spreads[s].horizons.back().paid == 0)
      none += fmt::format("\n- {}: no payback within {} years (in none of the {} replicates does the cumulative net reach 0).",
                          labels.values[s].front(), spreads[s].horizons.back().years, spreads[s].horizons.back().replicates);
  if (!none.empty()) out << none << "\n";
}

}  // namespace trappsteg
