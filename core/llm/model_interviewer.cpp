#include "core/llm/model_interviewer.hpp"

#include "core/llm/prompts.hpp"
#include "core/llm/reply_parser.hpp"
#include "core/llm/swot_parser.hpp"

namespace interview::llm {
namespace {
constexpr int kParseAttempts = 2;  // the first reply and one more try
}

ModelInterviewer::ModelInterviewer(std::shared_ptr<LlmClient> client, InterviewProfile profile,
                                   std::chrono::milliseconds deadline)
    : client_(std::move(client)), profile_(std::move(profile)), deadline_(deadline) {}

Result<InterviewTurn> ModelInterviewer::opening(const InterviewContext& context) {
  return turn(build_opening_request(profile_, context), "opening question");
}

Result<InterviewTurn> ModelInterviewer::next_turn(const InterviewContext& context) {
  return turn(build_turn_request(profile_, context), "next question");
}

Result<InterviewTurn> ModelInterviewer::turn(LlmRequest request, const char* step) {
  request.deadline = deadline_;
  std::size_t last_length = 0;
  for (int attempt = 0; attempt < kParseAttempts; ++attempt) {
    auto reply = client_->generate(request);
    if (!reply.ok()) return reply.error();
    if (auto parsed = parse_turn_reply(reply->text)) {
      return InterviewTurn{parsed->bot_response, parsed->next_question, reply->provider,
                           reply->model};
    }
    last_length = reply->text.size();
  }
  // The reply text is not quoted: it may echo the candidate's resume.
  return make_error(ErrorKind::unavailable,
                    "model '" + client_->model() + "' gave no usable " + step + " in " +
                        std::to_string(kParseAttempts) + " replies (last reply " +
                        std::to_string(last_length) + " bytes)");
}

Result<SwotAnalysis> ModelInterviewer::swot(const InterviewContext& context) {
  LlmRequest request = build_swot_request(profile_, context);
  request.deadline = deadline_;
  for (int attempt = 0; attempt < kParseAttempts; ++attempt) {
    auto reply = client_->generate(request);
    if (!reply.ok()) return reply.error();
    if (auto parsed = parse_swot_reply(reply->text)) {
      parsed->provider = reply->provider;
      parsed->model = reply->model;
      return *parsed;
    }
  }
  SwotAnalysis fallback = make_fallback_swot();
  fallback.provider = client_->provider();
  fallback.model = client_->model();
  return fallback;
}

}  // namespace interview::llm
