package org.pechatka.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pechatka.cert.Signatures;
import org.pechatka.crypto.HashAlgorithm;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.NationalOids;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.crypto.stb.BeltHash;
import org.pechatka.crypto.stb.BignAsn1;
import org.pechatka.crypto.stb.BignSignature;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.KeyRef;
import org.pechatka.token.PinSource;
import org.pechatka.token.SignInput;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenSession;
import org.pechatka.token.file.KeyFileProvider;
import org.pechatka.token.file.Pkcs12Writer;
import org.pechatka.testing.NationalCa;
import org.pechatka.testing.TestSubjects;

/**
 * bign keys in a PKCS#12 key file (PKCS#8 as STB 34.101.78 wraps them): raw signatures, CAdES-BES
 * with belt-hash and bign-with-hbelt, and BIGN-HBELT authentication tokens, each checked with
 * Pechatka's verifier (Bouncy Castle has no bign); and the same CMS check for GOST through the same
 * verifier the demo portal uses.
 */
class BignSignaturesTest {

    private static final char[] PASSWORD = "пароль".toCharArray();
    private static final byte[] DATA = "Заява на атрыманне даведкі".getBytes(StandardCharsets.UTF_8);
    private static final String ORIGIN = "https://e-pasluga.example";
    private static final String NONCE = Base64.getEncoder().encodeToString(new byte[33]).replace('A', 'z');

    @TempDir
    static Path dir;

    private static NationalCa bignCa;
    private static NationalCa gostCa;
    private static NationalCa.Leaf bign;
    private static NationalCa.Leaf gost;
    private static KeyFileProvider provider;

    @BeforeAll
    static void keyFile() throws Exception {
        bignCa = NationalCa.create(NationalCa.Kind.BIGN, "bign CA");
        gostCa = NationalCa.create(NationalCa.Kind.GOST_256, "GOST CA");
        bign = bignCa.issue(TestSubjects.belarusCitizen());
        gost = gostCa.issue(TestSubjects.russianCitizen());
        Path file = dir.resolve("national.p12");
        Files.write(file, Pkcs12Writer.write(List.of(
                new Pkcs12Writer.Entry("bign", bign.privateKey(), bign.certificate()),
                new Pkcs12Writer.Entry("gost", gost.privateKey(), gost.certificate())),
                List.of(bignCa.certificate(), gostCa.certificate()), PASSWORD));
        provider = new KeyFileProvider(List.of(file), null, Duration.ofSeconds(1));
    }

    @AfterAll
    static void close() {
        provider.close();
    }

    private static TokenSession open() throws Exception {
        return provider.tokens().get(0).open(PinSource.fixed(PASSWORD), TokenSession.Access.READ_ONLY);
    }

    private static KeyRef ref(TokenSession s, X509Certificate c) throws Exception {
        return s.certificates().stream().filter(tc -> tc.certificate().equals(c)).map(TokenCertificate::keyRef)
                .findFirst().orElseThrow();
    }

