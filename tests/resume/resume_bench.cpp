// Extraction benchmark: median wall time over repetitions per file.
// scripts/bench-resume runs it (and /usr/bin/time -v for peak memory).
//   resume_bench [--reps N] [--max-chars N] [--print] FILE...
// --max-chars raises the text cap so a long PDF is read to its last page.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "resume/resume_text.hpp"

int main(int argc, char** argv) {
  int reps = 20;
  bool print = false;
  interview::resume::Limits limits;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--reps" && i + 1 < argc) reps = std::max(1, std::atoi(argv[++i]));
    else if (arg == "--max-chars" && i + 1 < argc) limits.max_chars = std::strtoul(argv[++i], nullptr, 10);
    else if (arg == "--print") print = true;
    else files.push_back(arg);
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: %s [--reps N] [--max-chars N] [--print] FILE...\n", argv[0]);
    return 2;
  }
  int status = 0;
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<double> ms;
    std::size_t chars = 0;
    for (int r = 0; r < reps; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      const auto result = interview::resume::extract_text(bytes, limits);
      const auto t1 = std::chrono::steady_clock::now();
      ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      if (!result) {
        std::fprintf(stderr, "%s: %s\n", file.c_str(), result.error().message.c_str());
        status = 1;
        break;
      }
      chars = result->text.size();
      if (print && r == 0) std::printf("%s", result->text.c_str());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%s\tbytes=%zu\ttext_bytes=%zu\treps=%zu\tmedian_ms=%.2f\tmin_ms=%.2f\tmax_ms=%.2f\n", file.c_str(),
                bytes.size(), chars, ms.size(), ms[ms.size() / 2], ms.front(), ms.back());
  }
  return status;
}
