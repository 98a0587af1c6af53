package io.iotgw.piclient.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * TCP connections, over TLS when given: bound to the chosen interface's address, no Nagle delay,
 * reads that wait briefly. The TLS handshake is bounded by the connect timeout.
 */
public final class SocketConnector implements Connector {

    private final Duration connectTimeout;
    private final Optional<Tls> tls;

    public SocketConnector(Duration connectTimeout, Optional<Tls> tls) {
        this.connectTimeout = connectTimeout;
        this.tls = tls;
    }

    @Override
    public Connection connect(Gateway gateway, Optional<InetAddress> from) throws IOException {
        return new SocketConnection(open(gateway, from));
    }

    /** A socket connected to the gateway (the TLS handshake done), from the given local address if any. */
    public Socket open(Gateway gateway, Optional<InetAddress> from) throws IOException {
        Socket socket = new Socket();
        try {
            if (from.isPresent()) {
                socket.bind(new InetSocketAddress(from.get(), 0));
            }
            socket.connect(new InetSocketAddress(gateway.host(), gateway.port()), (int) connectTimeout.toMillis());
            socket.setTcpNoDelay(true);
            return tls.isPresent() ? tls.get().wrap(socket, gateway, connectTimeout) : socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A connected socket, as a {@link Connection}. */
    static final class SocketConnection implements Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        SocketConnection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        @Override
        public void write(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public int read(byte[] buf, int waitMillis) throws IOException {
            socket.setSoTimeout(Math.max(1, waitMillis));
            try {
                return in.read(buf);
            } catch (SocketTimeoutException e) {
                return 0;
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway: nothing to do about it
            }
        }
    }
}
