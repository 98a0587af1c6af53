// Gathers incoming bytes into lines in a fixed buffer, across partial reads. A line longer than
// the buffer is cut short and flagged, never overflows.
#pragma once
#include <stddef.h>

namespace iotgw {

class LineReader {
public:
  static const size_t kMax = 160;

  // Takes one byte; true when it completed a line (available through line() until the next feed).
  bool feed(char c);
  const char *line() const { return buf_; }
  bool truncated() const { return truncated_; }
  void clear();

private:
  char buf_[kMax + 1] = {};
  size_t len_ = 0;
  bool complete_ = false;
  bool truncated_ = false;
};

}  // namespace iotgw
