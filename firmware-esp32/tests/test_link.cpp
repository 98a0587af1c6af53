#include <string>

#include "GatewayLink.h"
#include "check.h"
#include "fakes.h"

using namespace iotgw;

namespace {

uint32_t noJitter(uint32_t bound) { return bound - 1; }

struct Recorder : LinkListener {
  int online = 0;
  int offline = 0;
  int echoes = 0;
  int mismatches = 0;
  int commands = 0;
  std::string lastWhy;
  Command lastCommand;
  void onOnline() override { online++; }
  void onOffline(const char *why) override {
    offline++;
    lastWhy = why;
  }
  void onEchoOk() override { echoes++; }
  void onCommand(const Command &c) override {
    commands++;
    lastCommand = c;
  }
  void onEchoMismatch(const char *) override { mismatches++; }
};

struct Fixture {
  FakeClock clock;
  ScriptedClient client;
  Backoff backoff{500, 4000, noJitter};
  Recorder events;
  GatewayLink link{client, clock, backoff, events, {"gw.local", 12345, "esp-1", 5000}};

  void online() {
    link.poll(true);
    client.echoAll();  // HELLO comes back
    link.poll(true);
  }
};

// Steps the clock a millisecond at a time until the link tries to connect; returns how long that took.
uint32_t untilNextConnect(Fixture &f) {
  int calls = f.client.connectCalls;
  uint32_t start = f.clock.now;
  for (int i = 0; i < 100000 && f.client.connectCalls == calls; i++) {
    f.clock.now += 1;
    f.link.poll(true);
  }
  return f.clock.now - start;
}

}  // namespace

TEST(link_connectsSaysHello_andIsOnlineOnlyAfterItsEcho) {
  Fixture f;
  f.link.poll(true);
  CHECK_STR("HELLO esp-1\n", f.client.written.c_str());
  CHECK(f.link.state() == GatewayLink::State::Hello);
  f.client.echoAll();
  f.link.poll(true);
  CHECK(f.link.state() == GatewayLink::State::Online);
  CHECK_EQ(1, f.events.online);
}

TEST(link_waitsForWifi) {
  Fixture f;
  f.link.poll(false);
  CHECK_EQ(0, f.client.connectCalls);
  CHECK(f.link.state() == GatewayLink::State::WaitWifi);
}

TEST(link_sendsQueuedLines_andTakesThemOffOnlyWhenEchoed) {
  Fixture f;
  f.online();
  f.link.send("n=1");
  f.link.send("n=2");
  f.link.poll(true);
  CHECK_STR("n=1\nn=2\n", f.client.written.c_str());
  CHECK_EQ(2, f.link.outbox().size());
  f.client.incoming = "n=1\nn=";  // the echo, split across reads
  f.link.poll(true);
  CHECK_EQ(1, f.link.outbox().size());
  f.client.incoming += "2\n";
  f.client.written.clear();
  f.link.poll(true);
  CHECK_EQ(0, f.link.outbox().size());
  CHECK_EQ(2, f.events.echoes);
  CHECK_EQ(0, f.events.mismatches);
}

TEST(link_linesQueuedWhileOffline_goOutAfterConnecting_inOrder) {
  Fixture f;
  f.client.acceptConnects = false;
  f.link.poll(true);
  f.link.send("n=1");
  f.link.send("n=2");
  CHECK(f.link.state() == GatewayLink::State::Backoff);
  f.client.acceptConnects = true;
  f.clock.now += 500;
  f.link.poll(true);
  f.client.echoAll();
  f.link.poll(true);
  CHECK_STR("n=1\nn=2\n", f.client.written.c_str());
}

TEST(link_downlinkCommand_isHandled_notAMismatch) {
  Fixture f;
  f.online();
  f.client.incoming = "led on\ninterval 2000\n";
  f.link.poll(true);
  CHECK_EQ(2, f.events.commands);
  CHECK(f.events.lastCommand.kind == Command::Kind::Interval);
  CHECK_EQ(0, f.events.mismatches);
}

TEST(link_wrongEcho_isCountedAsAMismatch_andTheLineStaysQueued) {
  Fixture f;
  f.online();
  f.link.send("n=1");
  f.link.poll(true);
  f.client.incoming = "n=X\n";
  f.link.poll(true);
  CHECK_EQ(1, f.events.mismatches);
  CHECK_EQ(1, f.link.outbox().size());
}

TEST(link_noEchoInTime_isAHalfOpenConnection_reconnectsAndResends) {
  Fixture f;
  f.online();
  f.link.send("n=1");
  f.link.poll(true);
  f.clock.now += 5001;  // the gateway vanished without closing: no echo, socket still "open"
  f.link.poll(true);
  CHECK_EQ(1, f.events.offline);
  CHECK_STR("no echo in time (half-open connection)", f.events.lastWhy.c_str());
  CHECK(f.link.state() == GatewayLink::State::Backoff);
  f.client.written.clear();
  f.clock.now += 500;
  f.link.poll(true);
  f.client.echoAll();
  f.link.poll(true);
  CHECK(f.link.state() == GatewayLink::State::Online);
  CHECK_STR("n=1\n", f.client.written.c_str());  // the unechoed line, sent again after HELLO
}

TEST(link_closedSocket_reconnectsWithGrowingBackoff_upToTheCap) {
  Fixture f;
  f.online();
  f.client.open = false;  // the gateway went away
  f.client.acceptConnects = false;
  f.link.poll(true);
  CHECK(f.link.state() == GatewayLink::State::Backoff);
  uint32_t waits[6];
  for (int i = 0; i < 6; i++) {
    waits[i] = untilNextConnect(f);
  }
  CHECK_EQ(499, waits[0]);
  CHECK_EQ(999, waits[1]);
  CHECK_EQ(1999, waits[2]);
  CHECK_EQ(3999, waits[3]);
  CHECK_EQ(3999, waits[5]);  // capped
}

TEST(link_backoffResets_onlyAfterTheGatewayAnswered) {
  Fixture f;
  f.client.acceptConnects = false;
  f.link.poll(true);
  f.clock.now += 499;
  f.link.poll(true);  // second failure: next wait 999
  f.client.acceptConnects = true;
  f.clock.now += 999;
  f.link.poll(true);
  f.client.echoAll();
  f.link.poll(true);
  CHECK(f.link.state() == GatewayLink::State::Online);
  f.client.open = false;
  f.client.acceptConnects = false;
  f.link.poll(true);
  CHECK_EQ(499, untilNextConnect(f));
}

TEST(link_wifiLost_dropsTheConnection_andWaits) {
  Fixture f;
  f.online();
  f.link.poll(false);
  CHECK_EQ(1, f.events.offline);
  CHECK_STR("Wi-Fi lost", f.events.lastWhy.c_str());
  CHECK(!f.client.open);
  CHECK(f.link.state() == GatewayLink::State::WaitWifi);
}

TEST(link_unechoedWindow_isBounded) {
  Fixture f;
  f.online();
  for (int i = 0; i < 20; i++) {
    f.link.send("x");
  }
  f.link.poll(true);
  size_t lines = 0;
  for (char c : f.client.written) {
    lines += c == '\n';
  }
  CHECK_EQ(GatewayLink::kMaxUnechoed, lines);
}
