#include "LineReader.h"

namespace iotgw {

bool LineReader::feed(char c) {
  if (complete_) {
    clear();
  }
  if (c == '\n') {
    if (overlong_) {
      discarded_++;
      clear();
      return false;
    }
    if (len_ > 0 && buf_[len_ - 1] == '\r') {
      len_--;
    }
    buf_[len_] = '\0';
    complete_ = true;
    return true;
  }
  if (len_ < kMax) {
    buf_[len_++] = c;
  } else {
    overlong_ = true;
  }
  return false;
}

void LineReader::clear() {
  len_ = 0;
  buf_[0] = '\0';
  complete_ = false;
  overlong_ = false;
}

}  // namespace iotgw
