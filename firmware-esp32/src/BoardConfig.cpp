// The board's configuration, from secrets.h (copy secrets.h.example). The host build gets its
// configuration from the command line instead (host/main.cpp).
#ifndef IOTGW_HOST
#include "../secrets.h"
#include "FirmwareConfig.h"

#if defined(IOTGW_CA_CERT)
#include <NetworkClientSecure.h>
#endif

#define IOTGW_TEXT(x) #x
#define IOTGW_NUMBER_TEXT(x) IOTGW_TEXT(x)

#if !defined(IOTGW_GATEWAYS) && defined(IOTGW_GATEWAY_HOST)
// A secrets.h from before gateway lists: its one gateway.
#define IOTGW_GATEWAYS IOTGW_GATEWAY_HOST ":" IOTGW_NUMBER_TEXT(IOTGW_GATEWAY_PORT)
#endif
#ifndef IOTGW_PREFERRED_RETRY_MS
#define IOTGW_PREFERRED_RETRY_MS 60000
#endif
#ifndef IOTGW_DEVICE_TOKEN
#define IOTGW_DEVICE_TOKEN ""
#endif

const iotgw::FirmwareConfig &iotgw::firmwareConfig() {
  static const FirmwareConfig config = {
      IOTGW_WIFI_SSID, IOTGW_WIFI_PASSWORD, IOTGW_GATEWAYS, IOTGW_DEVICE_ID, IOTGW_DEVICE_TOKEN,
      IOTGW_INTERVAL_MS, IOTGW_STATUS_LED, IOTGW_USER_LED, IOTGW_SENSOR_PIN,
      500,    // backoff base, ms
      30000,  // backoff cap, ms
      10000,  // echo timeout, ms
      5000,   // connect timeout, ms
      IOTGW_PREFERRED_RETRY_MS,
  };
  return config;
}

#if defined(IOTGW_CA_CERT)
NetworkClient &iotgw::gatewayClient(size_t which) {
  static NetworkClientSecure clients[2];
  static bool ready = false;
  if (!ready) {
    for (NetworkClientSecure &c : clients) {
      c.setCACert(IOTGW_CA_CERT);
      c.setConnectionTimeout(firmwareConfig().connectTimeoutMs);
      // The core's default is 120 s, longer than the watchdog lets loop() take.
      c.setHandshakeTimeout((firmwareConfig().connectTimeoutMs + 999) / 1000);
    }
    ready = true;
  }
  return clients[which % 2];
}

const char *iotgw::gatewayTransport() { return "TLS"; }

bool iotgw::connectError(Client &client, char *buf, size_t size) {
  static_cast<NetworkClientSecure &>(client).lastError(buf, size);  // every gateway client is one here
  return buf[0] != '\0';
}
#else
NetworkClient &iotgw::gatewayClient(size_t which) {
  static NetworkClient clients[2];
  static bool ready = false;
  if (!ready) {
    for (NetworkClient &c : clients) {
      c.setConnectionTimeout(firmwareConfig().connectTimeoutMs);
    }
    ready = true;
  }
  return clients[which % 2];
}

const char *iotgw::gatewayTransport() { return "plain TCP"; }

bool iotgw::connectError(Client &client, char *buf, size_t size) {
  (void)client;
  (void)buf;
  (void)size;
  return false;
}
#endif
#endif
