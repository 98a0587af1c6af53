#include "GatewayLink.h"

#include <stdio.h>
#include <string.h>

namespace iotgw {
namespace {
// Room for the longest line with its newline: a queued one or the HELLO.
const size_t kWriteMax = 256;
}  // namespace

GatewayLink::GatewayLink(Client &client, Client &spare, Clock &clock, Backoff &backoff, LinkListener &listener,
                         const LinkConfig &config)
    : client_(&client), spare_(&spare), clock_(clock), backoff_(backoff), listener_(listener), config_(config) {
  if (config.token != nullptr) {
    snprintf(hello_, sizeof hello_, "HELLO %s %s", config.deviceId, config.token);
  } else {
    snprintf(hello_, sizeof hello_, "HELLO %s", config.deviceId);
  }
}

bool GatewayLink::due(uint32_t at) const { return static_cast<int32_t>(clock_.nowMs() - at) >= 0; }

void GatewayLink::poll(bool wifiUp) {
  if (!wifiUp) {
    if (state_ != State::WaitWifi) {
      drop("Wi-Fi lost");
      state_ = State::WaitWifi;
    }
    return;
  }
  switch (state_) {
    case State::WaitWifi:
      state_ = State::Connecting;
      tryConnect();
      break;
    case State::Backoff:
      if (due(retryAtMs_)) {
        state_ = State::Connecting;
        tryConnect();
      }
      break;
    case State::Connecting:
      tryConnect();
      break;
    case State::Hello:
    case State::Online:
      if (!client_->connected()) {
        drop("connection closed");
        failOver();
        return;
      }
      readIncoming();
      if (state_ == State::Online) {
        sendPending();
      }
      if ((state_ == State::Hello || (state_ == State::Online && outbox_.inFlight() > 0)) &&
          clock_.nowMs() - waitingSinceMs_ > config_.echoTimeoutMs) {
        drop("no echo in time (half-open connection)");
        failOver();
        return;
      }
      if (state_ == State::Online && current_ != 0) {
        pollPreferred();
      }
      break;
  }
}

void GatewayLink::tryConnect() {
  if (!client_->connect(host(current_), port(current_))) {
    listener_.onConnectFailed(current_, *client_);
    failOver();
    return;
  }
  connects_++;
  reader_.clear();
  if (!writeLine(*client_, hello_)) {
    drop("write failed");
    failOver();
    return;
  }
  waitingSinceMs_ = clock_.nowMs();
  state_ = State::Hello;
}

void GatewayLink::drop(const char *why) {
  bool wasOnline = state_ == State::Online;
  client_->stop();
  closeSpare();
  outbox_.unsend();  // lines not yet echoed stay queued and go again on the next connection
  reader_.clear();
  if (wasOnline) {
    listener_.onOffline(why);
  }
}

void GatewayLink::failOver() {
  current_ = (current_ + 1) % config_.gateways->size();
  retryAtMs_ = clock_.nowMs() + backoff_.nextDelayMs();
  state_ = State::Backoff;
}

void GatewayLink::readIncoming() {
  uint8_t buf[64];
  int n;
  while (client_->available() > 0 && (n = client_->read(buf, sizeof buf)) > 0) {
    for (int i = 0; i < n; i++) {
      if (reader_.feed(static_cast<char>(buf[i]))) {
        onLine(reader_.line());
        if (state_ != State::Hello && state_ != State::Online) {
          return;  // the line made us drop the connection
        }
      }
    }
  }
}

void GatewayLink::onLine(const char *line) {
  if (state_ == State::Hello) {
    if (strcmp(line, hello_) != 0) {
      mismatches_++;
      listener_.onEchoMismatch(strncmp(line, "HELLO ", 6) == 0 ? "HELLO ... (not shown)" : line);
      drop("HELLO not echoed");
      failOver();
      return;
    }
    state_ = State::Online;
    backoff_.reset();  // only a gateway that answered proves the link works
    preferredAtMs_ = clock_.nowMs() + config_.preferredRetryMs;
    listener_.onOnline(current_);
    return;
  }
  if (outbox_.takeEcho(line)) {
    echoed_++;
    waitingSinceMs_ = clock_.nowMs();
    listener_.onEchoOk();
    return;
  }
  Command command = parseCommand(line);
  if (command.kind != Command::Kind::None) {
    listener_.onCommand(command);
    return;
  }
  mismatches_++;
  listener_.onEchoMismatch(line);
}

void GatewayLink::sendPending() {
  while (outbox_.inFlight() < kMaxUnechoed) {
    if (outbox_.inFlight() == 0) {
      waitingSinceMs_ = clock_.nowMs();
    }
    const char *line = outbox_.sendNext();
    if (line == nullptr) {
      return;
    }
    if (!writeLine(*client_, line)) {
      drop("write failed");
      failOver();
      return;
    }
  }
}

// Tries the preferred gateway on the spare client: connect and HELLO when due, then watch for the
// HELLO's echo a byte at a time, so that whatever the gateway sends after it stays in the socket
// for the link once the clients trade places.
void GatewayLink::pollPreferred() {
  if (!spareSaidHello_) {
    if (!due(preferredAtMs_)) {
      return;
    }
    preferredAtMs_ = clock_.nowMs() + config_.preferredRetryMs;
    preferredTries_++;
    spareReader_.clear();
    if (spare_->connect(host(0), port(0)) && writeLine(*spare_, hello_)) {
      spareSaidHello_ = true;
      spareSinceMs_ = clock_.nowMs();
    } else {
      spare_->stop();
    }
    return;
  }
  if (!spare_->connected()) {
    closeSpare();
    return;
  }
  int c;
  while (spare_->available() > 0 && (c = spare_->read()) >= 0) {
    if (spareReader_.feed(static_cast<char>(c))) {
      if (strcmp(spareReader_.line(), hello_) == 0) {
        moveToPreferred();
      } else {
        closeSpare();
      }
      return;
    }
  }
  if (clock_.nowMs() - spareSinceMs_ > config_.echoTimeoutMs) {
    closeSpare();
  }
}

void GatewayLink::closeSpare() {
  spare_->stop();
  spareSaidHello_ = false;
}

void GatewayLink::moveToPreferred() {
  client_->stop();
  Client *previous = client_;
  client_ = spare_;
  spare_ = previous;
  spareSaidHello_ = false;
  outbox_.unsend();  // lines the other gateway has not echoed go again here
  reader_.clear();
  current_ = 0;
  backoff_.reset();
  waitingSinceMs_ = clock_.nowMs();
  listener_.onOnline(0);
}

bool GatewayLink::writeLine(Client &client, const char *line) {
  char buf[kWriteMax];
  int len = snprintf(buf, sizeof buf, "%s\n", line);
  if (len < 0 || static_cast<size_t>(len) >= sizeof buf) {
    return false;
  }
  return client.write(reinterpret_cast<const uint8_t *>(buf), static_cast<size_t>(len)) == static_cast<size_t>(len);
}

}  // namespace iotgw
