package io.iotgw.piclient.link;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;

/** Opens connections to gateways: sockets in the client, a script in tests. */
public interface Connector {

    /**
     * Connects to the gateway, from a given local address (the interface chosen) or wherever the
     * system routes.
     */
    Connection connect(Gateway gateway, Optional<InetAddress> from) throws IOException;
}
