// Time for the firmware's logic, behind an interface so tests can step it.
#pragma once
#include <stdint.h>

namespace iotgw {

class Clock {
public:
  virtual ~Clock() = default;
  // Milliseconds since start; wraps after 49 days, so compare with subtraction only.
  virtual uint32_t nowMs() = 0;
};

}  // namespace iotgw
