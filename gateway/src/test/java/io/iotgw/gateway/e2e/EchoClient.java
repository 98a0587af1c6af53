package io.iotgw.gateway.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A blocking test client for the gateway's echo. */
public final class EchoClient implements AutoCloseable {

    public static final int TIMEOUT_MS = 20_000;

    private final Socket socket;

    public EchoClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
    }

    /** Over a socket already connected (e.g. a TLS one). */
    public EchoClient(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(TIMEOUT_MS);
    }

    public EchoClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    public EchoClient send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    public byte[] read(int length) throws IOException {
        byte[] data = socket.getInputStream().readNBytes(length);
        if (data.length < length) {
            throw new IOException("connection closed after " + data.length + " of " + length + " bytes");
        }
        return data;
    }

    public String readText(int length) throws IOException {
        return new String(read(length), StandardCharsets.UTF_8);
    }

    /** Sends a line and returns its echo. */
    public String roundTrip(String line) throws IOException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        send(bytes);
        return new String(read(bytes.length), StandardCharsets.UTF_8);
    }

    /** True once the gateway has closed the connection (a read sees the end of the stream). */
    public boolean closedByGateway() throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketException e) {
            return true; // reset
        }
    }

    public Socket socket() {
        return socket;
    }

    public InputStream in() throws IOException {
        return socket.getInputStream();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
