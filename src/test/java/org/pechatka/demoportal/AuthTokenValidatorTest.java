package org.pechatka.demoportal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pechatka.demoportal.AuthTokenException.Reason;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;

class AuthTokenValidatorTest {

    private static final String ORIGIN = "https://portal.example.by";

    private static TestCa ca;
    private static KeyPair ecKey;
    private static X509Certificate ecCert;
    private static KeyPair rsaKey;
    private static X509Certificate rsaCert;
    private static KeyPair p384Key;
    private static X509Certificate p384Cert;

    @BeforeAll
    static void issue() {
        ca = TestCa.create("Pechatka Validator Test CA");
        ecKey = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        ecCert = ca.issue(ecKey.getPublic(), TestSubjects.belarusCitizen());
        rsaKey = TestCa.generateKeyPair(TestCa.KeyType.RSA_2048);
        rsaCert = ca.issue(rsaKey.getPublic(), TestSubjects.belarusHeadOfOrganisation());
        p384Key = WebEidTokens.ecP384();
        p384Cert = ca.issue(p384Key.getPublic(), TestSubjects.russianCitizen());
    }

    private static AuthTokenValidator validator() {
        return AuthTokenValidator.builder().withSiteOrigin(ORIGIN).withTrustedCertificateAuthorities(
                List.of(ca.caCertificate())).build();
    }

    private static AuthTokenException refused(AuthTokenValidator validator, String token, String nonce) {
        try {
            validator.validate(token, nonce);
        } catch (AuthTokenException e) {
            return e;
        }
        throw new AssertionError("the token was accepted");
    }

    private static void assertRefused(String token, String nonce, Reason reason) {
        assertThat(refused(validator(), token, nonce).reason()).isEqualTo(reason);
    }

    // ---- valid tokens -----------------------------------------------------------------------------

    @Test
    void whenValidEs256Token_thenTheVerifiedCertificateIsReturned() throws Exception {
        String nonce = WebEidTokens.nonce();
        X509Certificate cert = validator().validate(
                WebEidTokens.token(ecCert, ecKey.getPrivate(), "ES256", ORIGIN, nonce), nonce);
        assertThat(cert).isEqualTo(ecCert);
    }

    @Test
    void whenValidTokensOfEveryFamily_thenEachPasses() throws Exception {
        AuthTokenValidator v = validator();
        for (var c : List.of(
                Map.entry("ES384", new Object[] {p384Key, p384Cert}),
                Map.entry("RS256", new Object[] {rsaKey, rsaCert}),
                Map.entry("RS512", new Object[] {rsaKey, rsaCert}),
                Map.entry("PS256", new Object[] {rsaKey, rsaCert}),
                Map.entry("PS384", new Object[] {rsaKey, rsaCert}))) {
            KeyPair key = (KeyPair) c.getValue()[0];
            X509Certificate cert = (X509Certificate) c.getValue()[1];
            String nonce = WebEidTokens.nonce();
            assertThat(v.validate(WebEidTokens.token(cert, key.getPrivate(), c.getKey(), ORIGIN, nonce), nonce))
                    .as(c.getKey()).isEqualTo(cert);
        }
    }

    @Test
    void whenTokenGivenAsParsedJson_thenItValidatesTheSame() throws Exception {
        String nonce = WebEidTokens.nonce();
        String token = WebEidTokens.token(ecCert, ecKey.getPrivate(), "ES256", ORIGIN, nonce);
        assertThat(validator().validate(new ObjectMapper().readTree(token), nonce)).isEqualTo(ecCert);
    }

    @Test
    void whenFormatIsAnotherMinorVersion_thenItPasses() throws Exception {
        String nonce = WebEidTokens.nonce();
        String token = WebEidTokens.json(WebEidTokens.fields(ecCert, "ES256",
                WebEidTokens.sign("ES256", ecKey.getPrivate(), ORIGIN, nonce), "web-eid:1.1"));
        assertThat(validator().validate(token, nonce)).isEqualTo(ecCert);
    }

    // ---- signature bound to origin and nonce ------------------------------------------------------

