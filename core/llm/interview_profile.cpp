#include "core/llm/interview_profile.hpp"

namespace interview::llm {

std::string join_focus(const InterviewProfile& profile) {
  std::string out;
  for (const auto& f : profile.focus) {
    if (!out.empty()) out += ", ";
    out += f;
  }
  return out;
}

}  // namespace interview::llm
