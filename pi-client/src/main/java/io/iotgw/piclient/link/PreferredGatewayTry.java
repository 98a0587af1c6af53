package io.iotgw.piclient.link;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While the link is on another gateway, tries the preferred (first) one again every retry
 * interval on a connection of its own, without disturbing the link: connect, HELLO, and wait for
 * the HELLO's echo. Once it comes, hands the connection over, with any bytes that arrived after the
 * echo. Owned by the link's thread.
 */
final class PreferredGatewayTry {

    /** The preferred gateway answered: its connection, and what it sent after the HELLO's echo. */
    record Answered(Connection connection, byte[] after) {
    }

    private static final Logger log = LoggerFactory.getLogger(PreferredGatewayTry.class);

    private final Connector connector;
    private final Gateway preferred;
    private final String hello;
    private final long retryNanos;
    private final long echoTimeoutNanos;
    private final LongSupplier nanoClock;
    private final LineReader reader = new LineReader(256);
    private final byte[] buf = new byte[256];
    private Connection connection;
    private long nextTryNanos;
    private long helloSentNanos;
    private long tries;

    PreferredGatewayTry(Connector connector, Gateway preferred, String hello, Duration retry, Duration echoTimeout,
                        LongSupplier nanoClock) {
        this.connector = connector;
        this.preferred = preferred;
        this.hello = hello;
        this.retryNanos = retry.toNanos();
        this.echoTimeoutNanos = echoTimeout.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The link is online on another gateway now: the first try is one retry interval away. */
    void schedule() {
        stop();
        nextTryNanos = nanoClock.getAsLong() + retryNanos;
    }

    /** Does the try's work for now; the preferred gateway's connection once it echoed HELLO. */
    Optional<Answered> poll(Optional<InetAddress> from) {
        long now = nanoClock.getAsLong();
        if (connection == null) {
            if (now - nextTryNanos >= 0) {
                start(now, from);
            }
            return Optional.empty();
        }
        try {
            int n = connection.read(buf, 1);
            if (n < 0) {
                fail("it closed the connection");
                return Optional.empty();
            }
            int taken = reader.feed(buf, 0, n);
            String line = reader.take();
            if (line != null) {
                if (!line.equals(hello)) {
                    fail("it did not echo HELLO");
                    return Optional.empty();
                }
                Answered answered = new Answered(connection, Arrays.copyOfRange(buf, taken, n));
                connection = null;
                return Optional.of(answered);
            }
        } catch (IOException e) {
            fail(e.getMessage());
            return Optional.empty();
        }
        if (now - helloSentNanos > echoTimeoutNanos) {
            fail("no HELLO echo in time");
        }
        return Optional.empty();
    }

    private void start(long now, Optional<InetAddress> from) {
        nextTryNanos = now + retryNanos;
        tries++;
        reader.clear();
        try {
            connection = connector.connect(preferred, from);
            connection.write(hello);
            helloSentNanos = now;
        } catch (IOException e) {
            fail(e.getMessage());
        }
    }

    private void fail(String why) {
        log.debug("preferred gateway {} tried again, not yet: {}", preferred, why);
        stop();
    }

    /** Abandons a try in progress. */
    void stop() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    long tries() {
        return tries;
    }
}
