package org.pechatka.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.cert.CertificateIssuer;
import org.pechatka.cert.DistinguishedNames;
import org.pechatka.desktop.Notice;
import org.pechatka.testing.TestCa;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenRegistry;
import org.pechatka.token.file.KeyFileProvider;
import org.pechatka.token.file.Pkcs12Writer;

/**
 * {@link ExpiryReminders} over a real key file: reminders 30 and 7 days before expiry, once each,
 * remembered across a restart, none for CA certificates or expired ones; the action starts the
 * renewal of the right certificate.
 */
class ExpiryRemindersTest {

    private static final char[] PASSWORD = "123456".toCharArray();
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private final TestCa ca = TestCa.create("Reminder CA");
    private final List<Notice> shown = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> renewed = new ArrayList<>();
    private KeyFileProvider provider;
    private TokenRegistry registry;
    private X509Certificate in40;
    private X509Certificate in25;
    private X509Certificate in5;

    private X509Certificate leaf(String cn, Instant notAfter, KeyPair key) {
        try {
            return CertificateIssuer.builder()
                    .withSubject(DistinguishedNames.builder().country("BY").commonName(cn).build())
                    .withPublicKey(key.getPublic()).withIssuer(ca.caCertificate(), ca.caPrivateKey())
                    .withValidity(T0.minus(Duration.ofDays(300)), notAfter)
                    .withKeyUsage(KeyUsage.digitalSignature).issue();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void keyFile() throws Exception {
        List<Pkcs12Writer.Entry> entries = new ArrayList<>();
        X509Certificate[] certs = new X509Certificate[4];
        String[] names = {"Forty", "TwentyFive", "Five", "Expired"};
        long[] days = {40, 25, 5, -3};
        for (int i = 0; i < 4; i++) {
            KeyPair key = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
            certs[i] = leaf(names[i], T0.plus(Duration.ofDays(days[i])).plus(Duration.ofHours(1)), key);
            entries.add(new Pkcs12Writer.Entry(names[i], PrivateKeyInfo.getInstance(key.getPrivate().getEncoded()),
                    certs[i]));
        }
        in40 = certs[0];
        in25 = certs[1];
        in5 = certs[2];
        Path file = dir.resolve("keys.p12");
        // the CA certificate rides along in the file: never a reminder for it
        Files.write(file, Pkcs12Writer.write(entries, List.of(ca.caCertificate()), PASSWORD));
        provider = new KeyFileProvider(List.of(file), null, Duration.ofSeconds(1));
        registry = new TokenRegistry(List.of(provider));
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private ExpiryReminders reminders(Instant now) {
        return new ExpiryReminders(registry, shown::add, dir.resolve("data"), Clock.fixed(now, ZoneOffset.UTC),
                renewed::add);
    }

    private static String id(X509Certificate c) {
        return TokenCertificate.certId(c);
    }

    @Test
    void whenCertificatesNearExpiry_thenOneReminderPerThresholdRememberedAcrossARestart() throws Exception {
        assertThat(reminders(T0).check()).isEqualTo(2);
        assertThat(shown).extracting(n -> n.expiry().owner()).containsExactlyInAnyOrder("TwentyFive", "Five");
        assertThat(shown).extracting(Notice::kind).containsOnly(Notice.Kind.CERTIFICATE_EXPIRES);
        Notice five = shown.stream().filter(n -> n.expiry().owner().equals("Five")).findFirst().orElseThrow();
        assertThat(five.expiry().daysLeft()).isEqualTo(5);
        assertThat(five.expiry().notAfter()).isEqualTo(in5.getNotAfter().toInstant());
        five.action().run();
        assertThat(renewed).containsExactly(id(in5));

        assertThat(reminders(T0).check()).as("the same day, a new start").isZero();
        assertThat(reminders(T0.plus(Duration.ofDays(6))).check()).as("nothing new crossed").isZero();

        // 19 days on: "TwentyFive" is inside 7 days, "Forty" inside 30; "Five" has expired
        assertThat(reminders(T0.plus(Duration.ofDays(19))).check()).isEqualTo(2);
        assertThat(shown.subList(2, 4)).extracting(n -> n.expiry().owner() + "/" + n.expiry().daysLeft())
                .containsExactlyInAnyOrder("TwentyFive/6", "Forty/21");
        assertThat(reminders(T0.plus(Duration.ofDays(20))).check()).isZero();
        assertThat(Files.readString(dir.resolve("data/" + ExpiryReminders.FILE))).contains(id(in25) + "=7",
                id(in40) + "=30", id(in5) + "=7");
    }

    @Test
    void whenTheRememberedFileIsDamaged_thenRemindersStartAfreshWithoutFailing() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/" + ExpiryReminders.FILE), id(in25) + "=banana\n\\u12");
        assertThat(reminders(T0).check()).isEqualTo(2);
    }

    @Test
    void whenStarted_thenItChecksInTheBackgroundAtOnce() throws Exception {
        try (ExpiryReminders r = reminders(T0)) {
            r.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (shown.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(shown).hasSize(2);
    }

    @Test
    void whenDaysLeftCrossThresholds_thenTheNearestNotYetGivenIsDue() {
        assertThat(ExpiryReminders.due(31, null)).isNull();
        assertThat(ExpiryReminders.due(30, null)).isEqualTo(30);
        assertThat(ExpiryReminders.due(8, "30")).isNull();
        assertThat(ExpiryReminders.due(7, "30")).isEqualTo(7);
        assertThat(ExpiryReminders.due(3, null)).isEqualTo(7);
        assertThat(ExpiryReminders.due(3, "7")).isNull();
        assertThat(ExpiryReminders.due(3, "x")).isEqualTo(7);
    }
}
