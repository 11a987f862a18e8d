#include "ops/redact.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace interview::ops {
namespace {

constexpr std::string_view mask = "[REDACTED]";

bool token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '~' ||
         c == '+' || c == '/' || c == '=';
}

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

bool iequals_at(std::string_view s, std::size_t pos, std::string_view word) {
  if (pos + word.size() > s.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[pos + i])) != word[i]) return false;
  return true;
}

// -----BEGIN ... PRIVATE KEY----- through the matching END line (or the end
// of the text when it was cut off).
std::string mask_private_keys(std::string_view s) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t begin = s.find("-----BEGIN ", pos);
    if (begin == std::string_view::npos) break;
    std::size_t header_end = s.find("-----", begin + 11);
    if (header_end == std::string_view::npos) break;
    std::string_view header = s.substr(begin, header_end - begin);
    if (header.find("PRIVATE KEY") == std::string_view::npos) {
      out.append(s.substr(pos, header_end + 5 - pos));
      pos = header_end + 5;
      continue;
    }
    out.append(s.substr(pos, begin - pos));
    out.append("[REDACTED PRIVATE KEY]");
    std::size_t end = s.find("-----END ", header_end + 5);
    std::size_t end_close = end == std::string_view::npos ? end : s.find("-----", end + 9);
    pos = end_close == std::string_view::npos ? s.size() : end_close + 5;
  }
  out.append(s.substr(pos));
  return out;
}

// Google API keys: "AIza" and 35 more characters; 20 is enough to tell them
// from prose.
std::string mask_google_api_keys(std::string_view s) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t at = s.find("AIza", pos);
    if (at == std::string_view::npos) break;
    std::size_t end = at + 4;
    while (end < s.size() && name_char(s[end])) ++end;
    bool starts_word = at == 0 || !name_char(s[at - 1]);
    out.append(s.substr(pos, at - pos));
    if (starts_word && end - at >= 24) out.append(mask);
    else out.append(s.substr(at, end - at));
    pos = end;
  }
  out.append(s.substr(pos));
  return out;
}

// "Bearer <token>" in any case, as in an Authorization header.
std::string mask_bearer_tokens(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    bool word_start = i == 0 || !name_char(s[i - 1]);
    if (word_start && iequals_at(s, i, "bearer") && i + 6 < s.size() &&
        (s[i + 6] == ' ' || s[i + 6] == '\t')) {
      std::size_t v = i + 6;
      while (v < s.size() && (s[v] == ' ' || s[v] == '\t')) ++v;
      std::size_t end = v;
      while (end < s.size() && token_char(s[end])) ++end;
      if (end > v) {
        out.append(s.substr(i, v - i));
        out.append(mask);
        i = end;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

bool secret_name(std::string_view name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static constexpr std::array<std::string_view, 7> suffixes{"key", "token", "secret", "password",
                                                            "passwd", "credentials", "signature"};
  for (auto suffix : suffixes)
    if (lower.size() >= suffix.size() && lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0)
      return true;
  return false;
}

// name=value, name: value, "name": "value" where the name ends in key/token/...
std::string mask_named_values(std::string_view s) {
  std::string out;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '=' && s[i] != ':') continue;
    // The name just before, possibly closed by a quote ("token": ...).
    std::size_t name_end = i;
    if (name_end > 0 && (s[name_end - 1] == '"' || s[name_end - 1] == '\'')) --name_end;
    std::size_t name_begin = name_end;
    while (name_begin > 0 && name_char(s[name_begin - 1])) --name_begin;
    if (name_begin == name_end || !secret_name(s.substr(name_begin, name_end - name_begin))) continue;
    // The value: quoted, or up to a delimiter.
    std::size_t v = i + 1;
    while (v < s.size() && (s[v] == ' ' || s[v] == '\t')) ++v;
    std::size_t end = v;
    if (v < s.size() && (s[v] == '"' || s[v] == '\'')) {
      char quote = s[v++];
      end = v;
      while (end < s.size() && s[end] != quote) end += (s[end] == '\\' && end + 1 < s.size()) ? 2 : 1;
      end = std::min(end, s.size());
    } else {
      static constexpr std::string_view stop = " \t\r\n&,;\"'<>(){}[]";
      while (end < s.size() && stop.find(s[end]) == std::string_view::npos) ++end;
    }
    if (end == v || s.substr(v, end - v) == mask) continue;
    out.append(s.substr(copied, v - copied));
    out.append(mask);
    copied = end;
    i = end > 0 ? end - 1 : end;
  }
  out.append(s.substr(copied));
  return out;
}

}  // namespace

std::string redact(std::string_view text) {
  // Whole blocks first, so the later passes do not cut a key in pieces.
  std::string s = mask_private_keys(text);
  s = mask_google_api_keys(s);
  s = mask_bearer_tokens(s);
  return mask_named_values(s);
}

}  // namespace interview::ops
