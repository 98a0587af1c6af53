package io.iotgw.gateway.tls;

import java.util.concurrent.atomic.LongAdder;

/** What the TLS port did with its connections, for the log and for tests. Counted on event loops, read anywhere. */
public final class TlsStats {

    final LongAdder handshakes = new LongAdder();
    final LongAdder notTls = new LongAdder();
    final LongAdder timedOut = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder noDeviceId = new LongAdder();

    /** Handshakes that succeeded. */
    public long handshakes() {
        return handshakes.sum();
    }

    /** Connections closed because their first bytes were not TLS (a plain client on the TLS port). */
    public long notTls() {
        return notTls.sum();
    }

    /** Connections closed because the handshake did not finish within tls-handshake-timeout. */
    public long timedOut() {
        return timedOut.sum();
    }

    /** Handshakes that failed otherwise: certificate refused, no common protocol, closed midway. */
    public long failed() {
        return failed.sum();
    }

    /** Verified client certificates whose common name is no valid device id. */
    public long noDeviceId() {
        return noDeviceId.sum();
    }

    public long refused() {
        return notTls() + timedOut() + failed() + noDeviceId();
    }

    @Override
    public String toString() {
        return handshakes() + " TLS handshakes, " + notTls() + " plain clients on the TLS port, " + timedOut()
                + " handshakes timed out, " + failed() + " failed, " + noDeviceId() + " client certificates naming no device";
    }
}
