// Host shim of arduino-esp32 3.x libraries/NetworkClientSecure/src/NetworkClientSecure.h on
// OpenSSL: TLS 1.2 or 1.3 over the host NetworkClient, the gateway's certificate verified against
// the CA given with setCACert() and its name against the host connected to, as the core does with
// mbedTLS. Reads never block, as on the board (available() first). One difference: OpenSSL checks
// certificate dates; the core's mbedTLS is built without date checks.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "WiFi.h"

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

class NetworkClientSecure : public NetworkClient {
public:
  NetworkClientSecure() = default;
  ~NetworkClientSecure() override;
  NetworkClientSecure(const NetworkClientSecure &) = delete;
  NetworkClientSecure &operator=(const NetworkClientSecure &) = delete;

  int connect(const char *host, uint16_t port) override { return connect(host, port, timeoutMs_); }
  int connect(const char *host, uint16_t port, int32_t timeout);
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

  // The reason of the last failure (e.g. "certificate verify failed: certificate has expired"); returns its code.
  int lastError(char *buf, const size_t size);
  // Accept any certificate: for tests only, never on a real network.
  void setInsecure();
  // The CA certificate (PEM) the gateway's certificate must chain to; kept by pointer, as the core does.
  void setCACert(const char *rootCA);
  // Seconds a handshake may take (the core's default: 120).
  void setHandshakeTimeout(unsigned long handshake_timeout);

private:
  bool handshake(const char *host, int32_t timeoutMs);
  bool fill();
  void fail(const char *what);

  const char *caCert_ = nullptr;
  bool insecure_ = false;
  unsigned long handshakeTimeoutMs_ = 120000;
  SSL_CTX *ctx_ = nullptr;
  SSL *ssl_ = nullptr;
  bool connected_ = false;
  int lastError_ = 0;
  char lastErrorText_[160] = {};
  uint8_t rx_[4096];
  size_t rxStart_ = 0;
  size_t rxEnd_ = 0;
};
