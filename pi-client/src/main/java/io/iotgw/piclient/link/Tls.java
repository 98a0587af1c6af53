package io.iotgw.piclient.link;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS to the gateway: TLS 1.3 or 1.2 only; the gateway's certificate must chain to the CA file
 * given (or, without one, to the JDK's trusted CAs) and name the host or address connected to.
 */
public final class Tls {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLSocketFactory factory;

    private Tls(SSLSocketFactory factory) {
        this.factory = factory;
    }

    /**
     * @param caFile PEM file of the CA (or CAs) that sign the gateways' certificates
     * @throws IllegalArgumentException one line naming the file and what is wrong with it
     */
    public static Tls trusting(Optional<Path> caFile) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, caFile.isPresent() ? trustManagers(caFile.get()).getTrustManagers() : null, null);
            return new Tls(context.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("--ca " + caFile.map(Path::toString).orElse("") + " cannot be used: "
                    + e.getMessage(), e);
        }
    }

    private static TrustManagerFactory trustManagers(Path caFile) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(caFile)) {
            store.load(null, null);
            int n = 0;
            for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + n++, ca);
            }
            if (n == 0) {
                throw new IllegalArgumentException("--ca " + caFile + " holds no certificate");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--ca " + caFile + " cannot be read (" + e.getMessage() + ")", e);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }

    /** TLS over a connected socket, the handshake done (within {@code timeout}) before it returns. */
    SSLSocket wrap(Socket plain, Gateway gateway, Duration timeout) throws IOException {
        SSLSocket socket = (SSLSocket) factory.createSocket(plain, gateway.host(), gateway.port(), true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host or address
        socket.setSSLParameters(parameters);
        socket.setSoTimeout((int) timeout.toMillis());
        socket.startHandshake();
        return socket;
    }
}
