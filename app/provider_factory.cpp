#include "app/provider_factory.hpp"

#include "core/llm/model_interviewer.hpp"
#include "core/llm/offline_interviewer.hpp"
#include "gcp/gemini/gemini_client.hpp"
#include "openai/openai_client.hpp"

namespace interview::llm {
namespace {

RetryPolicy policy_for(const LlmConfig& config) {
  RetryPolicy policy;
  policy.budget = config.retry_budget;
  if (config.retry_budget.count() == 0) policy.max_attempts = 1;
  return policy;
}

std::chrono::milliseconds call_deadline(const LlmConfig& config) {
  return config.provider == Provider::openai ? config.openai_timeout : config.gemini_timeout;
}

}  // namespace

Result<std::shared_ptr<LlmClient>> make_llm_client(const LlmConfig& config, RetryHooks hooks) {
  std::shared_ptr<LlmClient> adapter;
  switch (config.provider) {
    case Provider::gemini:
      if (config.gemini_api_key.empty()) {
        return make_error(ErrorKind::bad_request, "the gemini provider needs GEMINI_API_KEY");
      }
      adapter = std::make_shared<gemini::GeminiClient>(gemini::GeminiOptions{
          config.gemini_api_key, config.gemini_model, config.gemini_base_url, config.gemini_timeout});
      break;
    case Provider::openai:
      if (config.openai_base_url.empty() || config.openai_model.empty()) {
        return make_error(ErrorKind::bad_request,
                          "the openai provider needs OPENAI_BASE_URL and OPENAI_MODEL");
      }
      adapter = std::make_shared<openai::OpenAiClient>(openai::OpenAiOptions{
          config.openai_base_url, config.openai_api_key, config.openai_model, config.openai_timeout});
      break;
    case Provider::offline:
      return make_error(ErrorKind::bad_request, "the offline provider has no model client");
  }
  return std::shared_ptr<LlmClient>(
      std::make_shared<RetryingLlmClient>(adapter, policy_for(config), std::move(hooks)));
}

Result<std::shared_ptr<Interviewer>> make_interviewer(const LlmConfig& config, RetryHooks hooks) {
  if (config.provider == Provider::offline) {
    return std::shared_ptr<Interviewer>(std::make_shared<OfflineInterviewer>(config.profile));
  }
  auto client = make_llm_client(config, std::move(hooks));
  if (!client.ok()) return client.error();
  return std::shared_ptr<Interviewer>(
      std::make_shared<ModelInterviewer>(*client, config.profile, call_deadline(config)));
}

}  // namespace interview::llm
