// Full-jitter exponential backoff: the n-th wait is uniform in [0, min(cap, base * 2^n)),
// so a fleet that lost its gateway does not knock again all at the same moment.
#pragma once
#include <stdint.h>

namespace iotgw {

class Backoff {
public:
  // random(bound) returns a uniform number in [0, bound).
  typedef uint32_t (*Random)(uint32_t bound);

  Backoff(uint32_t baseMs, uint32_t capMs, Random random);
  uint32_t nextDelayMs();
  void reset();
  uint32_t capMs() const { return capMs_; }

private:
  uint32_t baseMs_;
  uint32_t capMs_;
  Random random_;
  uint8_t attempt_ = 0;
};

}  // namespace iotgw
