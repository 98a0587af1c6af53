// Everything a device is configured with. On the board it comes from secrets.h; on the host
// from the command line (host/main.cpp).
#pragma once
#include <Client.h>
#include <WiFi.h>
#include <stddef.h>
#include <stdint.h>

namespace iotgw {

struct FirmwareConfig {
  const char *wifiSsid;
  const char *wifiPassword;
  const char *gateways;     // "host[:port],host[:port]...", in order of preference (GatewayList)
  const char *deviceId;     // 1-64 of A-Z a-z 0-9 _ . -
  const char *deviceToken;  // said in HELLO after the id when not empty; never printed
  uint32_t intervalMs;      // one reading per interval
  int statusLedPin;         // -1: none
  int userLedPin;           // switched by "led on|off" downlinks; -1: none
  int sensorPin;            // analog input read into each reading; -1: none
  uint32_t backoffBaseMs;
  uint32_t backoffCapMs;
  uint32_t echoTimeoutMs;
  uint32_t connectTimeoutMs;
  uint32_t preferredRetryMs;  // while on another gateway, how often the first one is tried again
};

const FirmwareConfig &firmwareConfig();

// The gateway link's two clients (0: its own, 1: the spare that tries the preferred gateway),
// built and set up in this one place, next to the configuration: TLS with the configured CA
// certificate when there is one, plain TCP otherwise.
NetworkClient &gatewayClient(size_t which);
// "TLS" or "plain TCP", for the start-up line.
const char *gatewayTransport();
// Why the client's last connect failed, where it can say (TLS); false where it cannot.
bool connectError(Client &client, char *buf, size_t size);

}  // namespace iotgw
