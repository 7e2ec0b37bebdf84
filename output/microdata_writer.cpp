#include "output/microdata_writer.hpp"

#include "engine/core/error.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <ostream>

namespace trappsteg {
namespace {

/// Text in, gzip out: deflates into `out` whenever the buffer is full and at finish().
class GzipWriter {
 public:
  explicit GzipWriter(std::ostream& out) : out_(out) {
    // 15 + 16: a gzip header and trailer around the deflate stream, as gunzip and pandas read it.
    if (deflateInit2(&stream_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      throw Error("zlib cannot start compressing");
  }
  ~GzipWriter() { deflateEnd(&stream_); }
  GzipWriter(const GzipWriter&) = delete;
  GzipWriter& operator=(const GzipWriter&) = delete;

  fmt::memory_buffer& text() { return text_; }
  void flush_if_full() {
    if (text_.size() >= kChunk) deflate_text(Z_NO_FLUSH);
  }
  void finish() { deflate_text(Z_FINISH); }

 private:
  static constexpr std::size_t kChunk = 1 << 20;

  void deflate_text(int flush) {
    stream_.next_in = reinterpret_cast<Bytef*>(text_.data());
    stream_.avail_in = static_cast<uInt>(text_.size());
    int rc = Z_OK;
    do {
      stream_.next_out = compressed_;
      stream_.avail_out = sizeof compressed_;
      rc = deflate(&stream_, flush);
      if (rc == Z_STREAM_ERROR) throw Error("zlib failed while compressing");
      out_.write(reinterpret_cast<const char*>(compressed_), static_cast<std::streamsize>(sizeof compressed_ - stream_.avail_out));
    } while (stream_.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    text_.clear();
  }

  std::ostream& out_;
  z_stream stream_{};
  fmt::memory_buffer text_;
  Bytef compressed_[1 << 16];
};

template <class Row>
void for_each_microdata(const MicrodataRuns& runs, Row&& row) {
  for (const auto& [scenario, results] : runs)
    for (const RunResult& run : *results)
      if (run.microdata) row(scenario, run.replicate, *run.microdata);
}

}  // namespace

void write_panel_csv_gz(std::ostream& out, const MicrodataRuns& runs) {
  GzipWriter gz(out);
  auto& b = gz.text();
  fmt::format_to(std::back_inserter(b),
                 "scenario,replicate,month,person,household,district,age_months,female,foreign_born,months_since_arrival,education,"
                 "swedish,step,months_in_step,employed,lives_with_parents,earnings_sek,net_income_sek,household_disposable_sek,"
                 "household_equivalised_sek,household_support_sek,household_members,in_support,policy,phase\n");
  for_each_microdata(runs, [&](const std::string& scenario, std::uint32_t replicate, const Microdata& m) {
    const MicrodataPanel& p = m.panel;
    for (std::size_t r = 0; r < p.size(); ++r) {
      fmt::format_to(std::back_inserter(b), "{},{},{},{},{},{},{},{},{},", scenario, replicate, p.month[r], p.person[r], p.household[r],
                     m.district_keys[p.district[r]], p.age_months[r], p.female[r], p.foreign_born[r]);
      if (p.months_since_arrival[r] != kBornInSweden) fmt::format_to(std::back_inserter(b), "{}", p.months_since_arrival[r]);
      // The equivalised income unrounded (shortest text that reads back as the same float).
      fmt::format_to(std::back_inserter(b), ",{},{},{},{},{},{},{},{},{},{},{},{},{},", p.education[r], p.swedish[r], m.stage_keys[p.stage[r]],
                     p.months_in_stage[r], p.employed[r], p.lives_with_parents[r], p.earnings_sek[r], p.net_income_sek[r],
                     p.household_disposable_sek[r], p.household_equivalised_sek[r], p.household_support_sek[r], p.household_members[r],
                     p.in_support[r]);
      if (p.policy[r] >= 0)
        fmt::format_to(std::back_inserter(b), "{},{}", m.policy_keys[static_cast<std::size_t>(p.policy[r])], p.phase[r]);
      else
        fmt::format_to(std::back_inserter(b), ",");
      b.push_back('\n');
      gz.flush_if_full();
    }
  });
  gz.finish();
}

void write_participations_csv_gz(std::ostream& out, const MicrodataRuns& runs) {
  GzipWriter gz(out);
  auto& b = gz.text();
  fmt::format_to(std::back_inserter(b), "scenario,replicate,month,person,policy,phase\n");
  for_each_microdata(runs, [&](const std::string& scenario, std::uint32_t replicate, const Microdata& m) {
    const MicrodataParticipations& in = m.participations;
    for (std::size_t r = 0; r < in.size(); ++r) {
      fmt::format_to(std::back_inserter(b), "{},{},{},{},{},{}\n", scenario, replicate, in.month[r], in.person[r],
                     m.policy_keys[static_cast<std::size_t>(in.policy[r])], in.phase[r]);
      gz.flush_if_full();
    }
  });
  gz.finish();
}

void write_events_csv_gz(std::ostream& out, const MicrodataRuns& runs) {
  GzipWriter gz(out);
  auto& b = gz.text();
  fmt::format_to(std::back_inserter(b), "scenario,replicate,month,person,kind,from,to\n");
  const auto& kinds = event_kind_names();
  for_each_microdata(runs, [&](const std::string& scenario, std::uint32_t replicate, const Microdata& m) {
    const MicrodataEvents& e = m.events;
    auto value = [&](EventKind kind, std::int64_t v, bool from) -> std::string {
      if (v < 0) return "";
      switch (kind) {
        case EventKind::kStage:
        case EventKind::kDied:
        case EventKind::kMovedAway:
          return m.stage_keys[static_cast<std::size_t>(v)];
        case EventKind::kPolicyStart:
        case EventKind::kPhase:
        case EventKind::kPolicyEnd:
          return from ? m.policy_keys[static_cast<std::size_t>(v)] : std::to_string(v);
        case EventKind::kLottery:
          return from ? m.policy_keys[static_cast<std::size_t>(v)] : v ? "won" : "lost";
        case EventKind::kDistrict:
          return m.district_keys[static_cast<std::size_t>(v)];
        default:
          return std::to_string(v);
      }
    };
    for (std::size_t r = 0; r < e.size(); ++r) {
      fmt::format_to(std::back_inserter(b), "{},{},{},{},{},{},{}\n", scenario, replicate, e.month[r], e.person[r],
                     kinds[static_cast<std::size_t>(e.kind[r])], value(e.kind[r], e.from[r], true), value(e.kind[r], e.to[r], false));
      gz.flush_if_full();
    }
  });
  gz.finish();
}

}  // namespace trappsteg
