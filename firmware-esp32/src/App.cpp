// The firmware's wiring on the board (and on the host, through the shim): Wi-Fi events only set
// a flag; loop() does the work — readings, the gateway link, the status LED, the watchdog.
#include "App.h"

#include <Preferences.h>
#include <WiFi.h>
#include <esp_random.h>
#include <esp_task_wdt.h>

#if defined(IOTGW_CA_CERT)
#include <NetworkClientSecure.h>
#endif

#include "FirmwareConfig.h"
#include "GatewayLink.h"
#include "Readings.h"
#include "StatusLed.h"

namespace iotgw {
namespace {

class ArduinoClock : public Clock {
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

class Device : public LinkListener {
public:
  uint32_t intervalMs = 10000;
  uint32_t lastEchoMs = 0;
  void onOnline() override { Serial.println("gateway: online"); }
  void onOffline(const char *why) override { Serial.printf("gateway: offline (%s)\n", why); }
  void onEchoOk() override { lastEchoMs = millis(); }
  void onEchoMismatch(const char *got) override { Serial.printf("gateway: unexpected line '%s'\n", got); }
  // Obeys a downlink and answers it with a line of its own, so the fleet sees it was done.
  void onCommand(const Command &command) override;
};

#if defined(IOTGW_CA_CERT)
NetworkClientSecure client;
#else
WiFiClient client;
#endif
ArduinoClock boardClock;
Device device;
GatewayLink *gatewayLink = nullptr;
uint32_t nextReadingMs = 0;
uint32_t readings = 0;
uint32_t nextStatusMs = 0;

void Device::onCommand(const Command &command) {
  const FirmwareConfig &config = firmwareConfig();
  char ack[40];
  if (command.kind == Command::Kind::Interval) {
    intervalMs = command.value;
    snprintf(ack, sizeof ack, "ack interval %lu", static_cast<unsigned long>(intervalMs));
  } else {
    bool on = command.kind == Command::Kind::LedOn;
    if (config.userLedPin >= 0) {
      digitalWrite(config.userLedPin, on ? HIGH : LOW);
    }
    snprintf(ack, sizeof ack, "ack led %s", on ? "on" : "off");
  }
  Serial.printf("command: %s\n", ack + 4);
  gatewayLink->send(ack);
}

}  // namespace

namespace app {

void printStatus() {
  Serial.printf("status: state=%d connects=%lu echoed=%lu echo_mismatches=%lu queued=%u dropped=%lu\n",
                static_cast<int>(gatewayLink->state()), static_cast<unsigned long>(gatewayLink->connects()),
                static_cast<unsigned long>(gatewayLink->echoed()),
                static_cast<unsigned long>(gatewayLink->echoMismatches()),
                static_cast<unsigned>(gatewayLink->outbox().size()),
                static_cast<unsigned long>(gatewayLink->outbox().dropped()));
}

void setup() {
  Serial.begin(115200);
  const FirmwareConfig &config = firmwareConfig();
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
  static Backoff backoff(config.backoffBaseMs, config.backoffCapMs, jitter);
  static GatewayLink link(client, boardClock, backoff, device,
                          {config.gatewayHost, config.gatewayPort, config.deviceId, config.echoTimeoutMs});
  gatewayLink = &link;

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
  const FirmwareConfig &config = firmwareConfig();
  uint32_t now = millis();
  if (static_cast<int32_t>(now - nextReadingMs) >= 0) {
    nextReadingMs = now + device.intervalMs;
    Reading reading = {++readings,
                       now,
                       ESP.getFreeHeap(),
                       wifiUp ? WiFi.RSSI() : 0,
                       config.sensorPin >= 0 ? analogRead(config.sensorPin) : -1,
                       gatewayLink->outbox().dropped()};
    char line[LineRing::kLineMax + 1];
    if (formatReading(line, sizeof line, reading) > 0) {
      gatewayLink->send(line);
    }
  }
  gatewayLink->poll(wifiUp);
  if (config.statusLedPin >= 0) {
    digitalWrite(config.statusLedPin, statusLedOn(gatewayLink->state(), now, device.lastEchoMs) ? HIGH : LOW);
  }
  if (static_cast<int32_t>(now - nextStatusMs) >= 0) {
    nextStatusMs = now + 60000;
    printStatus();
  }
  delay(2);
}

}  // namespace app
}  // namespace iotgw
