// The device's link to the gateway, driven from loop(): wait for Wi-Fi, connect (by IP or host
// name) to a gateway of the list, say HELLO, send queued lines and check each echo, and start
// over with backoff whenever Wi-Fi drops, the socket dies, or an echo does not come back in time
// (a half-open connection).
//
// Gateways: the first one of the list that answers is used. One that fails (no connection, no
// HELLO echo, a closed socket, an echo too late) is left for the next one in the list, after the
// jittered backoff. While on any but the first, the first (preferred) gateway is tried again every
// preferredRetryMs on a second client; once it answers HELLO the device moves back to it. The
// device keeps its id everywhere.
//
// The network is two injected Clients (WiFiClient on the board, fakes in tests), time a Clock.
#pragma once
#include <Client.h>
#include <stdint.h>

#include "Backoff.h"
#include "Clock.h"
#include "Commands.h"
#include "GatewayList.h"
#include "LineReader.h"
#include "Outbox.h"

namespace iotgw {

struct LinkConfig {
  const GatewayList *gateways;  // at least one
  const char *deviceId;
  const char *token;  // said after the id in HELLO; nullptr for none
  // An echo later than this means the connection is dead even if the socket says otherwise.
  uint32_t echoTimeoutMs;
  // While on another gateway, how often the first one is tried again.
  uint32_t preferredRetryMs;
};

// What the link reports; every method has a default so a listener overrides only what it needs.
class LinkListener {
public:
  virtual ~LinkListener() = default;
  // Online with gateway `index` of the list: after its HELLO echo, also when moving back to the
  // preferred one.
  virtual void onOnline(size_t index) { (void)index; }
  virtual void onOffline(const char *why) { (void)why; }
  virtual void onEchoOk() {}
  virtual void onCommand(const Command &command) { (void)command; }
  // A line that was no echo and no command; a HELLO answered otherwise is not shown (it may hold the token).
  virtual void onEchoMismatch(const char *got) { (void)got; }
  // Connecting to gateway `index` of the list failed, on this client.
  virtual void onConnectFailed(size_t index, Client &client) {
    (void)index;
    (void)client;
  }
};

class GatewayLink {
public:
  enum class State : uint8_t { WaitWifi, Connecting, Hello, Online, Backoff };
  // Lines written but not yet echoed, at most: bounds what a dead link can swallow.
  static const size_t kMaxUnechoed = 8;

  // `client` and `spare` are two clients of the same kind; the spare one tries the preferred
  // gateway, and the two trade places when the device moves back to it.
  GatewayLink(Client &client, Client &spare, Clock &clock, Backoff &backoff, LinkListener &listener,
              const LinkConfig &config);

  // Queues a line (no newline) to send; kept until its echo comes back. False when refused
  // (longer than Outbox::kLineMax, a CR or LF in it) or dropped because the outbox is full.
  bool send(const char *line) { return outbox_.push(line); }
  // Does the link's work for now; call from every loop().
  void poll(bool wifiUp);

  State state() const { return state_; }
  // The gateway in use or being tried: an index into the list.
  size_t gatewayIndex() const { return current_; }
  const Outbox &outbox() const { return outbox_; }
  uint32_t connects() const { return connects_; }
  uint32_t echoed() const { return echoed_; }
  uint32_t echoMismatches() const { return mismatches_; }
  // Incoming lines too long to be anything the link expects, discarded whole.
  uint32_t discardedLines() const { return reader_.discarded(); }
  uint32_t preferredTries() const { return preferredTries_; }

private:
  void tryConnect();
  void drop(const char *why);
  void failOver();
  void readIncoming();
  void onLine(const char *line);
  void sendPending();
  void pollPreferred();
  void closeSpare();
  void moveToPreferred();
  bool writeLine(Client &client, const char *line);
  bool due(uint32_t at) const;
  const char *host(size_t i) const { return config_.gateways->host(i); }
  uint16_t port(size_t i) const { return config_.gateways->port(i); }

  Client *client_;
  Client *spare_;
  Clock &clock_;
  Backoff &backoff_;
  LinkListener &listener_;
  LinkConfig config_;
  Outbox outbox_;
  LineReader reader_;
  LineReader spareReader_;
  State state_ = State::WaitWifi;
  size_t current_ = 0;
  bool spareSaidHello_ = false;  // the spare client is connected to the preferred gateway, HELLO sent
  char hello_[200] = {};  // "HELLO " + id (64) + " " + token (128)
  uint32_t waitingSinceMs_ = 0;
  uint32_t retryAtMs_ = 0;
  uint32_t preferredAtMs_ = 0;
  uint32_t spareSinceMs_ = 0;
  uint32_t connects_ = 0;
  uint32_t echoed_ = 0;
  uint32_t mismatches_ = 0;
  uint32_t preferredTries_ = 0;
};

}  // namespace iotgw
