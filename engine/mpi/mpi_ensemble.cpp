#include "engine/mpi/mpi_ensemble.hpp"

#include "engine/core/bytes.hpp"
#include "engine/sim/run_codec.hpp"

#include <fmt/format.h>
#include <mpi.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <exception>
#include <iostream>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace trappsteg {
namespace {

// A message is a header (its payload's size) under one of these tags, then the payload in
// chunks tagged kData. Messages between two ranks arrive in the order sent.
enum Tag : int {
  kBatch = 1,  // 0 → all: the scenarios of a batch and the threads each rank uses
  kShutdown,   // 0 → all: no more batches
  kRequest,    // rank → 0: one of my slots is free
  kTask,       // 0 → rank: run this (task index, scenario, replicate) in the slot that asked
  kIdle,       // 0 → rank: no more runs in this batch for the slot that asked
  kResult,     // rank → 0: task index, then the result; the slot is free again
  kFailed,     // rank → 0: task index, then why it failed; the slot is free again
  kData,
};

constexpr std::size_t kChunk = std::size_t{1} << 30;  // MPI counts are ints

bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name)) return true;
  return false;
}

void check(int code, const char* what) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw std::runtime_error(fmt::format("MPI: {} failed: {}", what, std::string(text, static_cast<std::size_t>(length))));
}

void send(int to, int tag, std::span<const std::byte> payload = {}) {
  const std::uint64_t size = payload.size();
  check(MPI_Send(&size, 1, MPI_UINT64_T, to, tag, MPI_COMM_WORLD), "MPI_Send");
  for (std::size_t at = 0; at < payload.size(); at += kChunk) {
    const std::size_t n = std::min(kChunk, payload.size() - at);
    check(MPI_Send(payload.data() + at, static_cast<int>(n), MPI_BYTE, to, kData, MPI_COMM_WORLD), "MPI_Send");
  }
}

struct Message {
  int from = 0, tag = 0;
  std::vector<std::byte> payload;
};

