// Host shim of arduino-esp32 3.x cores/esp32/Client.h: the network as the firmware's logic sees it.
// (On the board Client derives from Stream and Print; the logic uses only the calls below.)
#pragma once
#include <stddef.h>
#include <stdint.h>

class Client {
public:
  virtual ~Client() = default;
  virtual int connect(const char *host, uint16_t port) = 0;
  virtual size_t write(uint8_t) = 0;
  virtual size_t write(const uint8_t *buf, size_t size) = 0;
  virtual int available() = 0;
  virtual int read() = 0;
  virtual int read(uint8_t *buf, size_t size) = 0;
  virtual int peek() = 0;
  virtual void flush() = 0;
  virtual void stop() = 0;
  virtual uint8_t connected() = 0;
  virtual operator bool() = 0;
};
