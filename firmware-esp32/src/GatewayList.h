// The gateways a device may use, in order of preference, parsed from text such as
// "pi-a:12345,pi-b:12345" (IOTGW_GATEWAYS, or the host build's --gateway). An entry without a
// port gets kDefaultPort; an IPv6 address with a port is written in brackets, "[fd00::1]:12345".
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace iotgw {

class GatewayList {
public:
  static const size_t kMax = 4;
  static const size_t kHostMax = 63;
  static const uint16_t kDefaultPort = 12345;

  // Replaces the list with the parsed text. On a bad list returns false, leaves the list empty and
  // writes one line into `error` that names `setting`, the rule and the entry.
  bool parse(const char *text, const char *setting, char *error, size_t errorSize);
  size_t size() const { return count_; }
  // i < size()
  const char *host(size_t i) const { return hosts_[i]; }
  uint16_t port(size_t i) const { return ports_[i]; }
  // Writes entry i as it is written in a list ("pi-a:12345", "[fd00::1]:12345"); returns `buf`.
  const char *describe(size_t i, char *buf, size_t size) const;

private:
  char hosts_[kMax][kHostMax + 1] = {};
  uint16_t ports_[kMax] = {};
  size_t count_ = 0;
};

}  // namespace iotgw