    @Test
    void whenValidatorIsForAnotherOrigin_thenSignatureInvalid() {
        String nonce = WebEidTokens.nonce();
        String token = WebEidTokens.token(ecCert, ecKey.getPrivate(), "ES256", ORIGIN, nonce);
        AuthTokenValidator other = AuthTokenValidator.builder().withSiteOrigin("https://invalid.org")
                .withTrustedCertificateAuthorities(List.of(ca.caCertificate())).build();
        assertThat(refused(other, token, nonce).reason()).isEqualTo(Reason.SIGNATURE_INVALID);
    }

    @Test
    void whenNonceDiffersInTheLastCharacter_thenSignatureInvalid() {
        String nonce = WebEidTokens.nonce();
        String token = WebEidTokens.token(ecCert, ecKey.getPrivate(), "ES256", ORIGIN, nonce);
        String changed = nonce.substring(0, 43) + (nonce.charAt(43) == 'A' ? 'B' : 'A');
        assertRefused(token, changed, Reason.SIGNATURE_INVALID);
    }

    @Test
    void whenSignedByAnotherKey_thenSignatureInvalid() {
        String nonce = WebEidTokens.nonce();
        KeyPair other = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        assertRefused(WebEidTokens.token(ecCert, other.getPrivate(), "ES256", ORIGIN, nonce), nonce,
                Reason.SIGNATURE_INVALID);
    }

    @Test
    void whenEcdsaSignatureIsDerInsteadOfRaw_thenSignatureInvalid() {
        String nonce = WebEidTokens.nonce();
        byte[] der = WebEidTokens.sign("ES256", ecKey.getPrivate(), WebEidTokens.message("ES256", ORIGIN, nonce), true);
        assertThat(der[0]).as("a DER SEQUENCE").isEqualTo((byte) 0x30);
        assertRefused(WebEidTokens.json(WebEidTokens.fields(ecCert, "ES256", der, "web-eid:1.0")), nonce,
                Reason.SIGNATURE_INVALID);
    }

    @Test
    void whenAlgorithmNameDoesNotMatchTheSignature_thenSignatureInvalid() {
        String nonce = WebEidTokens.nonce();
        byte[] es256 = WebEidTokens.sign("ES256", ecKey.getPrivate(), ORIGIN, nonce);
        assertRefused(WebEidTokens.json(WebEidTokens.fields(ecCert, "ES384", es256, "web-eid:1.0")), nonce,
                Reason.SIGNATURE_INVALID);
        byte[] rs256 = WebEidTokens.sign("RS256", rsaKey.getPrivate(), ORIGIN, nonce);
        assertRefused(WebEidTokens.json(WebEidTokens.fields(rsaCert, "ES256", rs256, "web-eid:1.0")), nonce,
                Reason.SIGNATURE_INVALID);
        assertRefused(WebEidTokens.json(WebEidTokens.fields(rsaCert, "PS256", rs256, "web-eid:1.0")), nonce,
                Reason.SIGNATURE_INVALID);
    }

    @Test
    void whenSignatureIsNotBase64OrMissing_thenSignatureInvalid() {
        String nonce = WebEidTokens.nonce();
        Map<String, Object> fields = WebEidTokens.fields(ecCert, "ES256", new byte[] {1}, "web-eid:1.0");
        fields.put("signature", "not base64 !");
        assertRefused(WebEidTokens.json(fields), nonce, Reason.SIGNATURE_INVALID);
        fields.remove("signature");
        assertRefused(WebEidTokens.json(fields), nonce, Reason.SIGNATURE_INVALID);
    }

    @Test
    void whenNonceIsEmpty_thenNonceMissing() {
        String token = WebEidTokens.token(ecCert, ecKey.getPrivate(), "ES256", ORIGIN, "");
        assertRefused(token, "", Reason.NONCE_MISSING);
        assertRefused(token, null, Reason.NONCE_MISSING);
    }

    // ---- algorithm and format ---------------------------------------------------------------------

    @Test
    void whenAlgorithmIsNone_thenAlgorithmUnsupported() {
        String nonce = WebEidTokens.nonce();
        AuthTokenException e = refused(validator(), WebEidTokens.json(WebEidTokens.fields(ecCert, "NONE",
                WebEidTokens.sign("ES256", ecKey.getPrivate(), ORIGIN, nonce), "web-eid:1.0")), nonce);
        assertThat(e.reason()).isEqualTo(Reason.ALGORITHM_UNSUPPORTED);
        assertThat(e.getMessage()).contains("NONE");
        Map<String, Object> empty = WebEidTokens.fields(ecCert, "", new byte[] {1}, "web-eid:1.0");
        assertRefused(WebEidTokens.json(empty), nonce, Reason.ALGORITHM_UNSUPPORTED);
    }

