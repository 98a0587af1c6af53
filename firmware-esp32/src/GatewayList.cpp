#include "GatewayList.h"

#include <stdio.h>
#include <string.h>

namespace iotgw {
namespace {

// Host names and IP addresses: letters, digits, '.', '-', '_', and ':' inside IPv6 addresses.
bool hostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
         c == '_' || c == ':';
}

// A port of 1 to 65535 from [begin, end); 0 when it is not one.
uint16_t parsePort(const char *begin, const char *end) {
  if (begin == end || end - begin > 5) {
    return 0;
  }
  unsigned long n = 0;
  for (const char *p = begin; p < end; p++) {
    if (*p < '0' || *p > '9') {
      return 0;
    }
    n = n * 10 + static_cast<unsigned long>(*p - '0');
  }
  return n >= 1 && n <= 65535 ? static_cast<uint16_t>(n) : 0;
}

struct Entry {
  const char *host = nullptr;
  size_t hostLen = 0;
  uint16_t port = GatewayList::kDefaultPort;
};

// Splits one entry, [begin, end), into host and port; returns the rule it breaks, or nullptr.
const char *parseEntry(const char *begin, const char *end, Entry &out) {
  const char *hostEnd = end;
  const char *portBegin = nullptr;
  out.host = begin;
  if (begin < end && *begin == '[') {  // [IPv6] or [IPv6]:port
    const char *close = static_cast<const char *>(memchr(begin, ']', static_cast<size_t>(end - begin)));
    if (close == nullptr || (close + 1 < end && close[1] != ':')) {
      return "an IPv6 address with a port in brackets, e.g. [fd00::1]:12345";
    }
    out.host = begin + 1;
    hostEnd = close;
    portBegin = close + 1 < end ? close + 2 : nullptr;
  } else {
    const char *colon = static_cast<const char *>(memchr(begin, ':', static_cast<size_t>(end - begin)));
    // One colon separates the port; more make a bare IPv6 address, which has no port.
    if (colon != nullptr && memchr(colon + 1, ':', static_cast<size_t>(end - colon - 1)) == nullptr) {
      hostEnd = colon;
      portBegin = colon + 1;
    }
  }
  out.hostLen = static_cast<size_t>(hostEnd - out.host);
  bool hostOk = out.hostLen >= 1 && out.hostLen <= GatewayList::kHostMax;
  for (const char *p = out.host; hostOk && p < hostEnd; p++) {
    hostOk = hostChar(*p);
  }
  if (!hostOk) {
    return "a host name or IP address of 1 to 63 characters";
  }
  if (portBegin != nullptr && (out.port = parsePort(portBegin, end)) == 0) {
    return "a port from 1 to 65535";
  }
  return nullptr;
}

}  // namespace

const char *GatewayList::describe(size_t i, char *buf, size_t size) const {
  snprintf(buf, size, strchr(hosts_[i], ':') != nullptr ? "[%s]:%u" : "%s:%u", hosts_[i], ports_[i]);
  return buf;
}

bool GatewayList::parse(const char *text, const char *setting, char *error, size_t errorSize) {
  count_ = 0;
  for (const char *begin = text;;) {
    const char *end = strchr(begin, ',');
    if (end == nullptr) {
      end = begin + strlen(begin);
    }
    Entry entry;
    const char *broken = count_ == kMax ? "at most 4 gateways" : parseEntry(begin, end, entry);
    if (broken != nullptr) {
      int shown = static_cast<int>(end - begin < 80 ? end - begin : 80);
      snprintf(error, errorSize, "%s must be host[:port] entries separated by commas (%s), got '%.*s'", setting,
               broken, shown, begin);
      count_ = 0;
      return false;
    }
    memcpy(hosts_[count_], entry.host, entry.hostLen);
    hosts_[count_][entry.hostLen] = '\0';
    ports_[count_] = entry.port;
    count_++;
    if (*end == '\0') {
      return true;
    }
    begin = end + 1;
  }
}

}  // namespace iotgw
