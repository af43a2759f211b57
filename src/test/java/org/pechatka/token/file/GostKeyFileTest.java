package org.pechatka.token.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.pechatka.crypto.Bc;
import org.pechatka.crypto.KeyFamily;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.KeyRef;
import org.pechatka.token.KeyStatus;
import org.pechatka.token.PinSource;
import org.pechatka.token.SignInput;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenSession;
import org.pechatka.testing.ScriptedPins;
import org.pechatka.testing.NationalCa;
import org.pechatka.testing.TestSubjects;

/**
 * GOST R 34.10-2012 keys (256 and 512) in a PKCS#12 key file written by {@link Pkcs12Writer}: the
 * file lists its certificates before it is unlocked, signs with Streebog + GOST through Bouncy
 * Castle, and the signatures (raw s‖r) verify with Bouncy Castle's own verifier.
 */
class GostKeyFileTest {

    private static final char[] PASSWORD = "пароль-ГОСТ".toCharArray();
    private static final byte[] DATA = "Заявление о предоставлении справки".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    private static Path file;
    private static X509Certificate cert256;
    private static X509Certificate cert512;
    private static NationalCa ca;

    @BeforeAll
    static void writeKeyFile() throws Exception {
        ca = NationalCa.create(NationalCa.Kind.GOST_256, "GOST Key File Test CA");
        NationalCa.Leaf k256 = ca.issue(TestSubjects.russianCitizen());
        NationalCa.Leaf k512 = NationalCa.create(NationalCa.Kind.GOST_512, "GOST 512 CA").issue(
                TestSubjects.russianDirector());
        cert256 = k256.certificate();
        cert512 = k512.certificate();
        file = dir.resolve("gost.p12");
        Files.write(file, Pkcs12Writer.write(List.of(
                new Pkcs12Writer.Entry("ГОСТ 256", k256.privateKey(), cert256),
                new Pkcs12Writer.Entry("ГОСТ 512", k512.privateKey(), cert512)),
                List.of(ca.certificate()), PASSWORD));
    }

    private static KeyRef ref(X509Certificate c) {
        return new KeyRef(KeyFileToken.keyId(c), SubjectPublicKeyInfo.getInstance(c.getPublicKey().getEncoded()));
    }

    private static boolean bcVerifies(String name, X509Certificate c, byte[] data, byte[] signature) throws Exception {
        PublicKey key = KeyFactory.getInstance("ECGOST3410-2012", Bc.PROVIDER)
                .generatePublic(new X509EncodedKeySpec(c.getPublicKey().getEncoded()));
        Signature v = Signature.getInstance(name, Bc.PROVIDER);
        v.initVerify(key);
        v.update(data);
        return v.verify(signature);
    }

    @Test
    void whenListedBeforeUnlocking_thenBothGostCertificatesAndTheCaAreShown() throws Exception {
        KeyFileToken token = new KeyFileToken(file);
        List<TokenCertificate> listed = token.certificates();
        assertThat(listed).extracting(TokenCertificate::certId).containsExactlyInAnyOrder(
                TokenCertificate.certId(cert256), TokenCertificate.certId(cert512),
                TokenCertificate.certId(ca.certificate()));
        assertThat(listed).filteredOn(c -> c.certificate().equals(cert256)).singleElement()
                .satisfies(c -> assertThat(c.keyStatus()).isEqualTo(KeyStatus.PROBABLE));
        KeyInfo info = KeyInfo.of(ref(cert512).publicKey());
        assertThat(info.family()).isEqualTo(KeyFamily.GOST_2012);
        assertThat(info.bits()).isEqualTo(512);
    }

    @ParameterizedTest(name = "GOST {0}")
    @CsvSource({
        "256, GOST3411-2012-256WITHECGOST3410-2012-256",
        "512, GOST3411-2012-512WITHECGOST3410-2012-512"
    })
    void whenSigningDataOrItsHash_thenBouncyCastleVerifiesTheRawSignature(int bits, String bcName) throws Exception {
        X509Certificate cert = bits == 256 ? cert256 : cert512;
        SignatureAlgorithm alg = bits == 256 ? SignatureAlgorithms.GOST_2012_256 : SignatureAlgorithms.GOST_2012_512;
        ScriptedPins pins = new ScriptedPins(new String(PASSWORD));
        try (TokenSession s = new KeyFileToken(file).open(pins, TokenSession.Access.READ_ONLY)) {
            assertThat(s.certificates()).extracting(TokenCertificate::label).contains("ГОСТ 256", "ГОСТ 512");
            byte[] fromData = s.sign(ref(cert), alg, SignInput.data(DATA));
            byte[] fromHash = s.sign(ref(cert), alg, SignInput.digest(alg.hash().digest(DATA)));
            assertThat(fromData).hasSize(bits / 4); // s‖r, each half bits/8 octets
            assertThat(bcVerifies(bcName, cert, DATA, fromData)).isTrue();
            assertThat(bcVerifies(bcName, cert, DATA, fromHash)).isTrue();
            byte[] other = DATA.clone();
            other[0] ^= 1;
            assertThat(bcVerifies(bcName, cert, other, fromData)).isFalse();
            // the key of one size does not sign with the algorithm of the other
            SignatureAlgorithm wrong = bits == 256 ? SignatureAlgorithms.GOST_2012_512 : SignatureAlgorithms.GOST_2012_256;
            assertThatThrownBy(() -> s.sign(ref(cert), wrong, SignInput.data(DATA)))
                    .isInstanceOf(PechatkaException.AlgorithmUnsupported.class);
        }
        assertThat(pins.requests()).hasSize(1);
    }

    @Test
    void whenThePasswordIsWrong_thenPinIncorrectAndAskedAgain() throws Exception {
        ScriptedPins pins = new ScriptedPins("неправильный", new String(PASSWORD));
        try (TokenSession s = new KeyFileToken(file).open(pins, TokenSession.Access.READ_ONLY)) {
            assertThat(s.certificates()).hasSize(2);
        }
        assertThat(pins.requests()).hasSize(2);
        assertThat(pins.requests().get(1).previousFailure()).isInstanceOf(PechatkaException.PinIncorrect.class);
        assertThatThrownBy(() -> new KeyFileToken(file).open(PinSource.fixed("x".toCharArray()),
                TokenSession.Access.READ_ONLY)).isInstanceOf(PechatkaException.PinIncorrect.class);
    }
}
