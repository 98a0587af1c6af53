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
  std::string lastGateway;
  Command lastCommand;
  const GatewayList *gateways = nullptr;
  void onOnline(size_t index) override {
    online++;
    char buf[80];
    lastGateway = gateways->describe(index, buf, sizeof buf);
  }
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

GatewayList gatewayList(const char *text) {
  GatewayList list;
  char error[160];
  list.parse(text, "test", error, sizeof error);
  return list;
}

struct Fixture {
  explicit Fixture(const char *list = "gw.local:12345") : gateways(gatewayList(list)) {
    client.network = &network;
    spare.network = &network;
    events.gateways = &this->gateways;
  }
  FakeClock clock;
  FakeNetwork network;
  ScriptedClient client;
  ScriptedClient spare;
  Backoff backoff{500, 4000, noJitter};
  Recorder events;
  GatewayList gateways;
  GatewayLink link{client, spare, clock, backoff, events, {&gateways, "esp-1", nullptr, 5000, 60000}};

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

TEST(link_fullOutboxWithLinesInFlight_dropsOnlyUnsentLines_andEveryEchoStillMatches) {
  Fixture f;
  f.online();
  char line[16];
  for (size_t i = 0; i < Outbox::kSlots; i++) {
    snprintf(line, sizeof line, "n=%u", static_cast<unsigned>(i));
    f.link.send(line);
  }
  f.link.poll(true);  // n=0..n=7 written, awaiting their echoes
  CHECK_EQ(GatewayLink::kMaxUnechoed, f.link.outbox().inFlight());
  f.link.send("n=100");  // full: n=8, the oldest not yet sent, makes room
  f.link.send("n=101");  // and n=9
  CHECK_EQ(2, f.link.outbox().dropped());
  f.client.echoAll();
  f.link.poll(true);
  CHECK_EQ(8, f.events.echoes);
  CHECK_EQ(0, f.events.mismatches);
  CHECK(f.link.state() == GatewayLink::State::Online);
  CHECK_STR("n=10", f.link.outbox().at(0));  // now in flight: n=10..n=17
  CHECK_STR("n=10\nn=11\nn=12\nn=13\nn=14\nn=15\nn=16\nn=17\n", f.client.written.c_str());
}

TEST(link_linesInFlight_areResentAfterAReconnect_andLeaveOnlyWithTheirEcho) {
  Fixture f;
  f.online();
  f.link.send("n=1");
  f.link.send("n=2");
  f.link.poll(true);
  f.client.written.clear();
  f.client.open = false;  // the gateway went away before echoing
  f.link.poll(true);
  CHECK(f.link.state() == GatewayLink::State::Backoff);
  CHECK_EQ(2, f.link.outbox().size());
  f.clock.now += 500;
  f.link.poll(true);
  f.client.echoAll();
  f.link.poll(true);
  CHECK(f.link.state() == GatewayLink::State::Online);
  CHECK_STR("n=1\nn=2\n", f.client.written.c_str());
  CHECK_EQ(2, f.link.outbox().resent());
  f.client.echoAll();
  f.link.poll(true);
  CHECK(f.link.outbox().empty());
  CHECK_EQ(2, f.events.echoes);
}

TEST(link_lineTooLongForASlot_isRefusedBySend_andCounted) {
  Fixture f;
  std::string longLine(Outbox::kLineMax + 1, 'x');
  CHECK(!f.link.send(longLine.c_str()));
  CHECK(f.link.send(longLine.substr(1).c_str()));
  CHECK_EQ(1, f.link.outbox().refused());
  CHECK_EQ(1, f.link.outbox().size());
}

TEST(link_overlongIncomingLine_isDiscardedWhole_notAMismatch_andTheLinkGoesOn) {
  Fixture f;
  f.online();
  f.link.send("n=1");
  f.link.poll(true);
  f.client.incoming = std::string(LineReader::kMax + 40, 'z') + "\n";
  f.client.echoAll();
  f.link.poll(true);
  CHECK_EQ(1, f.link.discardedLines());
  CHECK_EQ(0, f.events.mismatches);
  CHECK_EQ(1, f.events.echoes);
}

TEST(failover_deadFirstGateway_isLeftForTheNext_afterTheBackoff) {
  Fixture f("pi-a:12345,pi-b:12345");
  f.network.down.insert("pi-a:12345");
  f.link.poll(true);
  CHECK_STR("pi-a:12345", f.client.connectedTo.c_str());
  CHECK(f.link.state() == GatewayLink::State::Backoff);
  CHECK_EQ(1, f.link.gatewayIndex());
  CHECK_EQ(499, untilNextConnect(f));  // the existing jittered backoff, not at once
  CHECK_STR("pi-b:12345", f.client.connectedTo.c_str());
  CHECK_STR("HELLO esp-1\n", f.client.written.c_str());  // the same id on every gateway
  f.client.echoAll();
  f.link.poll(true);
  CHECK(f.link.state() == GatewayLink::State::Online);
  CHECK_STR("pi-b:12345", f.events.lastGateway.c_str());
}

TEST(failover_gatewayDiesWhileOnline_theNextOneTakesOver_andGetsTheUnechoedLines) {
  Fixture f("pi-a:12345,pi-b:12345");
  f.online();
  CHECK_STR("pi-a:12345", f.events.lastGateway.c_str());
  f.link.send("n=1");
  f.link.poll(true);
  f.client.written.clear();
  f.client.open = false;  // pi-a killed
  f.network.down.insert("pi-a:12345");
  f.link.poll(true);
  CHECK_EQ(1, f.events.offline);
  CHECK(untilNextConnect(f) < 500);  // within the first backoff step, long before the cap
  CHECK_STR("pi-b:12345", f.client.connectedTo.c_str());
  f.client.echoAll();
  f.link.poll(true);
  f.link.poll(true);
  CHECK_STR("pi-b:12345", f.events.lastGateway.c_str());
  CHECK_STR("n=1\n", f.client.written.c_str());
}

TEST(failover_helloNotEchoed_leavesThatGatewayForTheNext) {
  Fixture f("pi-a:12345,pi-b:12345");
  f.link.poll(true);
  f.client.incoming = "no HELLO here\n";
  f.link.poll(true);
  CHECK(f.link.state() == GatewayLink::State::Backoff);
  CHECK_EQ(1, f.link.gatewayIndex());
}

TEST(failover_everyGatewayDown_cyclesThroughTheList_withTheBackoffGrowingToItsCap) {
  Fixture f("pi-a:1,pi-b:2,pi-c:3");
  f.network.down = {"pi-a:1", "pi-b:2", "pi-c:3"};
  f.link.poll(true);
  std::string tried = f.client.connectedTo;
  uint32_t waits[5];
  for (int i = 0; i < 5; i++) {
    waits[i] = untilNextConnect(f);
    tried += " " + f.client.connectedTo;
  }
  CHECK_STR("pi-a:1 pi-b:2 pi-c:3 pi-a:1 pi-b:2 pi-c:3", tried.c_str());
  CHECK_EQ(499, waits[0]);
  CHECK_EQ(999, waits[1]);
  CHECK_EQ(1999, waits[2]);
  CHECK_EQ(3999, waits[3]);
  CHECK_EQ(3999, waits[4]);
}

// pi-a down at the start: the link is online with pi-b.
static void onSecondGateway(Fixture &f) {
  f.network.down.insert("pi-a:12345");
  f.link.poll(true);
  f.clock.now += 499;
  f.link.poll(true);
  f.client.echoAll();
  f.link.poll(true);
  CHECK_STR("pi-b:12345", f.events.lastGateway.c_str());
}

TEST(preferred_isTriedAgainPeriodically_andTheDeviceMovesBackOnceItAnswersHello) {
  Fixture f("pi-a:12345,pi-b:12345");
  onSecondGateway(f);

  f.clock.now += 59999;
  f.link.poll(true);
  CHECK_EQ(0, f.spare.connectCalls);  // not before the retry interval
  f.clock.now += 1;
  f.link.poll(true);
  CHECK_EQ(1, f.spare.connectCalls);  // pi-a tried on the spare client, still down
  CHECK_STR("pi-a:12345", f.spare.connectedTo.c_str());
  CHECK(f.link.state() == GatewayLink::State::Online);
  CHECK_EQ(1, f.link.gatewayIndex());  // pi-b's link untouched meanwhile

  f.network.down.clear();  // pi-a is back
  f.clock.now += 60000;
  f.link.send("n=1");
  f.link.poll(true);  // n=1 in flight at pi-b, and pi-a tried again
  CHECK_STR("n=1\n", f.client.written.substr(f.client.written.size() - 4).c_str());
  CHECK_STR("HELLO esp-1\n", f.spare.written.c_str());
  CHECK_EQ(1, f.link.gatewayIndex());  // not before pi-a's HELLO echo
  f.spare.echoAll();
  f.spare.incoming += "led on\n";  // a downlink right after the echo waits in the socket for the link
  f.link.poll(true);
  CHECK_EQ(0, f.link.gatewayIndex());
  CHECK_STR("pi-a:12345", f.events.lastGateway.c_str());
  CHECK(!f.client.open);  // pi-b's connection closed
  CHECK_EQ(0, f.events.offline);  // never offline on the way
  f.link.poll(true);
  CHECK_EQ(1, f.events.commands);
  CHECK_STR("n=1\n", f.spare.written.c_str());  // unechoed at pi-b, sent again to pi-a
  f.spare.echoAll();
  f.link.poll(true);
  CHECK(f.link.outbox().empty());
  CHECK_EQ(1, f.link.outbox().resent());
  f.clock.now += 120000;
  f.link.poll(true);
  CHECK_EQ(2, f.link.preferredTries());  // on the preferred gateway: no more tries
}

TEST(preferred_thatDoesNotEchoHello_isClosed_andTheDeviceStaysWhereItIs) {
  Fixture f("pi-a:12345,pi-b:12345");
  onSecondGateway(f);
  f.network.down.clear();
  f.clock.now += 60000;
  f.link.poll(true);
  CHECK(f.spare.open);
  f.clock.now += 5001;  // pi-a accepted but never echoed HELLO
  f.link.poll(true);
  CHECK(!f.spare.open);
  CHECK_EQ(1, f.link.gatewayIndex());
  CHECK(f.link.state() == GatewayLink::State::Online);
  f.spare.written.clear();
  f.clock.now += 54999;
  f.link.poll(true);
  CHECK_STR("HELLO esp-1\n", f.spare.written.c_str());  // tried again a retry interval after the last try
}

TEST(preferred_tryIsAbandoned_whenTheCurrentLinkDrops) {
  Fixture f("pi-a:12345,pi-b:12345");
  onSecondGateway(f);
  f.network.down.clear();
  f.clock.now += 60000;
  f.link.poll(true);
  CHECK(f.spare.open);
  f.link.poll(false);  // Wi-Fi lost
  CHECK(!f.spare.open);
  CHECK(!f.client.open);
}

TEST(token_isSaidAfterTheIdInHello_andTheEchoOfThatLineMakesTheLinkOnline) {
  FakeClock clock;
  ScriptedClient client;
  ScriptedClient spare;
  Backoff backoff{500, 4000, noJitter};
  Recorder events;
  GatewayList gateways = gatewayList("gw.local:12345");
  events.gateways = &gateways;
  GatewayLink link{client, spare, clock, backoff, events, {&gateways, "esp-1", "s3cr3t-T0ken", 5000, 60000}};
  link.poll(true);
  CHECK_STR("HELLO esp-1 s3cr3t-T0ken\n", client.written.c_str());
  client.echoAll();
  link.poll(true);
  CHECK(link.state() == GatewayLink::State::Online);
}

struct MismatchRecorder : Recorder {
  std::string got;
  void onEchoMismatch(const char *line) override { got = line; }
};

TEST(token_helloAnsweredOtherwise_isReportedWithoutTheLine_itMayHoldTheToken) {
  FakeClock clock;
  ScriptedClient client;
  ScriptedClient spare;
  Backoff backoff{500, 4000, noJitter};
  MismatchRecorder events;
  GatewayList gateways = gatewayList("gw.local:12345");
  GatewayLink link{client, spare, clock, backoff, events, {&gateways, "esp-1", "s3cr3t-T0ken", 5000, 60000}};
  link.poll(true);
  client.incoming = "HELLO esp-1 s3cr3t-T0ke\n";
  link.poll(true);
  CHECK(link.state() == GatewayLink::State::Backoff);
  CHECK(events.got.find("s3cr3t") == std::string::npos);
  CHECK_STR("HELLO ... (not shown)", events.got.c_str());
}

struct FailureRecorder : Recorder {
  std::string failedAt;
  void onConnectFailed(size_t index, Client &) override {
    char buf[80];
    failedAt = gateways->describe(index, buf, sizeof buf);
  }
};

TEST(link_connectFailure_isReported_withTheGatewayTried) {
  FakeClock clock;
  FakeNetwork network;
  ScriptedClient client;
  ScriptedClient spare;
  client.network = &network;
  Backoff backoff{500, 4000, noJitter};
  FailureRecorder events;
  GatewayList gateways = gatewayList("pi-a:1,pi-b:2");
  events.gateways = &gateways;
  network.down.insert("pi-a:1");
  GatewayLink link{client, spare, clock, backoff, events, {&gateways, "esp-1", nullptr, 5000, 60000}};
  link.poll(true);
  CHECK_STR("pi-a:1", events.failedAt.c_str());
}
