// iot-gateway device firmware for ESP32 (arduino-esp32 core 3.x). Joins Wi-Fi, connects to the
// gateway, says HELLO, sends a reading every interval, checks every echo, obeys "led on|off" and
// "interval <ms>" downlinks, and never stops reconnecting. The logic lives in src/; this file
// only wires it to the board. Configure in secrets.h (copy secrets.h.example).
#include <Preferences.h>
#include <WiFi.h>
#include <esp_task_wdt.h>

#include "src/FirmwareConfig.h"
#include "src/GatewayLink.h"
#include "src/Readings.h"
#include "src/StatusLed.h"

#ifndef IOTGW_HOST
#include "secrets.h"
#if defined(IOTGW_CA_CERT)
#include <NetworkClientSecure.h>
#endif
const iotgw::FirmwareConfig &iotgw::firmwareConfig() {
  static const FirmwareConfig config = {IOTGW_WIFI_SSID, IOTGW_WIFI_PASSWORD, IOTGW_GATEWAY_HOST, IOTGW_GATEWAY_PORT,
                                        IOTGW_DEVICE_ID, IOTGW_INTERVAL_MS,   IOTGW_STATUS_LED,   IOTGW_USER_LED,
                                        IOTGW_SENSOR_PIN, 500,                30000,              10000,
                                        5000};
  return config;
}
#endif

namespace {

class ArduinoClock : public iotgw::Clock {
public:
  uint32_t nowMs() override { return millis(); }
};

uint32_t jitter(uint32_t bound) { return esp_random() % bound; }

// Set by the Wi-Fi event handler only; the work is done in loop().
volatile bool wifiUp = false;

void onWifiEvent(arduino_event_id_t event) {
  if (event == ARDUINO_EVENT_WIFI_STA_GOT_IP) {
    wifiUp = true;
  } else if (event == ARDUINO_EVENT_WIFI_STA_DISCONNECTED) {
    wifiUp = false;
  }
}

class Device : public iotgw::LinkListener {
public:
  uint32_t intervalMs = 10000;
  uint32_t lastEchoMs = 0;
  void onOnline() override { Serial.println("gateway: online"); }
  void onOffline(const char *why) override { Serial.printf("gateway: offline (%s)\n", why); }
  void onEchoOk() override { lastEchoMs = millis(); }
  void onEchoMismatch(const char *got) override { Serial.printf("gateway: unexpected line '%s'\n", got); }
  void onCommand(const iotgw::Command &command) override {
    const iotgw::FirmwareConfig &config = iotgw::firmwareConfig();
    if (command.kind == iotgw::Command::Kind::Interval) {
      intervalMs = command.value;
      Serial.printf("command: interval %lu ms\n", static_cast<unsigned long>(intervalMs));
    } else if (config.userLedPin >= 0) {
      digitalWrite(config.userLedPin, command.kind == iotgw::Command::Kind::LedOn ? HIGH : LOW);
      Serial.println(command.kind == iotgw::Command::Kind::LedOn ? "command: led on" : "command: led off");
    }
  }
};

#if defined(IOTGW_CA_CERT)
NetworkClientSecure client;
#else
WiFiClient client;
#endif
ArduinoClock clock_;
Device device;
iotgw::Backoff *backoff = nullptr;
iotgw::GatewayLink *link = nullptr;
uint32_t nextReadingMs = 0;
uint32_t readings = 0;
uint32_t nextStatusMs = 0;

}  // namespace

// One line of counters on the serial port.
void printStatus() {
  Serial.printf("status: state=%d connects=%lu echoed=%lu echo_mismatches=%lu queued=%u dropped=%lu\n",
                static_cast<int>(link->state()), static_cast<unsigned long>(link->connects()),
                static_cast<unsigned long>(link->echoed()), static_cast<unsigned long>(link->echoMismatches()),
                static_cast<unsigned>(link->outbox().size()), static_cast<unsigned long>(link->outbox().dropped()));
}

void setup() {
  Serial.begin(115200);
  const iotgw::FirmwareConfig &config = iotgw::firmwareConfig();
  device.intervalMs = config.intervalMs;
  if (config.statusLedPin >= 0) {
    pinMode(config.statusLedPin, OUTPUT);
  }
  if (config.userLedPin >= 0) {
    pinMode(config.userLedPin, OUTPUT);
  }

  Preferences prefs;  // counts boots, so a consumer can tell a reset from a gap
  prefs.begin("iotgw");
  uint32_t boots = prefs.getUInt("boots", 0) + 1;
  prefs.putUInt("boots", boots);
  prefs.end();
  Serial.printf("iot-gateway firmware: device %s, gateway %s:%u, boot %lu\n", config.deviceId, config.gatewayHost,
                config.gatewayPort, static_cast<unsigned long>(boots));

#if defined(IOTGW_CA_CERT)
  client.setCACert(IOTGW_CA_CERT);
#endif
  client.setConnectionTimeout(config.connectTimeoutMs);
  static iotgw::Backoff backoffInstance(config.backoffBaseMs, config.backoffCapMs, jitter);
  static iotgw::GatewayLink linkInstance(client, clock_, backoffInstance, device,
                                         {config.gatewayHost, config.gatewayPort, config.deviceId, config.echoTimeoutMs});
  backoff = &backoffInstance;
  link = &linkInstance;

  WiFi.onEvent(onWifiEvent);
  WiFi.mode(WIFI_STA);
  WiFi.setAutoReconnect(true);
  WiFi.begin(config.wifiSsid, config.wifiPassword);

  // The core started the task watchdog; make it ours: a loop() stuck this long resets the chip.
  esp_task_wdt_config_t watchdog = {30000, 0, true};
  esp_task_wdt_reconfigure(&watchdog);
  esp_task_wdt_add(nullptr);
}

void loop() {
  esp_task_wdt_reset();
  const iotgw::FirmwareConfig &config = iotgw::firmwareConfig();
  uint32_t now = millis();
  if (static_cast<int32_t>(now - nextReadingMs) >= 0) {
    nextReadingMs = now + device.intervalMs;
    iotgw::Reading reading = {++readings, now, ESP.getFreeHeap(), wifiUp ? WiFi.RSSI() : 0,
                              config.sensorPin >= 0 ? analogRead(config.sensorPin) : -1, link->outbox().dropped()};
    char line[iotgw::LineRing::kLineMax + 1];
    if (iotgw::formatReading(line, sizeof line, reading) > 0) {
      link->send(line);
    }
  }
  link->poll(wifiUp);
  if (config.statusLedPin >= 0) {
    digitalWrite(config.statusLedPin, iotgw::statusLedOn(link->state(), now, device.lastEchoMs) ? HIGH : LOW);
  }
  if (static_cast<int32_t>(now - nextStatusMs) >= 0) {
    nextStatusMs = now + 60000;
    printStatus();
  }
  delay(2);
}
