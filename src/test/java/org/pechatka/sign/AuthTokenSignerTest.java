package org.pechatka.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.error.PechatkaException;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.token.KeyRef;
import org.pechatka.token.PinSource;
import org.pechatka.token.TokenSession;

/** Web eID authentication tokens on a real SoftHSM2 token, verified with the JDK alone. */
class AuthTokenSignerTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    private static final String ORIGIN = "https://portal.test";
    private static final String APP_VERSION = "https://pechatka.org/releases/0.1.0";

    private static TokenSession open() throws PechatkaException {
        return HSM.provider().tokens().get(0).open(PinSource.fixed(SoftHsm.USER_PIN.toCharArray()),
                TokenSession.Access.READ_ONLY);
    }

    private static KeyRef keyRef(SoftHsmExtension.FixtureKey k) {
        return new KeyRef(HexFormat.of().parseHex(k.idHex()), k.publicKey());
    }

    /** A nonce as a portal makes it: 32 random bytes, base64 (44 characters). */
    private static String nonce() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static AuthToken sign(SoftHsmExtension.FixtureKey k, String origin, String nonce)
            throws PechatkaException {
        try (TokenSession s = open()) {
            return AuthTokenSigner.sign(s, keyRef(k), k.certificate(), origin, nonce, APP_VERSION);
        }
    }

    /** The portal's check, rebuilt with the JDK: H(origin) || H(nonce), verified with the algorithm's hash. */
    private static boolean jdkVerifies(AuthToken token, String origin, String nonce, String hash,
            String jcaAlgorithm) throws Exception {
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(token.unverifiedCertificate())));
        PublicKey key = cert.getPublicKey();
        MessageDigest md = MessageDigest.getInstance(hash);
        byte[] originHash = md.digest(origin.getBytes(StandardCharsets.UTF_8));
        byte[] nonceHash = md.digest(nonce.getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance(jcaAlgorithm);
        s.initVerify(key);
        s.update(originHash);
        s.update(nonceHash);
        return s.verify(Base64.getDecoder().decode(token.signature()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "ec, ES256, SHA-256, SHA256withECDSAinP1363Format, 64",
        "ec384, ES384, SHA-384, SHA384withECDSAinP1363Format, 96",
        "rsa, RS256, SHA-256, SHA256withRSA, 256"
    })
    void whenSigningAnAuthToken_thenFieldsAreWebEidAndTheJdkVerifiesOnlyForThisOriginAndNonce(String key,
            String algorithm, String hash, String jcaAlgorithm, int signatureLength) throws Exception {
        SoftHsmExtension.FixtureKey k = HSM.key(key);
        String nonce = nonce();
        AuthToken token = sign(k, ORIGIN, nonce);

        assertThat(token.format()).isEqualTo("web-eid:1.0");
        assertThat(token.appVersion()).isEqualTo(APP_VERSION);
        assertThat(token.algorithm()).isEqualTo(algorithm);
        assertThat(Base64.getDecoder().decode(token.unverifiedCertificate())).isEqualTo(k.certificate().getEncoded());
        byte[] signature = Base64.getDecoder().decode(token.signature());
        assertThat(signature).hasSize(signatureLength); // ECDSA raw r||s, not DER
        assertThat(Base64.getEncoder().encodeToString(signature)).isEqualTo(token.signature()); // standard, padded

        assertThat(jdkVerifies(token, ORIGIN, nonce, hash, jcaAlgorithm)).isTrue();
        assertThat(jdkVerifies(token, "https://portal2.test", nonce, hash, jcaAlgorithm)).isFalse();
        assertThat(jdkVerifies(token, ORIGIN, nonce(), hash, jcaAlgorithm)).isFalse();
        // the fields are hashed separately: moving characters between origin and nonce breaks it
        assertThat(jdkVerifies(token, ORIGIN + nonce.charAt(0), nonce.substring(1), hash, jcaAlgorithm)).isFalse();
    }

    @Test
    void whenNonceIsAtTheLimits_thenAcceptedAndSigned() throws Exception {
        SoftHsmExtension.FixtureKey k = HSM.key("ec");
        for (int length : new int[] {44, 128}) {
            String nonce = "n".repeat(length);
            AuthToken token = sign(k, ORIGIN, nonce);
            assertThat(jdkVerifies(token, ORIGIN, nonce, "SHA-256", "SHA256withECDSAinP1363Format")).as("%d", length)
                    .isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 43, 129})
    void whenNonceLengthIsOutside44To128_thenInvalidParams(int length) {
        assertThatThrownBy(() -> sign(HSM.key("ec"), ORIGIN, "n".repeat(length)))
                .isInstanceOf(PechatkaException.InvalidParams.class)
                .hasMessageContaining("44 to 128");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://portal.test/", "https://portal.test/login", "https://порт.test",
            "https://portal.test?x=1", "portal.test", "", "null", "https://portal .test"})
    void whenOriginIsNotAnAsciiOriginWithoutTrailingSlash_thenInvalidParams(String origin) {
        assertThatThrownBy(() -> sign(HSM.key("ec"), origin, nonce()))
                .isInstanceOf(PechatkaException.InvalidParams.class);
    }

    @Test
    void whenOriginHasAPort_thenAccepted() throws Exception {
        String origin = "https://portal.test:8443";
        String nonce = nonce();
        AuthToken token = sign(HSM.key("ec"), origin, nonce);
        assertThat(jdkVerifies(token, origin, nonce, "SHA-256", "SHA256withECDSAinP1363Format")).isTrue();
    }

    @Test
    void whenKeyIsEd25519_thenAlgorithmUnsupported() {
        assertThatThrownBy(() -> sign(HSM.key("ed"), ORIGIN, nonce()))
                .isInstanceOf(PechatkaException.AlgorithmUnsupported.class);
    }

    @Test
    void whenKeyIsNotTheCertificatesKey_thenKeyNotFound() throws Exception {
        try (TokenSession s = open()) {
            assertThatThrownBy(() -> AuthTokenSigner.sign(s, keyRef(HSM.key("ec")), HSM.key("rsa").certificate(),
                    ORIGIN, nonce(), APP_VERSION))
                    .isInstanceOf(PechatkaException.KeyNotFound.class);
        }
    }

    @Test
    void whenChoosingTheAlgorithm_thenWebEidNamesByKey() throws Exception {
        assertThat(AuthTokenSigner.algorithmFor(KeyInfo.byProtocolName("EC-P256").orElseThrow()).webEidName())
                .isEqualTo("ES256");
        assertThat(AuthTokenSigner.algorithmFor(KeyInfo.byProtocolName("EC-P384").orElseThrow()).webEidName())
                .isEqualTo("ES384");
        assertThat(AuthTokenSigner.algorithmFor(KeyInfo.byProtocolName("EC-P521").orElseThrow()).webEidName())
                .isEqualTo("ES512");
        assertThat(AuthTokenSigner.algorithmFor(KeyInfo.byProtocolName("RSA-4096").orElseThrow()))
                .isEqualTo(SignatureAlgorithms.SHA256_RSA);
        assertThat(AuthTokenSigner.algorithmFor(KeyInfo.byProtocolName("BIGN-128").orElseThrow()).webEidName())
                .isEqualTo("BIGN-HBELT");
        assertThat(AuthTokenSigner.algorithmFor(KeyInfo.byProtocolName("GOST-2012-256").orElseThrow()).webEidName())
                .isEqualTo("GOST-2012-256");
        assertThat(AuthTokenSigner.algorithmFor(KeyInfo.byProtocolName("GOST-2012-512").orElseThrow()).webEidName())
                .isEqualTo("GOST-2012-512");
        assertThatThrownBy(() -> AuthTokenSigner.algorithmFor(KeyInfo.byProtocolName("ED25519").orElseThrow()))
                .isInstanceOf(PechatkaException.AlgorithmUnsupported.class);
    }
}
