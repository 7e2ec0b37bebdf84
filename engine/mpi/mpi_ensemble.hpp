#pragma once
// Ensembles across processes with MPI. Started by mpirun or srun, every process but rank 0 serves
// runs; rank 0 runs the command and installs a backend that hands its batches' runs out one by
// one to whichever rank (itself included) asks next, and gets their results back as bytes. What
// rank 0 writes is what a single process writes: a run's result does not depend on where it ran.

#include "engine/sim/batch.hpp"

#include <memory>
#include <string>
#include <vector>

namespace trappsteg {

/// This process's place among those an MPI launcher started, or a process of its own when none
/// did (MPI is then not started at all). One per program, made first in main.
class MpiSession {
 public:
  /// `build` names this program's build (its version): every rank must run the same one.
  MpiSession(int& argc, char**& argv, std::string build);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  /// Rank 0 of several: the one that runs the command and writes.
  bool leads() const { return rank_ == 0 && size_ > 1; }
  /// Rank > 0: serves rank 0's batches until it says stop. @returns the process's exit code.
  int serve();
  /// Rank 0: the backend that spreads run_batch over every rank, each using as many threads
  /// as run_batch's caller allows this one.
  std::unique_ptr<RunBackend> backend();
  /// Rank 0: how many runs each rank has done so far through the backend.
  const std::vector<std::size_t>& runs_by_rank() const { return runs_by_rank_; }

 private:
  int rank_ = 0, size_ = 1;
  std::vector<std::size_t> runs_by_rank_;
  bool started_ = false;
  std::string build_;
};

}  // namespace trappsteg
