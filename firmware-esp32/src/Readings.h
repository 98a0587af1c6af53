// The demo reading, formatted into a fixed buffer (no String on the hot path).
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace iotgw {

struct Reading {
  uint32_t number;     // counts readings since boot, so a consumer sees gaps
  uint32_t uptimeMs;
  uint32_t freeHeap;
  int rssi;
  int sensor;          // -1 when no sensor pin is configured
  uint32_t dropped;    // readings dropped while offline (outbox full)
};

// Writes e.g. "n=7 uptime_ms=61000 heap=201344 rssi=-61 sensor=1893 dropped=0"; returns its length,
// or -1 if it did not fit.
int formatReading(char *buf, size_t size, const Reading &r);

}  // namespace iotgw