    @Test
    void whenFormatIsWebEid2_thenFormatUnsupported() {
        String nonce = WebEidTokens.nonce();
        byte[] sig = WebEidTokens.sign("ES256", ecKey.getPrivate(), ORIGIN, nonce);
        for (String format : List.of("web-eid:2", "web-eid:2.0", "web-eid:10", "web-eid", "")) {
            assertThat(refused(validator(), WebEidTokens.json(WebEidTokens.fields(ecCert, "ES256", sig, format)), nonce)
                    .reason()).as(format).isEqualTo(Reason.FORMAT_UNSUPPORTED);
        }
        Map<String, Object> noFormat = WebEidTokens.fields(ecCert, "ES256", sig, "web-eid:1.0");
        noFormat.remove("format");
        assertRefused(WebEidTokens.json(noFormat), nonce, Reason.FORMAT_UNSUPPORTED);
    }

    @Test
    void whenAnotherAlgorithmIsRegistered_thenTheExtensionPointVerifiesIt() throws Exception {
        // a portal's own algorithm (here ECDSA with SHA-256 under another name)
        TokenSignatureAlgorithm standIn = new TokenSignatureAlgorithm() {
            @Override
            public String name() {
                return "X-PORTAL-OWN";
            }

            @Override
            public byte[] hash(byte[] data) throws GeneralSecurityException {
                return java.security.MessageDigest.getInstance("SHA-256").digest(data);
            }

            @Override
            public boolean verify(PublicKey key, byte[] message, byte[] signature) throws GeneralSecurityException {
                Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
                s.initVerify(key);
                s.update(message);
                return s.verify(signature);
            }
        };
        String nonce = WebEidTokens.nonce();
        String token = WebEidTokens.json(WebEidTokens.fields(ecCert, "X-PORTAL-OWN",
                WebEidTokens.sign("ES256", ecKey.getPrivate(), ORIGIN, nonce), "web-eid:1.0"));
        assertRefused(token, nonce, Reason.ALGORITHM_UNSUPPORTED);
        AuthTokenValidator extended = AuthTokenValidator.builder().withSiteOrigin(ORIGIN)
                .withTrustedCertificateAuthorities(List.of(ca.caCertificate())).withAlgorithm(standIn).build();
        assertThat(extended.validate(token, nonce)).isEqualTo(ecCert);
        assertThat(extended.algorithmNames()).contains("X-PORTAL-OWN", "BIGN-HBELT", "GOST-2012-256", "ES256", "PS512")
                .doesNotContain("NONE");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(org.pechatka.testing.NationalCa.Kind.class)
    void whenANationalKeySignsTheToken_thenItIsAcceptedForThisSiteAndRefusedForAnother(
            org.pechatka.testing.NationalCa.Kind kind) throws Exception {
        org.pechatka.testing.NationalCa national = org.pechatka.testing.NationalCa.create(kind, "National CA");
        org.pechatka.testing.NationalCa.Leaf leaf = national.issue(TestSubjects.belarusCitizen());
        org.pechatka.crypto.SignatureAlgorithm alg = switch (kind) {
            case BIGN -> org.pechatka.crypto.SignatureAlgorithms.BIGN_HBELT;
            case GOST_256 -> org.pechatka.crypto.SignatureAlgorithms.GOST_2012_256;
            case GOST_512 -> org.pechatka.crypto.SignatureAlgorithms.GOST_2012_512;
        };
        String nonce = WebEidTokens.nonce();
        byte[] message = concat(alg.hash().digest(ORIGIN.getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                alg.hash().digest(nonce.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        byte[] signature;
        if (kind == org.pechatka.testing.NationalCa.Kind.BIGN) {
            signature = org.pechatka.crypto.stb.BignSignature.sign(
                    org.pechatka.crypto.stb.BignAsn1.privateKey(leaf.privateKey()),
                    org.pechatka.crypto.stb.BeltHash.oidDer(), org.pechatka.crypto.stb.BeltHash.hash(message),
                    new java.security.SecureRandom());
        } else {
            Signature s = Signature.getInstance(alg.hash().length() == 64 ? "GOST3411-2012-512WITHECGOST3410-2012-512"
                    : "GOST3411-2012-256WITHECGOST3410-2012-256", org.pechatka.crypto.Bc.PROVIDER);
            s.initSign(java.security.KeyFactory.getInstance("ECGOST3410-2012", org.pechatka.crypto.Bc.PROVIDER)
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(leaf.privateKey().getEncoded())));
            s.update(message);
            signature = s.sign();
        }
        String token = WebEidTokens.json(WebEidTokens.fields(leaf.certificate(), alg.webEidName(), signature,
                "web-eid:1.0"));
        AuthTokenValidator validator = AuthTokenValidator.builder().withSiteOrigin(ORIGIN)
                .withTrustedCertificateAuthorities(List.of(national.certificate())).build();
        assertThat(validator.validate(token, nonce)).isEqualTo(leaf.certificate());

        AuthTokenValidator otherSite = AuthTokenValidator.builder().withSiteOrigin("https://other.example")
                .withTrustedCertificateAuthorities(List.of(national.certificate())).build();
        assertThat(refused(otherSite, token, nonce).reason()).isEqualTo(Reason.SIGNATURE_INVALID);
        // a look-alike CA of the same name does not make the certificate trusted
        AuthTokenValidator lookAlike = AuthTokenValidator.builder().withSiteOrigin(ORIGIN)
                .withTrustedCertificateAuthorities(List.of(org.pechatka.testing.NationalCa.create(kind, "National CA")
                        .certificate())).build();
        assertThat(refused(lookAlike, token, nonce).reason()).isEqualTo(Reason.CERTIFICATE_NOT_TRUSTED);
        // the token claims another national algorithm than its key's
        String wrongName = WebEidTokens.json(WebEidTokens.fields(leaf.certificate(),
                kind == org.pechatka.testing.NationalCa.Kind.GOST_256 ? "GOST-2012-512" : "GOST-2012-256",
                signature, "web-eid:1.0"));
        assertThat(refused(validator, wrongName, nonce).reason()).isEqualTo(Reason.SIGNATURE_INVALID);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ---- the certificate ----------------------------------------------------------------------------

    @Test
    void whenCertificateIsFromAnotherCa_thenNotTrusted() {
        TestCa other = TestCa.create("Another CA");
        KeyPair key = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        X509Certificate cert = other.issue(key.getPublic(), TestSubjects.belarusCitizen());
        String nonce = WebEidTokens.nonce();
        assertRefused(WebEidTokens.token(cert, key.getPrivate(), "ES256", ORIGIN, nonce), nonce,
                Reason.CERTIFICATE_NOT_TRUSTED);
    }

    @Test
    void whenCertificateIsSelfSignedWithTheCasName_thenNotTrusted() throws Exception {
        KeyPair key = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        X509Certificate forged = org.pechatka.cert.CertificateIssuer.builder()
                .withSubject(TestSubjects.belarusCitizen()).withPublicKey(key.getPublic())
                .withSelfSigned(key.getPrivate()).withValidity(Instant.now().minusSeconds(60),
                        Instant.now().plus(Duration.ofDays(10)))
                .withKeyUsage(KeyUsage.digitalSignature).issue();
        String nonce = WebEidTokens.nonce();
        assertRefused(WebEidTokens.token(forged, key.getPrivate(), "ES256", ORIGIN, nonce), nonce,
                Reason.CERTIFICATE_NOT_TRUSTED);
    }

    @Test
    void whenCertificateHasExpired_thenCertificateExpired() {
        KeyPair key = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        Instant start = Instant.now().minus(Duration.ofDays(400));
        X509Certificate cert = ca.issue(key.getPublic(), TestSubjects.belarusCitizen(),
                b -> b.withValidity(start, start.plus(Duration.ofDays(365))));
        String nonce = WebEidTokens.nonce();
        assertRefused(WebEidTokens.token(cert, key.getPrivate(), "ES256", ORIGIN, nonce), nonce,
                Reason.CERTIFICATE_EXPIRED);
    }

    @Test
    void whenValidatorClockIsAfterTheCertificate_thenCertificateExpired() {
        String nonce = WebEidTokens.nonce();
        String token = WebEidTokens.token(ecCert, ecKey.getPrivate(), "ES256", ORIGIN, nonce);
        AuthTokenValidator later = AuthTokenValidator.builder().withSiteOrigin(ORIGIN)
                .withTrustedCertificateAuthorities(List.of(ca.caCertificate()))
                .withClock(Clock.fixed(Instant.now().plus(Duration.ofDays(1000)), ZoneOffset.UTC)).build();
        assertThat(refused(later, token, nonce).reason()).isEqualTo(Reason.CERTIFICATE_EXPIRED);
        AuthTokenValidator earlier = AuthTokenValidator.builder().withSiteOrigin(ORIGIN)
                .withTrustedCertificateAuthorities(List.of(ca.caCertificate()))
                .withClock(Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC)).build();
        assertThat(refused(earlier, token, nonce).reason()).isEqualTo(Reason.CERTIFICATE_NOT_YET_VALID);
    }

    @Test
    void whenKeyUsageLacksDigitalSignature_thenCertificatePurpose() {
        KeyPair key = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        X509Certificate cert = ca.issue(key.getPublic(), TestSubjects.russianDirector(),
                b -> b.withKeyUsage(KeyUsage.nonRepudiation));
        String nonce = WebEidTokens.nonce();
        AuthTokenException e = refused(validator(), WebEidTokens.token(cert, key.getPrivate(), "ES256", ORIGIN, nonce),
                nonce);
        assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_PURPOSE);
        assertThat(e.getMessage()).contains("digitalSignature");
    }

    @Test
    void whenKeyUsageIsMissing_thenCertificatePurpose() {
        KeyPair key = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        X509Certificate cert = ca.issue(key.getPublic(), TestSubjects.belarusCitizen(), b -> b.withoutKeyUsage());
        String nonce = WebEidTokens.nonce();
        assertRefused(WebEidTokens.token(cert, key.getPrivate(), "ES256", ORIGIN, nonce), nonce,
                Reason.CERTIFICATE_PURPOSE);
    }

    @Test
    void whenExtendedKeyUsageLacksClientAuth_thenCertificatePurpose() {
        KeyPair key = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        X509Certificate cert = ca.issue(key.getPublic(), TestSubjects.belarusCitizen(),
                b -> b.withExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection.toOID()));
        String nonce = WebEidTokens.nonce();
        AuthTokenException e = refused(validator(), WebEidTokens.token(cert, key.getPrivate(), "ES256", ORIGIN, nonce),
                nonce);
        assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_PURPOSE);
        assertThat(e.getMessage()).contains("clientAuth");
    }

