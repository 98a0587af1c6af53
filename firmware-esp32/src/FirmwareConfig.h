// Everything a device is configured with. On the board it comes from secrets.h; on the host
// from the command line (host/main.cpp).
#pragma once
#include <stdint.h>

namespace iotgw {

struct FirmwareConfig {
  const char *wifiSsid;
  const char *wifiPassword;
  const char *gatewayHost;  // IP address or host name
  uint16_t gatewayPort;
  const char *deviceId;     // 1-64 of A-Z a-z 0-9 _ . -
  uint32_t intervalMs;      // one reading per interval
  int statusLedPin;         // -1: none
  int userLedPin;           // switched by "led on|off" downlinks; -1: none
  int sensorPin;            // analog input read into each reading; -1: none
  uint32_t backoffBaseMs;
  uint32_t backoffCapMs;
  uint32_t echoTimeoutMs;
  uint32_t connectTimeoutMs;
};

const FirmwareConfig &firmwareConfig();

}  // namespace iotgw
