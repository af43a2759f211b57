package org.pechatka.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.crypto.Bc;
import org.pechatka.crypto.NationalOids;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;

class CertificateIssuerTest {

    private static TestCa ecCa;
    private static TestCa rsaCa;
    private static KeyPair leafKey;

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        ecCa = TestCa.create("Pechatka EC CA");
        rsaCa = TestCa.create("Pechatka RSA CA", TestCa.KeyType.RSA_2048);
        leafKey = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
    }

    /** Re-parsed by the JDK's own CertificateFactory, independent of Bouncy Castle. */
    private static X509Certificate jdk(X509Certificate cert) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509", "SUN")
                .generateCertificate(new ByteArrayInputStream(cert.getEncoded()));
    }

    private static Certificate asn1(X509Certificate cert) throws Exception {
        return Certificate.getInstance(cert.getEncoded());
    }

    private static Extensions extensions(X509Certificate cert) throws Exception {
        return asn1(cert).getTBSCertificate().getExtensions();
    }

    private static CertificateIssuer.Builder tlsCa(KeyPair key) {
        Instant now = Instant.now();
        return CertificateIssuer.builder()
                .withSubject(DistinguishedNames.builder().commonName("Pechatka localhost CA").build())
                .withPublicKey(key.getPublic())
                .withSelfSigned(key.getPrivate())
                .withValidity(now, now.plus(Duration.ofDays(3650)))
                .withCa(0)
                .withKeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                .withPermittedDnsNames("localhost")
                .withPermittedIpRanges("127.0.0.1", "::1");
    }

    // ---- signatures verified independently ----------------------------------------------------

    @Test
    void whenIssuedByEcCa_thenVerifiesWithTheJdkProviderAndEcdsaSha256() throws Exception {
        X509Certificate cert = jdk(ecCa.issue(leafKey.getPublic(), TestSubjects.belarusCitizen()));
        cert.verify(ecCa.caPublicKey(), Security.getProvider("SunEC"));
        assertThat(cert.getSigAlgOID()).isEqualTo("1.2.840.10045.4.3.2");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ecCa.caCertificate().getSubjectX500Principal());
        assertThat(cert.getPublicKey().getEncoded()).isEqualTo(leafKey.getPublic().getEncoded());
        assertThat(cert.getVersion()).isEqualTo(3);
    }

    @Test
    void whenIssuedByRsaCa_thenVerifiesWithTheJdkProviderAndRsaSha256() throws Exception {
        X509Certificate cert = jdk(rsaCa.issue(leafKey.getPublic(), TestSubjects.russianCitizen()));
        cert.verify(rsaCa.caPublicKey(), Security.getProvider("SunRsaSign"));
        assertThat(cert.getSigAlgOID()).isEqualTo("1.2.840.113549.1.1.11");
    }

    @Test
    void whenSelfSigned_thenVerifiesWithItsOwnKey() throws Exception {
        X509Certificate ca = jdk(ecCa.caCertificate());
        ca.verify(ca.getPublicKey(), Security.getProvider("SunEC"));
        assertThat(ca.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void whenRsaPssRequested_thenPssSignatureVerifiesWithTheJdk() throws Exception {
        X509Certificate cert = jdk(rsaCa.issue(leafKey.getPublic(), TestSubjects.russianCitizen(),
                b -> b.withSignatureAlgorithm(SignatureAlgorithms.SHA256_RSA_PSS)));
        assertThat(cert.getSigAlgOID()).isEqualTo("1.2.840.113549.1.1.10");
        cert.verify(rsaCa.caPublicKey(), Security.getProvider("SunRsaSign"));
    }

    @Test
    void whenEd25519Issuer_thenEd25519SignatureVerifiesWithTheJdk() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        X509Certificate cert = jdk(CertificateIssuer.builder()
                .withSubject(DistinguishedNames.builder().commonName("Ed CA").build())
                .withPublicKey(ed.getPublic()).withSelfSigned(ed.getPrivate())
                .withValidity(Instant.now(), Instant.now().plusSeconds(600)).issue());
        assertThat(cert.getSigAlgOID()).isEqualTo("1.3.101.112");
        cert.verify(ed.getPublic(), Security.getProvider("SunEC"));
    }

    @Test
    void whenGostIssuer_thenGostSignatureFromTheRegistryName() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("ECGOST3410-2012", Bc.PROVIDER);
        g.initialize(new ECGenParameterSpec("Tc26-Gost-3410-12-256-paramSetA"));
        KeyPair gost = g.generateKeyPair();
        X509Certificate cert = CertificateIssuer.builder()
                .withSubject(TestSubjects.russianDirector())
                .withPublicKey(gost.getPublic()).withSelfSigned(gost.getPrivate())
                .withValidity(Instant.now(), Instant.now().plusSeconds(600)).issue();
        assertThat(cert.getSigAlgOID()).isEqualTo(NationalOids.SIGN_GOST3410_12_256.getId());
        cert.verify(gost.getPublic(), Bc.PROVIDER);
        assertThat(CertificateView.of(cert.getEncoded()).selfSigned()).isTrue();
    }

    @Test
    void whenBignIssuer_thenNoSuchAlgorithm() {
        SubjectPublicKeyInfo bign = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(NationalOids.BIGN_PUBKEY, NationalOids.BIGN_CURVE256V1), new byte[64]);
        var b = CertificateIssuer.builder()
                .withSubject(DistinguishedNames.builder().commonName("bign").build())
                .withPublicKey(bign).withSelfSigned(leafKey.getPrivate())
                .withValidity(Instant.now(), Instant.now().plusSeconds(600));
        assertThatThrownBy(b::issue).isInstanceOf(NoSuchAlgorithmException.class);
    }

    // ---- extensions ---------------------------------------------------------------------------

    @Test
    void whenLeafIssued_thenExtensionsInFixedOrderWithCriticality() throws Exception {
        X509Certificate cert = ecCa.issue(leafKey.getPublic(), TestSubjects.belarusCitizen(), b -> b
                .withEndEntityBasicConstraints()
                .withPolicies(new ASN1ObjectIdentifier("1.2.112.1.2.1.1.1.3.1"))
                .withSubjectAltNameEmail("ales@example.by")
                .withExtension(new ASN1ObjectIdentifier("1.2.3.4.5"), false, new DERUTF8String("x")));
        Extensions ext = extensions(cert);
        assertThat(ext.getExtensionOIDs()).containsExactly(Extension.subjectKeyIdentifier,
                Extension.authorityKeyIdentifier, Extension.basicConstraints, Extension.keyUsage,
                Extension.extendedKeyUsage, Extension.certificatePolicies, Extension.subjectAlternativeName,
                new ASN1ObjectIdentifier("1.2.3.4.5"));
        assertThat(ext.getCriticalExtensionOIDs()).containsExactlyInAnyOrder(Extension.basicConstraints,
                Extension.keyUsage);
        assertThat(jdk(cert).getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void whenIssued_thenKeyIdentifiersAreSha1OfTheKeyBitsAndChain() throws Exception {
        X509Certificate cert = ecCa.issue(leafKey.getPublic(), TestSubjects.russianCitizen());
        byte[] leafBits = SubjectPublicKeyInfo.getInstance(leafKey.getPublic().getEncoded()).getPublicKeyData().getBytes();
        byte[] expectedSki = MessageDigest.getInstance("SHA-1").digest(leafBits);
        SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(extensions(cert));
        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.fromExtensions(extensions(cert));
        SubjectKeyIdentifier caSki = SubjectKeyIdentifier.fromExtensions(extensions(ecCa.caCertificate()));
        AuthorityKeyIdentifier caAki = AuthorityKeyIdentifier.fromExtensions(extensions(ecCa.caCertificate()));
        assertThat(ski.getKeyIdentifier()).isEqualTo(expectedSki);
        assertThat(aki.getKeyIdentifierObject().getOctets()).isEqualTo(caSki.getKeyIdentifier());
        assertThat(caAki.getKeyIdentifierObject().getOctets()).isEqualTo(caSki.getKeyIdentifier());
        assertThat(aki.getAuthorityCertIssuer()).isNull();
    }

    @Test
    void whenNameConstrainedCa_thenPermittedSubtreesCriticalAndExact() throws Exception {
        KeyPair key = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        X509Certificate ca = tlsCa(key).issue();
        Extension nc = extensions(ca).getExtension(Extension.nameConstraints);
        assertThat(nc.isCritical()).isTrue();
        NameConstraints constraints = NameConstraints.getInstance(nc.getParsedValue());
        assertThat(constraints.getExcludedSubtrees()).isNull();
        GeneralSubtree[] permitted = constraints.getPermittedSubtrees();
        assertThat(permitted).hasSize(3);
        assertThat(permitted[0].getBase()).isEqualTo(new GeneralName(GeneralName.dNSName, "localhost"));
        assertThat(permitted[1].getBase()).isEqualTo(new GeneralName(GeneralName.iPAddress, "127.0.0.1/32"));
        assertThat(permitted[2].getBase()).isEqualTo(new GeneralName(GeneralName.iPAddress, "::1/128"));
        assertThat(jdk(ca).getCriticalExtensionOIDs()).contains("2.5.29.30", "2.5.29.19", "2.5.29.15");
        assertThat(jdk(ca).getBasicConstraints()).isZero();
    }

    @Test
    void whenTlsLeafUnderNameConstrainedCa_thenSanHasDnsAndIps() throws Exception {
        KeyPair caKey = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        X509Certificate ca = tlsCa(caKey).issue();
        X509Certificate leaf = tlsLeaf(ca, caKey, "localhost", "localhost", "127.0.0.1", "::1");
        GeneralName[] san = GeneralNames.fromExtensions(extensions(leaf), Extension.subjectAlternativeName).getNames();
        assertThat(san).containsExactly(new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.iPAddress, "::1"));
        jdk(leaf).verify(caKey.getPublic(), Security.getProvider("SunEC"));
    }

    @Test
    void whenNameConstrainedCaIsIntermediate_thenJdkPkixEnforcesItsConstraints() throws Exception {
        // the JDK applies name constraints of CA certificates in the path, not of the trust anchor
        KeyPair caKey = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        X509Certificate ca = tlsCa(caKey).withIssuer(ecCa.caCertificate(), ecCa.caPrivateKey()).issue();
        var params = new PKIXParameters(Set.of(new TrustAnchor(jdk(ecCa.caCertificate()), null)));
        params.setRevocationEnabled(false);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");

        X509Certificate inside = tlsLeaf(ca, caKey, "localhost", "localhost", "127.0.0.1", "::1");
        CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(List.of(jdk(inside), jdk(ca))), params);

        X509Certificate otherDns = tlsLeaf(ca, caKey, "example.com", "example.com");
        assertThatThrownBy(() -> CertPathValidator.getInstance("PKIX")
                .validate(cf.generateCertPath(List.of(jdk(otherDns), jdk(ca))), params))
                .isInstanceOf(CertPathValidatorException.class);
        X509Certificate otherIp = tlsLeaf(ca, caKey, "localhost", null, "192.168.1.1");
        assertThatThrownBy(() -> CertPathValidator.getInstance("PKIX")
                .validate(cf.generateCertPath(List.of(jdk(otherIp), jdk(ca))), params))
                .isInstanceOf(CertPathValidatorException.class);
    }

    private X509Certificate tlsLeaf(X509Certificate ca, KeyPair caKey, String cn, String dns, String... ips)
            throws Exception {
        Instant now = Instant.now();
        CertificateIssuer.Builder b = CertificateIssuer.builder()
                .withSubject(DistinguishedNames.builder().commonName(cn).build())
                .withPublicKey(leafKey.getPublic())
                .withIssuer(ca, caKey.getPrivate())
                .withValidity(now, now.plus(Duration.ofDays(397)))
                .withKeyUsage(KeyUsage.digitalSignature)
                .withExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth.toOID());
        if (dns != null) {
            b.withSubjectAltNameDns(dns);
        }
        return b.withSubjectAltNameIp(ips).issue();
    }

    @Test
    void whenSubjectEmpty_thenSubjectAltNameCritical() throws Exception {
        X509Certificate cert = ecCa.issue(leafKey.getPublic(), new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
                b -> b.withSubjectAltNameEmail("x@example.by"));
        assertThat(extensions(cert).getExtension(Extension.subjectAlternativeName).isCritical()).isTrue();
    }

    // ---- serial and time ----------------------------------------------------------------------

    @Test
    void whenSerialDefaulted_thenRandomPositiveAtMost16Bytes() throws Exception {
        Set<BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            BigInteger s = ecCa.issue(leafKey.getPublic(), TestSubjects.russianCitizen()).getSerialNumber();
            assertThat(s.signum()).isPositive();
            assertThat(s.bitLength()).isLessThanOrEqualTo(127);
            assertThat(s.toByteArray().length).isLessThanOrEqualTo(16);
            serials.add(s);
        }
        assertThat(serials).hasSize(20);
    }

    @Test
    void whenSerialGiven_thenUsedAndNonPositiveRejected() throws Exception {
        assertThat(ecCa.issue(leafKey.getPublic(), TestSubjects.russianCitizen(),
                b -> b.withSerialNumber(BigInteger.valueOf(4242))).getSerialNumber()).isEqualTo(4242);
        assertThatThrownBy(() -> CertificateIssuer.builder().withSerialNumber(BigInteger.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenValidityBeforeOrAfter2050_thenUtcTimeOrGeneralizedTimeInWholeSeconds() throws Exception {
        Instant from = Instant.parse("2049-12-31T23:59:59.999Z");
        Instant to = Instant.parse("2050-01-01T00:00:00.500Z");
        X509Certificate cert = ecCa.issue(leafKey.getPublic(), TestSubjects.russianCitizen(),
                b -> b.withValidity(from, to));
        Certificate c = asn1(cert);
        assertThat(c.getStartDate().toASN1Primitive()).isInstanceOf(ASN1UTCTime.class);
        assertThat(c.getEndDate().toASN1Primitive()).isInstanceOf(ASN1GeneralizedTime.class);
        assertThat(((ASN1GeneralizedTime) c.getEndDate().toASN1Primitive()).getTimeString()).isEqualTo("20500101000000Z");
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(Instant.parse("2049-12-31T23:59:59Z"));
    }

    // ---- misuse -------------------------------------------------------------------------------

    @Test
    void whenRequiredSettingMissingOrContradictory_thenIllegalState() {
        Instant now = Instant.now();
        PublicKey pub = leafKey.getPublic();
        X500Name subject = TestSubjects.russianCitizen();
        assertThatThrownBy(() -> CertificateIssuer.builder().withPublicKey(pub).withSelfSigned(leafKey.getPrivate())
                .withValidity(now, now.plusSeconds(1)).issue()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CertificateIssuer.builder().withSubject(subject).withSelfSigned(leafKey.getPrivate())
                .withValidity(now, now.plusSeconds(1)).issue()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CertificateIssuer.builder().withSubject(subject).withPublicKey(pub)
                .withValidity(now, now.plusSeconds(1)).issue()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CertificateIssuer.builder().withSubject(subject).withPublicKey(pub)
                .withSelfSigned(leafKey.getPrivate()).issue()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CertificateIssuer.builder().withSubject(subject).withPublicKey(pub)
                .withSelfSigned(leafKey.getPrivate()).withValidity(now, now).issue())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CertificateIssuer.builder().withSubject(subject).withPublicKey(pub)
                .withSelfSigned(leafKey.getPrivate()).withValidity(now, now.plusSeconds(5))
                .withPermittedDnsNames("localhost").issue())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CertificateIssuer.builder().withSubject(subject).withPublicKey(pub)
                .withSelfSigned(leafKey.getPrivate()).withValidity(now, now.plusSeconds(5))
                .withExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)).issue())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CertificateIssuer.builder().withKeyUsage(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateIssuer.builder().withSubjectAltNameIp("not an ip"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- OpenSSL's reading --------------------------------------------------------------------

    @Test
    void whenReadByOpenssl_thenExtensionsAndCyrillicSubjectPrintCorrectly() throws Exception {
        X509Certificate cert = ecCa.issue(leafKey.getPublic(), TestSubjects.belarusCitizen(),
                b -> b.withPolicies(new ASN1ObjectIdentifier("1.2.112.1.2.1.1.1.3.1"))
                        .withSubjectAltNameEmail("ales@example.by"));
        String text = openssl(cert);
        assertThat(text).contains("CN=ALES LABADZENKA")
                .contains("SN=ЛАБАДЗЕНКА/ЛОБОДЕНКО")
                .contains("GN=АЛЕСЬ ЯЎГЕНАВІЧ/АЛЕСЬ ЕВГЕНЬЕВИЧ")
                .contains("serialNumber=PNOBY-3120690A001PB5")
                .contains("L=Мінск")
                .contains("Issuer: C=BY, O=Pechatka Test, CN=Pechatka EC CA")
                .contains("Signature Algorithm: ecdsa-with-SHA256")
                .contains("X509v3 Subject Key Identifier:")
                .contains("X509v3 Authority Key Identifier:")
                .contains("X509v3 Key Usage: critical\n                Digital Signature, Non Repudiation")
                .contains("X509v3 Extended Key Usage: \n                TLS Web Client Authentication, E-mail Protection")
                .contains("Policy: 1.2.112.1.2.1.1.1.3.1")
                .contains("email:ales@example.by");
    }

    @Test
    void whenNameConstrainedCaReadByOpenssl_thenCriticalConstraintsListed() throws Exception {
        String text = openssl(tlsCa(TestCa.generateKeyPair(TestCa.KeyType.EC_P256)).issue());
        assertThat(text).contains("X509v3 Basic Constraints: critical\n                CA:TRUE, pathlen:0")
                .contains("X509v3 Key Usage: critical\n                Certificate Sign, CRL Sign")
                .contains("X509v3 Name Constraints: critical")
                .contains("DNS:localhost")
                .contains("IP:127.0.0.1/255.255.255.255")
                .contains("IP:0:0:0:0:0:0:0:1/FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF");
    }

    private String openssl(X509Certificate cert) throws Exception {
        Path der = Files.createTempFile(tmp, "cert", ".der");
        Files.write(der, cert.getEncoded());
        Process p = new ProcessBuilder("openssl", "x509", "-inform", "DER", "-in", der.toString(), "-noout", "-text",
                "-nameopt", "utf8")
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }
}
