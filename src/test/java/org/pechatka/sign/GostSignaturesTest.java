package org.pechatka.sign;

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
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pechatka.crypto.Bc;
import org.pechatka.crypto.HashAlgorithm;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.NationalOids;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.token.KeyRef;
import org.pechatka.token.PinSource;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenSession;
import org.pechatka.token.file.KeyFileProvider;
import org.pechatka.token.file.Pkcs12Writer;
import org.pechatka.testing.NationalCa;
import org.pechatka.testing.TestSubjects;

/**
 * CAdES-BES and Web eID authentication tokens with GOST R 34.10-2012 keys (256 and 512) from a key
 * file, verified independently by Bouncy Castle: its CMS verifier, and its GOST signature over
 * H(origin) ‖ H(nonce) with Streebog.
 */
class GostSignaturesTest {

    private static final char[] PASSWORD = "пароль".toCharArray();
    private static final byte[] DATA = "Заявление на получение справки".getBytes(StandardCharsets.UTF_8);
    private static final String ORIGIN = "https://gosuslugi.example";
    private static final String NONCE = Base64.getEncoder().encodeToString(new byte[33]).replace('A', 'q');

    @TempDir
    static Path dir;

    private static NationalCa ca;
    private static X509Certificate cert256;
    private static X509Certificate cert512;
    private static KeyFileProvider provider;

    @BeforeAll
    static void keyFile() throws Exception {
        ca = NationalCa.create(NationalCa.Kind.GOST_256, "GOST Signatures Test CA");
        NationalCa.Leaf k256 = ca.issue(TestSubjects.russianCitizen());
        NationalCa.Leaf k512 = NationalCa.create(NationalCa.Kind.GOST_512, "GOST 512 CA").issue(
                TestSubjects.russianDirector());
        cert256 = k256.certificate();
        cert512 = k512.certificate();
        Path file = dir.resolve("gost.p12");
        Files.write(file, Pkcs12Writer.write(List.of(
                new Pkcs12Writer.Entry("256", k256.privateKey(), cert256),
                new Pkcs12Writer.Entry("512", k512.privateKey(), cert512)),
                List.of(ca.certificate()), PASSWORD));
        provider = new KeyFileProvider(List.of(file), null, Duration.ofSeconds(1));
    }

    @AfterAll
    static void close() {
        provider.close();
    }

    private static TokenSession open() throws Exception {
        Token token = provider.tokens().get(0);
        return token.open(PinSource.fixed(PASSWORD), TokenSession.Access.READ_ONLY);
    }

    private static KeyRef ref(TokenSession s, X509Certificate c) throws Exception {
        return s.certificates().stream().filter(tc -> tc.certificate().equals(c)).map(TokenCertificate::keyRef)
                .findFirst().orElseThrow();
    }

    private static PublicKey bcKey(X509Certificate c) throws Exception {
        return KeyFactory.getInstance("ECGOST3410-2012", Bc.PROVIDER)
                .generatePublic(new X509EncodedKeySpec(c.getPublicKey().getEncoded()));
    }

    @ParameterizedTest(name = "GOST {0}")
    @ValueSource(ints = {256, 512})
    void whenSigningCms_thenBouncyCastleVerifiesItWithStreebogAndTheGostOids(int bits) throws Exception {
        X509Certificate cert = bits == 256 ? cert256 : cert512;
        SignatureAlgorithm alg = CmsSigner.defaultAlgorithm(KeyInfo.of(
                SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded())), null);
        HashAlgorithm streebog = bits == 256 ? HashAlgorithm.STREEBOG_256 : HashAlgorithm.STREEBOG_512;
        assertThat(alg.hash()).isEqualTo(streebog);
        byte[] cms;
        try (TokenSession s = open()) {
            cms = CmsSigner.sign(s, ref(s, cert), cert, List.of(ca.certificate()), alg,
                    CmsContent.data(DATA, true), Instant.now());
        }
        CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(DATA), cms);
        SignerInformation si = signed.getSignerInfos().getSigners().iterator().next();
        assertThat(si.getDigestAlgOID()).isEqualTo(streebog.oid().getId());
        // CMS names the key's algorithm in SignerInfo.signatureAlgorithm for GOST (RFC 4490 section 3.2,
        // as CryptoPro and Bouncy Castle do), the signature algorithm only in X.509
        assertThat(si.getEncryptionAlgOID()).isEqualTo((bits == 256 ? NationalOids.GOST3410_12_256
                : NationalOids.GOST3410_12_512).getId());
        assertThat(si.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.PROVIDER)
                .build(new X509CertificateHolder(cert.getEncoded())))).isTrue();
        byte[] tampered = DATA.clone();
        tampered[0] ^= 1;
        SignerInformation bad = new CMSSignedData(new CMSProcessableByteArray(tampered), cms).getSignerInfos()
                .getSigners().iterator().next();
        assertThatThrownBy(() -> bad.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.PROVIDER)
                .build(new X509CertificateHolder(cert.getEncoded()))))
                .isInstanceOf(org.bouncycastle.cms.CMSSignerDigestMismatchException.class);
    }

    @ParameterizedTest(name = "GOST {0}")
    @ValueSource(ints = {256, 512})
    void whenSigningAnAuthToken_thenItsGostSignatureOverTheStreebogHashesVerifies(int bits) throws Exception {
        X509Certificate cert = bits == 256 ? cert256 : cert512;
        AuthToken token;
        try (TokenSession s = open()) {
            token = AuthTokenSigner.sign(s, ref(s, cert), cert, ORIGIN, NONCE, "https://pechatka.org/releases/test");
        }
        assertThat(token.algorithm()).isEqualTo("GOST-2012-" + bits);
        HashAlgorithm h = bits == 256 ? HashAlgorithm.STREEBOG_256 : HashAlgorithm.STREEBOG_512;
        byte[] signed = concat(h.digest(ORIGIN.getBytes(StandardCharsets.US_ASCII)),
                h.digest(NONCE.getBytes(StandardCharsets.US_ASCII)));
        Signature v = Signature.getInstance(bits == 256 ? "GOST3411-2012-256WITHECGOST3410-2012-256"
                : "GOST3411-2012-512WITHECGOST3410-2012-512", Bc.PROVIDER);
        v.initVerify(bcKey(cert));
        v.update(signed);
        assertThat(v.verify(Base64.getDecoder().decode(token.signature()))).isTrue();
        byte[] otherOrigin = concat(h.digest("https://evil.example".getBytes(StandardCharsets.US_ASCII)),
                h.digest(NONCE.getBytes(StandardCharsets.US_ASCII)));
        v.initVerify(bcKey(cert));
        v.update(otherOrigin);
        assertThat(v.verify(Base64.getDecoder().decode(token.signature()))).isFalse();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
