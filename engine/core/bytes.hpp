#pragma once
// Values as bytes and back, in this build's memory layout: numbers and structs of numbers as
// their bytes, strings and vectors with their sizes first. A type made of other things gives
// its members by a function `fields(io, value)` found by argument-dependent lookup, which the
// writer and the reader share, so that the two cannot drift apart. No I/O.

#include <fmt/format.h>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace trappsteg {

/// `T` is `U` or `U` const: for `fields` overloads, which serve the writer and the reader.
template <class T, class U>
concept IsOrConst = std::same_as<std::remove_const_t<T>, U>;

// Plain values (numbers, enums, and structs of numbers) travel as their bytes.
template <class T>
concept Bitwise = std::is_trivially_copyable_v<T> && !std::is_pointer_v<T>;

class ByteWriter {
 public:
  std::vector<std::byte> bytes;

  template <class... T>
  void operator()(const T&... values) {
    (put(values), ...);
  }

 private:
  void append(const void* data, std::size_t size) {
    const auto* p = static_cast<const std::byte*>(data);
    bytes.insert(bytes.end(), p, p + size);
  }
  template <Bitwise T>
  void put(const T& value) {
    append(&value, sizeof value);
  }
  void put(const std::string& text) {
    put(std::uint64_t{text.size()});
    append(text.data(), text.size());
  }
  void put(const std::filesystem::path& path) { put(path.string()); }
  template <class T>
  void put(const std::vector<T>& values) {
    put(std::uint64_t{values.size()});
    if constexpr (Bitwise<T>) {
      append(values.data(), values.size() * sizeof(T));
    } else {
      for (const T& v : values) put(v);
    }
  }
  template <class T>
  void put(const std::optional<T>& value) {
    put(std::uint8_t{value.has_value()});
    if (value) put(*value);
  }
  template <class T>
    requires(!Bitwise<T>)
  void put(const T& value) {
    fields(*this, value);
  }
};

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::byte> bytes) : bytes_(bytes) {}

  template <class... T>
  void operator()(T&... values) {
    (get(values), ...);
  }
  bool at_end() const { return at_ == bytes_.size(); }

 private:
  void take(void* data, std::size_t size) {
    if (size == 0) return;  // an empty vector's data() may be null, which memcpy must not get
    if (size > bytes_.size() - at_)
      throw std::runtime_error(fmt::format("bytes are truncated or damaged: {} bytes needed at {} of {}", size, at_, bytes_.size()));
    std::memcpy(data, bytes_.data() + at_, size);
    at_ += size;
  }
  std::size_t count(std::size_t element_size) {
    std::uint64_t n = 0;
    take(&n, sizeof n);
    // A count that cannot fit in what is left is damage, not a reason to allocate.
    if (element_size && n > (bytes_.size() - at_) / element_size)
      throw std::runtime_error(fmt::format("bytes are truncated or damaged: {} elements announced at {} of {}", n, at_, bytes_.size()));
    return static_cast<std::size_t>(n);
  }
  template <Bitwise T>
  void get(T& value) {
    take(&value, sizeof value);
  }
  void get(std::string& text) {
    text.resize(count(1));
    take(text.data(), text.size());
  }
  void get(std::filesystem::path& path) {
    std::string text;
    get(text);
    path = text;
  }
  template <class T>
  void get(std::vector<T>& values) {
    if constexpr (Bitwise<T>) {
      values.resize(count(sizeof(T)));
      take(values.data(), values.size() * sizeof(T));
    } else {
      values.resize(count(1));
      for (T& v : values) get(v);
    }
  }
  template <class T>
  void get(std::optional<T>& value) {
    std::uint8_t has = 0;
    get(has);
    if (!has) {
      value.reset();
      return;
    }
    value.emplace();
    get(*value);
  }
  template <class T>
    requires(!Bitwise<T>)
  void get(T& value) {
    fields(*this, value);
  }

  std::span<const std::byte> bytes_;
  std::size_t at_ = 0;
};

/// `value` as bytes.
template <class T>
std::vector<std::byte> to_bytes(const T& value) {
  ByteWriter writer;
  writer(value);
  return std::move(writer.bytes);
}

/// The value `bytes` hold, all of them; `what` names it in errors. @throws std::runtime_error.
template <class T>
T from_bytes(std::span<const std::byte> bytes, const char* what) {
  ByteReader reader(bytes);
  T value;
  reader(value);
  if (!reader.at_end()) throw std::runtime_error(fmt::format("{} has bytes left over: the two ends are different builds", what));
  return value;
}

}  // namespace trappsteg
