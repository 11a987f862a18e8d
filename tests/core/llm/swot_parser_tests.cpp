#include <doctest/doctest.h>

#include "core/llm/swot_parser.hpp"

using namespace interview::llm;

TEST_CASE("plain JSON SWOT") {
  auto s = parse_swot_reply(R"({"strengths":["a","b"],"weaknesses":["c"],"opportunities":["d"],"threats":["e"]})");
  REQUIRE(s);
  CHECK(s->strengths == std::vector<std::string>{"a", "b"});
  CHECK(s->weaknesses == std::vector<std::string>{"c"});
  CHECK(s->opportunities == std::vector<std::string>{"d"});
  CHECK(s->threats == std::vector<std::string>{"e"});
  CHECK_FALSE(s->fallback);
}

TEST_CASE("fences, prose, key casing, singular keys and single strings") {
  auto s = parse_swot_reply(
      "Here is the analysis:\n```json\n{\"Strengths\": \"Strong React\", \"WEAKNESS\": [\"No tests\"], "
      "\"opportunities\": [\"Cloud\", 3], \"Threats\": []}\n```\nLet me know!");
  REQUIRE(s);
  CHECK(s->strengths == std::vector<std::string>{"Strong React"});
  CHECK(s->weaknesses == std::vector<std::string>{"No tests"});
  CHECK(s->opportunities == std::vector<std::string>{"Cloud", "3"});
  CHECK(s->threats.empty());
}

TEST_CASE("nested under swot_analysis and items as objects") {
  auto s = parse_swot_reply(
      R"({"swot_analysis": {"strengths": [{"point": "APIs"}], "weaknesses": ["x"], "opportunities": ["y"], "threats": ["z"]}})");
  REQUIRE(s);
  CHECK(s->strengths == std::vector<std::string>{"APIs"});
}

TEST_CASE("markdown sections") {
  auto s = parse_swot_reply(
      "## Strengths\n- Deep Django knowledge\n- Clear communicator\n**Weaknesses:**\n* Little cloud work\n"
      "Opportunities: grow into GCP\nThreats\n1. Competitive market\n");
  REQUIRE(s);
  CHECK(s->strengths == std::vector<std::string>{"Deep Django knowledge", "Clear communicator"});
  CHECK(s->weaknesses == std::vector<std::string>{"Little cloud work"});
  CHECK(s->opportunities == std::vector<std::string>{"grow into GCP"});
  CHECK(s->threats == std::vector<std::string>{"Competitive market"});
}

TEST_CASE("unusable SWOT output is reported") {
  CHECK_FALSE(parse_swot_reply(""));
  CHECK_FALSE(parse_swot_reply("The candidate seems fine."));
  CHECK_FALSE(parse_swot_reply(R"({"strengths": ["a"], "weaknesses": ["b"]})"));
  CHECK_FALSE(parse_swot_reply(R"({"strengths": [], "weaknesses": [], "opportunities": [], "threats": []})"));
  CHECK_FALSE(parse_swot_reply(R"({"raw": "text"})"));
}

TEST_CASE("fallback SWOT is marked and has the four lists, serialised without extras") {
  auto f = make_fallback_swot();
  CHECK(f.fallback);
  for (const auto* list : {&f.strengths, &f.weaknesses, &f.opportunities, &f.threats}) {
    REQUIRE(list->size() == 1);
    CHECK(list->front().find("could not be generated") != std::string::npos);
  }
  auto j = to_json(f);
  CHECK(j.size() == 4);
  CHECK_FALSE(j.contains("raw"));
  CHECK(j["threats"].is_array());
}
