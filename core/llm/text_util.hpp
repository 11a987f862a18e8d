#pragma once
// Small string helpers shared by prompts, parsers and the offline interviewer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace interview::llm::text {

std::string trim(std::string_view s);
std::string to_lower(std::string_view s);
bool contains_ci(std::string_view haystack, std::string_view needle);
bool iequals(std::string_view a, std::string_view b);

// Replaces invalid UTF-8 sequences with U+FFFD so JSON serialisation never throws.
std::string sanitize_utf8(std::string_view s);
// At most max_bytes bytes, never cutting a UTF-8 sequence in half.
std::string truncate_utf8(std::string_view s, std::size_t max_bytes);

std::size_t word_count(std::string_view s);
// Sentences split after . ! ? (followed by space or end) and at line breaks;
// each trimmed, empty ones dropped, terminators kept.
std::vector<std::string> split_sentences(std::string_view s);
// Comma-separated list, items trimmed, empty items dropped.
std::vector<std::string> split_list(std::string_view s, char separator = ',');
// FNV-1a: a hash that is the same on every build (std::hash is not).
std::uint64_t stable_hash(std::string_view s);

}  // namespace interview::llm::text
