#include "WiFi.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>

WiFiClass WiFi;

wl_status_t WiFiClass::begin(const char *ssid, const char *passphrase) {
  (void)ssid;
  (void)passphrase;
  hostSetConnected(true);
  return status_;
}

network_event_handle_t WiFiClass::onEvent(NetworkEventCb cbEvent, arduino_event_id_t event) {
  if (handlerCount_ == kMaxHandlers) {
    return 0;
  }
  handlers_[handlerCount_] = cbEvent;
  filters_[handlerCount_] = event;
  return ++handlerCount_;
}

void WiFiClass::hostSetConnected(bool connected) {
  if (connected && status_ != WL_CONNECTED) {
    status_ = WL_CONNECTED;
    fire(ARDUINO_EVENT_WIFI_STA_CONNECTED);
    fire(ARDUINO_EVENT_WIFI_STA_GOT_IP);
  } else if (!connected && status_ == WL_CONNECTED) {
    status_ = WL_DISCONNECTED;
    fire(ARDUINO_EVENT_WIFI_STA_DISCONNECTED);
  }
}

void WiFiClass::fire(arduino_event_id_t event) {
  for (size_t i = 0; i < handlerCount_; i++) {
    if (filters_[i] == ARDUINO_EVENT_MAX || filters_[i] == event) {
      handlers_[i](event);
    }
  }
}

NetworkClient::~NetworkClient() { stop(); }

int NetworkClient::connect(const char *host, uint16_t port, int32_t timeout_ms) {
  stop();
  char service[8];
  snprintf(service, sizeof service, "%u", port);
  struct addrinfo hints = {};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  struct addrinfo *found = nullptr;
  if (getaddrinfo(host, service, &hints, &found) != 0) {
    return 0;
  }
  int fd = -1;
  for (struct addrinfo *a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      continue;
    }
    int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      struct pollfd p = {fd, POLLOUT, 0};
      int err = 0;
      socklen_t len = sizeof err;
      rc = (poll(&p, 1, timeout_ms) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) ? 0 : -1;
    }
    if (rc != 0) {
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) {
    return 0;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  fd_ = fd;
  return 1;
}

size_t NetworkClient::write(const uint8_t *buf, size_t size) {
  size_t done = 0;
  while (fd_ >= 0 && done < size) {
    ssize_t n = send(fd_, buf + done, size - done, MSG_NOSIGNAL);
    if (n > 0) {
      done += static_cast<size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      struct pollfd p = {fd_, POLLOUT, 0};
      if (poll(&p, 1, timeoutMs_) != 1) {
        break;
      }
    } else {
      break;
    }
  }
  return done;
}

int NetworkClient::available() {
  int n = 0;
  if (fd_ < 0 || ioctl(fd_, FIONREAD, &n) != 0) {
    return 0;
  }
  return n;
}

int NetworkClient::read() {
  uint8_t b;
  return read(&b, 1) == 1 ? b : -1;
}

int NetworkClient::read(uint8_t *buf, size_t size) {
  if (fd_ < 0) {
    return -1;
  }
  ssize_t n = recv(fd_, buf, size, MSG_DONTWAIT);
  return n > 0 ? static_cast<int>(n) : -1;
}

int NetworkClient::peek() {
  uint8_t b;
  if (fd_ < 0 || recv(fd_, &b, 1, MSG_PEEK | MSG_DONTWAIT) != 1) {
    return -1;
  }
  return b;
}

void NetworkClient::stop() {
  if (fd_ >= 0) {
    close(fd_);
    fd_ = -1;
  }
}

uint8_t NetworkClient::connected() {
  if (fd_ < 0) {
    return 0;
  }
  uint8_t b;
  ssize_t n = recv(fd_, &b, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))) {
    return 1;
  }
  stop();  // 0: the peer closed; another error: the connection is gone
  return 0;
}
