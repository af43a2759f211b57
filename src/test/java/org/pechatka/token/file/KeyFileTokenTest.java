package org.pechatka.token.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.KeyRef;
import org.pechatka.token.KeyStatus;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinSource;
import org.pechatka.token.SignInput;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenEvent;
import org.pechatka.token.TokenKind;
import org.pechatka.token.TokenSession;
import org.pechatka.testing.ScriptedPins;
import org.pechatka.testing.SignatureCheck;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;

/** PKCS#12 key files as tokens, with files written by the JDK's own keystore. */
class KeyFileTokenTest {

    private static final char[] PASSWORD = "пароль-1234".toCharArray();
    private static final byte[] DATA = "Заява".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    private static final Map<String, KeyPair> KEYS = new LinkedHashMap<>();
    private static final Map<String, X509Certificate> CERTS = new LinkedHashMap<>();
    private static Path file;

    @BeforeAll
    static void writeKeyFile() throws Exception {
        TestCa ca = TestCa.create("Key File Test CA");
        KEYS.put("rsa", generate("RSA", null));
        KEYS.put("ec", generate("EC", "secp256r1"));
        KEYS.put("ed", generate("Ed25519", null));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        for (Map.Entry<String, KeyPair> e : KEYS.entrySet()) {
            X509Certificate cert = ca.issue(e.getValue().getPublic(), TestSubjects.belarusCitizen());
            CERTS.put(e.getKey(), cert);
            ks.setKeyEntry(e.getKey(), e.getValue().getPrivate(), PASSWORD,
                    new Certificate[] {cert, ca.caCertificate()});
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, PASSWORD);
        file = dir.resolve("keys.p12");
        Files.write(file, out.toByteArray());
    }

    private static KeyPair generate(String alg, String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
        if (curve != null) {
            g.initialize(new ECGenParameterSpec(curve));
        } else if (alg.equals("RSA")) {
            g.initialize(2048);
        }
        return g.generateKeyPair();
    }

    private static KeyRef ref(String name) {
        X509Certificate c = CERTS.get(name);
        return new KeyRef(KeyFileToken.keyId(c), SubjectPublicKeyInfo.getInstance(c.getPublicKey().getEncoded()));
    }

    @Test
    void whenCertificatesAreEncrypted_thenTheyAppearAfterUnlock() throws Exception {
        KeyFileToken token = new KeyFileToken(file);
        assertThat(token.info().kind()).isEqualTo(TokenKind.KEY_FILE);
        assertThat(token.info().label()).isEqualTo("keys.p12");
        assertThat(token.info().loginRequired()).isTrue();
        // the JDK encrypts certificates in PKCS#12 files: nothing to list without the password
        assertThat(token.certificates()).isEmpty();
        assertThat(token.hidesCertificates()).isTrue();
        try (TokenSession s = token.open(PinSource.fixed(PASSWORD), TokenSession.Access.READ_ONLY)) {
            assertThat(s.certificates()).hasSize(KEYS.size())
                    .allSatisfy(c -> assertThat(c.keyStatus()).isEqualTo(KeyStatus.PRIVATE_KEY));
        }
        assertThat(token.certificates()).extracting(TokenCertificate::certId)
                .containsExactlyInAnyOrderElementsOf(CERTS.values().stream().map(TokenCertificate::certId).toList());
    }

