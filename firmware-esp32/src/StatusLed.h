// The status LED's patterns: a slow blink while waiting for Wi-Fi, a fast blink while reaching
// the gateway, steady on while online, a short dark flicker for each verified echo.
#pragma once
#include <stdint.h>

#include "GatewayLink.h"

namespace iotgw {

inline bool statusLedOn(GatewayLink::State state, uint32_t nowMs, uint32_t lastEchoMs) {
  switch (state) {
    case GatewayLink::State::WaitWifi:
      return nowMs % 1000 < 100;
    case GatewayLink::State::Online:
      return nowMs - lastEchoMs >= 50;
    default:
      return nowMs % 200 < 100;
  }
}

}  // namespace iotgw
