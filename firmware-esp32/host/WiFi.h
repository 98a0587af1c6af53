// Host shim of arduino-esp32 3.x WiFi: libraries/WiFi/src/WiFiType.h (wl_status_t),
// libraries/Network/src/NetworkEvents.h (arduino_event_id_t, onEvent), NetworkClient.h
// (NetworkClient, with WiFiClient its typedef as in WiFiClient.h). The network is the host's;
// Wi-Fi "joins" at begin() and can be dropped and restored to test the sketch's reactions.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "Arduino.h"
#include "Client.h"

typedef enum {
  WL_NO_SHIELD = 255,
  WL_IDLE_STATUS = 0,
  WL_NO_SSID_AVAIL,
  WL_SCAN_COMPLETED,
  WL_CONNECTED,
  WL_CONNECT_FAILED,
  WL_CONNECTION_LOST,
  WL_DISCONNECTED
} wl_status_t;

typedef enum {
  ARDUINO_EVENT_WIFI_STA_START = 0,
  ARDUINO_EVENT_WIFI_STA_CONNECTED,
  ARDUINO_EVENT_WIFI_STA_DISCONNECTED,
  ARDUINO_EVENT_WIFI_STA_GOT_IP,
  ARDUINO_EVENT_MAX
} arduino_event_id_t;

typedef enum { WIFI_OFF = 0, WIFI_STA = 1 } wifi_mode_t;

// NetworkEvents.h: typedef void (*NetworkEventCb)(arduino_event_id_t event);
typedef void (*NetworkEventCb)(arduino_event_id_t event);
typedef size_t network_event_handle_t;

class WiFiClass {
public:
  // WiFiSTA.h: wl_status_t begin(const char *ssid, const char *passphrase = NULL, ...)
  wl_status_t begin(const char *ssid, const char *passphrase = nullptr);
  wl_status_t status() { return status_; }
  // WiFiGeneric.h: bool mode(wifi_mode_t); WiFiSTA.h: bool setAutoReconnect(bool), int8_t RSSI()
  bool mode(wifi_mode_t mode) { (void)mode; return true; }
  bool setAutoReconnect(bool autoReconnect) { (void)autoReconnect; return true; }
  int8_t RSSI() { return status_ == WL_CONNECTED ? -52 : 0; }
  // NetworkEvents.h: network_event_handle_t onEvent(NetworkEventCb cbEvent, arduino_event_id_t event = ARDUINO_EVENT_MAX)
  network_event_handle_t onEvent(NetworkEventCb cbEvent, arduino_event_id_t event = ARDUINO_EVENT_MAX);

  // Host only: Wi-Fi lost or back, delivered to the registered handlers as on the board.
  void hostSetConnected(bool connected);

private:
  void fire(arduino_event_id_t event);
  static const size_t kMaxHandlers = 4;
  NetworkEventCb handlers_[kMaxHandlers] = {};
  arduino_event_id_t filters_[kMaxHandlers] = {};
  size_t handlerCount_ = 0;
  wl_status_t status_ = WL_DISCONNECTED;
};
extern WiFiClass WiFi;

// NetworkClient.h, on POSIX sockets: connect with a timeout, non-blocking reads, and connected()
// that notices a peer's close, as NetworkClient does.
class NetworkClient : public Client {
public:
  NetworkClient() = default;
  ~NetworkClient() override;
  NetworkClient(const NetworkClient &) = delete;
  NetworkClient &operator=(const NetworkClient &) = delete;

  int connect(const char *host, uint16_t port) override { return connect(host, port, timeoutMs_); }
  int connect(const char *host, uint16_t port, int32_t timeout_ms);
  size_t write(uint8_t data) override { return write(&data, 1); }
  size_t write(const uint8_t *buf, size_t size) override;
  int available() override;
  int read() override;
  int read(uint8_t *buf, size_t size) override;
  int peek() override;
  void flush() override {}
  void stop() override;
  uint8_t connected() override;
  operator bool() override { return connected(); }
  void setConnectionTimeout(uint32_t milliseconds) { timeoutMs_ = static_cast<int32_t>(milliseconds); }
  // NetworkClient.h: virtual int fd() const
  virtual int fd() const { return fd_; }

protected:
  int fd_ = -1;
  int32_t timeoutMs_ = 3000;
};
typedef NetworkClient WiFiClient;
