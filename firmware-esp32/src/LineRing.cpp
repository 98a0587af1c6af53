#include "LineRing.h"

#include <string.h>

namespace iotgw {

void LineRing::push(const char *line) {
  if (count_ == kSlots) {
    pop();
    dropped_++;
  }
  char *slot = slots_[(head_ + count_) % kSlots];
  strncpy(slot, line, kLineMax);
  slot[kLineMax] = '\0';
  count_++;
}

const char *LineRing::at(size_t i) const { return slots_[(head_ + i) % kSlots]; }

void LineRing::pop() {
  if (count_ == 0) {
    return;
  }
  head_ = (head_ + 1) % kSlots;
  count_--;
}

}  // namespace iotgw
