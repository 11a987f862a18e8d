#include "core/llm/tech_catalog.hpp"

#include <cctype>

#include "core/llm/text_util.hpp"

namespace interview::llm {
namespace {
bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
}  // namespace

const std::vector<Topic>& tech_catalog() {
  static const std::vector<Topic> catalog = {
      {"Next.js", {"next.js", "nextjs", "next js"},
       {"In your Next.js work, how did you decide between server-side rendering, static "
        "generation and client-side rendering for a page?",
        "How have you handled data fetching and caching in a Next.js application, and what "
        "trade-offs did you notice?",
        "What would you look at first if a Next.js page became slow in production?"}},
      {"React", {"react", "react.js", "reactjs"},
       {"How do you decide where state should live in a React application, and when do you "
        "reach for a state management library?",
        "Tell me about a React performance problem you ran into and how you diagnosed it.",
        "How do you keep a growing React codebase maintainable for a whole team?"}},
      {"FastAPI", {"fastapi", "fast api"},
       {"What made you choose FastAPI for a service, and how did its async model affect "
        "your design?",
        "How have you structured validation, dependencies and error handling in a FastAPI "
        "project?",
        "How would you take a FastAPI service from a prototype to something you are "
        "comfortable running in production?"}},
      {"Flask", {"flask"},
       {"How did you structure a Flask application once it grew beyond a single file?",
        "Which limits of Flask have you run into, and how did you work around them?"}},
      {"Django", {"django"},
       {"Which parts of Django's batteries-included approach helped you most, and where did "
        "it get in your way?",
        "How have you handled schema migrations in a Django project that already had real "
        "users?",
        "How do you keep Django views and models from growing too large?"}},
      {"Google Cloud",
       {"google cloud", "gcp", "cloud run", "firestore", "bigquery", "app engine", "gke",
        "cloud functions", "pub/sub"},
       {"Which Google Cloud services have you combined in a project, and why did you pick "
        "them over the alternatives?",
        "How have you deployed and scaled a service on Google Cloud, for example on Cloud "
        "Run or GKE?",
        "How do you manage secrets, permissions and service accounts in a Google Cloud "
        "project?"}},
      {"Python", {"python"},
       {"How do you organise a Python project so that it stays testable and easy to deploy?",
        "When have you had to deal with concurrency in Python, and which approach did you "
        "choose?"}},
      {"TypeScript", {"typescript", "javascript"},
       {"What has TypeScript changed in the way you design front-end or Node.js code?",
        "How do you approach error handling in asynchronous JavaScript code?"}},
      {"Node.js", {"node.js", "nodejs", "express.js", "expressjs"},
       {"How have you kept a Node.js backend responsive under load?"}},
      {"Docker", {"docker", "containers", "containerized", "containerised"},
       {"How do you keep Docker images small, secure and reproducible?",
        "Which problems did containerising an application solve for you, and which new "
        "ones did it bring?"}},
      {"Kubernetes", {"kubernetes", "k8s"},
       {"What did running workloads on Kubernetes teach you about reliability and "
        "deployments?"}},
      {"AWS", {"aws", "amazon web services", "lambda", "ec2"},
       {"Which AWS services have you relied on, and how do they compare with their "
        "counterparts on other clouds?"}},
      {"Databases", {"postgresql", "postgres", "mysql", "mongodb", "redis", "sqlite"},
       {"How do you choose between a relational database and a document store for a new "
        "feature?",
        "Tell me about a time database performance became a problem and how you approached "
        "it."}},
      {"CI/CD", {"ci/cd", "github actions", "gitlab ci", "jenkins", "continuous integration"},
       {"How have you set up continuous integration and delivery, and what did every change "
        "have to pass before it shipped?"}},
      {"Testing", {"pytest", "jest", "cypress", "unit tests", "unit testing", "tdd"},
       {"How do you decide what to test, and at which level, in a full-stack application?"}},
      {"APIs", {"rest api", "restful", "graphql", "api", "apis"},
       {"How do you design an API so that it can evolve without breaking its clients?"}},
  };
  return catalog;
}

Topic general_topic(const std::string& role) {
  return {"general experience",
          {},
          {"Tell me about the project on your resume you are most proud of, and what your own "
           "contribution was.",
           "Describe a difficult production issue you were involved in. How did you find the "
           "cause?",
           "How do you approach a technical decision when the team disagrees?",
           "What does a good code review look like to you, from both sides?",
           "How do you keep your technical skills up to date, and what have you learned "
           "recently?",
           "If you joined us as a " + role +
               ", what would you want to learn or improve in your first months?"}};
}

Topic focus_topic(const std::string& focus_item) {
  for (const auto& topic : tech_catalog()) {
    if (mentions(focus_item, topic) || text::iequals(topic.name, focus_item)) return topic;
  }
  return {focus_item,
          {text::to_lower(focus_item)},
          {"How have you used " + focus_item +
               " in your work, and what trade-offs or lessons did it bring?",
           "What do you consider good practice when running " + focus_item +
               " in production?"}};
}

Topic transfer_topic(const Topic& missing, const std::string& role) {
  return {missing.name,
          missing.aliases,
          {"The " + role + " role involves " + missing.name +
           ". What experience do you have that would transfer to it, and how would you get "
           "productive with it?"}};
}

bool mentions(std::string_view text, const Topic& topic) {
  std::string lower = text::to_lower(text);
  for (const auto& alias : topic.aliases) {
    if (alias.empty()) continue;
    for (auto pos = lower.find(alias); pos != std::string::npos;
         pos = lower.find(alias, pos + 1)) {
      bool start_ok = pos == 0 || !is_word_char(lower[pos - 1]);
      std::size_t end = pos + alias.size();
      bool end_ok = end >= lower.size() || !is_word_char(lower[end]);
      if (start_ok && end_ok) return true;
    }
  }
  return false;
}

}  // namespace interview::llm