    @Test
    void whenNoExtendedKeyUsageAtAll_thenTheCertificateIsAccepted() throws Exception {
        KeyPair key = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        X509Certificate cert = ca.issue(key.getPublic(), TestSubjects.belarusCitizen(), b -> b.withExtendedKeyUsage());
        assertThat(cert.getExtendedKeyUsage()).isNull();
        String nonce = WebEidTokens.nonce();
        assertThat(validator().validate(WebEidTokens.token(cert, key.getPrivate(), "ES256", ORIGIN, nonce), nonce))
                .isEqualTo(cert);
    }

    @Test
    void whenCertificatePolicyIsDisallowed_thenRefused() throws Exception {
        KeyPair key = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        String policy = "1.3.6.1.4.1.10015.1.3";
        X509Certificate cert = ca.issue(key.getPublic(), TestSubjects.belarusCitizen(),
                b -> b.withPolicies(new ASN1ObjectIdentifier(policy)));
        String nonce = WebEidTokens.nonce();
        String token = WebEidTokens.token(cert, key.getPrivate(), "ES256", ORIGIN, nonce);
        assertThat(validator().validate(token, nonce)).isEqualTo(cert);
        AuthTokenValidator strict = AuthTokenValidator.builder().withSiteOrigin(ORIGIN)
                .withTrustedCertificateAuthorities(List.of(ca.caCertificate()))
                .withDisallowedPolicies(List.of(policy)).build();
        assertThat(refused(strict, token, nonce).reason()).isEqualTo(Reason.CERTIFICATE_POLICY_DISALLOWED);
    }

