// Gathers incoming bytes into lines in a fixed buffer, across partial reads. A line longer than
// the buffer is never cut short and taken for another: it is discarded whole, up to its newline,
// and counted.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace iotgw {

class LineReader {
public:
  static const size_t kMax = 160;

  // Takes one byte; true when it completed a line that fits (available through line() until the
  // next feed). The newline of an over-long line completes nothing: that line is counted instead.
  bool feed(char c);
  const char *line() const { return buf_; }
  uint32_t discarded() const { return discarded_; }
  // Forgets a partial line (the connection it came from is gone).
  void clear();

private:
  char buf_[kMax + 1] = {};
  size_t len_ = 0;
  bool complete_ = false;
  bool overlong_ = false;
  uint32_t discarded_ = 0;
};

}  // namespace iotgw