    @Test
    void whenAskedForTokenCare_thenAKeyFileRefusesClearlyAndStaysAsItWas() throws Exception {
        byte[] before = Files.readAllBytes(file);
        KeyFileToken token = new KeyFileToken(file);
        assertThat(token.pinRules().canChange()).isFalse();
        assertThat(token.pinRules().canUnblock()).isFalse();
        assertThat(token.keysWithoutCertificate()).isEmpty();
        assertThatThrownBy(() -> token.changePin(PASSWORD, "new-password".toCharArray()))
                .isInstanceOf(PechatkaException.OperationNotAllowed.class);
        assertThatThrownBy(() -> token.unblockPin(PASSWORD, "new-password".toCharArray()))
                .isInstanceOf(PechatkaException.OperationNotAllowed.class);
        try (TokenSession s = token.open(PinSource.fixed(PASSWORD), TokenSession.Access.READ_WRITE)) {
            TokenCertificate c = s.certificates().get(0);
            assertThatThrownBy(() -> s.deleteCertificate(c, true))
                    .isInstanceOf(PechatkaException.OperationNotAllowed.class);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void whenSigning_thenEverySchemeVerifies() throws Exception {
        KeyFileToken token = new KeyFileToken(file);
        Map<String, List<SignatureAlgorithm>> cases = Map.of(
                "rsa", List.of(SignatureAlgorithms.SHA256_RSA, SignatureAlgorithms.SHA512_RSA,
                        SignatureAlgorithms.SHA256_RSA_PSS),
                "ec", List.of(SignatureAlgorithms.SHA256_ECDSA, SignatureAlgorithms.SHA384_ECDSA),
                "ed", List.of(SignatureAlgorithms.ED25519));
        try (TokenSession s = token.open(PinSource.fixed(PASSWORD), TokenSession.Access.READ_ONLY)) {
            for (Map.Entry<String, List<SignatureAlgorithm>> c : cases.entrySet()) {
                KeyRef key = ref(c.getKey());
                for (SignatureAlgorithm alg : c.getValue()) {
                    byte[] raw = s.sign(key, alg, SignInput.data(DATA));
                    assertThat(SignatureCheck.jca(alg, key.publicKey(), DATA, raw)).as(alg.name()).isTrue();
                    assertThat(SignatureCheck.openssl(alg, key.publicKey(), DATA, raw, dir.resolve("ossl")))
                            .as(alg.name()).isTrue();
                    if (alg.hash() != null) {
                        byte[] fromDigest = s.sign(key, alg, SignInput.digest(alg.hash().digest(DATA)));
                        assertThat(SignatureCheck.jca(alg, key.publicKey(), DATA, fromDigest)).as(alg.name()).isTrue();
                    }
                }
            }
            byte[] ecRaw = s.sign(ref("ec"), SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA));
            assertThat(ecRaw).hasSize(2 * KeyInfo.of(ref("ec").publicKey()).componentLength());
        }
    }

    @Test
    void whenWrongPasswordThenRightOne_thenAskedAgainWithTheFailure() throws Exception {
        KeyFileToken token = new KeyFileToken(file);
        ScriptedPins pins = new ScriptedPins("wrong", new String(PASSWORD));
        try (TokenSession s = token.open(pins, TokenSession.Access.READ_ONLY)) {
            assertThat(s.certificates()).hasSize(KEYS.size());
        }
        List<PinRequest> requests = pins.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).previousFailure()).isNotNull();
        assertThatThrownBy(() -> token.open(PinSource.fixed("wrong".toCharArray()), TokenSession.Access.READ_ONLY))
                .isInstanceOf(PechatkaException.PinIncorrect.class);
    }

    @Test
    void whenPinCacheIsOn_thenTheFileStaysUnlockedUntilForgottenOrChanged() throws Exception {
        Path copy = dir.resolve("cached.p12");
        Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        KeyFileToken token = new KeyFileToken(copy, Duration.ofMinutes(5));
        try (TokenSession s = token.open(new ScriptedPins(new String(PASSWORD)), TokenSession.Access.READ_ONLY)) {
            s.sign(ref("ec"), SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA));
        }
        ScriptedPins none = new ScriptedPins(); // fails the test if the password dialog is shown
        try (TokenSession s = token.open(none, TokenSession.Access.READ_ONLY)) {
            byte[] raw = s.sign(ref("ec"), SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA));
            assertThat(SignatureCheck.jca(SignatureAlgorithms.SHA256_ECDSA, ref("ec").publicKey(), DATA, raw)).isTrue();
        }
        assertThat(none.requests()).isEmpty();

        token.forgetPin();
        ScriptedPins again = new ScriptedPins("wrong", new String(PASSWORD));
        try (TokenSession s = token.open(again, TokenSession.Access.READ_ONLY)) {
            assertThat(s.certificates()).hasSize(KEYS.size());
        }
        assertThat(again.requests()).hasSize(2);

        // the file changed on disk: what was unlocked from the old bytes is not used
        byte[] bytes = Files.readAllBytes(copy);
        Files.write(copy, java.util.Arrays.copyOf(bytes, bytes.length + 1)); 
        ScriptedPins changed = new ScriptedPins(ScriptedPins.CANCEL);
        assertThatThrownBy(() -> token.open(changed, TokenSession.Access.READ_ONLY))
                .isInstanceOf(PechatkaException.UserCancelled.class);
        assertThat(changed.requests()).hasSize(1);
    }

    @Test
    void whenPinCacheIsOff_thenThePasswordIsAskedEveryTime() throws Exception {
        KeyFileToken token = new KeyFileToken(file);
        ScriptedPins pins = new ScriptedPins(new String(PASSWORD), new String(PASSWORD));
        for (int i = 0; i < 2; i++) {
            try (TokenSession s = token.open(pins, TokenSession.Access.READ_ONLY)) {
                assertThat(s.certificates()).hasSize(KEYS.size());
            }
        }
        assertThat(pins.requests()).hasSize(2);
    }

    @Test
    void whenAskedToWrite_thenRefusedAndTheFileIsUnchanged() throws Exception {
        byte[] before = Files.readAllBytes(file);
        KeyFileToken token = new KeyFileToken(file);
        try (TokenSession s = token.open(PinSource.fixed(PASSWORD), TokenSession.Access.READ_WRITE)) {
            assertThatThrownBy(() -> s.generateKeyPair(KeyInfo.byProtocolName("EC-P256").orElseThrow(), "x"))
                    .isInstanceOf(PechatkaException.OperationNotAllowed.class);
            assertThatThrownBy(() -> s.storeCertificate(CERTS.get("ec"), new byte[] {1}, "x"))
                    .isInstanceOf(PechatkaException.OperationNotAllowed.class);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void whenFileIsNotPkcs12_thenTokenError() throws Exception {
        Path junk = dir.resolve("junk.p12");
        Files.writeString(junk, "not a key file");
        assertThatThrownBy(() -> new KeyFileToken(junk).certificates())
                .isInstanceOf(PechatkaException.TokenFailure.class);
    }

    @Test
    void whenFilesAppearAndDisappear_thenTokensAndEventsFollow() throws Exception {
        Path keys = dir.resolve("keydir");
        Files.createDirectories(keys);
        KeyFileProvider provider = new KeyFileProvider(List.of(), keys, Duration.ofMillis(50));
        List<TokenEvent> events = new CopyOnWriteArrayList<>();
        provider.watch(events::add);
        try {
            assertThat(provider.tokens()).isEmpty();
            Path copy = keys.resolve("mine.PFX");
            Files.copy(file, copy);
            Files.writeString(keys.resolve("notes.txt"), "ignored");
            List<Token> tokens = provider.tokens();
            assertThat(tokens).singleElement().satisfies(t -> assertThat(t.info().label()).isEqualTo("mine.PFX"));
            String id = tokens.get(0).id();
            Files.delete(copy);
            assertThat(provider.tokens()).isEmpty();
            assertThatThrownBy(() -> tokens.get(0).open(PinSource.fixed(PASSWORD), TokenSession.Access.READ_ONLY))
                    .isInstanceOf(PechatkaException.TokenNotPresent.class);
            assertThat(events).extracting(TokenEvent::tokenId).contains(id);
            assertThat(events).anyMatch(e -> e instanceof TokenEvent.Removed);
        } finally {
            provider.close();
        }
    }

    @Test
    void whenExplicitFileIsMissing_thenStatusSaysSo() {
        KeyFileProvider provider = new KeyFileProvider(List.of(dir.resolve("absent.p12")), null, Duration.ofSeconds(1));
        assertThat(provider.status().notes()).anySatisfy(n -> assertThat(n).contains("absent.p12"));
        assertThat(provider.tokens()).isEmpty();
    }
}
