#include "Readings.h"

#include <stdio.h>

namespace iotgw {

int formatReading(char *buf, size_t size, const Reading &r) {
  int n = snprintf(buf, size, "n=%lu uptime_ms=%lu heap=%lu rssi=%d sensor=%d dropped=%lu",
                   static_cast<unsigned long>(r.number), static_cast<unsigned long>(r.uptimeMs),
                   static_cast<unsigned long>(r.freeHeap), r.rssi, r.sensor, static_cast<unsigned long>(r.dropped));
  return n >= 0 && static_cast<size_t>(n) < size ? n : -1;
}

}  // namespace iotgw
