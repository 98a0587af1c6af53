package io.iotgw.piclient.link;

/** What the {@link GatewayLink} reports, on the link's thread. */
public interface LinkListener {

    /** Online with a gateway, over an interface (or "default route"); also on moving back to the preferred one. */
    default void onOnline(Gateway gateway, String via) {
    }

    default void onOffline(String why) {
    }

    /** A line the gateway echoed; it has left the outbox. */
    default void onEcho(String line) {
    }

    /** A line from the gateway that is no echo: true if it was understood, else it counts as a mismatch. */
    default boolean onDownlink(String line) {
        return false;
    }
}
