package org.pechatka.token.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pechatka.cert.Signatures;
import org.pechatka.crypto.Bc;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.crypto.stb.BeltHash;
import org.pechatka.crypto.stb.BignAsn1;
import org.pechatka.crypto.stb.BignSignature;
import org.pechatka.error.PechatkaException;
import org.pechatka.sign.CmsContent;
import org.pechatka.sign.CmsSigner;
import org.pechatka.token.KeyRef;
import org.pechatka.token.KeyStatus;
import org.pechatka.token.SignInput;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenSession;
import org.pechatka.testing.NationalCa;
import org.pechatka.testing.P11Bign;
import org.pechatka.testing.ScriptedPins;
import org.pechatka.testing.TestSubjects;

/**
 * Pechatka's real PKCS#11 path (provider, token, session, mechanism table, attribute reading)
 * against the p11bign test module, a PKCS#11 library in C with bign and GOST R 34.10-2012 keys:
 * listing and pairing with every CKA_EC_POINT layout, mechanism choice between CKM_BIGN and
 * CKM_BIGN_HBELT, GOST raw signing, CMS through the token, key generation.
 */
class Pkcs11NationalTest {

    private static final String PIN = "4321";
    private static final byte[] DATA = "Заява праз токен".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private Pkcs11Provider provider;

    @AfterEach
    void unload() {
        if (provider != null) {
            provider.close();
        }
    }

    private Token load(P11Bign.Builder token) {
        token.write(dir.resolve("p11bign.conf")).activateInProcess();
        provider = Pkcs11Provider.load(P11Bign.library().toString(), Pkcs11Provider.Options.DEFAULT);
        assertThat(provider.status().loaded()).as(provider.status().description()).isTrue();
        List<Token> tokens = provider.tokens();
        assertThat(tokens).hasSize(1);
        return tokens.get(0);
    }

    private static TokenSession open(Token t) throws Exception {
        return t.open(new ScriptedPins(PIN), TokenSession.Access.READ_ONLY);
    }

    private static KeyRef ref(TokenSession s, X509Certificate c) throws Exception {
        return s.certificates().stream().filter(tc -> tc.certificate().equals(c)).map(TokenCertificate::keyRef)
                .findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "CKA_EC_POINT {0}")
    @EnumSource(P11Bign.EcPointLayout.class)
    void whenABignKeysPointIsInAnyPlausibleLayout_thenItsPublicKeyIsReadAndPairsTheCertificateByKey(
            P11Bign.EcPointLayout layout) throws Exception {
        P11Bign.KeyMaterial key = P11Bign.bignKey(128);
        NationalCa ca = NationalCa.create(NationalCa.Kind.BIGN, "bign CA");
        X509Certificate cert = ca.issue(TestSubjects.belarusCitizen(), key.spki()).certificate();
        // the certificate's CKA_ID differs from the key's: only the public key can pair them
        Token t = load(P11Bign.token().label("bign").pin(PIN).mechanisms(P11Bign.CKM_BIGN)
                .key(P11Bign.key("k", key).id(new byte[] {1}).ecPoint(layout))
                .certificate("c", new byte[] {9}, "bign cert", cert.getEncoded()));
        SubjectPublicKeyInfo onToken = P11Objects.bign(org.pechatka.crypto.stb.BignCurve.BIGN_CURVE256V1,
                layout.encode(key));
        assertThat(onToken).isEqualTo(key.spki());
        assertThat(t.certificates()).singleElement().satisfies(c -> {
            assertThat(c.keyStatus()).isEqualTo(KeyStatus.PROBABLE);
            assertThat(c.keyId()).containsExactly(1);
        });
        try (TokenSession s = open(t)) {
            assertThat(s.certificates()).singleElement()
                    .satisfies(c -> assertThat(c.keyStatus()).isEqualTo(KeyStatus.PRIVATE_KEY));
            byte[] sig = s.sign(ref(s, cert), SignatureAlgorithms.BIGN_HBELT, SignInput.data(DATA));
            assertThat(BignSignature.verify(BignAsn1.publicKey(key.spki()), BeltHash.oidDer(), BeltHash.hash(DATA),
                    sig)).isTrue();
        }
    }

