package io.iotgw.gateway.observe;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the observing side may know of the gateway: small read-only records, taken when asked.
 * The HTTP side, the metrics and the stats message depend on this view only, never on the parts
 * behind it, so those parts can change without them. Implementations are thread-safe; each call
 * reads the parts' own counters at that moment.
 */
public interface GatewayView {

    /** Fixed at start: what runs, since when, and the settings a person wants to see. */
    About about();

    /** Device-side counters. Cheap: sums of counters. */
    Traffic traffic();

    /** Every connected device. Costs a look at each connection, on its own thread. */
    List<Device> devices();

    /** The broker link, or empty without the bridge. Cheap. */
    Optional<Broker> broker();

    /** The spool, or empty without the bridge. May read one record from disk (the oldest's age). */
    Optional<SpoolStatus> spool();

    /** True while the device port is bound and open. */
    boolean serving();

    /**
     * @param version     the gateway's version
     * @param gatewayId   the bridge's gateway id, when there is a bridge
     * @param startedMillis when the gateway started, epoch milliseconds
     * @param settings    settings by name, as a person would write them (never a secret)
     */
    record About(String version, Optional<String> gatewayId, long startedMillis, Map<String, String> settings) {
        public About {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(gatewayId, "gatewayId");
            settings = Map.copyOf(settings);
        }
    }

    /**
     * @param devicesConnected connections open now
     * @param linesIn          lines received (framed only where someone looks: see the README)
     * @param echoWithheld     lines the spool could not take, whose echo was withheld
     */
    record Traffic(long devicesConnected, long accepted, long refused, long idleClosed, long replaced, long linesIn,
                   long bytesIn, long bytesOut, long overlongLines, long echoWithheld) {
    }

    /**
     * One connected device.
     *
     * @param helloNamed    true when named by HELLO, false while it goes by its address
     * @param lastLineMillis when its last complete line arrived, or 0 before the first
     * @param linesOut      downlink lines written to it
     * @param tls           connected over TLS
     * @param authenticated proved its id (token or certificate)
     */
    record Device(String id, boolean helloNamed, String remote, long connectedMillis, long linesIn, long linesOut,
                  long bytesIn, long bytesOut, long lastLineMillis, boolean tls, boolean authenticated) {
        public Device {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(remote, "remote");
        }
    }

    /**
     * @param connectedUri   the broker of the current connection; empty while disconnected
     * @param connectedSinceMillis when the current connection was made, or 0
     * @param reconnects     connections made after a loss
     * @param published      lines the broker acknowledged
     */
    record Broker(List<String> uris, Optional<String> connectedUri, long connectedSinceMillis, long reconnects,
                  long published, long downlinksDelivered, long downlinksDropped) {
        public Broker {
            uris = List.copyOf(uris);
            Objects.requireNonNull(connectedUri, "connectedUri");
        }

        public boolean connected() {
            return connectedUri.isPresent();
        }
    }

    /**
     * @param backlogLines lines spooled and not yet acknowledged by the broker
     * @param oldestMillis when the oldest of them arrived, if there is one
     * @param droppedLines lines dropped unacknowledged because the spool was full
     */
    record SpoolStatus(long bytes, long maxBytes, long backlogLines, OptionalLong oldestMillis, long droppedLines) {
        public SpoolStatus {
            Objects.requireNonNull(oldestMillis, "oldestMillis");
        }
    }
}
