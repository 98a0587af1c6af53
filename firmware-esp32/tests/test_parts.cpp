#include <stdio.h>

#include <string>

#include "Backoff.h"
#include "Commands.h"
#include "LineReader.h"
#include "LineRing.h"
#include "Readings.h"
#include "check.h"

using namespace iotgw;

static uint32_t largest(uint32_t bound) { return bound - 1; }
static uint32_t smallest(uint32_t) { return 0; }

TEST(backoff_doublesFromBaseUpToCap) {
  Backoff b(500, 30000, largest);
  const uint32_t expected[] = {499, 999, 1999, 3999, 7999, 15999, 29999, 29999, 29999};
  for (uint32_t e : expected) {
    CHECK_EQ(e, b.nextDelayMs());
  }
}

TEST(backoff_isJitteredDownToZero_andResets) {
  Backoff b(500, 30000, smallest);
  CHECK_EQ(0, b.nextDelayMs());
  Backoff c(500, 30000, largest);
  c.nextDelayMs();
  c.nextDelayMs();
  c.reset();
  CHECK_EQ(499, c.nextDelayMs());
}

TEST(backoff_manyAttempts_neverOverflowsPastTheCap) {
  Backoff b(500, 30000, largest);
  for (int i = 0; i < 1000; i++) {
    CHECK(b.nextDelayMs() < 30000);
  }
}

TEST(ring_keepsOrder_andDropsTheOldestWhenFull) {
  LineRing r;
  char line[24];
  for (int i = 0; i < static_cast<int>(LineRing::kSlots) + 3; i++) {
    snprintf(line, sizeof line, "line %d", i);
    r.push(line);
  }
  CHECK_EQ(LineRing::kSlots, r.size());
  CHECK_EQ(3, r.dropped());
  CHECK_STR("line 3", r.at(0));
  CHECK_STR("line 34", r.at(r.size() - 1));
  r.pop();
  CHECK_STR("line 4", r.at(0));
}

TEST(ring_longLine_isCutToTheSlot) {
  LineRing r;
  char line[300];
  memset(line, 'x', sizeof line - 1);
  line[sizeof line - 1] = '\0';
  r.push(line);
  CHECK_EQ(LineRing::kLineMax, strlen(r.at(0)));
}

TEST(reader_linesAcrossPartialReads_withCrlf) {
  LineReader r;
  const char *stream = "tem";
  int lines = 0;
  for (const char *p = stream; *p; p++) {
    lines += r.feed(*p);
  }
  CHECK_EQ(0, lines);
  const char *rest = "p=1\r\nnext\n";
  std::string got[2];
  for (const char *p = rest; *p; p++) {
    if (r.feed(*p)) {
      got[lines++] = r.line();
    }
  }
  CHECK_EQ(2, lines);
  CHECK_STR("temp=1", got[0].c_str());
  CHECK_STR("next", got[1].c_str());
}

TEST(reader_endlessLine_isCutAndFlagged_neverOverflows) {
  LineReader r;
  for (int i = 0; i < 10000; i++) {
    CHECK(!r.feed('y'));
  }
  CHECK(r.feed('\n'));
  CHECK(r.truncated());
  CHECK_EQ(LineReader::kMax, strlen(r.line()));
  r.feed('a');
  CHECK(!r.truncated());
}

TEST(commands_areParsed_andNothingElse) {
  CHECK(parseCommand("led on").kind == Command::Kind::LedOn);
  CHECK(parseCommand("led off").kind == Command::Kind::LedOff);
  Command c = parseCommand("interval 5000");
  CHECK(c.kind == Command::Kind::Interval);
  CHECK_EQ(5000, c.value);
  CHECK(parseCommand("interval 5").kind == Command::Kind::None);
  CHECK(parseCommand("interval 5s").kind == Command::Kind::None);
  CHECK(parseCommand("interval ").kind == Command::Kind::None);
  CHECK(parseCommand("led blue").kind == Command::Kind::None);
  CHECK(parseCommand("n=1 uptime_ms=2").kind == Command::Kind::None);
}

TEST(reading_formatsIntoAFixedBuffer_andRefusesToOverflow) {
  Reading r = {7, 61000, 201344, -61, 1893, 2};
  char buf[100];
  CHECK(formatReading(buf, sizeof buf, r) > 0);
  CHECK_STR("n=7 uptime_ms=61000 heap=201344 rssi=-61 sensor=1893 dropped=2", buf);
  char small[10];
  CHECK_EQ(-1, formatReading(small, sizeof small, r));
}
