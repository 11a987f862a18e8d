#pragma once
// What the interview is for: the role and its focus technologies
// (INTERVIEW_ROLE / INTERVIEW_FOCUS). Shared by the prompts and the offline
// interviewer.
#include <string>
#include <vector>

namespace interview::llm {

struct InterviewProfile {
  std::string role = "Full Stack Cloud Engineer";
  std::vector<std::string> focus = {"Next.js", "React", "FastAPI", "Flask", "Django",
                                    "Google Cloud"};
};

// "Next.js, React, ..." for prompts and logs.
std::string join_focus(const InterviewProfile& profile);

}  // namespace interview::llm
