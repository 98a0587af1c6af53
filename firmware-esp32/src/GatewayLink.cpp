#include "GatewayLink.h"

#include <stdio.h>
#include <string.h>

namespace iotgw {

GatewayLink::GatewayLink(Client &client, Clock &clock, Backoff &backoff, LinkListener &listener,
                         const LinkConfig &config)
    : client_(client), clock_(clock), backoff_(backoff), listener_(listener), config_(config) {
  snprintf(hello_, sizeof hello_, "HELLO %s", config.deviceId);
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
      if (!client_.connected()) {
        drop("connection closed");
        retryLater();
        return;
      }
      readIncoming();
      if (state_ == State::Online) {
        sendPending();
      }
      if ((state_ == State::Hello || unechoed_ > 0) && clock_.nowMs() - waitingSinceMs_ > config_.echoTimeoutMs) {
        drop("no echo in time (half-open connection)");
        retryLater();
      }
      break;
  }
}

void GatewayLink::tryConnect() {
  if (!client_.connect(config_.host, config_.port)) {
    retryLater();
    return;
  }
  connects_++;
  reader_.clear();
  unechoed_ = 0;
  if (!writeLine(hello_)) {
    drop("write failed");
    retryLater();
    return;
  }
  waitingSinceMs_ = clock_.nowMs();
  state_ = State::Hello;
}

void GatewayLink::drop(const char *why) {
  bool wasOnline = state_ == State::Online;
  client_.stop();
  unechoed_ = 0;  // lines not yet echoed stay queued and go again on the next connection
  reader_.clear();
  if (wasOnline) {
    listener_.onOffline(why);
  }
}

void GatewayLink::retryLater() {
  retryAtMs_ = clock_.nowMs() + backoff_.nextDelayMs();
  state_ = State::Backoff;
}

void GatewayLink::readIncoming() {
  uint8_t buf[64];
  int n;
  while (client_.available() > 0 && (n = client_.read(buf, sizeof buf)) > 0) {
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
      listener_.onEchoMismatch(line);
      drop("HELLO not echoed");
      retryLater();
      return;
    }
    state_ = State::Online;
    backoff_.reset();  // only a gateway that answered proves the link works
    listener_.onOnline();
    return;
  }
  if (unechoed_ > 0 && strcmp(line, outbox_.at(0)) == 0) {
    outbox_.pop();
    unechoed_--;
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
  while (unechoed_ < kMaxUnechoed && unechoed_ < outbox_.size()) {
    if (unechoed_ == 0) {
      waitingSinceMs_ = clock_.nowMs();
    }
    if (!writeLine(outbox_.at(unechoed_))) {
      drop("write failed");
      retryLater();
      return;
    }
    unechoed_++;
  }
}

bool GatewayLink::writeLine(const char *line) {
  char buf[LineRing::kLineMax + 2];
  int len = snprintf(buf, sizeof buf, "%s\n", line);
  if (len < 0 || static_cast<size_t>(len) >= sizeof buf) {
    return false;
  }
  return client_.write(reinterpret_cast<const uint8_t *>(buf), static_cast<size_t>(len)) == static_cast<size_t>(len);
}

}  // namespace iotgw
