#pragma once
// One writer per results folder: a lock file `.NAME.lock` beside the folder, held with
// flock() while a process writes the folder. The kernel releases it when the process dies,
// even by kill -9, so a lock never outlives its owner and a stale one is recognised at once.

#include <filesystem>
#include <memory>

namespace trappsteg {

/// An exclusive lock on writing `folder`.
class FolderLock {
 public:
  /// Takes the lock (creating the parent folder if needed).
  /// @throws InputError (exit 2) if another process holds it, naming that process.
  explicit FolderLock(const std::filesystem::path& folder);
  /// The lock if it is free now, else nullptr. @throws Error if the lock file cannot be made.
  static std::unique_ptr<FolderLock> try_acquire(const std::filesystem::path& folder);
  /// Releases the lock and removes the lock file.
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  FolderLock() = default;
  /// @returns false if another process holds the lock (its pid in `holder`, 0 if unknown).
  bool acquire(const std::filesystem::path& folder, long& holder);

  std::filesystem::path file_;
  int fd_ = -1;
};

/// Removes hidden staging folders (`.NAME.partial-*`) beside `folder` that no living process
/// is writing: left by a run that was killed. Folders still being written are left alone.
/// The caller holds `folder`'s lock, so that folder's own staging folders are stale too.
void remove_stale_staging(const std::filesystem::path& folder);

}  // namespace trappsteg
