#include "Commands.h"

#include <stdlib.h>
#include <string.h>

namespace iotgw {

Command parseCommand(const char *line) {
  Command c;
  if (strcmp(line, "led on") == 0) {
    c.kind = Command::Kind::LedOn;
  } else if (strcmp(line, "led off") == 0) {
    c.kind = Command::Kind::LedOff;
  } else if (strncmp(line, "interval ", 9) == 0) {
    char *end = nullptr;
    unsigned long ms = strtoul(line + 9, &end, 10);
    if (end != line + 9 && *end == '\0' && ms >= 100 && ms <= 86400000UL) {
      c.kind = Command::Kind::Interval;
      c.value = static_cast<uint32_t>(ms);
    }
  }
  return c;
}

}  // namespace iotgw