/// The next message from `from` (MPI_ANY_SOURCE: anyone), if one has come.
std::optional<Message> try_receive(int from) {
  int arrived = 0;
  MPI_Status status;
  check(MPI_Iprobe(from, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status), "MPI_Iprobe");
  if (!arrived) return std::nullopt;
  Message message{status.MPI_SOURCE, status.MPI_TAG, {}};
  std::uint64_t size = 0;
  check(MPI_Recv(&size, 1, MPI_UINT64_T, message.from, message.tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
  message.payload.resize(static_cast<std::size_t>(size));
  for (std::size_t at = 0; at < message.payload.size(); at += kChunk) {
    const std::size_t n = std::min(kChunk, message.payload.size() - at);
    check(MPI_Recv(message.payload.data() + at, static_cast<int>(n), MPI_BYTE, message.from, kData, MPI_COMM_WORLD,
                   MPI_STATUS_IGNORE),
          "MPI_Recv");
  }
  return message;
}

/// Sleeps a little longer each time nothing happens, so that a rank waiting for runs that take
/// seconds does not spin a core (MPI's blocking receive would), yet answers within milliseconds.
class Backoff {
 public:
  void idle() {
    std::this_thread::sleep_for(pause_);
    pause_ = std::min(pause_ * 2, std::chrono::microseconds(2000));
  }
  void busy() { pause_ = std::chrono::microseconds(20); }

 private:
  std::chrono::microseconds pause_{20};
};

Message receive(int from) {
  Backoff backoff;
  for (;;) {
    if (auto message = try_receive(from)) return std::move(*message);
    backoff.idle();
  }
}

std::string processor_name() {
  char name[MPI_MAX_PROCESSOR_NAME];
  int length = 0;
  MPI_Get_processor_name(name, &length);
  return std::string(name, static_cast<std::size_t>(length));
}

std::vector<std::byte> task_and(std::uint64_t task, std::span<const std::byte> rest) {
  std::vector<std::byte> bytes(sizeof task + rest.size());
  std::memcpy(bytes.data(), &task, sizeof task);
  std::copy(rest.begin(), rest.end(), bytes.begin() + sizeof task);
  return bytes;
}

std::uint64_t leading_task(std::span<const std::byte> bytes) {
  std::uint64_t task = 0;
  if (bytes.size() < sizeof task) throw std::runtime_error("MPI: a message without its task index");
  std::memcpy(&task, bytes.data(), sizeof task);
  return task;
}

struct Batch {
  std::string build;
  std::int32_t threads = 1;
  std::vector<std::vector<std::byte>> plans;  // per scenario; empty if no task runs it
};

template <class Io, IsOrConst<Batch> T>
void fields(Io& io, T& t) {
  io(t.build, t.threads, t.plans);
}

struct TaskMessage {
  std::uint64_t task = 0, scenario = 0;
  std::uint32_t replicate = 0;
};

/// Rank 0's side: hands out tasks in index order to whoever asks first, this rank's own threads
/// included, and gives every result to on_done as it comes.
class MpiBackend final : public RunBackend {
 public:
  MpiBackend(int ranks, std::string build, std::vector<std::size_t>& runs_by_rank)
      : ranks_(ranks), build_(std::move(build)), runs_by_rank_(runs_by_rank) {
    runs_by_rank_.assign(static_cast<std::size_t>(ranks), 0);
  }

  std::size_t run(const std::vector<const LoadedScenario*>& scenarios, const std::vector<RunTask>& tasks,
                  const std::function<void(std::size_t, RunResult&&)>& on_done, const std::atomic<bool>* cancel) override {
    const int threads = static_cast<int>(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
    Batch batch{build_, threads, std::vector<std::vector<std::byte>>(scenarios.size())};
    for (const RunTask& task : tasks)
      if (batch.plans[task.scenario].empty()) batch.plans[task.scenario] = encode_scenario_plan(*scenarios[task.scenario]);
    const std::vector<std::byte> bytes = to_bytes(batch);
    for (int rank = 1; rank < ranks_; ++rank) send(rank, kBatch, bytes);

    std::atomic<std::size_t> next{0}, finished{0}, local_runs{0};
    std::atomic<bool> stop{false};
    std::mutex failure_mutex;
    std::exception_ptr failure;
    auto fail = [&](std::exception_ptr e) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = e;
      stop = true;
    };
    auto stopped = [&] { return stop.load() || (cancel && cancel->load()); };

    // The other ranks are served from a thread of their own, the only one here that calls MPI.
    std::thread dispatcher([&] {
      const int slots = (ranks_ - 1) * threads;
      int idle_sent = 0;
      Backoff backoff;
      while (idle_sent < slots) {
        std::optional<Message> message;
        try {
          message = try_receive(MPI_ANY_SOURCE);
        } catch (...) {
          fail(std::current_exception());
          return;  // MPI itself is broken: the job cannot go on
        }
        if (!message) {
          backoff.idle();
          continue;
        }
        backoff.busy();
        try {
          if (message->tag == kResult) {
            const std::uint64_t t = leading_task(message->payload);
            RunResult result = decode_run_result(std::span(message->payload).subspan(sizeof t));
            on_done(static_cast<std::size_t>(t), std::move(result));
            ++finished;
            ++runs_by_rank_[static_cast<std::size_t>(message->from)];
          } else if (message->tag == kFailed) {
            const std::uint64_t t = leading_task(message->payload);
            const auto* text = reinterpret_cast<const char*>(message->payload.data() + sizeof t);
            const RunTask& task = tasks.at(static_cast<std::size_t>(t));
            throw std::runtime_error(fmt::format("rank {} could not run {} replicate {}: {}", message->from,
                                                 scenarios[task.scenario]->scenario.name, task.replicate,
                                                 std::string(text, message->payload.size() - sizeof t)));
          } else if (message->tag != kRequest) {
            throw std::runtime_error(fmt::format("MPI: rank {} sent an unexpected message (tag {})", message->from, message->tag));
          }
        } catch (...) {
          fail(std::current_exception());
        }
        // Every message from a rank frees one of its slots: give it the next task, or say idle.
        std::size_t t = tasks.size();
        if (!stopped()) t = next++;
        try {
          if (t < tasks.size()) {
            TaskMessage task{t, tasks[t].scenario, tasks[t].replicate};
            send(message->from, kTask, std::as_bytes(std::span(&task, 1)));
          } else {
            send(message->from, kIdle);
            ++idle_sent;
          }
        } catch (...) {
          fail(std::current_exception());
          return;
        }
      }
    });

    // This rank's own share, as run_batch_here does it but taking the next task shared with the others.
    try {
      tbb::parallel_for(std::size_t{0}, tasks.size(), std::size_t{1}, [&](std::size_t) {
        if (stopped()) return;
        const std::size_t t = next++;
        if (t >= tasks.size()) return;
        const LoadedScenario& s = *scenarios[tasks[t].scenario];
        auto check_stop = [&](int, int) {
          if (stopped()) throw Cancelled{};
        };
        try {
          RunResult result = run_replicate(s.scenario, s.model, *s.staircase, tasks[t].replicate, check_stop);
          on_done(t, std::move(result));
          ++finished;
          ++local_runs;
        } catch (const Cancelled&) {
        }
      });
    } catch (...) {
      fail(std::current_exception());
    }
    dispatcher.join();
    runs_by_rank_[0] += local_runs.load();
    if (failure) std::rethrow_exception(failure);
    return finished.load();
  }

 private:
  int ranks_;
  std::string build_;
  std::vector<std::size_t>& runs_by_rank_;  // [0] by this rank's threads, the rest by the dispatcher
};

/// A worker's part of one batch: its slots each run one task at a time on this rank's threads,
/// while the calling thread does all the talking.
void serve_batch(const Batch& batch, const std::string& build, const std::string& host) {
  const int slots = std::max(1, static_cast<int>(batch.threads));
  // The calling thread only talks; `slots` threads of the arena run.
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(slots) + 1);
  tbb::task_arena arena(slots, 0);
  const std::size_t count = batch.plans.size();
  std::vector<std::once_flag> loading(count);
  std::vector<std::optional<LoadedScenario>> loaded(count);
  std::vector<std::string> problem(count);
  const std::string mismatch =
      batch.build == build ? std::string{}
                           : fmt::format("it runs another build ({}) than rank 0 ({})", build, batch.build);

  struct Done {
    int tag;
    std::vector<std::byte> payload;
  };
  std::mutex done_mutex;
  std::deque<Done> done;
  auto finish = [&](Done d) {
    std::lock_guard lock(done_mutex);
    done.push_back(std::move(d));
  };
  auto run = [&](TaskMessage task) {
    try {
      if (!mismatch.empty()) throw std::runtime_error(mismatch);
      if (task.scenario >= count || batch.plans[task.scenario].empty())
        throw std::runtime_error("MPI: a task for a scenario the batch did not send");
      std::call_once(loading[task.scenario], [&] {
        try {
          loaded[task.scenario] = decode_scenario_plan(batch.plans[task.scenario]);
        } catch (const std::exception& e) {
          problem[task.scenario] = e.what();
        }
      });
      if (!problem[task.scenario].empty()) throw std::runtime_error(problem[task.scenario]);
      const LoadedScenario& s = *loaded[task.scenario];
      RunResult result = run_replicate(s.scenario, s.model, *s.staircase, task.replicate);
      finish({kResult, task_and(task.task, encode_run_result(result))});
    } catch (const std::exception& e) {
      const std::string text = fmt::format("on {}: {}", host, e.what());
      finish({kFailed, task_and(task.task, std::as_bytes(std::span(text.data(), text.size())))});
    } catch (...) {
      const std::string text = fmt::format("on {}: an unknown error", host);
      finish({kFailed, task_and(task.task, std::as_bytes(std::span(text.data(), text.size())))});
    }
  };

  for (int s = 0; s < slots; ++s) send(0, kRequest);
  int idle = 0, running = 0;
  Backoff backoff;
  while (idle < slots || running > 0) {
    bool busy = false;
    std::deque<Done> ready;
    {
      std::lock_guard lock(done_mutex);
      ready.swap(done);
    }
    for (Done& d : ready) {
      send(0, d.tag, d.payload);
      --running;
      busy = true;
    }
    if (auto message = try_receive(0)) {
      busy = true;
      if (message->tag == kTask) {
        TaskMessage task;
        if (message->payload.size() != sizeof task) throw std::runtime_error("MPI: a task message of the wrong size");
        std::memcpy(&task, message->payload.data(), sizeof task);
        ++running;
        arena.enqueue([&run, task] { run(task); });
      } else if (message->tag == kIdle) {
        ++idle;
      } else {
        throw std::runtime_error(fmt::format("MPI: rank 0 sent an unexpected message (tag {}) during a batch", message->tag));
      }
    }
    if (busy) backoff.busy();
    else backoff.idle();
  }
}

}  // namespace

