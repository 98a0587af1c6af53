package io.iotgw.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotgw.gateway.log.RateLimitedLog;
import io.iotgw.gateway.auth.AuthPolicy;
import io.iotgw.gateway.auth.Credentials;
import io.iotgw.gateway.auth.DeviceAuthenticator;
import io.iotgw.gateway.auth.DeviceProof;
import io.iotgw.gateway.auth.TokenHash;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** What a consumer of messages (the bridge) sees, and that a read's echo waits until it has taken its lines. */
class DeviceListenerPipelineTest {

    private final List<String> events = new ArrayList<>();
    /** Handovers the test answers, as the spool's writer would later. */
    private final ArrayDeque<DeviceListener.Handover> waiting = new ArrayDeque<>();
    private boolean answerAtOnce = true;
    private final DeviceListener listener = new DeviceListener() {
        @Override
        public void onLines(DeviceSession device, List<byte[]> lines, long receivedMillis, Handover done) {
            for (byte[] line : lines) {
                events.add("line " + device.deviceId() + " " + new String(line, StandardCharsets.UTF_8));
            }
            if (answerAtOnce) {
                done.taken();
            } else {
                waiting.add(done);
            }
        }

        @Override
        public void onNamed(DeviceSession device) {
            events.add("named " + device.deviceId() + (device.helloNamed() ? " by hello" : " by address"));
        }

        @Override
        public void onGone(DeviceSession device, boolean replaced) {
            events.add("gone " + device.deviceId() + (replaced ? " replaced" : ""));
        }
    };
    private final GatewayStats stats = new GatewayStats();
    private final DeviceRegistry registry = new DeviceRegistry();

    private EmbeddedChannel channel() {
        return channel(null);
    }

    private EmbeddedChannel channel(DeviceAuthenticator auth) {
        DefaultChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        DeviceSessionHandler.Shared shared = new DeviceSessionHandler.Shared(registry, stats, listener,
                new UnfinishedLines(1 << 20, clients, stats), RateLimitedLog.perMinute(DeviceSessionHandler.log, Level.ERROR), auth);
        EmbeddedChannel ch = new EmbeddedChannel(new DeviceSessionHandler(shared, 1024, false, 0), new EchoHandler(stats)) {
            @Override
            protected java.net.SocketAddress remoteAddress0() {
                return new java.net.InetSocketAddress("10.0.0.9", 4000);
            }
        };
        clients.add(ch);
        return ch;
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    private static String readAll(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = ch.readOutbound()) != null; b.release()) {
            out.append(b.toString(StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    @Test
    void lines_areHandedOver_helloIsNot_andALastUnfinishedLineIsOneMore() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("HELLO dev-9\ntemp=1\r\ntemp="));
        assertThat(events).containsExactly("named dev-9 by hello", "line dev-9 temp=1");
        assertThat(readAll(ch)).isEqualTo("HELLO dev-9\ntemp=1\r\ntemp=");
        ch.writeInbound(bytes("2\n"));
        ch.close();
        assertThat(events).containsExactly("named dev-9 by hello", "line dev-9 temp=1", "line dev-9 temp=2", "gone dev-9");
    }

    @Test
    void aReadsEcho_waitsUntilItsLinesAreTaken() {
        answerAtOnce = false;
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("HELLO dev-1\n")); // no line to hand over: echoed at once
        assertThat(readAll(ch)).isEqualTo("HELLO dev-1\n");
        ch.writeInbound(bytes("a=1\n"));
        assertThat(readAll(ch)).as("no echo before the lines are safe").isEmpty();
        waiting.poll().taken();
        assertThat(readAll(ch)).isEqualTo("a=1\n");
    }

