package io.iotgw.gateway.tls;

import io.iotgw.gateway.config.TlsConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the TLS port's PEM files into a server context (JDK provider, TLS 1.3 and 1.2 only) and
 * checks them first, so that a bad file is one clear line rather than failed handshakes later:
 * the certificate and key must be readable PEM, the key PKCS#8 and the one of the certificate.
 */
final class TlsFiles {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN ([A-Z ]*)PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1PRIVATE KEY-----");
    private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "Ed25519", "Ed448", "RSASSA-PSS");

    /** A file that cannot serve; the message is one line naming the file and what is wrong. */
    static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What was read: the context, and a line about it for the log. */
    record Loaded(SslContext context, X509Certificate certificate, String description) {
    }

    private TlsFiles() {
    }

    static Loaded load(TlsConfig config, Instant now) throws Unusable {
        List<X509Certificate> chain = certificates(config.certificate(), "tls-cert");
        PrivateKey key = privateKey(config.key());
        X509Certificate own = chain.get(0);
        if (!belongTogether(key, own.getPublicKey())) {
            throw new Unusable("tls-key " + config.key() + " is not the key of the certificate in tls-cert "
                    + config.certificate(), null);
        }
        SslContextBuilder builder = SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS);
        String clients = "";
        if (config.clientCa().isPresent()) {
            List<X509Certificate> cas = certificates(config.clientCa().get(), "tls-client-ca");
            builder.trustManager(cas.toArray(X509Certificate[]::new)).clientAuth(ClientAuth.REQUIRE);
            clients = "; client certificates required, signed by " + cas.get(0).getSubjectX500Principal().getName();
        }
        try {
            return new Loaded(builder.build(), own, "certificate " + own.getSubjectX500Principal().getName()
                    + " valid until " + own.getNotAfter().toInstant() + validity(own, now) + clients);
        } catch (IOException | RuntimeException e) {
            throw new Unusable("tls-cert " + config.certificate() + " and tls-key " + config.key()
                    + " do not make a TLS context: " + e.getMessage(), e);
        }
    }

    private static String validity(X509Certificate cert, Instant now) {
        if (now.isAfter(cert.getNotAfter().toInstant())) {
            return " (EXPIRED: devices will refuse it)";
        }
        if (now.isBefore(cert.getNotBefore().toInstant())) {
            return " (NOT YET VALID until " + cert.getNotBefore().toInstant() + ": devices will refuse it)";
        }
        return "";
    }

    static List<X509Certificate> certificates(Path file, String setting) throws Unusable {
        byte[] bytes = read(file, setting);
        try {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes)).stream().map(c -> (X509Certificate) c).toList();
            if (certs.isEmpty()) {
                throw new CertificateException("no certificate in it");
            }
            return certs;
        } catch (CertificateException e) {
            throw new Unusable(setting + " " + file + " must be PEM certificates (-----BEGIN CERTIFICATE-----): "
                    + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) throws Unusable {
        String text = new String(read(file, "tls-key"), StandardCharsets.US_ASCII);
        Matcher m = PEM_KEY.matcher(text);
        if (!m.find()) {
            throw new Unusable("tls-key " + file + " must be a PEM private key (-----BEGIN PRIVATE KEY-----)", null);
        }
        if (!m.group(1).isEmpty()) {
            throw new Unusable("tls-key " + file + " is a '" + m.group(1).strip() + "' key; it must be PKCS#8 "
                    + "(-----BEGIN PRIVATE KEY-----), unencrypted: convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem'", null);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new Unusable("tls-key " + file + " is damaged: its base64 does not decode", e);
        }
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new Unusable("tls-key " + file + " is damaged or of an unknown kind (EC, RSA or Ed25519 expected)", null);
    }

    /** Signs with the key and verifies with the certificate's public key. */
    private static boolean belongTogether(PrivateKey key, PublicKey certified) throws Unusable {
        if (!key.getAlgorithm().equals(certified.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA name their own signature
        };
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new Unusable("tls-key of algorithm " + key.getAlgorithm() + " cannot be checked against its "
                    + "certificate: " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file, String setting) throws Unusable {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Unusable(setting + " " + file + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new Unusable(setting + " " + file + " cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new Unusable(setting + " " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