    @Test
    void whenTheTokenOffersOnlyCkmBignHbelt_thenItHashesTheDataAndAGivenHashIsRefused() throws Exception {
        P11Bign.KeyMaterial key = P11Bign.bignKey(128);
        X509Certificate cert = NationalCa.create(NationalCa.Kind.BIGN, "CA").issue(TestSubjects.belarusCitizen(),
                key.spki()).certificate();
        Token t = load(P11Bign.token().label("hbelt").pin(PIN).mechanisms(P11Bign.CKM_BIGN_HBELT)
                .key(P11Bign.key("k", key).id(new byte[] {2})).certificate("c", new byte[] {2}, "c", cert.getEncoded()));
        assertThat(t.signatureAlgorithms()).contains(SignatureAlgorithms.BIGN_HBELT);
        try (TokenSession s = open(t)) {
            KeyRef k = ref(s, cert);
            byte[] sig = s.sign(k, SignatureAlgorithms.BIGN_HBELT, SignInput.data(DATA));
            assertThat(BignSignature.verify(BignAsn1.publicKey(key.spki()), BeltHash.oidDer(), BeltHash.hash(DATA),
                    sig)).isTrue();
            assertThatThrownBy(() -> s.sign(k, SignatureAlgorithms.BIGN_HBELT, SignInput.digest(BeltHash.hash(DATA))))
                    .isInstanceOf(PechatkaException.AlgorithmUnsupported.class);
        }
    }

    @Test
    void whenABignTokenSignsCms_thenPechatkasVerifierAcceptsIt() throws Exception {
        P11Bign.KeyMaterial key = P11Bign.bignKey(128);
        NationalCa ca = NationalCa.create(NationalCa.Kind.BIGN, "CA");
        X509Certificate cert = ca.issue(TestSubjects.belarusCitizen(), key.spki()).certificate();
        Token t = load(P11Bign.token().label("cms").pin(PIN).mechanisms(P11Bign.CKM_BIGN, P11Bign.CKM_BIGN_HBELT)
                .key(P11Bign.key("k", key).id(new byte[] {3})).certificate("c", new byte[] {3}, "c", cert.getEncoded()));
        byte[] cms;
        try (TokenSession s = open(t)) {
            cms = CmsSigner.sign(s, ref(s, cert), cert, List.of(ca.certificate()), SignatureAlgorithms.BIGN_HBELT,
                    CmsContent.data(DATA, true), Instant.now());
        }
        SignerInformation si = new CMSSignedData(new CMSProcessableByteArray(DATA), cms).getSignerInfos().getSigners()
                .iterator().next();
        assertThat(si.verify(Signatures.signerInformationVerifier(cert))).isTrue();
    }

    @ParameterizedTest(name = "GOST {0}")
    @EnumSource(value = NationalCa.Kind.class, names = {"GOST_256", "GOST_512"})
    void whenAGostTokenSigns_thenBouncyCastleVerifiesAndTheKeyIsPairedByItsPublicValue(NationalCa.Kind kind)
            throws Exception {
        boolean big = kind == NationalCa.Kind.GOST_512;
        P11Bign.KeyMaterial key = big ? P11Bign.gost512Key() : P11Bign.gost256Key();
        X509Certificate cert = NationalCa.create(kind, "GOST CA").issue(TestSubjects.russianCitizen(), key.spki())
                .certificate();
        Token t = load(P11Bign.token().label("gost").pin(PIN)
                .mechanisms(big ? P11Bign.CKM_GOSTR3410_512 : P11Bign.CKM_GOSTR3410)
                .key(P11Bign.key("k", key).id(new byte[] {4}))
                .certificate("c", new byte[] {8}, "gost cert", cert.getEncoded()));
        assertThat(t.certificates()).singleElement().satisfies(c -> assertThat(c.keyId()).containsExactly(4));
        var alg = big ? SignatureAlgorithms.GOST_2012_512 : SignatureAlgorithms.GOST_2012_256;
        try (TokenSession s = open(t)) {
            byte[] sig = s.sign(ref(s, cert), alg, SignInput.data(DATA));
            Signature v = Signature.getInstance(big ? "GOST3411-2012-512WITHECGOST3410-2012-512"
                    : "GOST3411-2012-256WITHECGOST3410-2012-256", Bc.PROVIDER);
            v.initVerify(KeyFactory.getInstance("ECGOST3410-2012", Bc.PROVIDER)
                    .generatePublic(new X509EncodedKeySpec(cert.getPublicKey().getEncoded())));
            v.update(DATA);
            assertThat(v.verify(sig)).isTrue();
        }
    }

