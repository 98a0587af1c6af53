#include <stdio.h>

#include <string>

#include "Backoff.h"
#include "Commands.h"
#include "DeviceId.h"
#include "GatewayList.h"
#include "LineReader.h"
#include "Outbox.h"
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

static void fill(Outbox &o, int from, int count) {
  char line[24];
  for (int i = from; i < from + count; i++) {
    snprintf(line, sizeof line, "line %d", i);
    o.push(line);
  }
}

TEST(outbox_keepsOrder_andWhenFullWithNothingInFlight_dropsTheOldest) {
  Outbox o;
  fill(o, 0, static_cast<int>(Outbox::kSlots) + 3);
  CHECK_EQ(Outbox::kSlots, o.size());
  CHECK_EQ(3, o.dropped());
  CHECK_STR("line 3", o.at(0));
  CHECK_STR("line 34", o.at(o.size() - 1));
}

TEST(outbox_fullWithLinesInFlight_dropsTheOldestUnsentLine_neverOneInFlight) {
  Outbox o;
  fill(o, 0, static_cast<int>(Outbox::kSlots));
  for (int i = 0; i < 4; i++) {
    o.sendNext();
  }
  fill(o, 100, 2);  // full: "line 4" and "line 5", the oldest not yet sent, make room
  CHECK_EQ(2, o.dropped());
  CHECK_EQ(4, o.inFlight());
  CHECK_STR("line 0", o.at(0));
  CHECK_STR("line 3", o.at(3));
  CHECK_STR("line 6", o.at(4));
  CHECK_STR("line 101", o.at(o.size() - 1));
  CHECK_STR("line 6", o.sendNext());
  CHECK(o.takeEcho("line 0"));  // the echoes of the lines in flight still find them, in order
  CHECK(o.takeEcho("line 1"));
  CHECK_EQ(3, o.inFlight());
}

TEST(outbox_everySlotInFlight_dropsTheNewLine) {
  Outbox o;
  fill(o, 0, static_cast<int>(Outbox::kSlots));
  for (size_t i = 0; i < Outbox::kSlots; i++) {
    o.sendNext();
  }
  CHECK(!o.push("newest"));
  CHECK_EQ(1, o.dropped());
  CHECK_STR("line 0", o.at(0));
  CHECK_STR("line 31", o.at(Outbox::kSlots - 1));
}

TEST(outbox_echo_takesOnlyTheOldestLineInFlight) {
  Outbox o;
  fill(o, 0, 3);
  CHECK(!o.takeEcho("line 0"));  // not sent yet: no echo can be its
  o.sendNext();
  o.sendNext();
  CHECK(!o.takeEcho("line 1"));  // out of order
  CHECK(o.takeEcho("line 0"));
  CHECK_EQ(2, o.size());
  CHECK_EQ(1, o.inFlight());
}

TEST(outbox_unsend_makesTheLinesInFlightGoAgain_countedAsResent) {
  Outbox o;
  fill(o, 0, 3);
  o.sendNext();
  o.sendNext();
  o.unsend();
  CHECK_EQ(0, o.inFlight());
  CHECK_STR("line 0", o.at(0));
  o.sendNext();
  o.sendNext();
  o.sendNext();
  CHECK_EQ(2, o.resent());
}

TEST(outbox_slotsAreReused_afterDropsFromTheMiddle) {
  Outbox o;
  for (int round = 0; round < 10; round++) {
    fill(o, round * 100, static_cast<int>(Outbox::kSlots));
    o.sendNext();
    CHECK(o.takeEcho(o.at(0)));
  }
  CHECK_EQ(Outbox::kSlots - 1, o.size());
  CHECK_STR("line 901", o.at(0));
  CHECK_STR("line 931", o.at(o.size() - 1));
}

TEST(outbox_longLine_isRefusedWhole_neverCut) {
  Outbox o;
  char line[Outbox::kLineMax + 2];
  memset(line, 'x', sizeof line - 1);
  line[sizeof line - 1] = '\0';
  CHECK(!o.push(line));
  CHECK_EQ(1, o.refused());
  CHECK(o.empty());
  line[Outbox::kLineMax] = '\0';  // exactly the slot: fits
  CHECK(o.push(line));
  CHECK_EQ(Outbox::kLineMax, strlen(o.at(0)));
}

