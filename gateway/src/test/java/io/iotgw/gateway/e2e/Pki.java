package io.iotgw.gateway.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A test certificate authority made with the {@code openssl} command in a test's own directory, as
 * the README tells users to make theirs: EC P-256 keys, PKCS#8 PEM. Certificates it issues may be
 * valid now or long expired.
 */
public final class Pki {

    /** A certificate and its key. */
    public record Issued(Path certificate, Path key) {
    }

    private final Path dir;
    private final String name;
    private final Path caCert;
    private final Path caKey;
    private int serial;

    private Pki(Path dir, String name) {
        this.dir = dir;
        this.name = name;
        this.caCert = dir.resolve(name + "-ca.pem");
        this.caKey = dir.resolve(name + "-ca.key");
    }

    public static Path openssl() {
        Optional<Path> openssl = Stream.of("/usr/bin/openssl", "/usr/local/bin/openssl").map(Path::of)
                .filter(Files::isExecutable).findFirst();
        Requirements.require(openssl.isPresent(), "openssl", "apt-get install openssl");
        return openssl.orElseThrow();
    }

    /** A new CA called {@code name}, its files in {@code dir}. */
    public static Pki create(Path dir, String name) throws IOException {
        Pki pki = new Pki(dir, name);
        pki.run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", pki.caKey.toString(), "-out", pki.caCert.toString(), "-days", "30", "-subj", "/CN=" + name + " CA");
        Files.createDirectories(dir.resolve(name + "-db"));
        Files.writeString(dir.resolve(name + "-db/index.txt"), "");
        Files.writeString(dir.resolve(name + "-ca.cnf"), String.join("\n",
                "[ca]", "default_ca = this", "[this]", "database = " + dir.resolve(name + "-db/index.txt"),
                "new_certs_dir = " + dir.resolve(name + "-db"), "serial = " + dir.resolve(name + "-db/serial"), "default_md = sha256", "policy = any",
                "unique_subject = no", "copy_extensions = copy", "[any]", "commonName = supplied", ""));
        return pki;
    }

    public Path caCertificate() {
        return caCert;
    }

    /** A certificate for a server at localhost and 127.0.0.1, valid for 30 days. */
    public Issued server(String cn) throws IOException {
        return issue(cn, false, "subjectAltName=DNS:localhost,IP:127.0.0.1");
    }

    /** A client certificate naming {@code cn}, valid for 30 days. */
    public Issued client(String cn) throws IOException {
        return issue(cn, false, null);
    }

    /** A certificate that was valid in January 2020 only. */
    public Issued expired(String cn) throws IOException {
        return issue(cn, true, "subjectAltName=DNS:localhost,IP:127.0.0.1");
    }

    private Issued issue(String cn, boolean expired, String extension) throws IOException {
        String base = name + "-" + (++serial);
        Path key = dir.resolve(base + ".key");
        Path csr = dir.resolve(base + ".csr");
        Path cert = dir.resolve(base + ".pem");
        List<String> req = new ArrayList<>(List.of("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + cn));
        if (extension != null) {
            req.addAll(List.of("-addext", extension));
        }
        run(req.toArray(String[]::new));
        Files.writeString(dir.resolve(name + "-db/serial"), String.format("%04X%n", serial));
        List<String> sign = new ArrayList<>(List.of("ca", "-batch", "-config", dir.resolve(name + "-ca.cnf").toString(),
                "-cert", caCert.toString(), "-keyfile", caKey.toString(), "-in", csr.toString(), "-out", cert.toString(),
                "-notext"));
        sign.addAll(expired ? List.of("-startdate", "20200101000000Z", "-enddate", "20200201000000Z") : List.of("-days", "30"));
        run(sign.toArray(String[]::new));
        return new Issued(cert, key);
    }

    /** Runs openssl with these arguments; fails with its output if it fails. */
    public String run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(openssl().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }
}
