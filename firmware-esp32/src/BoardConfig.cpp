// The board's configuration, from secrets.h (copy secrets.h.example). The host build gets its
// configuration from the command line instead (host/main.cpp).
#ifndef IOTGW_HOST
#include "../secrets.h"
#include "FirmwareConfig.h"

const iotgw::FirmwareConfig &iotgw::firmwareConfig() {
  static const FirmwareConfig config = {
      IOTGW_WIFI_SSID, IOTGW_WIFI_PASSWORD, IOTGW_GATEWAY_HOST, IOTGW_GATEWAY_PORT, IOTGW_DEVICE_ID,
      IOTGW_INTERVAL_MS, IOTGW_STATUS_LED, IOTGW_USER_LED, IOTGW_SENSOR_PIN,
      500,    // backoff base, ms
      30000,  // backoff cap, ms
      10000,  // echo timeout, ms
      5000,   // connect timeout, ms
  };
  return config;
}
#endif
