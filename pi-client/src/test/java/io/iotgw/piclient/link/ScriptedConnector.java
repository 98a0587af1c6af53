package io.iotgw.piclient.link;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Connections a test scripts: which gateways answer, what each "gateway" sends; never blocks. */
final class ScriptedConnector implements Connector {

    /** One scripted connection: what the link wrote, what the gateway sends back. */
    static final class ScriptedConnection implements Connection {
        final Gateway gateway;
        final Optional<InetAddress> from;
        final StringBuilder written = new StringBuilder();
        final StringBuilder incoming = new StringBuilder();
        boolean open = true;
        boolean closedByGateway;

        ScriptedConnection(Gateway gateway, Optional<InetAddress> from) {
            this.gateway = gateway;
            this.from = from;
        }

        @Override
        public void write(String line) throws IOException {
            if (!open || closedByGateway) {
                throw new IOException("Broken pipe");
            }
            written.append(line).append('\n');
        }

        @Override
        public int read(byte[] buf, int waitMillis) {
            if (incoming.isEmpty()) {
                return closedByGateway ? -1 : 0;
            }
            byte[] bytes = incoming.toString().getBytes(StandardCharsets.UTF_8);
            int n = Math.min(buf.length, bytes.length);
            System.arraycopy(bytes, 0, buf, 0, n);
            incoming.delete(0, new String(bytes, 0, n, StandardCharsets.UTF_8).length());
            return n;
        }

        /** The gateway echoes everything written so far, as it does. */
        void echoAll() {
            incoming.append(written);
            written.setLength(0);
        }

        @Override
        public void close() {
            open = false;
        }
    }

    final Set<Gateway> down = new HashSet<>();
    final List<ScriptedConnection> connections = new ArrayList<>();
    int attempts;
    Gateway lastTried;

    @Override
    public Connection connect(Gateway gateway, Optional<InetAddress> from) throws IOException {
        attempts++;
        lastTried = gateway;
        if (down.contains(gateway)) {
            throw new ConnectException("Connection refused");
        }
        ScriptedConnection c = new ScriptedConnection(gateway, from);
        connections.add(c);
        return c;
    }

    /** The newest connection. */
    ScriptedConnection last() {
        return connections.get(connections.size() - 1);
    }
}