    @Test
    void laterReads_areHandedOverAtOnce_butTheirEchoFollowsTheEarlierOnesInOrder() {
        answerAtOnce = false;
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("a=1\n"));
        ch.writeInbound(bytes("partial"), bytes(" line, "), bytes("done\nb=2\n"));
        assertThat(events).containsExactly("named 10.0.0.9-4000 by address", "line 10.0.0.9-4000 a=1",
                "line 10.0.0.9-4000 partial line, done", "line 10.0.0.9-4000 b=2");
        assertThat(readAll(ch)).isEmpty();
        waiting.poll().taken();
        assertThat(readAll(ch)).isEqualTo("a=1\npartial line, ");
        waiting.poll().taken();
        assertThat(readAll(ch)).isEqualTo("done\nb=2\n");
        assertThat(ch.config().isAutoRead()).isTrue();
    }

    @Test
    void tooManyReadsWaitingForTheirLinesToBeKept_stopReadingTheConnection_untilTheyAre() {
        answerAtOnce = false;
        EmbeddedChannel ch = channel();
        for (int i = 0; i < DeviceSessionHandler.MAX_WAITING_READS; i++) {
            assertThat(ch.config().isAutoRead()).isTrue();
            ch.writeInbound(bytes("n=" + i + "\n"));
        }
        assertThat(ch.config().isAutoRead()).as("its own backpressure").isFalse();
        waiting.poll().taken();
        assertThat(ch.config().isAutoRead()).isTrue();
        assertThat(readAll(ch)).isEqualTo("n=0\n");
    }

    @Test
    void linesThatCannotBeKept_getNoEcho_theConnectionCloses_andTheyAreCountedAsWithheld() {
        answerAtOnce = false;
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("HELLO dev-9\n"));
        readAll(ch);
        ch.writeInbound(bytes("precious\nvaluable\n"));
        ch.writeInbound(bytes("more\n"));
        waiting.poll().refused(new IOException("No space left on device"));
        assertThat(readAll(ch)).as("no echo: the device must not think its lines are safe").isEmpty();
        assertThat(ch.isOpen()).isFalse();
        assertThat(stats.withheld()).isEqualTo(2);
    }

    @Test
    void theClientFinishingWhileLinesAreHandedOver_getsEveryEchoBeforeTheConnectionCloses() {
        answerAtOnce = false;
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("x=1\nlast"));
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(ch.isOpen()).isTrue();
        waiting.poll().taken();
        assertThat(readAll(ch)).isEqualTo("x=1\nlast");
        assertThat(events).contains("line 10.0.0.9-4000 last");
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void anAnswerAfterTheConnectionClosed_isIgnored() {
        answerAtOnce = false;
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("x=1\n"));
        ch.close();
        waiting.poll().taken();
        assertThat(readAll(ch)).isEmpty();
    }

    @Test
    void addressNamedDevice_isNamedByItsFirstLine_andItsLastBytesAreALine() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("Hello, world"));
        assertThat(events).isEmpty();
        ch.close();
        assertThat(events).containsExactly("named 10.0.0.9-4000 by address", "line 10.0.0.9-4000 Hello, world",
                "gone 10.0.0.9-4000");
    }

    @Test
    void silentConnection_isNeverNamedNorGone() {
        EmbeddedChannel ch = channel();
        ch.close();
        assertThat(events).isEmpty();
    }

    /** Verifications run when the test says, as a busy verifier thread would. */
    private final java.util.concurrent.LinkedBlockingQueue<Runnable> verifications = new java.util.concurrent.LinkedBlockingQueue<>();
    private final java.util.concurrent.AbstractExecutorService verifier = new java.util.concurrent.AbstractExecutorService() {
        @Override
        public void execute(Runnable task) {
            verifications.add(task);
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit) {
            return true;
        }
    };

    private static final String TOKEN = "pump-1-token";
    private static final Credentials PUMP_LISTED = Credentials.parse(
            List.of("pump-1:" + TokenHash.of(TOKEN, new java.security.SecureRandom()).encoded()));

    private DeviceAuthenticator authenticator(AuthPolicy policy) {
        return new DeviceAuthenticator(policy, PUMP_LISTED, verifier, System::nanoTime);
    }

    /** Runs the waiting verifications, then the event loop's tasks (where their verdicts land). */
    private void verify(EmbeddedChannel... channels) {
        for (Runnable r; (r = verifications.poll()) != null; ) {
            r.run();
        }
        for (EmbeddedChannel ch : channels) {
            ch.runPendingTasks();
        }
    }

    @Test
    void aRightToken_holdsEveryEchoAndLineUntilTheVerdict_thenTheyGoOnInOrder_underTheProvenId() {
        DeviceAuthenticator auth = authenticator(AuthPolicy.REQUIRED);
        EmbeddedChannel ch = channel(auth);
        ch.writeInbound(bytes("HELLO pump-1 " + TOKEN + "\na=1\n"));
        ch.writeInbound(bytes("b=2\npart"));
        ch.writeInbound(bytes("ial\n"));
        assertThat(readAll(ch)).as("nothing echoed before the verdict").isEmpty();
        assertThat(events).isEmpty();
        assertThat(registry.find("pump-1")).isEmpty();

        verify(ch);

        assertThat(events).containsExactly("named pump-1 by hello", "line pump-1 a=1", "line pump-1 b=2",
                "line pump-1 partial");
        assertThat(readAll(ch)).isEqualTo("HELLO pump-1 " + TOKEN + "\na=1\nb=2\npartial\n");
        assertThat(registry.find("pump-1")).contains(ch);
        assertThat(DeviceSession.of(ch).proven()).isTrue();
        assertThat(DeviceProof.proves(ch, "pump-1")).isTrue();
        ch.writeInbound(bytes("c=3\n"));
        assertThat(readAll(ch)).as("after the verdict, no more waiting").isEqualTo("c=3\n");
    }

    @Test
    void aWrongOrMissingToken_isClosedWithNothingEchoedOrKept_andTheRealDeviceStays() {
        DeviceAuthenticator auth = authenticator(AuthPolicy.OPTIONAL);
        EmbeddedChannel real = channel(auth);
        real.writeInbound(bytes("HELLO pump-1 " + TOKEN + "\n"));
        verify(real);
        readAll(real);
        events.clear();

        EmbeddedChannel wrong = channel(auth);
        wrong.writeInbound(bytes("HELLO pump-1 guess\nfake=99\n"));
        EmbeddedChannel none = channel(auth);
        none.writeInbound(bytes("HELLO pump-1\nfake=98\n"));
        verify(wrong, none);

        assertThat(readAll(wrong)).isEmpty();
        assertThat(readAll(none)).isEmpty();
        assertThat(wrong.isOpen()).isFalse();
        assertThat(none.isOpen()).isFalse();
        assertThat(events).as("no line, no presence").isEmpty();
        assertThat(real.isOpen()).isTrue();
        assertThat(registry.find("pump-1")).contains(real);
        assertThat(auth.refusedSoFar()).isEqualTo(2);
    }

    @Test
    void underRequired_aConnectionWithoutHello_isClosedAtItsFirstLine() {
        EmbeddedChannel ch = channel(authenticator(AuthPolicy.REQUIRED));
        ch.writeInbound(bytes("temp=21\nmore=1\n"));
        assertThat(readAll(ch)).isEmpty();
        assertThat(ch.isOpen()).isFalse();
        assertThat(events).isEmpty();
    }

    @Test
    void underOptional_anUnlistedId_goesOnWithoutProof_andCannotTakeOverAProvenConnection() {
        DeviceAuthenticator auth = authenticator(AuthPolicy.OPTIONAL);
        EmbeddedChannel unlisted = channel(auth);
        unlisted.writeInbound(bytes("HELLO sensor-3\nt=1\n"));
        assertThat(readAll(unlisted)).as("decided at once, no hashing").isEqualTo("HELLO sensor-3\nt=1\n");
        assertThat(DeviceSession.of(unlisted).proven()).isFalse();

        EmbeddedChannel real = channel(auth);
        real.writeInbound(bytes("HELLO pump-1 " + TOKEN + "\n"));
        verify(real);
        auth.replaceCredentials(Credentials.empty()); // pump-1 removed from the file while connected
        EmbeddedChannel impostor = channel(auth);
        impostor.writeInbound(bytes("HELLO pump-1\nfake=99\n"));

        assertThat(impostor.isOpen()).as("an unproven id never replaces a proven connection").isFalse();
        assertThat(real.isOpen()).isTrue();
        assertThat(registry.find("pump-1")).contains(real);
        assertThat(events).doesNotContain("line pump-1 fake=99");
    }

    @Test
    void aConnectionClosingBeforeItsVerdict_handsNothingOver() {
        EmbeddedChannel ch = channel(authenticator(AuthPolicy.REQUIRED));
        ch.writeInbound(bytes("HELLO pump-1 " + TOKEN + "\na=1\nlast"));
        ch.close();
        verify(ch);
        assertThat(events).isEmpty();
        assertThat(registry.find("pump-1")).isEmpty();
    }
}
