package org.pechatka.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pechatka.crypto.Bc;
import org.pechatka.crypto.HashAlgorithm;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.crypto.SignatureScheme;
import org.pechatka.error.PechatkaException;
import org.pechatka.testing.ScriptedPins;
import org.pechatka.testing.SignatureCheck;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;
import org.pechatka.token.KeyRef;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinSource;
import org.pechatka.token.Token;
import org.pechatka.token.TokenSession;

/** CAdES-BES signatures on a real SoftHSM2 token, verified by Bouncy Castle and by {@code openssl cms}. */
class CmsSignerTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    private static final byte[] DATA = "Заява на выдачу даведкі / заявление о выдаче справки\n"
            .getBytes(StandardCharsets.UTF_8);

    /** With a fraction of a second, which signingTime (UTCTime) cannot carry. */
    private static final Instant SIGNING_TIME = Instant.now().minus(5, ChronoUnit.MINUTES)
            .truncatedTo(ChronoUnit.SECONDS).plusMillis(789);

    private static final List<ASN1ObjectIdentifier> CADES_BES_ATTRIBUTES = List.of(CMSAttributes.contentType,
            CMSAttributes.messageDigest, CMSAttributes.signingTime, PKCSObjectIdentifiers.id_aa_signingCertificateV2);

    private static Token token() {
        return HSM.provider().tokens().get(0);
    }

    private static TokenSession open() throws PechatkaException {
        return token().open(PinSource.fixed(SoftHsm.USER_PIN.toCharArray()), TokenSession.Access.READ_ONLY);
    }

    private static KeyRef keyRef(SoftHsmExtension.FixtureKey k) {
        return new KeyRef(HexFormat.of().parseHex(k.idHex()), k.publicKey());
    }

    private static byte[] sign(SoftHsmExtension.FixtureKey k, SignatureAlgorithm alg, CmsContent content)
            throws PechatkaException {
        try (TokenSession s = open()) {
            return CmsSigner.sign(s, keyRef(k), k.certificate(), List.of(HSM.ca().caCertificate()), alg, content,
                    SIGNING_TIME);
        }
    }

    private static CmsContent content(String mode, HashAlgorithm digest) throws Exception {
        return switch (mode) {
            case "detached" -> CmsContent.data(DATA);
            case "attached" -> CmsContent.data(DATA, false);
            case "hash" -> CmsContent.hash(MessageDigest.getInstance(digest.protocolName()).digest(DATA), digest);
            default -> throw new IllegalArgumentException(mode);
        };
    }

    @ParameterizedTest(name = "{0} with {1}, {2}")
    @CsvSource({
        "rsa, SHA256withRSA, detached, SHA-256",
        "rsa, SHA256withRSA, attached, SHA-256",
        "rsa, SHA256withRSA, hash, SHA-256",
        "rsa, SHA384withRSA, hash, SHA-384",
        "rsa, SHA256withRSAandMGF1, detached, SHA-256",
        "ec, SHA256withECDSA, detached, SHA-256",
        "ec, SHA256withECDSA, attached, SHA-256",
        "ec, SHA256withECDSA, hash, SHA-256",
        "ec, SHA512withECDSA, hash, SHA-512",
        "ec384, SHA384withECDSA, detached, SHA-384",
        "ec384, SHA384withECDSA, attached, SHA-384",
        "ec384, SHA384withECDSA, hash, SHA-384",
        "ed, Ed25519, detached, SHA-512",
        "ed, Ed25519, attached, SHA-512",
        "ed, Ed25519, hash, SHA-512"
    })
    void whenSigning_thenBouncyCastleAndOpensslVerifyAndTheAttributesAreCadesBes(String key, String algorithm,
            String mode, String digestName) throws Exception {
        SoftHsmExtension.FixtureKey k = HSM.key(key);
        SignatureAlgorithm alg = SignatureAlgorithms.byName(algorithm).orElseThrow();
        HashAlgorithm digest = HashAlgorithm.byProtocolName(digestName).orElseThrow();
        boolean attached = mode.equals("attached");

        byte[] cms = sign(k, alg, content(mode, digest));

        CMSSignedData parsed = new CMSSignedData(cms);
        if (attached) {
            assertThat((byte[]) parsed.getSignedContent().getContent()).isEqualTo(DATA);
        } else {
            assertThat(parsed.getSignedContent()).isNull();
        }
        CMSSignedData withContent = attached ? parsed : new CMSSignedData(new CMSProcessableByteArray(DATA), cms);
        SignerInformation si = onlySigner(withContent);
        assertThat(bcVerifies(withContent, k.certificate())).isTrue();

        // the SignerInfo: digest algorithm, signer id
        assertThat(si.getDigestAlgOID()).isEqualTo(digest.oid().getId());
        assertThat(si.getSID().getSerialNumber()).isEqualTo(k.certificate().getSerialNumber());
        assertThat(si.getSID().getIssuer()).isEqualTo(X500Name.getInstance(
                k.certificate().getIssuerX500Principal().getEncoded()));

        // exactly the four CAdES-BES signed attributes, with the expected values
        AttributeTable attrs = si.getSignedAttributes();
        assertThat(attrs.size()).isEqualTo(4);
        List<ASN1ObjectIdentifier> oids = new ArrayList<>();
        for (Attribute a : attrs.toASN1Structure().getAttributes()) {
            oids.add(a.getAttrType());
            assertThat(a.getAttrValues().size()).as("values of %s", a.getAttrType()).isEqualTo(1);
        }
        assertThat(oids).containsExactlyInAnyOrderElementsOf(CADES_BES_ATTRIBUTES);
        assertThat(value(attrs, CMSAttributes.contentType)).isEqualTo(CMSObjectIdentifiers.data);
        assertThat(messageDigest(si)).isEqualTo(MessageDigest.getInstance(digestName).digest(DATA));
        assertThat(Time.getInstance(value(attrs, CMSAttributes.signingTime)).getDate().toInstant())
                .isEqualTo(SIGNING_TIME.truncatedTo(ChronoUnit.SECONDS));
        ESSCertIDv2[] ids = SigningCertificateV2.getInstance(
                value(attrs, PKCSObjectIdentifiers.id_aa_signingCertificateV2)).getCerts();
        assertThat(ids).hasSize(1);
        assertThat(ids[0].getHashAlgorithm().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_sha256);
        assertThat(ids[0].getCertHash()).isEqualTo(
                MessageDigest.getInstance("SHA-256").digest(k.certificate().getEncoded()));
        assertThat(ids[0].getIssuerSerial().getSerial().getValue()).isEqualTo(k.certificate().getSerialNumber());
        GeneralName[] issuer = ids[0].getIssuerSerial().getIssuer().getNames();
        assertThat(issuer).hasSize(1);
        assertThat(issuer[0].getTagNo()).isEqualTo(GeneralName.directoryName);
        assertThat(X500Name.getInstance(issuer[0].getName())).isEqualTo(
                X500Name.getInstance(k.certificate().getIssuerX500Principal().getEncoded()));

        // the signer certificate and the chain
        assertThat(certificates(parsed)).containsExactlyInAnyOrder(k.certificate().getEncoded(),
                HSM.ca().caCertificate().getEncoded());

        // openssl agrees (it also checks the ESS signingCertificateV2 against the signer certificate)
        Path dir = work("cms-" + key + "-" + algorithm + "-" + mode);
        boolean ed = alg.scheme() == SignatureScheme.EDDSA;
        if (ed) {
            // OpenSSL (3.0 to 3.6) cannot verify Ed25519 SignedData with signed attributes: cms -verify
            // fails in eddsa_digest_signverify_init with "invalid digest" (openssl/openssl#11915, #32248).
            // So openssl and the JDK check the two halves: the pure Ed25519 signature over the DER of the
            // signed attributes, and (above) the messageDigest against an independent SHA-512 of the data.
            byte[] signedAttributes = si.getEncodedSignedAttributes();
            assertThat(SignatureCheck.openssl(alg, k.publicKey(), signedAttributes, si.getSignature(), dir)).isTrue();
            assertThat(SignatureCheck.jca(alg, k.publicKey(), signedAttributes, si.getSignature())).isTrue();
            byte[] otherAttributes = signedAttributes.clone();
            otherAttributes[otherAttributes.length - 1] ^= 0x01;
            assertThat(SignatureCheck.openssl(alg, k.publicKey(), otherAttributes, si.getSignature(), dir)).isFalse();
        } else {
            assertThat(openssl(dir, cms, attached ? null : DATA)).isTrue();
        }

        // tampered content fails in both
        byte[] tampered = DATA.clone();
        tampered[3] ^= 0x01;
        if (attached) {
            byte[] bad = replaceOnce(cms, DATA, tampered);
            assertThat(bcVerifies(new CMSSignedData(bad), k.certificate())).isFalse();
            if (!ed) {
                assertThat(openssl(dir, bad, null)).isFalse();
            }
        } else {
            assertThat(bcVerifies(new CMSSignedData(new CMSProcessableByteArray(tampered), cms), k.certificate()))
                    .isFalse();
            if (!ed) {
                assertThat(openssl(dir, cms, tampered)).isFalse();
            }
        }
    }

    @Test
    void whenSignedFromTheHash_thenMessageDigestEqualsTheOneFromTheData() throws Exception {
        SoftHsmExtension.FixtureKey k = HSM.key("ec");
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(DATA);
        byte[] fromData = sign(k, SignatureAlgorithms.SHA256_ECDSA, CmsContent.data(DATA));
        byte[] fromHash = sign(k, SignatureAlgorithms.SHA256_ECDSA, CmsContent.hash(hash, HashAlgorithm.SHA_256));
        assertThat(messageDigest(onlySigner(new CMSSignedData(fromHash))))
                .isEqualTo(messageDigest(onlySigner(new CMSSignedData(fromData))))
                .isEqualTo(hash);
        assertThat(new CMSSignedData(fromHash).getSignedContent()).isNull();
    }

    @Test
    void whenHashHasTheWrongLength_thenInvalidParams() {
        assertThatThrownBy(() -> CmsContent.hash(new byte[31], HashAlgorithm.SHA_256))
                .isInstanceOf(PechatkaException.InvalidParams.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> CmsContent.hash(new byte[32], HashAlgorithm.SHA_384))
                .isInstanceOf(PechatkaException.InvalidParams.class);
        assertThatThrownBy(() -> CmsContent.hash(null, HashAlgorithm.SHA_256))
                .isInstanceOf(PechatkaException.InvalidParams.class);
    }

    @Test
    void whenHashAlgorithmDiffersFromTheSignatureAlgorithm_thenInvalidParams() throws Exception {
        CmsContent sha384 = CmsContent.hash(MessageDigest.getInstance("SHA-384").digest(DATA), HashAlgorithm.SHA_384);
        assertThatThrownBy(() -> sign(HSM.key("ec"), SignatureAlgorithms.SHA256_ECDSA, sha384))
                .isInstanceOf(PechatkaException.InvalidParams.class);
    }

    @Test
    void whenAlgorithmDoesNotFitTheKey_thenAlgorithmUnsupported() {
        assertThatThrownBy(() -> sign(HSM.key("ec"), SignatureAlgorithms.SHA256_RSA, CmsContent.data(DATA)))
                .isInstanceOf(PechatkaException.AlgorithmUnsupported.class);
    }

    @Test
    void whenKeyIsNotTheCertificatesKey_thenKeyNotFoundBeforeTheToken() throws Exception {
        ScriptedPins pins = new ScriptedPins(SoftHsm.USER_PIN);
        try (TokenSession s = token().open(pins, TokenSession.Access.READ_ONLY)) {
            assertThatThrownBy(() -> CmsSigner.sign(s, keyRef(HSM.key("ec")), HSM.key("ec384").certificate(),
                    List.of(), SignatureAlgorithms.SHA256_ECDSA, CmsContent.data(DATA), SIGNING_TIME))
                    .isInstanceOf(PechatkaException.KeyNotFound.class);
        }
    }

    @Test
    void whenChainIsEmptyOrRepeatsTheSigner_thenEachCertificateIsIncludedOnce() throws Exception {
        SoftHsmExtension.FixtureKey k = HSM.key("rsa");
        try (TokenSession s = open()) {
            byte[] alone = CmsSigner.sign(s, keyRef(k), k.certificate(), List.of(), SignatureAlgorithms.SHA256_RSA,
                    CmsContent.data(DATA), SIGNING_TIME);
            assertThat(certificates(new CMSSignedData(alone))).containsExactly(k.certificate().getEncoded());
            byte[] repeated = CmsSigner.sign(s, keyRef(k), k.certificate(),
                    List.of(k.certificate(), HSM.ca().caCertificate(), HSM.ca().caCertificate()),
                    SignatureAlgorithms.SHA256_RSA, CmsContent.data(DATA), SIGNING_TIME);
            assertThat(certificates(new CMSSignedData(repeated))).containsExactlyInAnyOrder(
                    k.certificate().getEncoded(), HSM.ca().caCertificate().getEncoded());
        }
    }

    @Test
    void whenKeyAlwaysAuthenticates_thenOneCmsAsksTheContextPinExactlyOnce() throws Exception {
        SoftHsmExtension.FixtureKey k = HSM.key("always");
        ScriptedPins pins = new ScriptedPins(SoftHsm.USER_PIN, SoftHsm.USER_PIN);
        byte[] cms;
        try (TokenSession s = token().open(pins, TokenSession.Access.READ_ONLY)) {
            cms = CmsSigner.sign(s, keyRef(k), k.certificate(), List.of(HSM.ca().caCertificate()),
                    SignatureAlgorithms.SHA256_ECDSA, CmsContent.data(DATA), SIGNING_TIME);
        }
        assertThat(pins.requests()).extracting(PinRequest::kind)
                .containsExactly(PinRequest.Kind.USER_LOGIN, PinRequest.Kind.CONTEXT_SPECIFIC);
        assertThat(pins.remaining()).isZero();
        assertThat(bcVerifies(new CMSSignedData(new CMSProcessableByteArray(DATA), cms), k.certificate())).isTrue();
    }

    @Test
    void whenUserCancelsTheContextPin_thenUserCancelledComesOutOfCmsSigner() throws Exception {
        SoftHsmExtension.FixtureKey k = HSM.key("always");
        ScriptedPins pins = new ScriptedPins(SoftHsm.USER_PIN, ScriptedPins.CANCEL);
        try (TokenSession s = token().open(pins, TokenSession.Access.READ_ONLY)) {
            assertThatThrownBy(() -> CmsSigner.sign(s, keyRef(k), k.certificate(), List.of(),
                    SignatureAlgorithms.SHA256_ECDSA, CmsContent.data(DATA), SIGNING_TIME))
                    .isExactlyInstanceOf(PechatkaException.UserCancelled.class);
        }
        assertThat(pins.remaining()).isZero();
    }

    @Test
    void whenTheTokenFailsInsideGetSignature_thenThePechatkaExceptionLeafComesOutOfCmsSigner() throws Exception {
        // a certificate and key that agree, but the key is not on the token: the failure arises in
        // TokenContentSigner.getSignature(), under Bouncy Castle, and must come out unwrapped
        KeyPair elsewhere = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        X509Certificate cert = HSM.ca().issue(elsewhere.getPublic(), TestSubjects.russianCitizen());
        KeyRef notOnToken = new KeyRef(new byte[] {0x42}, SubjectPublicKeyInfo.getInstance(
                elsewhere.getPublic().getEncoded()));
        try (TokenSession s = open()) {
            assertThatThrownBy(() -> CmsSigner.sign(s, notOnToken, cert, List.of(), SignatureAlgorithms.SHA256_ECDSA,
                    CmsContent.data(DATA), SIGNING_TIME))
                    .isExactlyInstanceOf(PechatkaException.KeyNotFound.class);
            // the same failure, seen directly at the content signer, is the carrier
            TokenContentSigner signer = new TokenContentSigner(s, notOnToken, SignatureAlgorithms.SHA256_ECDSA);
            signer.getOutputStream().write(DATA);
            assertThatThrownBy(signer::getSignature)
                    .isInstanceOfSatisfying(SignerFailure.class, f -> assertThat(f.failure())
                            .isInstanceOf(PechatkaException.KeyNotFound.class));
        }
    }

    @Test
    void whenTokenContentSignerSignsACertificateRequest_thenBouncyCastleVerifiesIt() throws Exception {
        SoftHsmExtension.FixtureKey k = HSM.key("ec384");
        PKCS10CertificationRequest csr;
        try (TokenSession s = open()) {
            TokenContentSigner signer = new TokenContentSigner(s, keyRef(k), SignatureAlgorithms.SHA384_ECDSA);
            assertThat(signer.getAlgorithmIdentifier()).isEqualTo(SignatureAlgorithms.SHA384_ECDSA.x509Id());
            csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=Pechatka test"),
                    k.certificate().getPublicKey()).build(signer);
        }
        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Bc.PROVIDER)
                .build(csr.getSubjectPublicKeyInfo()))).isTrue();
    }

    @Test
    void whenChoosingTheDefaultAlgorithm_thenItFitsKeyAndHashOrIsRefused() throws Exception {
        KeyInfo rsa = KeyInfo.byProtocolName("RSA-2048").orElseThrow();
        KeyInfo p256 = KeyInfo.byProtocolName("EC-P256").orElseThrow();
        KeyInfo p384 = KeyInfo.byProtocolName("EC-P384").orElseThrow();
        KeyInfo ed = KeyInfo.byProtocolName("ED25519").orElseThrow();
        KeyInfo bign = KeyInfo.byProtocolName("BIGN-128").orElseThrow();
        KeyInfo gost256 = KeyInfo.byProtocolName("GOST-2012-256").orElseThrow();
        KeyInfo gost512 = KeyInfo.byProtocolName("GOST-2012-512").orElseThrow();

        assertThat(CmsSigner.defaultAlgorithm(rsa, null)).isEqualTo(SignatureAlgorithms.SHA256_RSA);
        assertThat(CmsSigner.defaultAlgorithm(rsa, HashAlgorithm.SHA_512)).isEqualTo(SignatureAlgorithms.SHA512_RSA);
        assertThat(CmsSigner.defaultAlgorithm(rsa, HashAlgorithm.SHA3_256)).isEqualTo(SignatureAlgorithms.SHA3_256_RSA);
        assertThat(CmsSigner.defaultAlgorithm(p256, null)).isEqualTo(SignatureAlgorithms.SHA256_ECDSA);
        assertThat(CmsSigner.defaultAlgorithm(p256, HashAlgorithm.SHA_384)).isEqualTo(SignatureAlgorithms.SHA384_ECDSA);
        assertThat(CmsSigner.defaultAlgorithm(p384, null)).isEqualTo(SignatureAlgorithms.SHA384_ECDSA);
        assertThat(CmsSigner.defaultAlgorithm(ed, null)).isEqualTo(SignatureAlgorithms.ED25519);
        assertThat(CmsSigner.defaultAlgorithm(ed, HashAlgorithm.SHA_512)).isEqualTo(SignatureAlgorithms.ED25519);
        assertThat(CmsSigner.defaultAlgorithm(bign, HashAlgorithm.BELT_HASH)).isEqualTo(SignatureAlgorithms.BIGN_HBELT);
        assertThat(CmsSigner.defaultAlgorithm(gost256, HashAlgorithm.STREEBOG_256))
                .isEqualTo(SignatureAlgorithms.GOST_2012_256);
        assertThat(CmsSigner.defaultAlgorithm(gost512, null)).isEqualTo(SignatureAlgorithms.GOST_2012_512);
        assertThat(CmsSigner.digestAlgorithm(SignatureAlgorithms.ED25519)).isEqualTo(HashAlgorithm.SHA_512);

        record Refused(KeyInfo key, HashAlgorithm hash) {}
        for (Refused r : List.of(new Refused(ed, HashAlgorithm.SHA_256), new Refused(rsa, HashAlgorithm.BELT_HASH),
                new Refused(p256, HashAlgorithm.STREEBOG_256), new Refused(bign, HashAlgorithm.SHA_256),
                new Refused(gost256, HashAlgorithm.STREEBOG_512), new Refused(gost512, HashAlgorithm.SHA_512))) {
            assertThatThrownBy(() -> CmsSigner.defaultAlgorithm(r.key(), r.hash())).as("%s", r)
                    .isInstanceOf(PechatkaException.AlgorithmUnsupported.class);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static SignerInformation onlySigner(CMSSignedData signed) {
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        assertThat(signers).hasSize(1);
        return signers.iterator().next();
    }

    private static Object value(AttributeTable attrs, ASN1ObjectIdentifier type) {
        Attribute a = attrs.get(type);
        assertThat(a).as("attribute %s", type).isNotNull();
        return a.getAttrValues().getObjectAt(0);
    }

    private static byte[] messageDigest(SignerInformation si) {
        return ASN1OctetString.getInstance(value(si.getSignedAttributes(), CMSAttributes.messageDigest)).getOctets();
    }

    /** Bouncy Castle's verdict; a content digest mismatch counts as a failed verification. */
    static boolean bcVerifies(CMSSignedData signed, X509Certificate cert) throws Exception {
        SignerInformation si = onlySigner(signed);
        try {
            return si.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.PROVIDER)
                    .build(new X509CertificateHolder(cert.getEncoded())));
        } catch (CMSSignerDigestMismatchException e) {
            return false;
        }
    }

    private static List<byte[]> certificates(CMSSignedData signed) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (X509CertificateHolder h : signed.getCertificates().getMatches(null)) {
            out.add(h.getEncoded());
        }
        return out;
    }

    private static byte[] replaceOnce(byte[] haystack, byte[] needle, byte[] replacement) {
        int found = -1;
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                assertThat(found).as("the content occurs once").isEqualTo(-1);
                found = i;
            }
        }
        assertThat(found).as("the content is in the SignedData").isNotNegative();
        byte[] out = haystack.clone();
        System.arraycopy(replacement, 0, out, found, replacement.length);
        return out;
    }

    private static Path work(String name) throws IOException {
        return Files.createDirectories(HSM.hsm().dir().resolve(name));
    }

    /**
     * {@code openssl cms -verify} against the test CA; true when it verifies, false when it reports a
     * verification failure, an assertion error when it did not run as expected.
     */
    static boolean openssl(Path dir, byte[] cms, byte[] detachedContent) throws Exception {
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(HSM.ca().caCertificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Path sig = Files.createTempFile(dir, "sig", ".der");
        Files.write(sig, cms);
        Path out = Files.createTempFile(dir, "out", ".bin");
        List<String> cmd = new ArrayList<>(List.of("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
                sig.toString(), "-CAfile", ca.toString(), "-purpose", "any", "-out", out.toString()));
        if (detachedContent != null) {
            Path content = Files.createTempFile(dir, "content", ".bin");
            Files.write(content, detachedContent);
            cmd.addAll(List.of("-content", content.toString()));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() == 0) {
            assertThat(text).contains("Verification successful");
            if (detachedContent == null) {
                assertThat(Files.readAllBytes(out)).as("the content openssl took out").isNotEmpty();
            }
            return true;
        }
        if (!text.contains("Verification failure")) {
            throw new AssertionError("openssl did not run as expected: " + cmd + "\n" + text);
        }
        return false;
    }
}