TEST(outbox_lineWithANewlineOrCr_isRefused_itWouldFrameAsTwo) {
  Outbox o;
  CHECK(!o.push("led on\nHELLO evil"));
  CHECK(!o.push("temp=1\r"));
  CHECK_EQ(2, o.refused());
  CHECK(o.empty());
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

TEST(reader_overlongLine_isDiscardedWhole_andCounted_neverCutOrOverflowed) {
  LineReader r;
  for (int i = 0; i < 10000; i++) {
    CHECK(!r.feed('y'));
  }
  CHECK(!r.feed('\n'));  // completes nothing: no tail of it is taken for a line
  CHECK_EQ(1, r.discarded());
  const char *next = "n=1\n";
  bool done = false;
  for (const char *p = next; *p; p++) {
    done = r.feed(*p);
  }
  CHECK(done);
  CHECK_STR("n=1", r.line());
}

TEST(reader_lineOfExactlyTheLimit_isALine) {
  LineReader r;
  for (size_t i = 0; i < LineReader::kMax; i++) {
    r.feed('z');
  }
  CHECK(r.feed('\n'));
  CHECK_EQ(LineReader::kMax, strlen(r.line()));
  CHECK_EQ(0, r.discarded());
}

static std::string parsed(const char *text) {
  GatewayList list;
  char error[200] = {};
  if (!list.parse(text, "IOTGW_GATEWAYS", error, sizeof error)) {
    return std::string("error: ") + error;
  }
  std::string out;
  for (size_t i = 0; i < list.size(); i++) {
    out += (i > 0 ? " " : "") + std::string(list.host(i)) + "/" + std::to_string(list.port(i));
  }
  return out;
}

TEST(gateways_areParsedInOrder_withTheDefaultPortWhereNoneIsGiven) {
  CHECK_STR("pi-a/12345 pi-b/1883", parsed("pi-a:12345,pi-b:1883").c_str());
  CHECK_STR("192.168.1.10/12345", parsed("192.168.1.10").c_str());
  CHECK_STR("fd00::1/9000 ::1/12345", parsed("[fd00::1]:9000,::1").c_str());
  CHECK_STR("a/1 b/2 c/3 d/4", parsed("a:1,b:2,c:3,d:4").c_str());
}

TEST(gateways_badLists_areOneLineErrors_namingTheSettingTheRuleAndTheEntry) {
  CHECK_STR("error: IOTGW_GATEWAYS must be host[:port] entries separated by commas (a port from 1 to 65535), "
            "got 'pi-b:99999'",
            parsed("pi-a,pi-b:99999").c_str());
  CHECK_STR("error: IOTGW_GATEWAYS must be host[:port] entries separated by commas (a host name or IP address of 1 "
            "to 63 characters), got ''",
            parsed("pi-a,").c_str());
  CHECK_STR("error: IOTGW_GATEWAYS must be host[:port] entries separated by commas (at most 4 gateways), got 'e'",
            parsed("a,b,c,d,e").c_str());
  CHECK(parsed("").rfind("error:", 0) == 0);
  CHECK(parsed("pi-a:").rfind("error:", 0) == 0);
  CHECK(parsed("pi a:1").rfind("error:", 0) == 0);
  CHECK(parsed("pi-a:-1").rfind("error:", 0) == 0);
  CHECK(parsed("pi-a:1x").rfind("error:", 0) == 0);
  CHECK(parsed("[fd00::1]x").rfind("error:", 0) == 0);
  CHECK(parsed("[fd00::1").rfind("error:", 0) == 0);
  CHECK(parsed("pi\x1b[2J:1").rfind("error:", 0) == 0);
  std::string longHost(64, 'h');
  CHECK(parsed(longHost.c_str()).rfind("error:", 0) == 0);
  std::string longest = longHost.substr(1);
  std::string expected = longest + "/12345";
  std::string got = parsed(longest.c_str());
  CHECK_STR(expected.c_str(), got.c_str());
}

TEST(token_isWhatTheGatewayTakesInHello_printableNoSpaces) {
  CHECK(validToken("s3cr3t-T0ken_/+="));
  CHECK(validToken(std::string(128, '~').c_str()));
  CHECK(!validToken(std::string(129, 'x').c_str()));
  CHECK(!validToken(""));
  CHECK(!validToken("with space"));
  CHECK(!validToken("tab\there"));
  CHECK(!validToken("caf\xc3\xa9"));
}

TEST(deviceId_isWhatTheGatewayTakesInHello) {
  CHECK(validDeviceId("esp32-01"));
  CHECK(validDeviceId("a.b_c-D9"));
  CHECK(validDeviceId(std::string(64, 'x').c_str()));
  CHECK(!validDeviceId(std::string(65, 'x').c_str()));
  CHECK(!validDeviceId(""));
  CHECK(!validDeviceId("esp 1"));
  CHECK(!validDeviceId("esp/1"));
  CHECK(!validDeviceId("esp\n1"));
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
