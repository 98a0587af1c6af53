#include <string.h>

#include "DeviceId.h"

bool iotgw::validDeviceId(const char *id) {
  size_t len = strnlen(id, 65);
  if (len < 1 || len > 64) {
    return false;
  }
  for (size_t i = 0; i < len; i++) {
    char c = id[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
              c == '-';
    if (!ok) {
      return false;
    }
  }
  return true;
}

bool iotgw::validToken(const char *token) {
  size_t len = strnlen(token, 129);
  if (len < 1 || len > 128) {
    return false;
  }
  for (size_t i = 0; i < len; i++) {
    if (token[i] < '!' || token[i] > '~') {
      return false;
    }
  }
  return true;
}
