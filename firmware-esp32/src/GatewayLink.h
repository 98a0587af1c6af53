// The device's link to the gateway, driven from loop(): wait for Wi-Fi, connect (by IP or host
// name), say HELLO, send queued lines and check each echo, and start over with backoff whenever
// Wi-Fi drops, the socket dies, or an echo does not come back in time (a half-open connection).
// The network is an injected Client (WiFiClient on the board, a fake in tests), time a Clock.
#pragma once
#include <Client.h>
#include <stdint.h>

#include "Backoff.h"
#include "Clock.h"
#include "Commands.h"
#include "LineReader.h"
#include "LineRing.h"

namespace iotgw {

struct LinkConfig {
  const char *host;
  uint16_t port;
  const char *deviceId;
  // An echo later than this means the connection is dead even if the socket says otherwise.
  uint32_t echoTimeoutMs;
};

// What the link reports; every method has a default so a listener overrides only what it needs.
class LinkListener {
public:
  virtual ~LinkListener() = default;
  virtual void onOnline() {}
  virtual void onOffline(const char *why) { (void)why; }
  virtual void onEchoOk() {}
  virtual void onCommand(const Command &command) { (void)command; }
  virtual void onEchoMismatch(const char *got) { (void)got; }
};

class GatewayLink {
public:
  enum class State : uint8_t { WaitWifi, Connecting, Hello, Online, Backoff };
  // Lines written but not yet echoed, at most: bounds what a dead link can swallow.
  static const size_t kMaxUnechoed = 8;

  GatewayLink(Client &client, Clock &clock, Backoff &backoff, LinkListener &listener, const LinkConfig &config);

  // Queues a line (no newline) to send; kept until its echo comes back.
  void send(const char *line) { outbox_.push(line); }
  // Does the link's work for now; call from every loop().
  void poll(bool wifiUp);

  State state() const { return state_; }
  const LineRing &outbox() const { return outbox_; }
  uint32_t connects() const { return connects_; }
  uint32_t echoed() const { return echoed_; }
  uint32_t echoMismatches() const { return mismatches_; }

private:
  void tryConnect();
  void drop(const char *why);
  void retryLater();
  void readIncoming();
  void onLine(const char *line);
  void sendPending();
  bool writeLine(const char *line);
  bool due(uint32_t at) const;

  Client &client_;
  Clock &clock_;
  Backoff &backoff_;
  LinkListener &listener_;
  LinkConfig config_;
  LineRing outbox_;
  LineReader reader_;
  State state_ = State::WaitWifi;
  char hello_[80] = {};
  size_t unechoed_ = 0;
  uint32_t waitingSinceMs_ = 0;
  uint32_t retryAtMs_ = 0;
  uint32_t connects_ = 0;
  uint32_t echoed_ = 0;
  uint32_t mismatches_ = 0;
};

}  // namespace iotgw
