// A clock the test steps, and Clients whose connects, incoming bytes and liveness the test scripts.
#pragma once
#include <Client.h>

#include <set>
#include <string>

#include "Clock.h"

struct FakeClock : iotgw::Clock {
  uint32_t now = 1000;
  uint32_t nowMs() override { return now; }
};

// Which gateways answer, shared by the clients of one test: "host:port" entries in `down` refuse.
struct FakeNetwork {
  std::set<std::string> down;
};

struct ScriptedClient : Client {
  FakeNetwork *network = nullptr;
  bool acceptConnects = true;
  bool open = false;
  int connectCalls = 0;
  std::string connectedTo;  // "host:port" of the last connect tried
  std::string written;      // everything the link wrote, across connections
  std::string incoming;     // bytes the "gateway" has sent and the link not yet read

  int connect(const char *host, uint16_t port) override {
    connectCalls++;
    connectedTo = std::string(host) + ":" + std::to_string(port);
    open = acceptConnects && (network == nullptr || network->down.count(connectedTo) == 0);
    return open ? 1 : 0;
  }
  size_t write(uint8_t b) override { return write(&b, 1); }
  size_t write(const uint8_t *buf, size_t size) override {
    if (!open) {
      return 0;
    }
    written.append(reinterpret_cast<const char *>(buf), size);
    return size;
  }
  int available() override { return open ? static_cast<int>(incoming.size()) : 0; }
  int read() override {
    uint8_t b;
    return read(&b, 1) == 1 ? b : -1;
  }
  int read(uint8_t *buf, size_t size) override {
    size_t n = incoming.size() < size ? incoming.size() : size;
    if (n == 0) {
      return -1;
    }
    incoming.copy(reinterpret_cast<char *>(buf), n);
    incoming.erase(0, n);
    return static_cast<int>(n);
  }
  int peek() override { return incoming.empty() ? -1 : static_cast<uint8_t>(incoming[0]); }
  void flush() override {}
  void stop() override {
    open = false;
    incoming.clear();
  }
  uint8_t connected() override { return open; }
  operator bool() override { return open; }

  // The gateway echoes everything written so far (as it does), in one go or in pieces.
  void echoAll() {
    incoming += written;
    written.clear();
  }
};
