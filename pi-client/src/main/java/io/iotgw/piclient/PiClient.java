package io.iotgw.piclient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The gateway's client for a Raspberry Pi or any PC. For now: one line to the gateway and its echo back. */
@Command(name = "pi-client", mixinStandardHelpOptions = true,
        description = "Send a line to an iot-gateway and print its echo.")
public final class PiClient implements Callable<Integer> {

    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final int READ_TIMEOUT_MS = 10_000;

    @Option(names = "--host", required = true, description = "Gateway address.")
    String host;

    @Option(names = "--port", defaultValue = "12345", description = "Gateway port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--message", required = true, description = "Line to send; its echo is printed.")
    String message;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PiClient()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        byte[] line = (message + "\n").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(line);
            out.flush();
            System.out.print(new String(readExactly(socket.getInputStream(), line.length), StandardCharsets.UTF_8));
        }
        return 0;
    }

    static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] buf = in.readNBytes(length);
        if (buf.length < length) {
            throw new IOException("connection closed after " + buf.length + " of " + length + " echoed bytes");
        }
        return buf;
    }
}
