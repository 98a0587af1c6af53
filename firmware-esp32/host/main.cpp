// Runs the very sketch on Linux: the command line stands in for secrets.h, SIGUSR1/SIGUSR2 drop
// and restore "Wi-Fi", SIGTERM/SIGINT end it with a last status line (exit 0).
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>

#include "../src/App.h"
#include "../src/FirmwareConfig.h"
#include "WiFi.h"

// The sketch's own functions, from firmware-esp32.ino.
void setup();
void loop();

namespace {

iotgw::FirmwareConfig config = {"host-network", "", "127.0.0.1", 12345, "esp32-host", 10000, 2, 4, 34,
                                500, 30000, 10000, 3000};
std::atomic<bool> stopping{false};
std::atomic<int> wifiChange{0};  // 1: lost, 2: back

void onSignal(int signal) {
  if (signal == SIGUSR1) {
    wifiChange = 1;
  } else if (signal == SIGUSR2) {
    wifiChange = 2;
  } else {
    stopping = true;
  }
}

[[noreturn]] void usage(const char *problem) {
  std::fprintf(stderr,
               "firmware-host: %s\nusage: firmware-host --host HOST --port PORT --id DEVICE_ID "
               "[--interval-ms MS] [--backoff-cap-ms MS] [--echo-timeout-ms MS]\n",
               problem);
  std::exit(2);
}

unsigned long number(const char *flag, const char *value, unsigned long min, unsigned long max) {
  char *end = nullptr;
  unsigned long n = std::strtoul(value, &end, 10);
  if (end == value || *end != '\0' || n < min || n > max) {
    static char message[160];
    std::snprintf(message, sizeof message, "%s must be a whole number from %lu to %lu, got '%s'", flag, min, max, value);
    usage(message);
  }
  return n;
}

}  // namespace

const iotgw::FirmwareConfig &iotgw::firmwareConfig() { return config; }

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *flag = argv[i];
    if (i + 1 >= argc) {
      usage("every option takes a value");
    }
    const char *value = argv[++i];
    if (std::strcmp(flag, "--host") == 0) {
      config.gatewayHost = value;
    } else if (std::strcmp(flag, "--port") == 0) {
      config.gatewayPort = static_cast<uint16_t>(number(flag, value, 1, 65535));
    } else if (std::strcmp(flag, "--id") == 0) {
      config.deviceId = value;
    } else if (std::strcmp(flag, "--interval-ms") == 0) {
      config.intervalMs = static_cast<uint32_t>(number(flag, value, 10, 86400000UL));
    } else if (std::strcmp(flag, "--backoff-cap-ms") == 0) {
      config.backoffCapMs = static_cast<uint32_t>(number(flag, value, 100, 3600000UL));
    } else if (std::strcmp(flag, "--echo-timeout-ms") == 0) {
      config.echoTimeoutMs = static_cast<uint32_t>(number(flag, value, 100, 3600000UL));
    } else {
      static char message[160];
      std::snprintf(message, sizeof message, "unknown option '%s'", flag);
      usage(message);
    }
  }
  struct sigaction action = {};
  action.sa_handler = onSignal;
  for (int s : {SIGTERM, SIGINT, SIGUSR1, SIGUSR2}) {
    sigaction(s, &action, nullptr);
  }
  setup();
  while (!stopping) {
    int change = wifiChange.exchange(0);
    if (change != 0) {
      WiFi.hostSetConnected(change == 2);
    }
    loop();
  }
  iotgw::app::printStatus();
  return 0;
}
