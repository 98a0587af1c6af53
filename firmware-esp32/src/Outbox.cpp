#include "Outbox.h"

#include <string.h>

namespace iotgw {

Outbox::Outbox() {
  for (size_t i = 0; i < kSlots; i++) {
    order_[i] = static_cast<uint8_t>(i);
  }
}

bool Outbox::push(const char *line) {
  size_t len = strnlen(line, kLineMax + 1);
  if (len > kLineMax || memchr(line, '\n', len) != nullptr || memchr(line, '\r', len) != nullptr) {
    refused_++;
    return false;
  }
  if (count_ == kSlots) {
    dropped_++;
    if (inFlight_ == count_) {
      return false;  // every slot awaits its echo: the newest line is the oldest unsent one
    }
    removeAt(inFlight_);
  }
  uint8_t slot = order_[count_];
  memcpy(slots_[slot], line, len + 1);
  written_[slot] = false;
  count_++;
  return true;
}

const char *Outbox::sendNext() {
  if (inFlight_ == count_) {
    return nullptr;
  }
  uint8_t slot = order_[inFlight_++];
  if (written_[slot]) {
    resent_++;
  }
  written_[slot] = true;
  return slots_[slot];
}

bool Outbox::takeEcho(const char *line) {
  if (inFlight_ == 0 || strcmp(line, at(0)) != 0) {
    return false;
  }
  removeAt(0);
  inFlight_--;
  return true;
}

void Outbox::removeAt(size_t i) {
  uint8_t freed = order_[i];
  memmove(&order_[i], &order_[i + 1], count_ - i - 1);
  order_[count_ - 1] = freed;
  count_--;
}

}  // namespace iotgw
