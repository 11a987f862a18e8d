#pragma once
// Incremental HTTP/1.x response parser for the load client: feed it bytes as they
// arrive, take complete responses out in order (several may sit in one read when
// requests were pipelined). Bodies end per Content-Length, chunked encoding or, when
// neither is given, at end of stream. Bodies are kept only when asked (seeding needs
// the JSON; polling only needs to know where the response ends).
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>

namespace crowd {

struct Response {
  int status = 0;
  bool close = false;    // "Connection: close" or HTTP/1.0 without keep-alive
  std::string body;      // only with keep_body
};

class ResponseParser {
 public:
  enum class Result { need_more, complete, error };

  explicit ResponseParser(bool keep_body = false) : keep_body_(keep_body) {}

  // Appends bytes to the internal buffer.
  void feed(const char* data, size_t n) { buf_.append(data, n); }

  // Takes the next complete response out of the buffer, if there is one.
  Result next(Response& out) {
    while (true) {
      switch (state_) {
        case State::head: {
          size_t from = scanned_ > 3 ? scanned_ - 3 : 0;
          size_t end = buf_.find("\r\n\r\n", from);
          if (end == std::string::npos) {
            scanned_ = buf_.size();
            if (buf_.size() > kMaxHead) return fail("response header too large");
            return Result::need_more;
          }
          if (!parse_head(end)) return Result::error;
          consume(end + 4);
          scanned_ = 0;
          if (cur_.status >= 100 && cur_.status < 200 && cur_.status != 101) {
            cur_ = Response{};  // interim response: the real one follows
            continue;
          }
          if (cur_.status == 204 || cur_.status == 304 || (cur_.status >= 100 && cur_.status < 200)) {
            state_ = State::done;
          } else if (chunked_) {
            state_ = State::chunk_size;
          } else if (content_length_ >= 0) {
            remaining_ = static_cast<uint64_t>(content_length_);
            state_ = remaining_ == 0 ? State::done : State::body;
          } else {
            cur_.close = true;
            state_ = State::until_close;
          }
          break;
        }
        case State::body:
        case State::chunk_data:
          if (!take_remaining()) return Result::need_more;
          if (remaining_ == 0) state_ = state_ == State::body ? State::done : State::chunk_crlf;
          break;
        case State::chunk_size: {
          size_t eol = buf_.find("\r\n");
          if (eol == std::string::npos) {
            if (buf_.size() > 1024) return fail("chunk size line too long");
            return Result::need_more;
          }
          uint64_t size = 0;
          size_t i = 0;
          bool any = false;
          for (; i < eol && std::isxdigit(static_cast<unsigned char>(buf_[i])); ++i) {
            char c = buf_[i];
            int d = c <= '9' ? c - '0' : (std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
            if (size > (uint64_t{1} << 40)) return fail("chunk too large");
            size = size * 16 + static_cast<uint64_t>(d);
            any = true;
          }
          if (!any) return fail("bad chunk size");
          consume(eol + 2);
          if (size == 0) {
            state_ = State::trailers;
          } else {
            remaining_ = size;
            state_ = State::chunk_data;
          }
          break;
        }
        case State::chunk_crlf: {
          if (buf_.size() < 2) return Result::need_more;
          if (buf_[0] != '\r' || buf_[1] != '\n') return fail("chunk not followed by CRLF");
          consume(2);
          state_ = State::chunk_size;
          break;
        }
        case State::trailers: {
          size_t eol = buf_.find("\r\n");
          if (eol == std::string::npos) {
            if (buf_.size() > kMaxHead) return fail("trailers too large");
            return Result::need_more;
          }
          consume(eol + 2);
          if (eol == 0) state_ = State::done;
          break;
        }
        case State::until_close: {
          if (keep_body_) cur_.body += buf_;
          buf_.clear();
          return Result::need_more;
        }
        case State::done: {
          out = std::move(cur_);
          reset_message();
          return Result::complete;
        }
      }
    }
  }

  // The peer closed the stream: a body that runs until close is then complete.
  Result at_eof(Response& out) {
    if (state_ == State::until_close) {
      out = std::move(cur_);
      reset_message();
      return Result::complete;
    }
    return Result::need_more;
  }

  // True while a response has started but is not complete (or bytes are waiting).
  bool mid_response() const { return state_ != State::head || !buf_.empty(); }
  const std::string& error() const { return error_; }
  void reset() {
    buf_.clear();
    reset_message();
    error_.clear();
  }

 private:
  enum class State { head, body, chunk_size, chunk_data, chunk_crlf, trailers, until_close, done };
  static constexpr size_t kMaxHead = 64 * 1024;

  Result fail(const char* why) {
    error_ = why;
    return Result::error;
  }
  void consume(size_t n) { buf_.erase(0, n); }
  // Takes what is buffered of the remaining_ body (or chunk) bytes; false when
  // nothing is buffered.
  bool take_remaining() {
    size_t take = buf_.size() < remaining_ ? buf_.size() : static_cast<size_t>(remaining_);
    if (take == 0) return false;
    if (keep_body_) cur_.body.append(buf_, 0, take);
    consume(take);
    remaining_ -= take;
    return true;
  }
  void reset_message() {
    cur_ = Response{};
    state_ = State::head;
    scanned_ = 0;
    remaining_ = 0;
    content_length_ = -1;
    chunked_ = false;
  }

  static bool iequals(const std::string& a, const char* b) {
    size_t i = 0;
    for (; i < a.size() && b[i]; ++i)
      if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
        return false;
    return i == a.size() && !b[i];
  }
  static bool icontains(const std::string& hay, const char* needle) {
    std::string h;
    for (char c : hay) h += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return h.find(needle) != std::string::npos;
  }
  static std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  }