    @Test
    void whenCertificateFieldIsMissingNotBase64OrNotACertificate_thenCertificateMalformed() {
        String nonce = WebEidTokens.nonce();
        byte[] sig = WebEidTokens.sign("ES256", ecKey.getPrivate(), ORIGIN, nonce);
        Map<String, Object> fields = WebEidTokens.fields(ecCert, "ES256", sig, "web-eid:1.0");
        for (Object bad : new Object[] {"", "%%%not-base64%%%", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}) {
            fields.put("unverifiedCertificate", bad);
            assertThat(refused(validator(), WebEidTokens.json(fields), nonce).reason()).as(bad.toString())
                    .isEqualTo(Reason.CERTIFICATE_MALFORMED);
        }
        fields.remove("unverifiedCertificate");
        fields.put("padding", "x".repeat(100));
        assertRefused(WebEidTokens.json(fields), nonce, Reason.CERTIFICATE_MALFORMED);
    }

    // ---- token shape ------------------------------------------------------------------------------

    @Test
    void whenTokenIsTooShortTooLongNotJsonOrIllTyped_thenTokenMalformed() {
        String nonce = WebEidTokens.nonce();
        String valid = WebEidTokens.token(ecCert, ecKey.getPrivate(), "ES256", ORIGIN, nonce);
        assertRefused("{\"format\":\"web-eid:1.0\"}", nonce, Reason.TOKEN_MALFORMED);
        assertRefused(valid.substring(0, valid.length() - 1) + ",\"x\":\"" + "y".repeat(10_000) + "\"}", nonce,
                Reason.TOKEN_MALFORMED);
        assertRefused("not json at all, " + "x".repeat(100), nonce, Reason.TOKEN_MALFORMED);
        assertRefused("[" + "1,".repeat(60) + "1]", nonce, Reason.TOKEN_MALFORMED);
        assertRefused(valid + " {}", nonce, Reason.TOKEN_MALFORMED);
        Map<String, Object> fields = WebEidTokens.fields(ecCert, "ES256", new byte[] {1}, "web-eid:1.0");
        fields.put("algorithm", 256);
        assertRefused(WebEidTokens.json(fields), nonce, Reason.TOKEN_MALFORMED);
        assertThat(refused(validator(), null, nonce).reason()).isEqualTo(Reason.TOKEN_MALFORMED);
    }

