// The outgoing lines: a fixed ring of fixed-size slots (no heap), oldest first. Lines are taken
// off only when the gateway has echoed them, so what was read while offline is sent after the
// next connect. When full, the oldest line is dropped and counted.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace iotgw {

class LineRing {
public:
  static const size_t kSlots = 32;
  static const size_t kLineMax = 120;  // bytes, newline not included

  // Copies the line (truncated to kLineMax); drops the oldest when full.
  void push(const char *line);
  bool empty() const { return count_ == 0; }
  size_t size() const { return count_; }
  // The i-th line from the oldest; i < size().
  const char *at(size_t i) const;
  // Removes the oldest line.
  void pop();
  uint32_t dropped() const { return dropped_; }

private:
  char slots_[kSlots][kLineMax + 1] = {};
  size_t head_ = 0;
  size_t count_ = 0;
  uint32_t dropped_ = 0;
};

}  // namespace iotgw
