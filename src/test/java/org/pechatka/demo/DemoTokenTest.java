package org.pechatka.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.PersonalAttribute;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.token.KeyStatus;
import org.pechatka.token.PinSource;
import org.pechatka.token.SignInput;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenSession;
import org.pechatka.token.file.KeyFileProvider;
import org.pechatka.token.pkcs11.Pkcs11Provider;
import org.pechatka.testing.SignatureCheck;
import org.pechatka.testing.SoftHsm;

/** The demo token, as a SoftHSM2 token and as the key file used where SoftHSM2 is missing. */
class DemoTokenTest {

    private static final byte[] DATA = "demo".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dataDir;

    @Test
    void whenSoftHsmIsInstalled_thenADemoTokenWithNationalCertificatesIsCreatedOnce() throws Exception {
        DemoToken.Setup first = DemoToken.prepare(dataDir, Optional.of(SoftHsm.library().toString()));
        assertThat(first.created()).isTrue();
        assertThat(first.module()).isPresent();
        Path demo = dataDir.resolve("demo");
        assertThat(Files.getPosixFilePermissions(demo)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(demo.resolve("demo-ca.p12")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(demo.resolve("tokens.staging")).doesNotExist();
        assertThat(Files.readString(demo.resolve("softhsm2.conf"))).contains(demo.resolve("tokens").toString());

        Pkcs11Provider provider = Pkcs11Provider.load(first.module().get(), Pkcs11Provider.Options.DEFAULT);
        try {
            Token token = provider.tokens().stream().filter(t -> t.id().startsWith("p11-")).findFirst().orElseThrow();
            assertThat(token.info().label()).isEqualTo(DemoToken.LABEL);
            checkIdentities(token, 5);
        } finally {
            provider.close();
        }

        String caBefore = Files.readString(first.caCertificate());
        DemoToken.Setup second = DemoToken.prepare(dataDir, Optional.of(SoftHsm.library().toString()));
        assertThat(second.created()).isFalse();
        assertThat(Files.readString(second.caCertificate())).isEqualTo(caBefore);
    }

    @Test
    void whenACreationWasInterrupted_thenTheLeftoverIsReplacedByAWholeToken() throws Exception {
        Path staging = dataDir.resolve("demo/tokens.staging/half-made");
        Files.createDirectories(staging);
        Files.writeString(staging.resolve("token.object"), "garbage");
        DemoToken.Setup setup = DemoToken.prepare(dataDir, Optional.of(SoftHsm.library().toString()));
        assertThat(setup.created()).isTrue();
        assertThat(dataDir.resolve("demo/tokens.staging")).doesNotExist();
        Pkcs11Provider provider = Pkcs11Provider.load(setup.module().get(), Pkcs11Provider.Options.DEFAULT);
        try {
            assertThat(provider.tokens()).hasSize(1);
        } finally {
            provider.close();
        }
    }

    @Test
    void whenSoftHsmIsMissing_thenTheDemoIsAKeyFileWithTheSameIdentities() throws Exception {
        DemoToken.Setup setup = DemoToken.prepare(dataDir, Optional.empty());
        assertThat(setup.module()).isEmpty();
        Path file = setup.keyFile().orElseThrow();
        assertThat(file).isEqualTo(dataDir.resolve("keys/pechatka-demo.p12"));
        byte[] bytes = Files.readAllBytes(file);
        assertThat(DemoToken.prepare(dataDir, Optional.empty()).created()).isFalse();
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);

        KeyFileProvider provider = new KeyFileProvider(List.of(), dataDir.resolve("keys"), Duration.ofSeconds(1));
        Token token = provider.tokens().get(0);
        // certificates are stored in clear: listed before the password is given
        assertThat(token.certificates()).hasSize(5);
        checkIdentities(token, 4);
    }

    @Test
    void whenTheDemoIsPrepared_thenABignAndAGostIdentityAreInTheirOwnKeyFileTrustedByTheirDemoCas() throws Exception {
        DemoToken.Setup setup = DemoToken.prepare(dataDir, Optional.empty());
        Path national = setup.nationalKeyFile();
        assertThat(national).isEqualTo(dataDir.resolve("keys/pechatka-national-demo.p12"));
        assertThat(Files.getPosixFilePermissions(national)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("demo/demo-national-ca.p12")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(setup.keyFiles()).contains(national);
        assertThat(setup.caCertificates()).hasSize(3);
        byte[] before = Files.readAllBytes(national);
        String bignCaBefore = Files.readString(setup.nationalCaCertificates().get(0));
        DemoToken.Setup again = DemoToken.prepare(dataDir, Optional.empty());
        assertThat(Files.readAllBytes(national)).as("never rewritten").isEqualTo(before);
        assertThat(Files.readString(again.nationalCaCertificates().get(0))).isEqualTo(bignCaBefore);

        List<java.security.cert.X509Certificate> anchors = new java.util.ArrayList<>();
        for (Path pem : setup.nationalCaCertificates()) {
            try (var in = Files.newInputStream(pem)) {
                anchors.add((java.security.cert.X509Certificate) java.security.cert.CertificateFactory
                        .getInstance("X.509").generateCertificate(in));
            }
        }
        org.pechatka.cert.TrustAnchors trust = new org.pechatka.cert.TrustAnchors(anchors);
        KeyFileProvider provider = new KeyFileProvider(List.of(national), null, Duration.ofSeconds(1));
        try {
            Token token = provider.tokens().get(0);
            try (TokenSession s = token.open(PinSource.fixed(DemoToken.PIN.toCharArray()),
                    TokenSession.Access.READ_ONLY)) {
                List<TokenCertificate> keys = s.certificates().stream()
                        .filter(c -> c.keyStatus() == KeyStatus.PRIVATE_KEY).toList();
                assertThat(keys).extracting(c -> org.pechatka.crypto.KeyInfo.of(c.keyRef().publicKey()).protocolName())
                        .containsExactlyInAnyOrder("BIGN-128", "GOST-2012-256");
                for (TokenCertificate c : keys) {
                    assertThat(trust.trusted(c.certificate(), List.of(), java.time.Instant.now()))
                            .as(c.label()).isTrue();
                    org.pechatka.crypto.SignatureAlgorithm alg = org.pechatka.crypto.SignatureAlgorithms
                            .defaultFor(org.pechatka.crypto.KeyInfo.of(c.keyRef().publicKey())).orElseThrow();
                    byte[] sig = s.sign(c.keyRef(), alg, SignInput.data(DATA));
                    assertThat(org.pechatka.cert.Signatures.verifies(alg.x509Id(), c.keyRef().publicKey(), DATA, sig))
                            .as(c.label()).isTrue();
                }
                assertThat(keys).extracting(c -> CertificateView.of(c.certificate()).fullName())
                        .containsExactlyInAnyOrder("ШЫМАНСКАЯ ВОЛЬГА ПЯТРОЎНА", "Смирнова Мария Сергеевна"); // STB 34.101.78: BY/RU forms in upper case
            }
        } finally {
            provider.close();
        }
    }

    private static void checkIdentities(Token token, int sessionCertificates) throws Exception {
        try (TokenSession s = token.open(PinSource.fixed(DemoToken.PIN.toCharArray()), TokenSession.Access.READ_ONLY)) {
            List<TokenCertificate> certs = s.certificates().stream()
                    .filter(c -> c.keyStatus() == KeyStatus.PRIVATE_KEY).toList();
            assertThat(certs).hasSize(4);
            Map<String, CertificateView> views = certs.stream().collect(Collectors.toMap(TokenCertificate::certId, c -> {
                try {
                    return CertificateView.of(c.certificate());
                } catch (java.security.cert.CertificateException e) {
                    throw new AssertionError(e);
                }
            }));
            assertThat(views.values()).extracting(CertificateView::fullName).containsExactlyInAnyOrder(
                    "Лабадзенка Алесь Яўгенавіч", "Каваленка Ірына Сяргееўна", "Петров Пётр Петрович",
                    "Сидорова Анна Викторовна");
            assertThat(views.values()).anySatisfy(v -> assertThat(v.attributes())
                    .containsEntry(PersonalAttribute.PERSONAL_NUMBER, "3120690A001PB5"));
            assertThat(views.values()).anySatisfy(v -> assertThat(v.attributes())
                    .containsEntry(PersonalAttribute.UNP, "190000001")
                    .containsEntry(PersonalAttribute.POSITION, "Дырэктар"));
            assertThat(views.values()).anySatisfy(v -> assertThat(v.attributes())
                    .containsEntry(PersonalAttribute.SNILS, "11223344595"));
            assertThat(views.values()).anySatisfy(v -> {
                assertThat(v.keyUsage()).containsExactly("nonRepudiation");
                assertThat(v.attributes()).containsEntry(PersonalAttribute.OGRN, "1027700000008");
            });
            for (TokenCertificate c : certs) {
                SignatureAlgorithm alg = SignatureAlgorithms.defaultFor(KeyInfo.of(c.keyRef().publicKey()))
                        .orElseThrow();
                byte[] raw = s.sign(c.keyRef(), alg, SignInput.data(DATA));
                assertThat(SignatureCheck.jca(alg, c.keyRef().publicKey(), DATA, raw)).isTrue();
            }
            // SoftHSM2 also holds the CA certificate; a key file session lists the keys' certificates
            assertThat(s.certificates()).hasSize(sessionCertificates);
        }
    }
}
