#include "output/folder_lock.hpp"

#include "engine/core/error.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace trappsteg {
namespace {

std::filesystem::path lock_file_of(const std::filesystem::path& folder) {
  std::filesystem::path clean = folder.lexically_normal();
  if (clean.filename().empty()) clean = clean.parent_path();  // "results/x/" names x
  return clean.parent_path() / fmt::format(".{}.lock", clean.filename().string());
}

}  // namespace

bool FolderLock::acquire(const std::filesystem::path& folder, long& holder) {
  file_ = lock_file_of(folder);
  std::error_code ignored;
  if (file_.has_parent_path()) std::filesystem::create_directories(file_.parent_path(), ignored);
  // The holder removes the lock file when done; whoever opened it just before then may hold a
  // lock on a file that no longer has a name, so the lock counts only if the name still leads to it.
  for (;;) {
    int fd = ::open(file_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(fmt::format("{}: cannot create the lock file: {}", file_.string(), std::strerror(errno)));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      char text[32] = {};
      ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
      holder = n > 0 ? std::strtol(text, nullptr, 10) : 0;
      ::close(fd);
      return false;
    }
    struct stat opened {}, named {};
    if (::fstat(fd, &opened) == 0 && ::stat(file_.c_str(), &named) == 0 && opened.st_ino == named.st_ino &&
        opened.st_dev == named.st_dev) {
      std::string pid = std::to_string(::getpid()) + "\n";
      if (::ftruncate(fd, 0) == 0 && ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
        // The pid only improves another process's message; the lock holds without it.
      }
      fd_ = fd;
      return true;
    }
    ::close(fd);
  }
}

FolderLock::FolderLock(const std::filesystem::path& folder) {
  long holder = 0;
  if (!acquire(folder, holder))
    throw InputError({{{folder, 0, 0}, "--out",
                       fmt::format("another trappsteg process{} is writing this folder; wait for it to finish or choose another --out",
                                   holder > 0 ? fmt::format(" (pid {})", holder) : "")}});
}

std::unique_ptr<FolderLock> FolderLock::try_acquire(const std::filesystem::path& folder) {
  std::unique_ptr<FolderLock> lock(new FolderLock());
  long holder = 0;
  if (!lock->acquire(folder, holder)) return nullptr;
  return lock;
}

FolderLock::~FolderLock() {
  if (fd_ < 0) return;
  ::unlink(file_.c_str());
  ::close(fd_);
}

void remove_stale_staging(const std::filesystem::path& own) {
  const std::filesystem::path own_lock = lock_file_of(own);
  const std::filesystem::path parent = own_lock.parent_path();
  std::error_code ec;
  std::filesystem::directory_iterator it(parent.empty() ? std::filesystem::path(".") : parent, ec);
  if (ec) return;
  for (const auto& entry : it) {
    const std::string name = entry.path().filename().string();
    // A lock file whose holder was killed before removing it: taking and releasing it removes it.
    if (name.size() > 6 && name[0] == '.' && name.ends_with(".lock") && entry.path() != own_lock) {
      FolderLock::try_acquire(entry.path().parent_path() / name.substr(1, name.size() - 6));
      continue;
    }
    const std::size_t mark = name.rfind(".partial-");
    if (name.size() < 2 || name[0] != '.' || mark == std::string::npos || mark < 2) continue;
    if (!entry.is_directory(ec)) continue;
    // A staging folder .NAME.partial-* belongs to whoever holds NAME's lock: if the lock is
    // free, its writer has gone.
    const std::filesystem::path folder = entry.path().parent_path() / name.substr(1, mark - 1);
    if (lock_file_of(folder) == own_lock || FolderLock::try_acquire(folder)) std::filesystem::remove_all(entry.path(), ec);
  }
}

}  // namespace trappsteg
