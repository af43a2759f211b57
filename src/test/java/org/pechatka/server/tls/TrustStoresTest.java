package org.pechatka.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.cert.CertificateIssuer;
import org.pechatka.cert.DistinguishedNames;
import org.pechatka.platform.Os;
import org.pechatka.server.tls.TrustStores.Mark;
import org.pechatka.server.tls.TrustStores.Report;
import org.pechatka.server.tls.TrustStores.State;

/**
 * Installing, checking and removing the local CA with the real {@code certutil} on NSS databases in
 * a temporary home: Chromium's {@code ~/.pki/nssdb} and a Firefox profile, each holding an
 * unrelated CA that must survive.
 */
class TrustStoresTest {

    private static final String FIREFOX_PROFILE = "k3x9q2ab.default-release";
    private static final String UNRELATED = "Unrelated Root CA";

    @TempDir
    Path tmp;

    private Path home;
    private Path chromium;
    private Path firefox;
    private LocalTls tls;
    private X509Certificate unrelated;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        chromium = Tools.nssDatabase(home.resolve(".pki/nssdb"));
        firefox = Tools.nssDatabase(home.resolve(".mozilla/firefox/" + FIREFOX_PROFILE));
        Files.createDirectories(home.resolve(".mozilla/firefox/Crash Reports")); // no cert9.db: not a profile
        tls = LocalTls.loadOrCreate(tmp.resolve("data"), Clock.systemUTC());

        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair k = g.generateKeyPair();
        Instant now = Instant.now();
        unrelated = CertificateIssuer.builder()
                .withSubject(DistinguishedNames.builder().commonName(UNRELATED).build())
                .withPublicKey(k.getPublic()).withSelfSigned(k.getPrivate())
                .withValidity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)))
                .withCa().withKeyUsage(KeyUsage.keyCertSign).issue();
        Path unrelatedPem = Tools.writePem(tmp.resolve("unrelated.pem"), unrelated);
        for (Path db : List.of(chromium, firefox)) {
            Tools.ok("certutil", "-A", "-d", "sql:" + db, "-n", UNRELATED, "-t", "CT,C,C", "-i", unrelatedPem.toString());
        }
    }

    private TrustStores.Settings settings() {
        return TrustStores.Settings.linuxUser(home, tls.caCertificateFile(), TrustStores.nicknameFor(tls.caCertificate()));
    }

    private TrustStores stores(TrustStores.Settings settings) throws Exception {
        return new TrustStores(settings, CommandRunner.system());
    }

    private String nickname() {
        return TrustStores.nicknameFor(tls.caCertificate());
    }

    private static List<String> lines(List<Report> reports) {
        return reports.stream().map(Report::line).toList();
    }

    private static String trustOf(Path db, String nickname) throws Exception {
        return Tools.listing(db).stream().filter(e -> e.nickname().equals(nickname))
                .map(TrustStores.NssEntry::trust).findFirst().orElse(null);
    }

    @Test
    void whenNickname_thenItNamesPechatkaAndTheCaKey() {
        assertThat(nickname()).matches("Pechatka local CA [0-9a-f]{8}");
        assertThat(nickname()).endsWith(tls.caSpkiSha256Hex().substring(0, 8));
    }

    @Test
    void whenStores_thenChromiumAndEachFirefoxProfileWithADatabaseAreFound() throws Exception {
        assertThat(stores(settings()).stores()).extracting(TrustStores.Store::label)
                .containsExactly("Chromium (~/.pki/nssdb)", "Firefox profile " + FIREFOX_PROFILE);
    }

    @Test
    void whenNotInstalled_thenStatusSaysSoForEachStore() throws Exception {
        List<Report> status = stores(settings()).status();

        assertThat(lines(status)).containsExactly(
                "✘ Chromium (~/.pki/nssdb): not installed",
                "✘ Firefox profile " + FIREFOX_PROFILE + ": not installed");
        assertThat(status).extracting(Report::state).containsOnly(State.NOT_INSTALLED);
    }

    @Test
    void whenInstalled_thenBothDatabasesTrustTheCaForTlsServersOnly() throws Exception {
        TrustStores stores = stores(settings());

        List<Report> installed = stores.install();

        assertThat(lines(installed)).containsExactly(
                "✔ Chromium (~/.pki/nssdb): trusted for TLS servers (C,,)",
                "✔ Firefox profile " + FIREFOX_PROFILE + ": trusted for TLS servers (C,,)");
        assertThat(stores.status()).extracting(Report::state).containsOnly(State.TRUSTED);
        for (Path db : List.of(chromium, firefox)) {
            // checked with certutil itself, not through TrustStores
            assertThat(trustOf(db, nickname())).isEqualTo("C,,");
            assertThat(Tools.certificates(db, nickname())).singleElement()
                    .isEqualTo(tls.caCertificate().getEncoded());
            String details = Tools.ok("certutil", "-L", "-d", "sql:" + db, "-n", nickname());
            assertThat(details.substring(details.indexOf("Certificate Trust Flags:")).replaceAll("\\s+", " ").strip())
                    .isEqualTo("Certificate Trust Flags: SSL Flags: Valid CA Trusted CA Email Flags: Object Signing Flags:");
        }
    }

    @Test
    void whenInstalledTwice_thenEachDatabaseHoldsOneEntry() throws Exception {
        TrustStores stores = stores(settings());

        stores.install();
        List<Report> again = stores.install();

        assertThat(again).extracting(Report::state).containsOnly(State.TRUSTED);
        for (Path db : List.of(chromium, firefox)) {
            assertThat(Tools.listing(db)).extracting(TrustStores.NssEntry::nickname)
                    .containsExactlyInAnyOrder(UNRELATED, nickname());
            assertThat(Tools.certificates(db, nickname())).hasSize(1);
        }
    }

    @Test
    void whenRemoved_thenTheCaIsGoneAndTheOtherCertificatesAreUntouched() throws Exception {
        TrustStores stores = stores(settings());
        stores.install();

        List<Report> removed = stores.remove();

        assertThat(lines(removed)).containsExactly(
                "✔ Chromium (~/.pki/nssdb): removed",
                "✔ Firefox profile " + FIREFOX_PROFILE + ": removed");
        for (Path db : List.of(chromium, firefox)) {
            assertThat(Tools.listing(db)).containsExactly(new TrustStores.NssEntry(UNRELATED, "CT,C,C"));
            assertThat(Tools.certificates(db, UNRELATED)).singleElement().isEqualTo(unrelated.getEncoded());
            assertThat(Tools.certificates(db, nickname())).isEmpty();
        }
        assertThat(lines(stores.remove())).containsExactly(
                "✔ Chromium (~/.pki/nssdb): not installed",
                "✔ Firefox profile " + FIREFOX_PROFILE + ": not installed");
    }

    @Test
    void whenTheCaWasAddedWithWiderTrust_thenStatusSaysSoAndInstallNarrowsItToC() throws Exception {
        Tools.ok("certutil", "-A", "-d", "sql:" + chromium, "-n", nickname(), "-t", "CT,C,C", "-i",
                tls.caCertificateFile().toString());
        TrustStores stores = stores(settings());

        Report status = stores.status().getFirst();
        assertThat(status.state()).isEqualTo(State.OTHER_TRUST);
        assertThat(status.line()).isEqualTo(
                "✘ Chromium (~/.pki/nssdb): installed with trust \"CT,C,C\", expected \"C,,\"");

        assertThat(stores.install().getFirst().state()).isEqualTo(State.TRUSTED);
        assertThat(trustOf(chromium, nickname())).isEqualTo("C,,");
        assertThat(Tools.certificates(chromium, nickname())).hasSize(1);
    }

    @Test
    void whenTheCaWasImportedByHandUnderItsCommonName_thenItIsFoundThereAndRemoved() throws Exception {
        String byHand = "Pechatka local CA (imported by hand)";
        Tools.ok("certutil", "-A", "-d", "sql:" + firefox, "-n", byHand, "-t", "C,,", "-i",
                tls.caCertificateFile().toString());
        TrustStores stores = stores(settings());

        assertThat(stores.status().get(1).line()).isEqualTo(
                "✔ Firefox profile " + FIREFOX_PROFILE + ": trusted for TLS servers (C,,) as \"" + byHand + "\"");
        assertThat(stores.install().get(1).state()).isEqualTo(State.TRUSTED);

        stores.remove();
        assertThat(Tools.listing(firefox)).extracting(TrustStores.NssEntry::nickname).containsExactly(UNRELATED);
    }

    @Test
    void whenAnotherInstallationsCaIsTrusted_thenRemoveLeavesItAndStatusMentionsIt() throws Exception {
        LocalTls earlier = LocalTls.loadOrCreate(tmp.resolve("earlier-data"), Clock.systemUTC());
        TrustStores earlierStores = stores(TrustStores.Settings.linuxUser(home, earlier.caCertificateFile(),
                TrustStores.nicknameFor(earlier.caCertificate())));
        earlierStores.install();
        TrustStores stores = stores(settings());

        stores.install();
        stores.remove();

        String earlierName = TrustStores.nicknameFor(earlier.caCertificate());
        assertThat(trustOf(chromium, earlierName)).isEqualTo("C,,");
        assertThat(Tools.certificates(chromium, earlierName)).singleElement()
                .isEqualTo(earlier.caCertificate().getEncoded());
        assertThat(stores.status().getFirst().line()).startsWith("✘ Chromium (~/.pki/nssdb): not installed; also listed: \""
                + earlierName + "\" (from an earlier installation");
        assertThat(earlierStores.status()).extracting(Report::state).containsOnly(State.TRUSTED);
    }

    @Test
    void whenNoChromiumDatabaseAndCreationAllowed_thenInstallCreatesPkiNssdbOwnerOnly() throws Exception {
        Path freshHome = Files.createDirectories(tmp.resolve("fresh"));
        TrustStores stores = stores(settings().withHome(freshHome).withCreateChromiumDatabase(true));

        assertThat(lines(stores.status())).containsExactly(
                "✘ Chromium (~/.pki/nssdb): no NSS database yet (pechatka trust install creates it)");
        assertThat(lines(stores.install())).containsExactly("✔ Chromium (~/.pki/nssdb): trusted for TLS servers (C,,)");

        Path db = freshHome.resolve(".pki/nssdb");
        assertThat(db.resolve("cert9.db")).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(freshHome.resolve(".pki"))))
                .isEqualTo("rwx------");
        assertThat(trustOf(db, nickname())).isEqualTo("C,,");
    }

    @Test
    void whenNoChromiumDatabaseAndNoCreation_thenThereIsNoChromiumStore() throws Exception {
        Path freshHome = Files.createDirectories(tmp.resolve("fresh"));
        TrustStores stores = stores(settings().withHome(freshHome));

        assertThat(stores.stores()).isEmpty();
        assertThat(stores.install()).isEmpty();
        assertThat(freshHome.resolve(".pki")).doesNotExist();
    }

    @Test
    void whenOnlyTheXdgChromiumDatabaseExists_thenItIsUsedAndNoPkiDatabaseIsMade() throws Exception {
        Path freshHome = Files.createDirectories(tmp.resolve("fresh"));
        Path xdg = Tools.nssDatabase(freshHome.resolve(".local/share/pki/nssdb"));
        TrustStores stores = stores(settings().withHome(freshHome).withCreateChromiumDatabase(true));

        assertThat(lines(stores.install())).containsExactly(
                "✔ Chromium (~/.local/share/pki/nssdb): trusted for TLS servers (C,,)");
        assertThat(freshHome.resolve(".pki")).doesNotExist();
        assertThat(trustOf(xdg, nickname())).isEqualTo("C,,");
    }

    @Test
    void whenSnapFirefoxProfilesExist_thenTheyAreStoresToo() throws Exception {
        Path snap = Tools.nssDatabase(home.resolve("snap/firefox/common/.mozilla/firefox/abc.default"));
        TrustStores stores = stores(settings());

        assertThat(stores.stores()).extracting(TrustStores.Store::label).containsExactly(
                "Chromium (~/.pki/nssdb)", "Firefox profile " + FIREFOX_PROFILE, "Firefox profile abc.default (snap)");
        stores.install();
        assertThat(trustOf(snap, nickname())).isEqualTo("C,,");
    }

    @Test
    void whenCertutilIsMissing_thenEachNssStoreSaysToInstallLibnss3Tools(@TempDir Path emptyPath) throws Exception {
        TrustStores stores = new TrustStores(settings(),
                CommandRunner.system(Map.of("PATH", emptyPath.toString()), Duration.ofSeconds(30)));

        for (List<Report> reports : List.of(stores.status(), stores.install(), stores.remove())) {
            assertThat(reports).hasSize(2).allSatisfy(r -> {
                assertThat(r.state()).isEqualTo(State.TOOL_MISSING);
                assertThat(r.mark()).isEqualTo(Mark.PROBLEM);
                assertThat(r.message()).startsWith("certutil not found: install libnss3-tools");
            });
        }
        assertThat(trustOf(chromium, nickname())).isNull();
    }

    @Test
    void whenNotRoot_thenTheSystemStoreReportsTheSudoCommandsAndIsNotTouched() throws Exception {
        Path anchors = Files.createDirectories(tmp.resolve("anchors"));
        List<List<String>> calls = new ArrayList<>();
        TrustStores stores = new TrustStores(settings().withSystemAnchors(anchors), recordingSystem(calls));
        String file = anchors.resolve("pechatka-local-ca-" + tls.caSpkiSha256Hex().substring(0, 8) + ".crt").toString();

        Report install = stores.install().getLast();

        assertThat(install.state()).isEqualTo(State.NEEDS_ROOT);
        assertThat(install.line()).isEqualTo("system store: needs root: sudo install -m 644 "
                + tls.caCertificateFile() + " " + file + " && sudo update-ca-certificates");
        assertThat(stores.status().getLast().line()).isEqualTo("✘ system store: not installed; to install: sudo install"
                + " -m 644 " + tls.caCertificateFile() + " " + file + " && sudo update-ca-certificates");
        assertThat(anchors).isEmptyDirectory();
        assertThat(calls).isEmpty();
    }

    @Test
    void whenRoot_thenTheSystemStoreGetsTheCaFileAndUpdateCaCertificatesRunsAndRemoveUndoesIt() throws Exception {
        Path anchors = Files.createDirectories(tmp.resolve("anchors"));
        List<List<String>> calls = new ArrayList<>();
        TrustStores stores = new TrustStores(settings().withSystemAnchors(anchors).withRoot(true),
                recordingSystem(calls));
        Path file = anchors.resolve("pechatka-local-ca-" + tls.caSpkiSha256Hex().substring(0, 8) + ".crt");

        Report install = stores.install().getLast();

        assertThat(install.line()).isEqualTo("✔ system store: installed (" + file + ")");
        assertThat(calls).containsExactly(List.of("update-ca-certificates"));
        assertThat(Files.readString(file)).isEqualTo(Files.readString(tls.caCertificateFile()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        assertThat(Tools.ok("openssl", "x509", "-in", file.toString(), "-noout", "-subject"))
                .contains("Pechatka local CA");

        Report removed = stores.remove().getLast();

        assertThat(removed.line()).isEqualTo("✔ system store: removed " + file);
        assertThat(file).doesNotExist();
        assertThat(calls).hasSize(2);
    }

    @Test
    void whenTheSystemStoreFileHoldsAnotherCertificate_thenItIsLeftAlone() throws Exception {
        Path anchors = Files.createDirectories(tmp.resolve("anchors"));
        Path file = anchors.resolve("pechatka-local-ca-" + tls.caSpkiSha256Hex().substring(0, 8) + ".crt");
        Tools.writePem(file, unrelated);
        TrustStores stores = new TrustStores(settings().withSystemAnchors(anchors).withRoot(true),
                recordingSystem(new ArrayList<>()));

        assertThat(stores.remove().getLast().state()).isEqualTo(State.CONFLICT);
        assertThat(stores.install().getLast().state()).isEqualTo(State.CONFLICT);
        assertThat(Files.readString(file)).isEqualTo(Pem.certificate(unrelated));
    }

    /**
     * certutil runs for real; update-ca-certificates is recorded instead of run, because it would
     * change this machine's system store.
     */
    private static CommandRunner recordingSystem(List<List<String>> calls) {
        CommandRunner real = CommandRunner.system();
        return command -> {
            if (command.getFirst().equals("update-ca-certificates")) {
                calls.add(command);
                return new CommandRunner.Result(0, "1 added, 0 removed; done.");
            }
            return real.run(command);
        };
    }

    @Test
    void whenWindows_thenTheUserRootStoreCommandsAreRun() throws Exception {
        List<List<String>> calls = new ArrayList<>();
        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(tls.caCertificate().getEncoded()));
        TrustStores stores = new TrustStores(settings().withOs(Os.WINDOWS), command -> {
            calls.add(command);
            boolean listed = calls.stream().anyMatch(c -> c.contains("-addstore"))
                    && calls.stream().noneMatch(c -> c.contains("-delstore"));
            return new CommandRunner.Result(listed || !command.contains("-store") ? 0 : 1,
                    listed ? "Cert Hash(sha1): " + sha1 : "");
        });

        assertThat(stores.stores()).extracting(TrustStores.Store::label).containsExactly("Windows user store (Root)");
        assertThat(stores.install().getFirst().state()).isEqualTo(State.TRUSTED);
        assertThat(stores.remove().getFirst().state()).isEqualTo(State.NOT_INSTALLED);
        assertThat(calls).containsExactly(
                List.of("certutil", "-user", "-addstore", "Root", tls.caCertificateFile().toString()),
                List.of("certutil", "-user", "-store", "Root", sha1),
                List.of("certutil", "-user", "-delstore", "Root", sha1),
                List.of("certutil", "-user", "-store", "Root", sha1));
    }

    @Test
    void whenMacos_thenTheLoginKeychainCommandsAreRun() throws Exception {
        List<List<String>> calls = new ArrayList<>();
        TrustStores stores = new TrustStores(settings().withOs(Os.MACOS), command -> {
            calls.add(command);
            return new CommandRunner.Result(0, "");
        });
        String keychain = home.resolve("Library/Keychains/login.keychain-db").toString();
        String sha1 = HexFormat.of().withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-1").digest(tls.caCertificate().getEncoded()));

        stores.install();
        stores.remove();

        assertThat(calls).contains(
                List.of("security", "add-trusted-cert", "-r", "trustRoot", "-p", "ssl", "-k", keychain,
                        tls.caCertificateFile().toString()),
                List.of("security", "remove-trusted-cert", tls.caCertificateFile().toString()),
                List.of("security", "delete-certificate", "-Z", sha1, keychain));
    }

    @Test
    void whenListingParsed_thenNicknamesWithSpacesAndTheirFlagsAreRead() {
        String listing = """

                Certificate Nickname                                         Trust Attributes
                                                                             SSL,S/MIME,JAR/XPI

                Pechatka local CA 1a2b3c4d                                   C,,  \s
                Unrelated Root CA                                            CT,C,C
                my client cert                                               u,u,u
                """;

        assertThat(TrustStores.parseListing(listing)).containsExactly(
                new TrustStores.NssEntry("Pechatka local CA 1a2b3c4d", "C,,"),
                new TrustStores.NssEntry("Unrelated Root CA", "CT,C,C"),
                new TrustStores.NssEntry("my client cert", "u,u,u"));
    }
}
