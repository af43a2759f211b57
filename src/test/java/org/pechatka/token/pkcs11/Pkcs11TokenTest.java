package org.pechatka.token.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
import org.pechatka.token.TokenInfo;
import org.pechatka.token.TokenKind;
import org.pechatka.token.TokenSession;
import org.pechatka.testing.ScriptedPins;
import org.pechatka.testing.SignatureCheck;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.testing.TestSubjects;

/** The PKCS#11 adapter against a real SoftHSM2 token filled by pkcs11-tool. */
class Pkcs11TokenTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    private static final byte[] DATA = "Заява на выдачу даведкі / заявление".getBytes(StandardCharsets.UTF_8);

    private static Token token() {
        List<Token> tokens = HSM.provider().tokens();
        assertThat(tokens).hasSize(1);
        return tokens.get(0);
    }

    private static PinSource pin() {
        return PinSource.fixed(SoftHsm.USER_PIN.toCharArray());
    }

    @Test
    void whenModuleLoaded_thenTokenInfoAndFlagsAreRead() throws Exception {
        TokenInfo info = token().info();
        assertThat(info.label()).isEqualTo("Pechatka Test");
        assertThat(info.kind()).isEqualTo(TokenKind.PKCS11);
        assertThat(info.manufacturer()).isEqualTo("SoftHSM project");
        assertThat(info.model()).isEqualTo("SoftHSM v2");
        assertThat(info.serialNumber()).isNotBlank();
        assertThat(info.present()).isTrue();
        assertThat(info.loginRequired()).isTrue();
        assertThat(info.protectedAuthPath()).isFalse();
        assertThat(info.pin().locked()).isFalse();
        assertThat(info.pin().finalTry()).isFalse();
        assertThat(info.tokenId()).startsWith("p11-").hasSize(4 + 20);
        assertThat(HSM.provider().status().loaded()).isTrue();
        assertThat(HSM.provider().osLocking()).isTrue();
    }

    @Test
    void whenModuleReloaded_thenTokenIdIsStable() throws Exception {
        String before = token().id();
        HSM.closeProvider();
        assertThat(token().id()).isEqualTo(before);
    }

    @Test
    void whenListingWithoutLogin_thenCertificatesArePairedWithPublicKeys() throws Exception {
        Map<String, TokenCertificate> byCertId = token().certificates().stream()
                .collect(Collectors.toMap(TokenCertificate::certId, c -> c));
        assertThat(byCertId).hasSize(HSM.keys().size() + 1);
        for (SoftHsmExtension.FixtureKey k : HSM.keys().values()) {
            TokenCertificate tc = byCertId.get(TokenCertificate.certId(k.certificate()));
            assertThat(tc).as(k.name()).isNotNull();
            assertThat(tc.keyStatus()).as(k.name()).isEqualTo(KeyStatus.PROBABLE);
            // the mismatched certificate is stored under CKA_ID 66; its key is 06, found by public key
            assertThat(HexFormat.of().formatHex(tc.keyId())).as(k.name()).isEqualTo(k.idHex());
        }
        TokenCertificate ca = byCertId.get(TokenCertificate.certId(HSM.ca().caCertificate()));
        assertThat(ca.keyStatus()).isEqualTo(KeyStatus.UNKNOWN);
    }

    @Test
    void whenLoggedIn_thenEveryCertificateIsPairedWithItsPrivateKey() throws Exception {
        try (TokenSession s = token().open(pin(), TokenSession.Access.READ_ONLY)) {
            Map<String, TokenCertificate> byCertId = s.certificates().stream()
                    .collect(Collectors.toMap(TokenCertificate::certId, c -> c));
            for (SoftHsmExtension.FixtureKey k : HSM.keys().values()) {
                TokenCertificate tc = byCertId.get(TokenCertificate.certId(k.certificate()));
                assertThat(tc.keyStatus()).as(k.name()).isEqualTo(KeyStatus.PRIVATE_KEY);
                assertThat(HexFormat.of().formatHex(tc.keyId())).as(k.name()).isEqualTo(k.idHex());
            }
            assertThat(byCertId.get(TokenCertificate.certId(HSM.ca().caCertificate())).keyStatus())
                    .isEqualTo(KeyStatus.NONE);
        }
    }

    @ParameterizedTest(name = "{0} with {1}, input {2}")
    @CsvSource({
        "rsa, SHA256withRSA, data",
        "rsa, SHA256withRSA, digest",
        "rsa, SHA384withRSA, data",
        "rsa, SHA512withRSA, digest",
        "rsa, SHA3-256withRSA, data",
        "rsa, SHA256withRSAandMGF1, data",
        "rsa, SHA256withRSAandMGF1, digest",
        "rsa, SHA512withRSAandMGF1, data",
        "ec, SHA256withECDSA, data",
        "ec, SHA256withECDSA, digest",
        "ec, SHA512withECDSA, data",
        "ec384, SHA384withECDSA, data",
        "ec384, SHA384withECDSA, digest",
        "ed, Ed25519, data",
        "mismatched, SHA256withECDSA, data"
    })
    void whenSigning_thenJdkAndOpensslVerifyTheSignature(String key, String algorithm, String input) throws Exception {
        SignatureAlgorithm alg = SignatureAlgorithms.byName(algorithm).orElseThrow();
        SoftHsmExtension.FixtureKey k = HSM.key(key);
        SignInput in = input.equals("data") ? SignInput.data(DATA)
                : SignInput.digest(MessageDigest.getInstance(alg.hash().protocolName()).digest(DATA));
        byte[] raw;
        try (TokenSession s = token().open(pin(), TokenSession.Access.READ_ONLY)) {
            raw = s.sign(keyRef(k), alg, in);
        }
        if (alg.x509Encoding() == SignatureAlgorithm.Encoding.DER_ECDSA) {
            assertThat(raw).hasSize(2 * KeyInfo.of(k.publicKey()).componentLength());
        }
        assertThat(SignatureCheck.jca(alg, k.publicKey(), DATA, raw)).isTrue();
        assertThat(SignatureCheck.openssl(alg, k.publicKey(), DATA, raw, HSM.hsm().dir().resolve("openssl")))
                .isTrue();
        byte[] tampered = DATA.clone();
        tampered[0] ^= 1;
        assertThat(SignatureCheck.jca(alg, k.publicKey(), tampered, raw)).isFalse();
    }

    @Test
    void whenKeyRefHasWrongIdButRightPublicKey_thenKeyIsFoundByPublicKey() throws Exception {
        SoftHsmExtension.FixtureKey k = HSM.key("rsa");
        KeyRef wrongId = new KeyRef(new byte[] {0x7f, 0x7f}, k.publicKey());
        try (TokenSession s = token().open(pin(), TokenSession.Access.READ_ONLY)) {
            byte[] raw = s.sign(wrongId, SignatureAlgorithms.SHA256_RSA, SignInput.data(DATA));
            assertThat(SignatureCheck.jca(SignatureAlgorithms.SHA256_RSA, k.publicKey(), DATA, raw)).isTrue();
        }
    }

    @Test
    void whenKeyIsNotOnTheToken_thenKeyNotFound() throws Exception {
        SubjectPublicKeyInfo other = SubjectPublicKeyInfo.getInstance(
                HSM.ca().caCertificate().getPublicKey().getEncoded());
        try (TokenSession s = token().open(pin(), TokenSession.Access.READ_ONLY)) {
            assertThatThrownBy(() -> s.sign(new KeyRef(new byte[] {0x55}, other), SignatureAlgorithms.SHA256_ECDSA,
                    SignInput.data(DATA)))
                    .isInstanceOf(PechatkaException.KeyNotFound.class);
        }
    }

    @Test
    void whenInputDoesNotFit_thenClearErrors() throws Exception {
        try (TokenSession s = token().open(pin(), TokenSession.Access.READ_ONLY)) {
            assertThatThrownBy(() -> s.sign(keyRef(HSM.key("ec")), SignatureAlgorithms.SHA256_ECDSA,
                    SignInput.digest(new byte[31])))
                    .isInstanceOf(PechatkaException.InvalidParams.class);
            assertThatThrownBy(() -> s.sign(keyRef(HSM.key("ed")), SignatureAlgorithms.ED25519,
                    SignInput.digest(new byte[32])))
                    .isInstanceOf(PechatkaException.AlgorithmUnsupported.class);
            assertThatThrownBy(() -> s.sign(keyRef(HSM.key("ec")), SignatureAlgorithms.SHA256_RSA,
                    SignInput.data(DATA)))
                    .isInstanceOf(PechatkaException.AlgorithmUnsupported.class);
        }
    }

    @Test
    void whenWrongPinThenRightPin_thenDialogAskedTwiceWithTheFailureShown() throws Exception {
        ScriptedPins pins = new ScriptedPins("0000", SoftHsm.USER_PIN);
        try (TokenSession s = token().open(pins, TokenSession.Access.READ_ONLY)) {
            assertThat(s.certificates()).isNotEmpty();
        }
        List<PinRequest> requests = pins.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).previousFailure()).isNull();
        assertThat(requests.get(1).previousFailure()).isInstanceOf(PechatkaException.PinIncorrect.class);
        assertThat(requests.get(1).kind()).isEqualTo(PinRequest.Kind.USER_LOGIN);
    }

    @Test
    void whenPinSourceCannotAskAgain_thenPinIncorrectWithFlags() throws Exception {
        assertThatThrownBy(() -> token().open(PinSource.fixed("9999".toCharArray()), TokenSession.Access.READ_ONLY))
                .isInstanceOfSatisfying(PechatkaException.PinIncorrect.class, e -> {
                    assertThat(e.data()).containsKey("finalTry");
                    assertThat(e.reason().code()).isEqualTo(2001);
                });
        // a correct login afterwards works: nothing was left locked or logged in
        try (TokenSession s = token().open(pin(), TokenSession.Access.READ_ONLY)) {
            assertThat(s.token().tokenId()).isEqualTo(token().id());
        }
    }

    @Test
    void whenUserCancelsThePinDialog_thenUserCancelledAndTokenFree() throws Exception {
        assertThatThrownBy(() -> token().open(new ScriptedPins(ScriptedPins.CANCEL), TokenSession.Access.READ_ONLY))
                .isInstanceOf(PechatkaException.UserCancelled.class);
        try (TokenSession s = token().open(pin(), TokenSession.Access.READ_ONLY)) {
            assertThat(s.certificates()).isNotEmpty();
        }
    }

    @Test
    void whenKeyAlwaysAuthenticates_thenEverySignatureAsksForThePinAgain() throws Exception {
        SoftHsmExtension.FixtureKey k = HSM.key("always");
        ScriptedPins pins = new ScriptedPins(SoftHsm.USER_PIN, SoftHsm.USER_PIN, "0000", SoftHsm.USER_PIN);
        try (TokenSession s = token().open(pins, TokenSession.Access.READ_ONLY)) {
            byte[] first = s.sign(keyRef(k), SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA));
            byte[] second = s.sign(keyRef(k), SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA));
            assertThat(SignatureCheck.jca(SignatureAlgorithms.SHA256_ECDSA, k.publicKey(), DATA, first)).isTrue();
            assertThat(SignatureCheck.jca(SignatureAlgorithms.SHA256_ECDSA, k.publicKey(), DATA, second)).isTrue();
        }
        List<PinRequest> requests = pins.requests();
        assertThat(requests).extracting(PinRequest::kind).containsExactly(PinRequest.Kind.USER_LOGIN,
                PinRequest.Kind.CONTEXT_SPECIFIC, PinRequest.Kind.CONTEXT_SPECIFIC, PinRequest.Kind.CONTEXT_SPECIFIC);
        assertThat(requests.get(1).keyLabel()).isEqualTo("always");
        assertThat(requests.get(3).previousFailure()).isNotNull();
        assertThat(pins.remaining()).isZero();
    }

    @Test
    void whenGeneratingKeysAndStoringCertificates_thenNothingExistingIsTouched() throws Exception {
        int before = token().certificates().size();
        String[] specs = {"EC-P256", "EC-P384", "RSA-2048", "RSA-3072"};
        try (TokenSession s = token().open(pin(), TokenSession.Access.READ_WRITE)) {
            for (String spec : specs) {
                KeyRef key = s.generateKeyPair(KeyInfo.byProtocolName(spec).orElseThrow(), "generated " + spec);
                assertThat(key.keyId()).hasSize(16);
                assertThat(KeyInfo.of(key.publicKey()).protocolName()).isEqualTo(spec);
                X509Certificate cert = HSM.ca().issue(key.publicKey(), TestSubjects.belarusCitizen());
                TokenSession.StoredCertificate stored = s.storeCertificate(cert, key.keyId(), "generated " + spec);
                assertThat(stored.alreadyPresent()).isFalse();
                assertThat(stored.certId()).isEqualTo(TokenCertificate.certId(cert));
                // storing it again writes nothing
                assertThat(s.storeCertificate(cert, key.keyId(), "again").alreadyPresent()).isTrue();
                SignatureAlgorithm alg = SignatureAlgorithms.defaultFor(KeyInfo.of(key.publicKey())).orElseThrow();
                byte[] raw = s.sign(key, alg, SignInput.data(DATA));
                assertThat(SignatureCheck.jca(alg, key.publicKey(), DATA, raw)).isTrue();
            }
            assertThat(s.certificates()).hasSize(before + specs.length)
                    .filteredOn(c -> c.label().startsWith("generated"))
                    .allSatisfy(c -> assertThat(c.keyStatus()).isEqualTo(KeyStatus.PRIVATE_KEY));
        }
        // the fixture's keys still sign
        SoftHsmExtension.FixtureKey k = HSM.key("ec");
        try (TokenSession s = token().open(pin(), TokenSession.Access.READ_ONLY)) {
            byte[] raw = s.sign(keyRef(k), SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA));
            assertThat(SignatureCheck.jca(SignatureAlgorithms.SHA256_ECDSA, k.publicKey(), DATA, raw)).isTrue();
        }
        // and pkcs11-tool sees exactly the new objects besides the old ones
        String objects = HSM.hsm().pkcs11Tool(true, List.of("--list-objects", "--type", "privkey"));
        assertThat(objects.split("Private Key Object", -1)).hasSize(HSM.keys().size() + specs.length + 1);
    }

    @Test
    void whenSessionIsReadOnly_thenStoringFailsWithATokenError() throws Exception {
        X509Certificate cert = HSM.ca().issue(HSM.key("ec").publicKey(), TestSubjects.russianCitizen());
        try (TokenSession s = token().open(pin(), TokenSession.Access.READ_ONLY)) {
            assertThatThrownBy(() -> s.storeCertificate(cert, new byte[] {2}, "x"))
                    .isInstanceOfSatisfying(PechatkaException.TokenFailure.class,
                            e -> assertThat(e.ckr()).isEqualTo("CKR_SESSION_READ_ONLY"));
        }
    }

    @Test
    void whenMechanismsRead_thenSoftHsmSigningAlgorithmsAreOffered() {
        Token t = token();
        assertThat(t.signatureAlgorithms()).contains(SignatureAlgorithms.SHA256_RSA, SignatureAlgorithms.SHA256_RSA_PSS,
                SignatureAlgorithms.SHA256_ECDSA, SignatureAlgorithms.ED25519)
                .doesNotContain(SignatureAlgorithms.GOST_2012_256, SignatureAlgorithms.BIGN_HBELT);
        assertThat(t.mechanismNames()).contains("CKM_RSA_PKCS", "CKM_ECDSA", "CKM_RSA_PKCS_PSS", "CKM_EDDSA");
    }

    @Test
    void whenSessionClosed_thenTokenCanBeOpenedAgainAndIsLoggedOut() throws Exception {
        TokenSession s = token().open(pin(), TokenSession.Access.READ_ONLY);
        s.close();
        s.close(); // idempotent
        // logged out: a new session without login sees no private keys
        assertThat(token().certificates()).allSatisfy(c -> assertThat(c.keyStatus()).isNotEqualTo(
                KeyStatus.PRIVATE_KEY));
    }

    static KeyRef keyRef(SoftHsmExtension.FixtureKey k) {
        return new KeyRef(HexFormat.of().parseHex(k.idHex()), k.publicKey());
    }

    static Path work() {
        return HSM.hsm().dir();
    }
}
