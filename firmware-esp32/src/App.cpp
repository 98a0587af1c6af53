// The firmware's wiring on the board (and on the host, through the shim): Wi-Fi events only set
// a flag; loop() does the work — readings, the gateway link, the status LED, the watchdog.
#include "App.h"

#include <Preferences.h>
#include <WiFi.h>
#include <esp_random.h>
#include <esp_task_wdt.h>

#include "DeviceId.h"
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
  void onOnline(size_t index) override;
  void onOffline(const char *why) override { Serial.printf("gateway: offline (%s)\n", why); }
  void onEchoOk() override { lastEchoMs = millis(); }
  void onEchoMismatch(const char *got) override;
  void onConnectFailed(size_t index, Client &client) override;
  // Obeys a downlink and answers it with a line of its own, so the fleet sees it was done.
  void onCommand(const Command &command) override;
};

GatewayList gateways;
char configError[160] = {};
ArduinoClock boardClock;
Device device;
GatewayLink *gatewayLink = nullptr;
uint32_t nextReadingMs = 0;
uint32_t readings = 0;
uint32_t nextStatusMs = 0;

void Device::onOnline(size_t index) {
  char gateway[GatewayList::kHostMax + 10];
  Serial.printf("gateway: online (%s)\n", gateways.describe(index, gateway, sizeof gateway));
}

// A line from the network, made safe to print: control characters as '?', at most 60 of them.
void printable(const char *text, char *out, size_t size) {
  size_t n = 0;
  for (; text[n] != '\0' && n + 1 < size && n < 60; n++) {
    out[n] = (text[n] < ' ' || text[n] == 0x7f) ? '?' : text[n];
  }
  out[n] = '\0';
}

void Device::onEchoMismatch(const char *got) {
  char shown[61];
  printable(got, shown, sizeof shown);
  Serial.printf("gateway: unexpected line '%s'\n", shown);
}

void Device::onConnectFailed(size_t index, Client &client) {
  char gateway[GatewayList::kHostMax + 10];
  char why[120];
  bool known = connectError(client, why, sizeof why);
  Serial.printf("gateway: cannot connect to %s%s%s%s\n", gateways.describe(index, gateway, sizeof gateway),
                known ? " (" : "", known ? why : "", known ? ")" : "");
}

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
  if (gatewayLink == nullptr) {
    Serial.printf("config: %s\n", configError);
    return;
  }
  const Outbox &outbox = gatewayLink->outbox();
  char gateway[GatewayList::kHostMax + 10];
  Serial.printf("status: state=%d gateway=%s connects=%lu echoed=%lu echo_mismatches=%lu queued=%u dropped=%lu "
                "resent=%lu refused=%lu\n",
                static_cast<int>(gatewayLink->state()),
                gateways.describe(gatewayLink->gatewayIndex(), gateway, sizeof gateway),
                static_cast<unsigned long>(gatewayLink->connects()), static_cast<unsigned long>(gatewayLink->echoed()),
                static_cast<unsigned long>(gatewayLink->echoMismatches()), static_cast<unsigned>(outbox.size()),
                static_cast<unsigned long>(outbox.dropped()), static_cast<unsigned long>(outbox.resent()),
                static_cast<unsigned long>(outbox.refused()));
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
  bool token = config.deviceToken[0] != '\0';
  Serial.printf("iot-gateway firmware: device %s, gateways %s over %s, %s, boot %lu\n", config.deviceId,
                config.gateways, gatewayTransport(), token ? "with a token" : "no token",
                static_cast<unsigned long>(boots));
  if (!validDeviceId(config.deviceId)) {
    snprintf(configError, sizeof configError, "IOTGW_DEVICE_ID must be 1 to 64 of A-Z a-z 0-9 _ . -, got '%.64s'",
             config.deviceId);
  } else if (token && !validToken(config.deviceToken)) {  // the token itself is never printed
    snprintf(configError, sizeof configError, "IOTGW_DEVICE_TOKEN must be 1 to 128 printable characters without spaces");
  } else {
    gateways.parse(config.gateways, "IOTGW_GATEWAYS", configError, sizeof configError);
  }
  if (configError[0] != '\0') {
    printStatus();  // and again every minute from loop(): nothing else runs with a bad configuration
    return;
  }

  static Backoff backoff(config.backoffBaseMs, config.backoffCapMs, jitter);
  static GatewayLink link(gatewayClient(0), gatewayClient(1), boardClock, backoff, device,
                          {&gateways, config.deviceId, token ? config.deviceToken : nullptr, config.echoTimeoutMs,
                           config.preferredRetryMs});
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
  if (gatewayLink == nullptr) {  // a bad configuration: say so now and then, do nothing else
    if (static_cast<int32_t>(now - nextStatusMs) >= 0) {
      nextStatusMs = now + 60000;
      printStatus();
    }
    delay(100);
    return;
  }
  if (static_cast<int32_t>(now - nextReadingMs) >= 0) {
    nextReadingMs = now + device.intervalMs;
    Reading reading = {++readings,
                       now,
                       ESP.getFreeHeap(),
                       wifiUp ? WiFi.RSSI() : 0,
                       config.sensorPin >= 0 ? analogRead(config.sensorPin) : -1,
                       gatewayLink->outbox().dropped()};
    char line[Outbox::kLineMax + 1];
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
