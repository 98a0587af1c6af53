// The lines waiting to go to the gateway, oldest first, in fixed slots (no heap). The oldest
// inFlight() lines have been written on the current connection and await their echo; the rest
// are not sent yet. A line leaves only when its echo comes back, and when a connection ends its
// unechoed lines become unsent again and go out on the next one (at least once, end to end).
// When full, the oldest line not yet sent is dropped and counted: never one in flight, whose echo
// would otherwise find no line to match and stall the link until the echo timeout.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace iotgw {

class Outbox {
public:
  static const size_t kSlots = 32;
  static const size_t kLineMax = 120;  // bytes, newline not included

  Outbox();

  // Queues a copy of the line. A line longer than kLineMax or holding a CR or LF is refused whole
  // (false, counted in refused()), never cut. When full, the oldest unsent line is dropped to make
  // room (counted in dropped()); if every line is in flight the new one is dropped instead (false).
  bool push(const char *line);
  bool empty() const { return count_ == 0; }
  size_t size() const { return count_; }
  size_t inFlight() const { return inFlight_; }
  // The i-th line from the oldest; i < size().
  const char *at(size_t i) const { return slots_[order_[i]]; }
  // Takes the oldest line not yet written on this connection, to be written now: it is in flight
  // from here on. nullptr when every line is in flight. The pointer stays valid until its echo.
  const char *sendNext();
  // True if the line is the echo of the oldest line in flight, which then leaves the outbox.
  bool takeEcho(const char *line);
  // The connection is gone: the lines in flight are unsent again, to go on the next connection.
  void unsend() { inFlight_ = 0; }

  uint32_t dropped() const { return dropped_; }  // unsent lines pushed out by a full outbox
  uint32_t refused() const { return refused_; }  // lines push() refused (too long, CR or LF)
  uint32_t resent() const { return resent_; }    // writes of a line already written on an earlier connection

private:
  void removeAt(size_t i);

  char slots_[kSlots][kLineMax + 1] = {};
  // order_[i] is the slot of the i-th line; order_[count_..] are the free slots. Dropping a line
  // from the middle moves these bytes, not the lines.
  uint8_t order_[kSlots];
  bool written_[kSlots] = {};  // per slot: written on some connection already
  size_t count_ = 0;
  size_t inFlight_ = 0;
  uint32_t dropped_ = 0;
  uint32_t refused_ = 0;
  uint32_t resent_ = 0;
};

}  // namespace iotgw
