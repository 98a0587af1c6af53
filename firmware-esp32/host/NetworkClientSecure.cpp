#include "NetworkClientSecure.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>

#include <chrono>
#include <cstdio>
#include <cstring>

namespace {

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool isIpAddress(const char *host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1;
}

// Waits until the socket is ready for what OpenSSL asked for; false at the deadline.
bool waitFor(int fd, int sslError, int64_t deadlineMs) {
  int64_t left = deadlineMs - nowMs();
  if (left <= 0) {
    return false;
  }
  struct pollfd p = {fd, static_cast<short>(sslError == SSL_ERROR_WANT_WRITE ? POLLOUT : POLLIN), 0};
  return poll(&p, 1, static_cast<int>(left)) == 1;
}

}  // namespace

NetworkClientSecure::~NetworkClientSecure() { stop(); }

void NetworkClientSecure::setInsecure() {
  caCert_ = nullptr;
  insecure_ = true;
}

void NetworkClientSecure::setCACert(const char *rootCA) {
  caCert_ = rootCA;
  insecure_ = false;
}

void NetworkClientSecure::setHandshakeTimeout(unsigned long handshake_timeout) {
  handshakeTimeoutMs_ = handshake_timeout * 1000;
}

int NetworkClientSecure::connect(const char *host, uint16_t port, int32_t timeout) {
  stop();
  if (caCert_ == nullptr && !insecure_) {
    fail("no CA certificate set (setCACert) and not insecure");
    return 0;
  }
  if (!NetworkClient::connect(host, port, timeout)) {
    fail("TCP connect failed");
    return 0;
  }
  if (!handshake(host, static_cast<int32_t>(handshakeTimeoutMs_))) {
    stop();
    return 0;
  }
  connected_ = true;
  lastError_ = 0;
  lastErrorText_[0] = '\0';
  return 1;
}

bool NetworkClientSecure::handshake(const char *host, int32_t timeoutMs) {
  ctx_ = SSL_CTX_new(TLS_client_method());
  if (ctx_ == nullptr || SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION) != 1) {
    fail("TLS context");
    return false;
  }
  if (insecure_) {
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_NONE, nullptr);
  } else {
    BIO *pem = BIO_new_mem_buf(caCert_, -1);
    X509_STORE *store = SSL_CTX_get_cert_store(ctx_);
    int added = 0;
    for (X509 *cert; (cert = PEM_read_bio_X509(pem, nullptr, nullptr, nullptr)) != nullptr; X509_free(cert)) {
      added += X509_STORE_add_cert(store, cert);
    }
    BIO_free(pem);
    ERR_clear_error();  // the end of the PEM text reads as an error
    if (added == 0) {
      fail("the CA certificate is no PEM certificate");
      return false;
    }
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
  }
  ssl_ = SSL_new(ctx_);
  SSL_set_fd(ssl_, fd_);
  if (!insecure_) {  // the certificate must name what we connected to, as mbedtls_ssl_set_hostname() has it
    if (isIpAddress(host)) {
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), host);
    } else {
      SSL_set1_host(ssl_, host);
      SSL_set_tlsext_host_name(ssl_, host);
    }
  }
  int64_t deadline = nowMs() + timeoutMs;
  for (;;) {
    int r = SSL_connect(ssl_);
    if (r == 1) {
      return true;
    }
    int error = SSL_get_error(ssl_, r);
    if ((error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) || !waitFor(fd_, error, deadline)) {
      long verify = SSL_get_verify_result(ssl_);
      fail(verify != X509_V_OK ? X509_verify_cert_error_string(verify) : "TLS handshake failed");
      return false;
    }
  }
}

void NetworkClientSecure::fail(const char *what) {
  unsigned long code = ERR_peek_last_error();
  lastError_ = code != 0 ? -static_cast<int>(code & 0x7fffffff) : -1;
  if (code != 0) {
    char reason[120];
    ERR_error_string_n(code, reason, sizeof reason);
    snprintf(lastErrorText_, sizeof lastErrorText_, "%s (%s)", what, reason);
  } else {
    snprintf(lastErrorText_, sizeof lastErrorText_, "%s", what);
  }
  ERR_clear_error();
}

int NetworkClientSecure::lastError(char *buf, const size_t size) {
  snprintf(buf, size, "%s", lastErrorText_);
  return lastError_;
}

// Takes what TLS has decrypted into rx_, without blocking; false when the connection is gone.
bool NetworkClientSecure::fill() {
  if (rxStart_ < rxEnd_) {
    return true;
  }
  rxStart_ = rxEnd_ = 0;
  int n = SSL_read(ssl_, rx_, sizeof rx_);
  if (n > 0) {
    rxEnd_ = static_cast<size_t>(n);
    return true;
  }
  int error = SSL_get_error(ssl_, n);
  if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
    return true;
  }
  if (error != SSL_ERROR_ZERO_RETURN) {
    fail("TLS read failed");
  }
  return false;
}

int NetworkClientSecure::available() {
  if (!connected_) {
    return 0;
  }
  if (!fill()) {
    stop();
    return 0;
  }
  return static_cast<int>(rxEnd_ - rxStart_);
}

int NetworkClientSecure::read(uint8_t *buf, size_t size) {
  if (available() <= 0) {
    return connected_ ? 0 : -1;
  }
  size_t n = rxEnd_ - rxStart_ < size ? rxEnd_ - rxStart_ : size;
  memcpy(buf, rx_ + rxStart_, n);
  rxStart_ += n;
  return static_cast<int>(n);
}

int NetworkClientSecure::read() {
  uint8_t b;
  return read(&b, 1) == 1 ? b : -1;
}

int NetworkClientSecure::peek() { return available() > 0 ? rx_[rxStart_] : -1; }

size_t NetworkClientSecure::write(const uint8_t *buf, size_t size) {
  if (!connected_ || size == 0) {
    return 0;
  }
  size_t done = 0;
  int64_t deadline = nowMs() + timeoutMs_;
  while (done < size) {
    int n = SSL_write(ssl_, buf + done, static_cast<int>(size - done));
    if (n > 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    int error = SSL_get_error(ssl_, n);
    if ((error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) || !waitFor(fd_, error, deadline)) {
      fail("TLS write failed");
      stop();  // as the core does on a failed write
      return 0;
    }
  }
  return done;
}

uint8_t NetworkClientSecure::connected() {
  if (connected_ && !fill()) {
    stop();
  }
  return connected_;
}

void NetworkClientSecure::stop() {
  if (ssl_ != nullptr) {
    if (connected_) {
      SSL_shutdown(ssl_);
    }
    SSL_free(ssl_);
    ssl_ = nullptr;
  }
  if (ctx_ != nullptr) {
    SSL_CTX_free(ctx_);
    ctx_ = nullptr;
  }
  connected_ = false;
  rxStart_ = rxEnd_ = 0;
  NetworkClient::stop();
}
