#include "core/llm/llm_config.hpp"

#include <cstdlib>

#include "core/llm/text_util.hpp"

namespace interview::llm {
namespace {

std::optional<std::string> get(const EnvLookup& env, const std::string& name) {
  auto v = env(name);
  if (!v) return std::nullopt;
  auto t = text::trim(*v);
  if (t.empty()) return std::nullopt;
  return t;
}

Error invalid(const std::string& name, const std::string& value, const std::string& expected) {
  return make_error(ErrorKind::bad_request,
                    name + " is invalid ('" + value + "'): expected " + expected);
}

// Milliseconds in [min, max]; digits only.
std::optional<Error> read_ms(const EnvLookup& env, const std::string& name, long long min,
                             long long max, std::chrono::milliseconds& out) {
  auto v = get(env, name);
  if (!v) return std::nullopt;
  bool digits = v->size() <= 9 && v->find_first_not_of("0123456789") == std::string::npos;
  if (!digits || std::stoll(*v) < min || std::stoll(*v) > max) {
    return invalid(name, *v, "a whole number of milliseconds between " + std::to_string(min) +
                                 " and " + std::to_string(max));
  }
  out = std::chrono::milliseconds(std::stoll(*v));
  return std::nullopt;
}

std::optional<Error> read_url(const EnvLookup& env, const std::string& name, std::string& out) {
  auto v = get(env, name);
  if (!v) return std::nullopt;
  if (v->rfind("http://", 0) != 0 && v->rfind("https://", 0) != 0) {
    return invalid(name, *v, "an http:// or https:// URL");
  }
  while (!v->empty() && v->back() == '/') v->pop_back();
  out = *v;
  return std::nullopt;
}

}  // namespace

std::string to_string(Provider provider) {
  switch (provider) {
    case Provider::gemini: return "gemini";
    case Provider::openai: return "openai";
    case Provider::offline: return "offline";
  }
  return "offline";
}

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

std::string mask_secret(const std::string& secret) {
  if (secret.empty()) return "(unset)";
  if (secret.size() < 12) return "***";
  return "***" + secret.substr(secret.size() - 4);
}

Result<LlmConfig> load_llm_config(const EnvLookup& env) {
  LlmConfig c;
  if (auto key = get(env, "GEMINI_API_KEY")) c.gemini_api_key = *key;
  if (auto model = get(env, "GEMINI_MODEL")) c.gemini_model = *model;
  if (auto e = read_url(env, "GEMINI_BASE_URL", c.gemini_base_url)) return *e;
  if (auto e = read_ms(env, "GEMINI_TIMEOUT_MS", 100, 600000, c.gemini_timeout)) return *e;
  if (auto e = read_url(env, "OPENAI_BASE_URL", c.openai_base_url)) return *e;
  if (auto key = get(env, "OPENAI_API_KEY")) c.openai_api_key = *key;
  if (auto model = get(env, "OPENAI_MODEL")) c.openai_model = *model;
  if (auto e = read_ms(env, "OPENAI_TIMEOUT_MS", 100, 600000, c.openai_timeout)) return *e;
  if (auto e = read_ms(env, "LLM_RETRY_BUDGET_MS", 0, 600000, c.retry_budget)) return *e;
  if (auto role = get(env, "INTERVIEW_ROLE")) c.profile.role = *role;
  if (auto focus = get(env, "INTERVIEW_FOCUS")) {
    c.profile.focus = text::split_list(*focus);
    if (c.profile.focus.empty()) {
      return invalid("INTERVIEW_FOCUS", *focus, "a comma-separated list of technologies");
    }
  }
  if (c.gemini_model.find('/') != std::string::npos && c.gemini_model.rfind("models/", 0) != 0) {
    return invalid("GEMINI_MODEL", c.gemini_model, "a model name such as gemini-flash-latest");
  }

  auto provider = get(env, "LLM_PROVIDER");
  std::string chosen = provider ? text::to_lower(*provider)
                                : (c.gemini_api_key.empty() ? "offline" : "gemini");
  if (chosen == "gemini") c.provider = Provider::gemini;
  else if (chosen == "openai") c.provider = Provider::openai;
  else if (chosen == "offline") c.provider = Provider::offline;
  else return invalid("LLM_PROVIDER", *provider, "one of gemini, openai, offline");

  if (c.provider == Provider::gemini && c.gemini_api_key.empty()) {
    return make_error(ErrorKind::bad_request,
                      "LLM_PROVIDER=gemini needs GEMINI_API_KEY (or set LLM_PROVIDER=offline)");
  }
  if (c.provider == Provider::openai && (c.openai_base_url.empty() || c.openai_model.empty())) {
    return make_error(ErrorKind::bad_request,
                      "LLM_PROVIDER=openai needs OPENAI_BASE_URL and OPENAI_MODEL");
  }
  return c;
}

std::string LlmConfig::describe() const {
  std::string s = "llm provider=" + to_string(provider);
  switch (provider) {
    case Provider::gemini:
      s += " model=" + gemini_model + " base_url=" + gemini_base_url +
           " api_key=" + mask_secret(gemini_api_key) +
           " timeout_ms=" + std::to_string(gemini_timeout.count());
      break;
    case Provider::openai:
      s += " model=" + openai_model + " base_url=" + openai_base_url +
           " api_key=" + mask_secret(openai_api_key) +
           " timeout_ms=" + std::to_string(openai_timeout.count());
      break;
    case Provider::offline:
      s += " model=rule-based-v1";
      break;
  }
  s += " retry_budget_ms=" + std::to_string(retry_budget.count()) + " role=\"" + profile.role +
       "\" focus=\"" + join_focus(profile) + "\"";
  return s;
}

}  // namespace interview::llm
