#pragma once
// Display names in English and Swedish for what the outputs name by key: outcomes, metrics,
// budget items, groups and the city; scenarios, districts, stages and policies bring their own
// (title/title_sv, name/name_sv in their files) through DisplayNames.

#include <map>
#include <string>
#include <string_view>

namespace trappsteg {

enum class Language { kEnglish, kSwedish };

/// "en" or "sv". @throws Error for anything else.
Language parse_language(std::string_view code);

/// `en` or `sv`, by `language`.
inline const char* in_language(Language language, const char* en, const char* sv) { return language == Language::kSwedish ? sv : en; }

/// Numbers written for people: in Swedish with a decimal comma (every '.' of `text` becomes ',';
/// give it numbers and units only).
std::string with_decimal_mark(std::string text, Language language);

/// Names from the input files: key → {English, Swedish} (an empty Swedish name falls back to
/// the English one).
struct DisplayNames {
  std::map<std::string, std::pair<std::string, std::string>, std::less<>> names;
  void add(const std::string& key, const std::string& en, const std::string& sv) { names[key] = {en, sv.empty() ? en : sv}; }
  /// The name of `key` in `language`, or nullptr if the files give none.
  const std::string* find(std::string_view key, Language language) const;
};

/// The display name of an outcome, metric, budget item or group key ("city" is "Whole city" /
/// "Hela staden"), or of a scenario, district, stage or policy that `files` names; the named gap
/// employment_gap_20_64_<a>_vs_<b> takes its districts' names from `files`. Unknown keys come
/// back as they are, so a new outcome is never hidden.
std::string display_name(std::string_view key, Language language, const DisplayNames* files = nullptr);

}  // namespace trappsteg
