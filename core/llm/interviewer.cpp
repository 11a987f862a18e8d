#include "core/llm/interviewer.hpp"

namespace interview::llm {

nlohmann::json to_json(const SwotAnalysis& swot) {
  return nlohmann::json{{"strengths", swot.strengths},
                        {"weaknesses", swot.weaknesses},
                        {"opportunities", swot.opportunities},
                        {"threats", swot.threats}};
}

}  // namespace interview::llm