    @Test
    void whenUnknownFieldsArePresent_thenTheyAreIgnored() throws Exception {
        String nonce = WebEidTokens.nonce();
        Map<String, Object> fields = WebEidTokens.fields(ecCert, "ES256",
                WebEidTokens.sign("ES256", ecKey.getPrivate(), ORIGIN, nonce), "web-eid:1.0");
        fields.put("somethingNew", "value");
        fields.remove("appVersion");
        assertThat(validator().validate(WebEidTokens.json(fields), nonce)).isEqualTo(ecCert);
    }

    @Test
    void whenRulesFailTogether_thenTheEarlierRuleIsReported() {
        // wrong purpose, expired and signed for another origin: the purpose rule (4) comes first
        KeyPair key = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        Instant start = Instant.now().minus(Duration.ofDays(400));
        X509Certificate cert = ca.issue(key.getPublic(), TestSubjects.belarusCitizen(),
                b -> b.withValidity(start, start.plus(Duration.ofDays(10))).withKeyUsage(KeyUsage.nonRepudiation));
        String nonce = WebEidTokens.nonce();
        assertRefused(WebEidTokens.token(cert, key.getPrivate(), "ES256", "https://evil.example", nonce), nonce,
                Reason.CERTIFICATE_PURPOSE);
    }

    // ---- configuration ----------------------------------------------------------------------------

    @Test
    void whenOriginIsNotExactlyHttpsHostPort_thenTheBuilderRefusesIt() {
        for (String bad : List.of("http://portal.example.by", "https://portal.example.by/", "https://portal.example.by/login",
                "https://Portal.example.by", "https://portal.example.by:443", "https://user@portal.example.by",
                "https://portal.example.by?x=1", "portal.example.by", "https://")) {
            assertThatThrownBy(() -> AuthTokenValidator.builder().withSiteOrigin(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(AuthTokenValidator.builder().withSiteOrigin("https://localhost:8443")
                .withTrustedCertificateAuthorities(List.of(ca.caCertificate())).build().origin())
                .isEqualTo("https://localhost:8443");
    }

    @Test
    void whenNoOriginOrNoCa_thenBuildFails() {
        assertThatThrownBy(() -> AuthTokenValidator.builder()
                .withTrustedCertificateAuthorities(List.of(ca.caCertificate())).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("origin");
        assertThatThrownBy(() -> AuthTokenValidator.builder().withSiteOrigin(ORIGIN).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("certification authority");
    }
}
