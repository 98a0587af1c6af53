// iot-gateway device firmware for ESP32 (arduino-esp32 core 3.x). Joins Wi-Fi, connects to the
// gateway, says HELLO, sends a reading every interval, checks every echo, obeys "led on|off" and
// "interval <ms>" downlinks, and never stops reconnecting. Configure it in secrets.h (copy
// secrets.h.example); the logic lives in src/, this file only hands over to it.
#include <Preferences.h>
#include <WiFi.h>

#include "src/App.h"

void setup() { iotgw::app::setup(); }

void loop() { iotgw::app::loop(); }