    @Test
    void whenABignKeyFileSigns_thenTheRawSignatureVerifiesOverBeltHash() throws Exception {
        try (TokenSession s = open()) {
            KeyRef key = ref(s, bign.certificate());
            assertThat(KeyInfo.of(key.publicKey()).protocolName()).isEqualTo("BIGN-128");
            byte[] fromData = s.sign(key, SignatureAlgorithms.BIGN_HBELT, SignInput.data(DATA));
            byte[] fromHash = s.sign(key, SignatureAlgorithms.BIGN_HBELT, SignInput.digest(BeltHash.hash(DATA)));
            assertThat(fromData).hasSize(48).isNotEqualTo(fromHash); // fresh additional data in each one-time key
            for (byte[] sig : List.of(fromData, fromHash)) {
                assertThat(BignSignature.verify(BignAsn1.publicKey(bign.publicKey()), BeltHash.oidDer(),
                        BeltHash.hash(DATA), sig)).isTrue();
            }
            assertThatThrownBy(() -> s.sign(key, SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA)))
                    .isInstanceOf(PechatkaException.AlgorithmUnsupported.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = NationalCa.Kind.class, names = {"BIGN", "GOST_256"})
    void whenSigningCms_thenPechatkasVerifierChecksDigestAndSignatureAndRefusesChangedContent(NationalCa.Kind kind)
            throws Exception {
        NationalCa.Leaf leaf = kind == NationalCa.Kind.BIGN ? bign : gost;
        NationalCa ca = kind == NationalCa.Kind.BIGN ? bignCa : gostCa;
        SignatureAlgorithm alg = CmsSigner.defaultAlgorithm(KeyInfo.of(leaf.publicKey()), null);
        byte[] cms;
        try (TokenSession s = open()) {
            cms = CmsSigner.sign(s, ref(s, leaf.certificate()), leaf.certificate(), List.of(ca.certificate()), alg,
                    CmsContent.data(DATA, true), Instant.now());
        }
        SignerInformation si = new CMSSignedData(new CMSProcessableByteArray(DATA), cms).getSignerInfos()
                .getSigners().iterator().next();
        if (kind == NationalCa.Kind.BIGN) {
            assertThat(si.getDigestAlgOID()).isEqualTo(NationalOids.BELT_HASH.getId());
            assertThat(si.getEncryptionAlgOID()).isEqualTo(NationalOids.BIGN_WITH_HBELT.getId());
            assertThat(si.getSignature()).hasSize(48);
            AttributeTable attrs = si.getSignedAttributes();
            assertThat(attrs.size()).isEqualTo(4);
        } else {
            assertThat(si.getDigestAlgOID()).isEqualTo(HashAlgorithm.STREEBOG_256.oid().getId());
        }
        assertThat(si.verify(Signatures.signerInformationVerifier(leaf.certificate()))).isTrue();

        byte[] tampered = DATA.clone();
        tampered[1] ^= 1;
        SignerInformation bad = new CMSSignedData(new CMSProcessableByteArray(tampered), cms).getSignerInfos()
                .getSigners().iterator().next();
        assertThatThrownBy(() -> bad.verify(Signatures.signerInformationVerifier(leaf.certificate())))
                .isInstanceOf(org.bouncycastle.cms.CMSSignerDigestMismatchException.class);
        // the right content, but verified against another key of the same kind
        X509Certificate other = ca.issue(TestSubjects.belarusCitizen()).certificate();
        assertThat(si.verify(Signatures.signerInformationVerifier(other))).isFalse();
    }

    @Test
    void whenABignKeySignsAnAuthToken_thenItIsBignHbeltOverTheBeltHashesOfOriginAndNonce() throws Exception {
        AuthToken token;
        try (TokenSession s = open()) {
            token = AuthTokenSigner.sign(s, ref(s, bign.certificate()), bign.certificate(), ORIGIN, NONCE,
                    "https://pechatka.org/releases/test");
        }
        assertThat(token.algorithm()).isEqualTo("BIGN-HBELT");
        byte[] message = concat(BeltHash.hash(ORIGIN.getBytes(StandardCharsets.US_ASCII)),
                BeltHash.hash(NONCE.getBytes(StandardCharsets.US_ASCII)));
        byte[] signature = Base64.getDecoder().decode(token.signature());
        assertThat(BignSignature.verify(BignAsn1.publicKey(SubjectPublicKeyInfo.getInstance(
                bign.certificate().getPublicKey().getEncoded())), BeltHash.oidDer(), BeltHash.hash(message), signature))
                .isTrue();
        byte[] otherSite = concat(BeltHash.hash("https://evil.example".getBytes(StandardCharsets.US_ASCII)),
                BeltHash.hash(NONCE.getBytes(StandardCharsets.US_ASCII)));
        assertThat(BignSignature.verify(BignAsn1.publicKey(bign.publicKey()), BeltHash.oidDer(),
                BeltHash.hash(otherSite), signature)).isFalse();
        assertThat(Signatures.verifies(SignatureAlgorithms.BIGN_HBELT.x509Id(), bign.publicKey(), message, signature))
                .isTrue();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