  bool parse_head(size_t end) {
    size_t eol = buf_.find("\r\n");
    std::string line = buf_.substr(0, eol);
    // "HTTP/1.1 200 OK"
    if (line.size() < 12 || line.compare(0, 5, "HTTP/") != 0 || line[8] != ' ') {
      fail("bad status line");
      return false;
    }
    bool http10 = line.compare(5, 3, "1.0") == 0;
    int status = 0;
    for (size_t i = 9; i < 12; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(line[i]))) {
        fail("bad status code");
        return false;
      }
      status = status * 10 + (line[i] - '0');
    }
    cur_.status = status;
    cur_.close = http10;
    size_t pos = eol + 2;
    while (pos < end) {
      size_t next = buf_.find("\r\n", pos);
      if (next == std::string::npos || next > end) next = end;
      std::string header = buf_.substr(pos, next - pos);
      pos = next + 2;
      size_t colon = header.find(':');
      if (colon == std::string::npos) continue;
      std::string name = trim(header.substr(0, colon));
      std::string value = trim(header.substr(colon + 1));
      if (iequals(name, "content-length")) {
        int64_t v = 0;
        if (value.empty()) {
          fail("bad content-length");
          return false;
        }
        for (char c : value) {
          if (!std::isdigit(static_cast<unsigned char>(c)) || v > (int64_t{1} << 40)) {
            fail("bad content-length");
            return false;
          }
          v = v * 10 + (c - '0');
        }
        content_length_ = v;
      } else if (iequals(name, "transfer-encoding")) {
        if (icontains(value, "chunked")) chunked_ = true;
      } else if (iequals(name, "connection")) {
        if (icontains(value, "close")) cur_.close = true;
        if (icontains(value, "keep-alive")) cur_.close = false;
      }
    }
    return true;
  }

  bool keep_body_;
  std::string buf_;
  Response cur_;
  State state_ = State::head;
  size_t scanned_ = 0;
  uint64_t remaining_ = 0;
  int64_t content_length_ = -1;
  bool chunked_ = false;
  std::string error_;
};

}  // namespace crowd
