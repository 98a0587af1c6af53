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
 * Certificates made by {@code openssl} in a test's directory: a CA; a server certificate it signed
 * for 127.0.0.1 and localhost, with its key; another CA that signed nothing the server has; and an
 * expired certificate for the same key, signed by the first CA.
 */
public final class OpensslPki {

    public final Path caCert;
    public final Path otherCaCert;
    public final Path serverCert;
    public final Path serverKey;
    public final Path expiredCert;
    private final Path dir;
    private final Path openssl;

    private OpensslPki(Path dir, Path openssl) {
        this.dir = dir;
        this.openssl = openssl;
        this.caCert = dir.resolve("ca.crt");
        this.otherCaCert = dir.resolve("other-ca.crt");
        this.serverCert = dir.resolve("server.crt");
        this.serverKey = dir.resolve("server.key");
        this.expiredCert = dir.resolve("expired.crt");
    }

    public static OpensslPki create(Path dir) throws IOException, InterruptedException {
        OpensslPki pki = new OpensslPki(dir, tool("openssl", "apt-get install openssl"));
        pki.make();
        return pki;
    }

    /** A program on the PATH, or the test is skipped (fails under IOTGW_REQUIRE_ALL_TESTS=1). */
    static Path tool(String name, String install) {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
        Requirements.require(found.isPresent(), name, install);
        return found.orElseThrow();
    }

    private void make() throws IOException, InterruptedException {
        String ec = "ec";
        List<String> curve = List.of("-pkeyopt", "ec_paramgen_curve:prime256v1");
        for (String ca : List.of("ca", "other-ca")) {
            run(join(List.of("req", "-x509", "-newkey", ec), curve, List.of("-nodes", "-keyout", ca + ".key", "-out",
                    ca + ".crt", "-days", "30", "-subj", "/CN=iotgw test " + ca)));
        }
        run(join(List.of("req", "-newkey", ec), curve, List.of("-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=localhost")));
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                + "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n");
        run(List.of("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out",
                "server.crt", "-days", "30", "-extfile", "server.ext"));
        // An expired one needs dates in the past: `openssl ca` takes them, with a small database.
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("ca.cnf"), """
                [ca]
                default_ca = test
                [test]
                dir = .
                database = index.txt
                new_certs_dir = .
                certificate = ca.crt
                private_key = ca.key
                serial = ca.srl
                default_md = sha256
                policy = any
                unique_subject = no
                [any]
                commonName = supplied
                """);
        run(List.of("ca", "-batch", "-config", "ca.cnf", "-in", "server.csr", "-out", "expired.crt", "-startdate",
                "20200101000000Z", "-enddate", "20200201000000Z", "-extfile", "server.ext"));
    }

    private static List<String> join(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }

    private void run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(openssl.toString()));
        command.addAll(args);
        Path log = dir.resolve("openssl.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }
}
