#include "core/llm/llm_config.hpp"

namespace interview::llm {

std::string to_string(Provider provider) {
  switch (provider) {
    case Provider::gemini: return "gemini";
    case Provider::openai: return "openai";
    case Provider::offline: return "offline";
  }
  return "offline";
}

std::string mask_secret(const std::string& secret) {
  if (secret.empty()) return "(unset)";
  if (secret.size() < 12) return "***";
  return "***" + secret.substr(secret.size() - 4);
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