MpiSession::MpiSession(int& argc, char**& argv, std::string build) : build_(std::move(build) + " / " + build_signature()) {
  if (!launched_by_mpi()) return;
  // Rank 0 talks from a thread of its own, one at a time: MPI_THREAD_SERIALIZED.
  int provided = 0;
  check(MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided), "MPI_Init_thread");
  started_ = true;
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  if (provided < MPI_THREAD_SERIALIZED) {
    if (rank_ == 0)
      std::cerr << "error: this MPI library does not allow calls from more than one thread (MPI_THREAD_SERIALIZED); "
                   "run without mpirun\n";
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
}

MpiSession::~MpiSession() {
  if (!started_) return;
  if (rank_ == 0) {
    try {
      for (int rank = 1; rank < size_; ++rank) send(rank, kShutdown);
    } catch (const std::exception& e) {
      std::cerr << "error: " << e.what() << '\n';
    }
  }
  MPI_Finalize();
}

int MpiSession::serve() {
  const std::string host = processor_name();
  try {
    for (;;) {
      Message message = receive(0);
      if (message.tag == kShutdown) return 0;
      if (message.tag != kBatch)
        throw std::runtime_error(fmt::format("rank 0 sent an unexpected message (tag {}) between batches", message.tag));
      serve_batch(from_bytes<Batch>(message.payload, "a batch"), build_, host);
    }
  } catch (const std::exception& e) {
    // Rank 0 waits for this rank's slots: without it the job cannot finish, so it ends here.
    std::cerr << fmt::format("error: rank {} on {}: {}\n", rank_, host, e.what());
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  return 1;
}

std::unique_ptr<RunBackend> MpiSession::backend() { return std::make_unique<MpiBackend>(size_, build_, runs_by_rank_); }

}  // namespace trappsteg
