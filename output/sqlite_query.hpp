#pragma once
// Reading a results.sqlite back: the database opened read-only and a query whose rows are read
// column by column. For the readers of a finished folder (trace, the report's microdata).

#include "engine/core/error.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <string>

namespace trappsteg {

/// The database, read-only; closed on destruction. @throws Error naming the file if it cannot be opened.
class ReadOnlyDatabase {
 public:
  explicit ReadOnlyDatabase(const std::filesystem::path& file) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(file.string().c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) throw Error(file.string() + ": cannot be opened: " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  }
  sqlite3* get() const { return db_.get(); }
  /// Whether every one of the `tables` exists (an older engine's database may lack some).
  bool has_tables(std::initializer_list<const char*> tables) const;

 private:
  struct Close {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
  };
  std::unique_ptr<sqlite3, Close> db_;
};

/// One prepared query; bind, then step through its rows.
class Query {
 public:
  Query(const ReadOnlyDatabase& db, const std::string& sql) {
    if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &statement_, nullptr) != SQLITE_OK)
      throw Error(std::string("cannot read the database: ") + sqlite3_errmsg(db.get()));
  }
  ~Query() { sqlite3_finalize(statement_); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  Query& bind(int i, std::int64_t value) {
    sqlite3_bind_int64(statement_, i, value);
    return *this;
  }
  Query& bind(int i, const std::string& text) {
    sqlite3_bind_text(statement_, i, text.c_str(), -1, SQLITE_TRANSIENT);
    return *this;
  }
  bool next() { return sqlite3_step(statement_) == SQLITE_ROW; }
  std::int64_t integer(int i) const { return sqlite3_column_int64(statement_, i); }
  double real(int i) const { return sqlite3_column_double(statement_, i); }
  bool null(int i) const { return sqlite3_column_type(statement_, i) == SQLITE_NULL; }
  std::string text(int i) const {
    const unsigned char* t = sqlite3_column_text(statement_, i);
    return t ? reinterpret_cast<const char*>(t) : "";
  }

 private:
  sqlite3_stmt* statement_ = nullptr;
};

inline bool ReadOnlyDatabase::has_tables(std::initializer_list<const char*> tables) const {
  for (const char* table : tables) {
    Query q(*this, "SELECT count(*) FROM sqlite_master WHERE name = ?1");
    q.bind(1, std::string(table));
    if (!q.next() || q.integer(0) == 0) return false;
  }
  return true;
}

}  // namespace trappsteg