    @Test
    void whenKeysAreGeneratedOnTheToken_thenBignAndGostPublicKeysComeBackOnTheirCurves() throws Exception {
        // the curves the token can make keys on: bign-curve256v1 and the paramSet Pechatka asks for GOST-2012-256
        Token t = load(P11Bign.token().label("gen").pin(PIN).mechanisms(P11Bign.CKM_EC_KEY_PAIR_GEN, P11Bign.CKM_BIGN,
                P11Bign.CKM_GOSTR3410_KEY_PAIR_GEN, P11Bign.CKM_GOSTR3410)
                .curve(P11Bign.Curve.bign(128)).curve(P11Bign.Curve.gost("Tc26-Gost-3410-12-256-paramSetA")));
        try (TokenSession s = t.open(new ScriptedPins(PIN), TokenSession.Access.READ_WRITE)) {
            KeyRef bign = s.generateKeyPair(KeyInfo.byProtocolName("BIGN-128").orElseThrow(), "new bign");
            assertThat(KeyInfo.of(bign.publicKey()).protocolName()).isEqualTo("BIGN-128");
            byte[] sig = s.sign(bign, SignatureAlgorithms.BIGN_HBELT, SignInput.data(DATA));
            assertThat(BignSignature.verify(BignAsn1.publicKey(bign.publicKey()), BeltHash.oidDer(),
                    BeltHash.hash(DATA), sig)).isTrue();

            KeyRef gost = s.generateKeyPair(KeyInfo.byProtocolName("GOST-2012-256").orElseThrow(), "new gost");
            assertThat(KeyInfo.of(gost.publicKey()).protocolName()).isEqualTo("GOST-2012-256");
            byte[] gostSig = s.sign(gost, SignatureAlgorithms.GOST_2012_256, SignInput.data(DATA));
            assertThat(Signatures.verifies(SignatureAlgorithms.GOST_2012_256.x509Id(), gost.publicKey(), DATA, gostSig))
                    .isTrue();
        }
    }

    @Test
    void whenATokenAnnouncesNoBignMechanism_thenSigningSaysSoBeforeTheToken() throws Exception {
        P11Bign.KeyMaterial key = P11Bign.bignKey(128);
        X509Certificate cert = NationalCa.create(NationalCa.Kind.BIGN, "CA").issue(TestSubjects.belarusCitizen(),
                key.spki()).certificate();
        Token t = load(P11Bign.token().label("none").pin(PIN).mechanisms(P11Bign.CKM_GOSTR3410)
                .key(P11Bign.key("k", key).id(new byte[] {5})).certificate("c", new byte[] {5}, "c", cert.getEncoded()));
        assertThat(t.signatureAlgorithms()).doesNotContain(SignatureAlgorithms.BIGN_HBELT);
        try (TokenSession s = open(t)) {
            assertThatThrownBy(() -> s.sign(ref(s, cert), SignatureAlgorithms.BIGN_HBELT, SignInput.data(DATA)))
                    .isInstanceOf(PechatkaException.AlgorithmUnsupported.class);
        }
        assertThat(Files.exists(dir.resolve("p11bign.conf"))).isTrue();
    }
}
