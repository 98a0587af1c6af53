// Runs the very sketch on Linux: the command line stands in for secrets.h, SIGUSR1/SIGUSR2 drop
// and restore "Wi-Fi", SIGTERM/SIGINT end it with a last status line (exit 0).
#include <errno.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>

#include "../src/App.h"
#include "../src/DeviceId.h"
#include "../src/FirmwareConfig.h"
#include "../src/GatewayList.h"
#include "NetworkClientSecure.h"
#include "WiFi.h"

// The sketch's own functions, from firmware-esp32.ino.
void setup();
void loop();

namespace {

iotgw::FirmwareConfig config = {"host-network", "", nullptr, "esp32-host", "", 10000, 2, 4, 34,
                                500, 30000, 10000, 3000, 60000};
std::string caCert;  // PEM of --ca; empty: plain TCP
std::string token;
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

const char kUsage[] =
    "usage: firmware-host (--gateway HOST:PORT[,HOST:PORT...] | --host HOST [--port PORT]) [--id DEVICE_ID]\n"
    "                     [--ca FILE] [--token-file FILE] [--interval-ms MS] [--backoff-cap-ms MS]\n"
    "                     [--echo-timeout-ms MS] [--preferred-retry-ms MS]\n";

[[noreturn]] void usage(const char *problem) {
  std::fprintf(stderr, "firmware-host: %s\nTry 'firmware-host --help' for more information.\n", problem);
  std::exit(2);
}

[[noreturn]] void help() {
  std::printf("The ESP32 firmware run on Linux, with the command line in place of secrets.h.\n%s\n"
              "  --gateway LIST          gateways in order of preference, e.g. pi-a:12345,pi-b:12345 (port 12345 if\n"
              "                          left out; [v6-address]:port); the first that answers is used\n"
              "  --host HOST, --port PORT  one gateway (default port 12345)\n"
              "  --id DEVICE_ID          said in HELLO: 1 to 64 of A-Z a-z 0-9 _ . - (default esp32-host)\n"
              "  --ca FILE               TLS: the CA certificate (PEM) the gateway's certificate must chain to, as\n"
              "                          IOTGW_CA_CERT on the board; without it, plain TCP\n"
              "  --token-file FILE       the device token (first line of FILE), said in HELLO after the id, as\n"
              "                          IOTGW_DEVICE_TOKEN on the board; never printed\n"
              "  --interval-ms MS        one reading every MS (default 10000)\n"
              "  --backoff-cap-ms MS     longest wait between reconnects (default 30000)\n"
              "  --echo-timeout-ms MS    an echo later than this ends the connection (default 10000)\n"
              "  --preferred-retry-ms MS while on another gateway, how often the first is tried again (default 60000)\n"
              "\nSignals: SIGUSR1 drops \"Wi-Fi\", SIGUSR2 restores it, SIGTERM prints the counters and exits 0.\n",
              kUsage);
  std::exit(0);
}

unsigned long number(const char *flag, const char *value, unsigned long min, unsigned long max) {
  char *end = nullptr;
  unsigned long n = std::strtoul(value, &end, 10);
  if (end == value || *end != '\0' || n < min || n > max || value[0] == '-') {
    static char message[160];
    std::snprintf(message, sizeof message, "%s must be a whole number from %lu to %lu, got '%.40s'", flag, min, max,
                  value);
    usage(message);
  }
  return n;
}

// The whole file, or its first line without the line break; exits 2 when it cannot be read.
std::string readFile(const char *flag, const char *path, bool firstLineOnly) {
  std::ifstream in(path);
  if (!in) {
    static char message[200];
    std::snprintf(message, sizeof message, "%s file '%.100s' cannot be read: %s", flag, path, std::strerror(errno));
    usage(message);
  }
  std::string text;
  if (firstLineOnly) {
    std::getline(in, text);
    if (!text.empty() && text.back() == '\r') {
      text.pop_back();
    }
  } else {
    std::ostringstream all;
    all << in.rdbuf();
    text = all.str();
  }
  return text;
}

// Reads the command line into `config`; exits 2 with one line on a bad one.
void parseArguments(int argc, char **argv) {
  const char *host = nullptr;
  unsigned long port = iotgw::GatewayList::kDefaultPort;
  for (int i = 1; i < argc; i++) {
    const char *flag = argv[i];
    if (std::strcmp(flag, "--help") == 0 || std::strcmp(flag, "-h") == 0) {
      help();
    }
    if (i + 1 >= argc) {
      static char message[80];
      std::snprintf(message, sizeof message, "option '%.40s' takes a value", flag);
      usage(message);
    }
    const char *value = argv[++i];
    if (std::strcmp(flag, "--gateway") == 0) {
      config.gateways = value;
    } else if (std::strcmp(flag, "--host") == 0) {
      host = value;
    } else if (std::strcmp(flag, "--port") == 0) {
      port = number(flag, value, 1, 65535);
    } else if (std::strcmp(flag, "--id") == 0) {
      config.deviceId = value;
    } else if (std::strcmp(flag, "--ca") == 0) {
      caCert = readFile(flag, value, false);
      if (caCert.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
        static char message[200];
        std::snprintf(message, sizeof message, "--ca must name a PEM certificate file, got '%.100s'", value);
        usage(message);
      }
    } else if (std::strcmp(flag, "--token-file") == 0) {
      token = readFile(flag, value, true);
      if (!iotgw::validToken(token.c_str())) {  // never the token itself in the message
        usage("--token-file must hold a token of 1 to 128 printable characters without spaces on its first line");
      }
      config.deviceToken = token.c_str();
    } else if (std::strcmp(flag, "--interval-ms") == 0) {
      config.intervalMs = static_cast<uint32_t>(number(flag, value, 10, 86400000UL));
    } else if (std::strcmp(flag, "--backoff-cap-ms") == 0) {
      config.backoffCapMs = static_cast<uint32_t>(number(flag, value, 100, 3600000UL));
    } else if (std::strcmp(flag, "--echo-timeout-ms") == 0) {
      config.echoTimeoutMs = static_cast<uint32_t>(number(flag, value, 100, 3600000UL));
    } else if (std::strcmp(flag, "--preferred-retry-ms") == 0) {
      config.preferredRetryMs = static_cast<uint32_t>(number(flag, value, 100, 86400000UL));
    } else {
      static char message[80];
      std::snprintf(message, sizeof message, "unknown option '%.40s'", flag);
      usage(message);
    }
  }
  static char single[iotgw::GatewayList::kHostMax + 10];
  if (host != nullptr && config.gateways != nullptr) {
    usage("--gateway and --host name the gateways two ways: give one of them");
  } else if (host != nullptr) {
    std::snprintf(single, sizeof single, std::strchr(host, ':') != nullptr ? "[%.63s]:%lu" : "%.63s:%lu", host, port);
    config.gateways = single;
  } else if (config.gateways == nullptr) {
    usage("no gateway: give --gateway HOST:PORT[,HOST:PORT...] or --host HOST");
  }
  static char error[200];
  iotgw::GatewayList check;
  if (!check.parse(config.gateways, host != nullptr ? "--host" : "--gateway", error, sizeof error)) {
    usage(error);
  }
  if (!iotgw::validDeviceId(config.deviceId)) {
    std::snprintf(error, sizeof error, "--id must be 1 to 64 of A-Z a-z 0-9 _ . -, got '%.70s'", config.deviceId);
    usage(error);
  }
}

}  // namespace

const iotgw::FirmwareConfig &iotgw::firmwareConfig() { return config; }

NetworkClient &iotgw::gatewayClient(size_t which) {
  static NetworkClient plain[2];
  static NetworkClientSecure secure[2];
  static bool ready = false;
  if (!ready) {
    for (size_t i = 0; i < 2; i++) {
      plain[i].setConnectionTimeout(config.connectTimeoutMs);
      secure[i].setConnectionTimeout(config.connectTimeoutMs);
      secure[i].setCACert(caCert.c_str());
      secure[i].setHandshakeTimeout((config.connectTimeoutMs + 999) / 1000);
    }
    ready = true;
  }
  return caCert.empty() ? plain[which % 2] : secure[which % 2];
}

const char *iotgw::gatewayTransport() { return caCert.empty() ? "plain TCP" : "TLS"; }

bool iotgw::connectError(Client &client, char *buf, size_t size) {
  if (caCert.empty()) {
    return false;
  }
  static_cast<NetworkClientSecure &>(client).lastError(buf, size);
  return buf[0] != '\0';
}

int main(int argc, char **argv) {
  parseArguments(argc, argv);
  signal(SIGPIPE, SIG_IGN);  // a write to a closed TLS connection fails, as on the board, not kills
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
