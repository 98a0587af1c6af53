#include "Backoff.h"

namespace iotgw {

Backoff::Backoff(uint32_t baseMs, uint32_t capMs, Random random)
    : baseMs_(baseMs), capMs_(capMs), random_(random) {}

uint32_t Backoff::nextDelayMs() {
  uint64_t ceiling = static_cast<uint64_t>(baseMs_) << (attempt_ < 31 ? attempt_ : 31);
  if (ceiling > capMs_) {
    ceiling = capMs_;
  }
  if (attempt_ < 255) {
    attempt_++;
  }
  return random_(ceiling > 0 ? static_cast<uint32_t>(ceiling) : 1);
}

void Backoff::reset() { attempt_ = 0; }

}  // namespace iotgw
