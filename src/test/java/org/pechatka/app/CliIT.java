package org.pechatka.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pechatka.testing.P11Shim;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;

/**
 * The packaged application ({@code target/pechatka.jar}) run as a separate process, the way the
 * README's command and an administrator run it.
 */
class CliIT {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    record Result(int exit, String out, String err) {}

    static Result run(List<String> args, Map<String, String> env, String runAsUser) throws Exception {
        Path jar = Path.of(runAsUser != null ? System.getProperty("pechatka.it.jar")
                : System.getProperty("pechatka.jar", "target/pechatka.jar")).toAbsolutePath();
        assertThat(jar).as("the packaged application").exists();
        List<String> cmd = new ArrayList<>();
        if (runAsUser != null) {
            // a process of an ordinary user, with no group that could read /etc/softhsm
            cmd.addAll(List.of("setpriv", "--reuid=" + runAsUser, "--regid=nogroup", "--clear-groups"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("SOFTHSM2_CONF");
        pb.environment().putAll(env);
        Path err = Files.createTempFile(HSM.hsm().dir(), "stderr", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, Files.readString(err));
    }

    private static Path freshDir(String name) throws IOException {
        Path dir = Files.createTempDirectory(HSM.hsm().dir(), name);
        return dir;
    }

    @Test
    void whenAskedForTheVersion_thenItIsPrinted() throws Exception {
        Result r = run(List.of("version"), Map.of(), null);
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Pechatka 0.").contains("Java 25");
    }

    @Test
    void whenDoctorRunsOnTheDemoToken_thenItExplainsTheTokenAndFindsNoProblem() throws Exception {
        Path data = freshDir("demo");
        Result first = run(List.of("doctor", "--demo", "--data-dir", data.toString()), Map.of(), null);
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out())
                .contains("Demo token: SoftHSM2 token \"Pechatka Demo\" and key file ")
                .contains("pechatka-national-demo.p12 (bign, GOST), PIN 123456 (created now)")
                .contains("ШЫМАНСКАЯ ВОЛЬГА ПЯТРОЎНА", "key: bign 128 (bign-curve256v1)", "personalNumber=4150391B003PB7")
                .contains("Смирнова Мария Сергеевна", "key: GOST R 34.10-2012 256")
                .contains("\"Pechatka Demo\"")
                .contains("SoftHSM project / SoftHSM v2")
                .contains("login: PIN entered on this computer")
                .contains("SHA256withRSA", "SHA256withECDSA", "SHA256withRSAandMGF1")
                .contains("CKM_RSA_PKCS", "CKM_ECDSA")
                .contains("certificates (5):")
                .contains("Лабадзенка Алесь Яўгенавіч", "personalNumber=3120690A001PB5")
                .contains("Каваленка Ірына Сяргееўна", "unp=190000001", "position=Дырэктар")
                .contains("Петров Пётр Петрович", "inn=500100732259", "snils=11223344595")
                .contains("key: RSA 2048", "key: EC P-256", "key: EC P-384")
                .contains("private key on the token (shown after login)")
                .contains("Pechatka Demo CA  (CA certificate)")
                .contains("Problems\n  none found");
        Result second = run(List.of("doctor", "--demo", "--data-dir", data.toString()), Map.of(), null);
        assertThat(second.exit()).isZero();
        assertThat(second.out()).doesNotContain("(created now)").contains("certificates (5):");
        // the same token: its id is stable across runs
        assertThat(tokenIds(second.out())).isEqualTo(tokenIds(first.out()));
    }

    @Test
    void whenAnOrdinaryUserRunsTheDemo_thenItWorksWithoutTheSoftHsmGroup() throws Exception {
        String user = null;
        Path data;
        if ("root".equals(System.getProperty("user.name"))) {
            // run as "nobody" from a world-readable copy of the application: the checkout itself may
            // sit in a directory other users cannot enter
            user = "nobody";
            Path base = Files.createTempDirectory(Path.of("/tmp"), "pechatka-it-");
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path jar = Path.of(System.getProperty("pechatka.jar", "target/pechatka.jar")).toAbsolutePath();
            Files.createDirectories(base.resolve("lib"));
            Files.copy(jar, base.resolve("pechatka.jar"));
            try (var libs = Files.list(jar.resolveSibling("lib"))) {
                for (Path lib : libs.toList()) {
                    Files.copy(lib, base.resolve("lib").resolve(lib.getFileName()));
                }
            }
            System.setProperty("pechatka.it.jar", base.resolve("pechatka.jar").toString());
            data = Files.createDirectory(base.resolve("home"));
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        } else {
            data = freshDir("user");
        }
        try {
            Path inner = data.resolve("pechatka");
            Result r = run(List.of("doctor", "--demo", "--data-dir", inner.toString()), Map.of(), user);
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("certificates (5):").contains("Problems\n  none found");
            if (user != null) {
                assertThat(r.out()).contains("user nobody");
            }
        } finally {
            if (user != null) {
                deleteTree(data.getParent());
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void whenListingTokensAndCertificates_thenBothCommandsShowThem() throws Exception {
        Path data = freshDir("list");
        Result tokens = run(List.of("tokens", "--demo", "--data-dir", data.toString()), Map.of(), null);
        assertThat(tokens.exit()).isZero();
        assertThat(tokens.out()).contains("\"Pechatka Demo\"").contains("PIN: ok");
        Result certs = run(List.of("certs", "--demo", "--data-dir", data.toString()), Map.of(), null);
        assertThat(certs.exit()).isZero();
        assertThat(certs.out()).contains("Сидорова Анна Викторовна").contains("usage: nonRepudiation")
                .contains("ogrn=1027700000008");
    }

    @Test
    void whenAModuleIsMissing_thenDoctorReportsItAndStillShowsTheRest() throws Exception {
        Path data = freshDir("missing");
        Result r = run(List.of("doctor", "--demo", "--data-dir", data.toString(), "--pkcs11-module",
                "/nonexistent/libvendor-pkcs11.so"), Map.of(), null);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("✘ /nonexistent/libvendor-pkcs11.so (given with --pkcs11-module): file not found")
                .contains("The module /nonexistent/libvendor-pkcs11.so does not exist.")
                .contains("certificates (5):");
    }

    @Test
    void whenAModuleIsNotAPkcs11Library_thenItIsReportedNotFatal() throws Exception {
        Path data = freshDir("broken");
        Path fake = data.resolve("libfake.so");
        Files.writeString(fake, "not a shared library");
        Result r = run(List.of("doctor", "--demo", "--data-dir", data.toString(), "--pkcs11-module", fake.toString()),
                Map.of(), null);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("✘ " + fake).contains("could not be used").contains("certificates (5):");
    }

    @Test
    void whenTheFaultModuleIsGivenOnTheCommandLine_thenTheAppUsesItAndFinalizesOnce() throws Exception {
        P11Shim shim = new P11Shim(freshDir("shim"));
        Map<String, String> env = Map.of("SOFTHSM2_CONF", HSM.hsm().conf().toString(),
                P11Shim.ENV_TARGET, SoftHsm.library().toString(), P11Shim.ENV_DIR, shim.dir().toString());
        List<String> args = List.of("doctor", "--no-discovery", "--data-dir", freshDir("shimdata").toString(),
                "--pkcs11-module", P11Shim.library().toString());
        Result ok = run(args, env, null);
        assertThat(ok.out()).contains("\"Pechatka Test\"").contains("certificates (7):");
        assertThat(shim.stats().get("C_Finalize")).isEqualTo(1);
        assertThat(shim.stats().get("C_Login")).isZero();

        shim.control("token-flags-set 0x40000");
        Result locked = run(args, env, null);
        assertThat(locked.exit()).isEqualTo(1);
        assertThat(locked.out()).contains("PIN: LOCKED").contains("the PIN is locked");
        assertThat(shim.stats().get("C_Login")).isZero();
    }

    @Test
    void whenAnyCommandIsAskedForHelp_thenItsUsageAndExitZero() throws Exception {
        for (String command : List.of("version", "tokens", "certs", "doctor", "trust", "bench", "verify", "sign")) {
            Result r = run(List.of(command, "--help"), Map.of(), null);
            assertThat(r.exit()).as(command + " --help: " + r.err()).isZero();
            assertThat(r.out()).as(command).startsWith("Usage: pechatka " + command).contains("-h, --help");
        }
    }

    @Test
    void whenVerifyingTheBee2BignRequest_thenExit0AndAChangedSignatureByteExits1() throws Exception {
        Path dir = freshDir("verify-req");
        byte[] der = org.pechatka.testing.Vectors.load("bign_csr.txt").hex("csr_der");
        Path derFile = Files.write(dir.resolve("zed.req"), der);
        Path pemFile = Files.writeString(dir.resolve("zed.pem"), "-----BEGIN CERTIFICATE REQUEST-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(der) + "\n-----END CERTIFICATE REQUEST-----\n");
        for (Path f : List.of(derFile, pemFile)) {
            Result r = run(List.of("verify", f.toString()), Map.of(), null);
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("CN=Zed", "bign 128", "bign-with-hbelt", "Signature verifies");
        }
        for (int i = der.length - 48; i < der.length; i += 7) {
            byte[] changed = der.clone();
            changed[i] ^= 0x01;
            Result r = run(List.of("verify", Files.write(dir.resolve("bad.req"), changed).toString()), Map.of(), null);
            assertThat(r.exit()).as("byte %d: %s", i, r.out()).isEqualTo(1);
            assertThat(r.out()).contains("does NOT verify");
        }
        Result missing = run(List.of("verify", dir.resolve("absent.req").toString()), Map.of(), null);
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");
        Result junk = run(List.of("verify", Files.writeString(dir.resolve("junk.req"), "not asn.1").toString()),
                Map.of(), null);
        assertThat(junk.exit()).isEqualTo(2);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(org.pechatka.testing.NationalCa.Kind.class)
    void whenVerifyingANationalCertificate_thenItsIssuerDecides(org.pechatka.testing.NationalCa.Kind kind)
            throws Exception {
        Path dir = freshDir("verify-cert");
        org.pechatka.testing.NationalCa ca = org.pechatka.testing.NationalCa.create(kind, "Verify CA");
        Path leaf = Files.write(dir.resolve("leaf.cer"), ca.issue(org.pechatka.testing.TestSubjects.belarusCitizen()).certificate()
                .getEncoded());
        Path caFile = Files.write(dir.resolve("ca.cer"), ca.certificate().getEncoded());
        Path lookAlike = Files.write(dir.resolve("other.cer"), org.pechatka.testing.NationalCa.create(kind,
                "Verify CA").certificate().getEncoded());
        Result ok = run(List.of("verify", leaf.toString(), "--issuer", caFile.toString(), "--data-dir",
                dir.toString()), Map.of(), null);
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("issued by: CN=Verify CA").contains("Signature verifies");
        Result self = run(List.of("verify", caFile.toString(), "--data-dir", dir.toString()), Map.of(), null);
        assertThat(self.exit()).as(self.out()).isZero();
        assertThat(self.out()).contains("self-signed");
        Result wrong = run(List.of("verify", leaf.toString(), "--issuer", lookAlike.toString(), "--data-dir",
                dir.toString()), Map.of(), null);
        assertThat(wrong.exit()).as(wrong.out()).isEqualTo(1);
        assertThat(wrong.out()).contains("its key does not verify");
        Result none = run(List.of("verify", leaf.toString(), "--data-dir", dir.toString()), Map.of(), null);
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.out()).contains("was not found");
        // the trust store of the data directory counts as issuers
        Files.createDirectories(dir.resolve("trust"));
        Files.copy(caFile, dir.resolve("trust/verify-ca.cer"));
        Result fromStore = run(List.of("verify", leaf.toString(), "--data-dir", dir.toString()), Map.of(), null);
        assertThat(fromStore.exit()).as(fromStore.out()).isZero();
    }

    @Test
    void whenAnAdministratorManagesTheTrustStore_thenAddListRemoveWorkWithoutQuestions() throws Exception {
        Path data = freshDir("truststore");
        Path admin = freshDir("admin-trust");
        org.pechatka.testing.TestCa ca = org.pechatka.testing.TestCa.create("CliIT Root");
        Path pem = data.resolve("root.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder()
                .encodeToString(ca.caCertificate().getEncoded()) + "\n-----END CERTIFICATE-----\n");
        String id = org.pechatka.cert.TrustStore.certId(ca.caCertificate());
        List<String> dirs = List.of("--data-dir", data.toString(), "--admin-dir", admin.toString());

        Result help = run(List.of("truststore", "--help"), Map.of(), null);
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: pechatka truststore").contains("Exit codes:");

        List<String> add = new ArrayList<>(List.of("truststore", "add", pem.toString()));
        add.addAll(dirs);
        Result added = run(add, Map.of(), null);
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("added as root: " + id);
        assertThat(data.resolve("trust/" + id + ".pem")).exists();

        List<String> list = new ArrayList<>(List.of("truststore", "list"));
        list.addAll(dirs);
        assertThat(run(list, Map.of(), null).out()).contains(id + "  CN=CliIT Root");

        Path junk = data.resolve("junk.der");
        Files.write(junk, new byte[] {0x30, 0x03, 0x02, 0x01});
        List<String> bad = new ArrayList<>(List.of("truststore", "add", junk.toString()));
        bad.addAll(dirs);
        Result refused = run(bad, Map.of(), null);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("was not added");

        List<String> remove = new ArrayList<>(List.of("truststore", "remove", id));
        remove.addAll(dirs);
        Result removed = run(remove, Map.of(), null);
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(data.resolve("trust/" + id + ".pem")).doesNotExist();
    }

    @Test
    void whenAnUnknownCommandIsGiven_thenUsageAndNonZeroExit() throws Exception {
        Result r = run(List.of("sign-everything"), Map.of(), null);
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("Unmatched argument");
    }

    @Test
    void whenStarted_thenItPrintsWhereItListensAndServesTheDemoPortalsOrigin() throws Exception {
        Path data = freshDir("app");
        Path jar = Path.of(System.getProperty("pechatka.jar", "target/pechatka.jar")).toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "--demo", "--no-tray", "--data-dir",
                data.toString(), "--port", "0", "--portal-port", "0").redirectErrorStream(true);
        pb.environment().remove("SOFTHSM2_CONF");
        Process app = pb.start();
        try {
            java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                    app.getInputStream(), StandardCharsets.UTF_8));
            String listening = null;
            String portal = null;
            StringBuilder seen = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while ((listening == null || portal == null) && System.nanoTime() < deadline) {
                String line = lines.readLine();
                if (line == null) {
                    break;
                }
                seen.append(line).append('\n');
                if (line.startsWith("listening on https://127.0.0.1:")) {
                    listening = line;
                } else if (line.startsWith("demo portal: ")) {
                    portal = line.substring("demo portal: ".length()).split("/ ")[0].strip();
                }
            }
            assertThat(listening).as(seen.toString()).isNotNull();
            assertThat(portal).as(seen.toString()).startsWith("https://localhost:");
            int port = Integer.parseInt(listening.substring(listening.lastIndexOf(':') + 1));
            // a page of the demo portal may connect; the info route answers over TLS with the local CA
            javax.net.ssl.SSLContext tls = trusting(data.resolve("tls/ca.pem"));
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().sslContext(tls).build();
            var info = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "https://127.0.0.1:" + port + "/v1/info")).header("Origin", portal.endsWith("/")
                    ? portal.substring(0, portal.length() - 1) : portal).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(info.body()).contains("\"name\":\"Pechatka\"", "\"protocol\":1");
            var evil = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "https://127.0.0.1:" + port + "/v1/info")).header("Origin", "https://evil.example").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(evil.statusCode()).isEqualTo(403);
        } finally {
            app.destroy(); // SIGTERM: the shutdown hook closes the server and finalises the modules
            assertThat(app.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void whenThePortIsTaken_thenItFailsLoudlyInsteadOfMoving() throws Exception {
        try (java.net.ServerSocket squatter = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            Result r = run(List.of("--no-tray", "--data-dir", freshDir("taken").toString(), "--port",
                    String.valueOf(squatter.getLocalPort())), Map.of(), null);
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("port is taken");
            assertThat(r.out()).doesNotContain("listening on");
        }
    }

    private static javax.net.ssl.SSLContext trusting(Path caPem) throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (var in = Files.newInputStream(caPem)) {
            ks.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static List<String> tokenIds(String doctorOutput) {
        return doctorOutput.lines().filter(l -> l.contains("[p11-")).map(String::strip).toList();
    }
}
