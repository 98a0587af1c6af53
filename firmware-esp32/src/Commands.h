// The downlink commands the firmware understands, one per line: "led on", "led off",
// "interval <ms>".
#pragma once
#include <stdint.h>

namespace iotgw {

struct Command {
  enum class Kind { None, LedOn, LedOff, Interval };
  Kind kind = Kind::None;
  uint32_t value = 0;
};

// Parses a line; Kind::None when it is no command (or an interval out of 100 ms .. 1 day).
Command parseCommand(const char *line);

}  // namespace iotgw
