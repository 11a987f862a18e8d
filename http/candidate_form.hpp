#pragma once
// POST /users/: the multipart form of a new candidate, validated, with the
// resume's text extracted. Nothing is stored here.
#include <httplib.h>

#include <string_view>

#include "actors/messages.hpp"
#include "resume/resume_text.hpp"
#include "core/result.hpp"

namespace interview::http {

constexpr std::size_t kMaxFieldLength = 256;

bool looks_like_email(std::string_view email);
Result<actors::new_user_msg> read_candidate_form(const httplib::Request& req,
                                                 const resume::Limits& limits);

}  // namespace interview::http
