package io.iotgw.piclient;

import io.iotgw.piclient.link.Gateway;
import io.iotgw.piclient.link.SocketConnector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The one-shot and interactive modes: lines and exactly their echoes over one connection, to the
 * first gateway of the list that takes one, which a {@code HELLO <id> <token>} opens when a token
 * is given (its echo is not printed). Failures the user can act on are said in one line.
 */
final class EchoModes {

    /** A failure the user can act on, said in one line. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    private final List<Gateway> gateways;
    private final SocketConnector connector;
    private final Optional<InetAddress> from;
    private final Duration echoTimeout;
    /** The device id and the token that proves it; empty: the connection goes unnamed. */
    private final Optional<Hello> hello;

    /** What opens a connection that proves its id. */
    record Hello(String deviceId, String token) {
        @Override
        public String toString() { // never the token
            return "HELLO " + deviceId + " <token>";
        }
    }

    EchoModes(List<Gateway> gateways, SocketConnector connector, Optional<InetAddress> from, Duration echoTimeout,
              Optional<Hello> hello) {
        this.gateways = List.copyOf(gateways);
        this.connector = connector;
        this.from = from;
        this.echoTimeout = echoTimeout;
        this.hello = hello;
    }

    /** Sends one line, prints its echo. */
    int oneShot(String message, PrintStream out) throws Failure {
        try (Socket socket = connectFirst()) {
            out.print(roundTrip(socket, message));
        } catch (IOException e) {
            throw failure(e);
        }
        return 0;
    }

    /** Sends each line of stdin, prints each echo, until the end of input. */
    int interactive(InputStream stdin, PrintStream out) throws Failure {
        BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        try (Socket socket = connectFirst()) {
            for (String line; (line = lines.readLine()) != null; ) {
                out.print(roundTrip(socket, line));
                out.flush();
            }
        } catch (IOException e) {
            throw failure(e);
        }
        return 0;
    }

    private Socket connectFirst() throws Failure {
        List<String> failures = new ArrayList<>();
        boolean tlsFailed = false;
        for (Gateway gateway : gateways) {
            try {
                Socket socket = connector.open(gateway, from);
                socket.setSoTimeout((int) echoTimeout.toMillis());
                sayHello(socket, gateway);
                return socket;
            } catch (SSLException e) {
                tlsFailed = true;
                failures.add(gateway + " (TLS: " + e.getMessage() + ")");
            } catch (IOException e) {
                failures.add(gateway + " (" + e.getMessage() + ")");
            }
        }
        String check = tlsFailed ? "is --ca the CA that signed the gateway's certificate, and is that certificate valid "
                + "for the address given?" : gateways.size() == 1 ? "is it running there, and are --host and --port right?"
                : "is one running, and is --gateway right?";
        throw new Failure((gateways.size() == 1 ? "cannot reach the gateway " : "cannot reach any gateway: ")
                + String.join(", ", failures) + "; " + check);
    }

    /** Names the connection and proves the id; a gateway that refuses the token closes it without an echo. */
    private void sayHello(Socket socket, Gateway gateway) throws IOException, Failure {
        if (hello.isEmpty()) {
            return;
        }
        try {
            roundTrip(socket, "HELLO " + hello.get().deviceId() + " " + hello.get().token());
        } catch (IOException e) {
            socket.close();
            throw new Failure("the gateway " + gateway + " refused device id " + hello.get().deviceId()
                    + " with this token: are --id and --token-file the ones `iot-gateway device add` made?");
        }
    }

    private Failure failure(IOException e) {
        return new Failure(e instanceof SocketTimeoutException ? "no echo from the gateway within "
                + echoTimeout.toSeconds() + " s" : "the connection to the gateway failed: " + e.getMessage());
    }

    /** Sends a line and returns exactly its echo, newline included. */
    private static String roundTrip(Socket socket, String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
        byte[] echo = socket.getInputStream().readNBytes(bytes.length);
        if (echo.length < bytes.length) {
            throw new IOException("the gateway closed it after " + echo.length + " of " + bytes.length + " echoed bytes");
        }
        return new String(echo, StandardCharsets.UTF_8);
    }
}
