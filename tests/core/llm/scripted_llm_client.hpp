#pragma once
// An LlmClient for the tests of what sits on top of one: answers each call
// with the next entry of its script (the test fails if the script has run
// out), records every request, and runs `on_call` first if set.
#include <doctest/doctest.h>

#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/llm/llm_client.hpp"

namespace interview::testing {

struct ScriptedLlmClient : llm::LlmClient {
  ScriptedLlmClient(std::string provider, std::string model)
      : provider_(std::move(provider)), model_(std::move(model)) {}

  std::deque<Result<llm::LlmReply>> script;
  std::vector<llm::LlmRequest> seen;
  std::function<void(const llm::LlmRequest&)> on_call;

  Result<llm::LlmReply> generate(const llm::LlmRequest& r) override {
    seen.push_back(r);
    if (on_call) on_call(r);
    REQUIRE_FALSE(script.empty());
    auto next = script.front();
    script.pop_front();
    return next;
  }
  std::string provider() const override { return provider_; }
  std::string model() const override { return model_; }
  // A reply in this client's name.
  llm::LlmReply reply(const std::string& text) const { return llm::LlmReply{text, provider_, model_}; }

 private:
  std::string provider_, model_;
};

}  // namespace interview::testing
