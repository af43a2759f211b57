package org.pechatka.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pechatka.crypto.KeyFamily;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;

class CertificateViewTest {

    private static TestCa ca;
    private static KeyPair leafKey;

    @BeforeAll
    static void setUp() {
        ca = TestCa.create("Pechatka Test CA");
        leafKey = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
    }

    private static CertificateView view(X509Certificate cert) throws CertificateException {
        return CertificateView.of(cert);
    }

    // ---- identity and parsing -------------------------------------------------------------------

    @Test
    void whenBuilt_thenCertIdIsLowercaseSha256OfTheDer() throws Exception {
        X509Certificate cert = ca.issue(leafKey.getPublic(), TestSubjects.belarusCitizen());
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        CertificateView v = view(cert);
        assertThat(v.certId()).isEqualTo(expected).matches("[0-9a-f]{64}");
        assertThat(CertificateView.of(cert.getEncoded()).certId()).isEqualTo(expected);
    }

    @Test
    void whenBuiltFromDerOrCertificate_thenSameView() throws Exception {
        X509Certificate cert = ca.issue(leafKey.getPublic(), TestSubjects.russianCitizen());
        assertThat(CertificateView.of(cert.getEncoded())).isEqualTo(view(cert));
    }

    @Test
    void whenDerRequested_thenDefensiveCopy() throws Exception {
        X509Certificate cert = ca.issue(leafKey.getPublic(), TestSubjects.russianCitizen());
        CertificateView v = view(cert);
        byte[] der = v.der();
        der[0] ^= 1;
        assertThat(v.der()).isEqualTo(cert.getEncoded());
    }

    @Test
    void whenGarbage_thenCertificateException() {
        assertThatThrownBy(() -> CertificateView.of(new byte[] {1, 2, 3})).isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> CertificateView.of(new byte[0])).isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> CertificateView.of((byte[]) null)).isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> CertificateView.of("hello".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void whenTrailingBytesOrPem_thenCertificateException() throws Exception {
        byte[] der = ca.issue(leafKey.getPublic(), TestSubjects.russianCitizen()).getEncoded();
        byte[] trailing = Arrays.copyOf(der, der.length + 2);
        assertThatThrownBy(() -> CertificateView.of(trailing)).isInstanceOf(CertificateException.class);
        byte[] pem = ("-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> CertificateView.of(pem)).isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> CertificateView.of(Arrays.copyOf(der, der.length - 1)))
                .isInstanceOf(CertificateException.class);
    }

    // ---- names ----------------------------------------------------------------------------------

    @Test
    void whenBelarusianCitizen_thenNamesAndDnsAsText() throws Exception {
        CertificateView v = view(ca.issue(leafKey.getPublic(), TestSubjects.belarusCitizen()));
        assertThat(v.displayName()).isEqualTo("ЛАБАДЗЕНКА АЛЕСЬ ЯЎГЕНАВІЧ");
        assertThat(v.fullName()).isEqualTo("ЛАБАДЗЕНКА АЛЕСЬ ЯЎГЕНАВІЧ");
        assertThat(v.subjectDn()).isEqualTo("L=Мінск, C=BY, SERIALNUMBER=PNOBY-3120690A001PB5, "
                + "G=АЛЕСЬ ЯЎГЕНАВІЧ/АЛЕСЬ ЕВГЕНЬЕВИЧ, SN=ЛАБАДЗЕНКА/ЛОБОДЕНКО, CN=ALES LABADZENKA");
        assertThat(v.issuerDn()).isEqualTo("CN=Pechatka Test CA, O=Pechatka Test, C=BY");
        assertThat(v.issuerName()).isEqualTo("Pechatka Test CA");
        assertThat(v.organization()).isNull();
        assertThat(v.position()).isNull();
        assertThat(v.attributes()).containsEntry(PersonalAttribute.PERSONAL_NUMBER, "3120690A001PB5");
        assertThat(v.attribute(PersonalAttribute.SURNAME)).contains("ЛАБАДЗЕНКА/ЛОБОДЕНКО");
        assertThat(v.attribute(PersonalAttribute.INN)).isEmpty();
    }

    @Test
    void whenOrganisationHead_thenOrganizationAndPositionFields() throws Exception {
        CertificateView v = view(ca.issue(leafKey.getPublic(), TestSubjects.belarusHeadOfOrganisation()));
        assertThat(v.organization()).isEqualTo("ТАА «Прыклад»");
        assertThat(v.position()).isEqualTo("Дырэктар");
        assertThat(v.attributes()).containsEntry(PersonalAttribute.UNP, "190000001");
    }

    @Test
    void whenNoSurnameOrCommonName_thenDisplayNameIsSubjectDn() throws Exception {
        X500Name subject = DistinguishedNames.builder().country("BY").organization("ТАА «Прыклад»").build();
        CertificateView v = view(ca.issue(leafKey.getPublic(), subject));
        assertThat(v.fullName()).isNull();
        assertThat(v.displayName()).isEqualTo("O=ТАА «Прыклад», C=BY");
    }

    @Test
    void whenIssuerHasNoCommonName_thenIssuerNameIsOrganization() throws Exception {
        KeyPair k = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        X500Name name = DistinguishedNames.builder().country("BY").organization("Дзяржаўны цэнтр").build();
        X509Certificate selfSigned = CertificateIssuer.builder().withSubject(name).withPublicKey(k.getPublic())
                .withSelfSigned(k.getPrivate()).withValidity(Instant.now(), Instant.now().plusSeconds(3600))
                .issue();
        assertThat(view(selfSigned).issuerName()).isEqualTo("Дзяржаўны цэнтр");
    }

    @Test
    void whenLegacyT61Windows1251Subject_thenDnAndNamesReadable() throws Exception {
        Charset cp1251 = Charset.forName("windows-1251");
        X500Name subject = DistinguishedNames.builder()
                .country("BY")
                .add(NameOids.LOCALITY, Asn1.raw(Asn1.T61_STRING, "Мінск".getBytes(cp1251)))
                .add(NameOids.SURNAME, Asn1.raw(Asn1.T61_STRING, "Лабадзенка".getBytes(cp1251)))
                .add(NameOids.NAME, Asn1.raw(Asn1.T61_STRING, "Алесь Яўгенавіч".getBytes(cp1251)))
                .build();
        CertificateView v = view(ca.issue(leafKey.getPublic(), subject));
        assertThat(v.subjectDn()).isEqualTo("NAME=Алесь Яўгенавіч, SN=Лабадзенка, L=Мінск, C=BY");
        assertThat(v.displayName()).isEqualTo("Лабадзенка Алесь Яўгенавіч");
    }

    @Test
    void whenGosSuokAttributesInSubjectDirectoryAttributesExtension_thenRead() throws Exception {
        X500Name subject = DistinguishedNames.builder().country("BY").surname("Лабадзенка").name("Алесь").build();
        var sda = PersonalDataTest.directoryAttributes(new ASN1ObjectIdentifier[] {NameOids.BY_UNP, NameOids.BY_POSITION},
                new String[] {"190000001", "Дырэктар"});
        X509Certificate cert = ca.issue(leafKey.getPublic(), subject, b -> b.withExtension(
                org.bouncycastle.asn1.x509.Extension.subjectDirectoryAttributes, false,
                sda.getExtension(org.bouncycastle.asn1.x509.Extension.subjectDirectoryAttributes).getParsedValue()));
        assertThat(view(cert).attributes()).contains(entry(PersonalAttribute.UNP, "190000001"),
                entry(PersonalAttribute.POSITION, "Дырэктар"));
    }

    @Test
    void whenEmailOnlyInSubjectAltName_thenEmailAttribute() throws Exception {
        X509Certificate cert = ca.issue(leafKey.getPublic(), DistinguishedNames.builder().commonName("X").build(),
                b -> b.withSubjectAltNameEmail("x@example.by"));
        assertThat(view(cert).attribute(PersonalAttribute.EMAIL)).contains("x@example.by");
    }

    @Test
    void whenAttributesMapModified_thenRejected() throws Exception {
        CertificateView v = view(ca.issue(leafKey.getPublic(), TestSubjects.russianCitizen()));
        assertThatThrownBy(() -> v.attributes().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new java.util.ArrayList<>(v.attributes().keySet())).isSortedAccordingTo(java.util.Comparator.naturalOrder());
    }

    @Test
    void whenPrinted_thenNoPersonalData() throws Exception {
        CertificateView v = view(ca.issue(leafKey.getPublic(), TestSubjects.russianCitizen()));
        assertThat(v.toString()).contains(v.certId()).doesNotContain("Иванов").doesNotContain("770000000156");
    }

    @Test
    void whenVersion1CertificateWithoutExtensions_thenEmptyUsagesAndSelfSigned() throws Exception {
        KeyPair k = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        X500Name name = DistinguishedNames.builder().country("RU").commonName("Старый УЦ").build();
        var builder = new org.bouncycastle.cert.X509v1CertificateBuilder(name, BigInteger.TEN,
                java.util.Date.from(Instant.now().minusSeconds(60)), java.util.Date.from(Instant.now().plusSeconds(600)),
                name, org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(k.getPublic().getEncoded()));
        var signer = new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                .setProvider(org.pechatka.crypto.Bc.PROVIDER).build(k.getPrivate());
        byte[] der = builder.build(signer).getEncoded();
        CertificateView v = CertificateView.of(der);
        assertThat(v.keyUsage()).isEmpty();
        assertThat(v.extendedKeyUsage()).isEmpty();
        assertThat(v.policies()).isEmpty();
        assertThat(v.ca()).isFalse();
        assertThat(v.selfSigned()).isTrue();
        assertThat(v.displayName()).isEqualTo("Старый УЦ");
        assertThat(v.serialNumber()).isEqualTo("0A");
    }

    @Test
    void whenKeyUsageExtensionMalformed_thenCertificateException() throws Exception {
        KeyPair k = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        X500Name name = DistinguishedNames.builder().commonName("Bad").build();
        var builder = new org.bouncycastle.cert.X509v3CertificateBuilder(name, BigInteger.TEN,
                java.util.Date.from(Instant.now().minusSeconds(60)), java.util.Date.from(Instant.now().plusSeconds(600)),
                name, org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(k.getPublic().getEncoded()));
        builder.addExtension(org.bouncycastle.asn1.x509.Extension.keyUsage, true,
                new org.bouncycastle.asn1.DERUTF8String("not a bit string"));
        var signer = new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                .setProvider(org.pechatka.crypto.Bc.PROVIDER).build(k.getPrivate());
        byte[] der = builder.build(signer).getEncoded();
        assertThatThrownBy(() -> CertificateView.of(der)).isInstanceOf(CertificateException.class);
    }

    // ---- serial number --------------------------------------------------------------------------

    @Test
    void whenSerialFormatted_thenUpperHexWholeBytesWithoutSignByte() throws Exception {
        assertThat(CertificateView.formatSerial(BigInteger.ONE)).isEqualTo("01");
        assertThat(CertificateView.formatSerial(BigInteger.ZERO)).isEqualTo("00");
        assertThat(CertificateView.formatSerial(new BigInteger("A1B2", 16))).isEqualTo("A1B2");
        assertThat(CertificateView.formatSerial(new BigInteger("123", 16))).isEqualTo("0123");
        assertThat(CertificateView.formatSerial(new BigInteger("80FF", 16))).isEqualTo("80FF");
        assertThat(CertificateView.formatSerial(BigInteger.valueOf(-1))).isEqualTo("FF");
        X509Certificate cert = ca.issue(leafKey.getPublic(), TestSubjects.russianCitizen(),
                b -> b.withSerialNumber(new BigInteger("00C0FFEE01", 16)));
        assertThat(view(cert).serialNumber()).isEqualTo("C0FFEE01");
    }

    // ---- validity -------------------------------------------------------------------------------

    @Test
    void whenAtValidityBoundaries_thenBothEndsInclusive() throws Exception {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant to = Instant.parse("2027-01-01T00:00:00Z");
        CertificateView v = view(ca.issue(leafKey.getPublic(), TestSubjects.russianCitizen(),
                b -> b.withValidity(from, to)));
        assertThat(v.notBefore()).isEqualTo(from);
        assertThat(v.notAfter()).isEqualTo(to);
        assertThat(v.validity(from.minusMillis(1))).isEqualTo(CertificateView.Validity.NOT_YET_VALID);
        assertThat(v.validity(from)).isEqualTo(CertificateView.Validity.VALID);
        assertThat(v.validity(to)).isEqualTo(CertificateView.Validity.VALID);
        assertThat(v.validity(to.plusMillis(1))).isEqualTo(CertificateView.Validity.EXPIRED);
        assertThat(v.validAt(from)).isTrue();
        assertThat(v.validAt(to)).isTrue();
        assertThat(v.validAt(from.minusSeconds(1))).isFalse();
        assertThat(v.validAt(to.plusSeconds(1))).isFalse();
    }

    @Test
    void whenValidityHasSubSecondPrecision_thenTruncatedToSeconds() throws Exception {
        Instant from = Instant.parse("2026-01-01T00:00:00.750Z");
        CertificateView v = view(ca.issue(leafKey.getPublic(), TestSubjects.russianCitizen(),
                b -> b.withValidity(from, from.plus(Duration.ofDays(1)))));
        assertThat(v.notBefore()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    // ---- usages and key -------------------------------------------------------------------------

    @Test
    void whenLeafDefaults_thenKeyUsageAndEkuNames() throws Exception {
        CertificateView v = view(ca.issue(leafKey.getPublic(), TestSubjects.russianCitizen()));
        assertThat(v.keyUsage()).containsExactly("digitalSignature", "nonRepudiation");
        assertThat(v.extendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4");
        assertThat(v.extendedKeyUsageNames()).containsExactly("clientAuth", "emailProtection");
        assertThat(v.hasKeyUsageExtension()).isTrue();
        assertThat(v.allowsKeyUsage("digitalSignature")).isTrue();
        assertThat(v.allowsKeyUsage("keyEncipherment")).isFalse();
        assertThat(v.allowsExtendedKeyUsage("1.3.6.1.5.5.7.3.2")).isTrue();
        assertThat(v.allowsExtendedKeyUsage("1.3.6.1.5.5.7.3.1")).isFalse();
        assertThat(v.ca()).isFalse();
        assertThat(v.selfSigned()).isFalse();
    }

    @Test
    void whenAllKeyUsagesAndUnusualEkus_thenAllNamed() throws Exception {
        int all = KeyUsage.digitalSignature | KeyUsage.nonRepudiation | KeyUsage.keyEncipherment
                | KeyUsage.dataEncipherment | KeyUsage.keyAgreement | KeyUsage.keyCertSign | KeyUsage.cRLSign
                | KeyUsage.encipherOnly | KeyUsage.decipherOnly;
        CertificateView v = view(ca.issue(leafKey.getPublic(), TestSubjects.russianCitizen(), b -> b
                .withKeyUsage(all)
                .withExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth.toOID(), KeyPurposeId.id_kp_codeSigning.toOID(),
                        KeyPurposeId.id_kp_timeStamping.toOID(), KeyPurposeId.id_kp_OCSPSigning.toOID(),
                        new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.2"), new ASN1ObjectIdentifier("1.2.643.2.2.34.6"))));
        assertThat(v.keyUsage()).containsExactlyElementsOf(KeyUsages.KEY_USAGE_NAMES);
        assertThat(v.extendedKeyUsageNames()).containsExactly("serverAuth", "codeSigning", "timeStamping",
                "OCSPSigning", "smartcardLogon", "1.2.643.2.2.34.6");
    }

    @Test
    void whenNoKeyUsageOrEkuExtension_thenEmptyListsButEverythingAllowed() throws Exception {
        CertificateView v = view(ca.issue(leafKey.getPublic(), TestSubjects.russianCitizen(),
                b -> b.withoutKeyUsage().withExtendedKeyUsage()));
        assertThat(v.keyUsage()).isEmpty();
        assertThat(v.extendedKeyUsage()).isEmpty();
        assertThat(v.hasKeyUsageExtension()).isFalse();
        assertThat(v.allowsKeyUsage("digitalSignature")).isTrue();
        assertThat(v.allowsExtendedKeyUsage("1.3.6.1.5.5.7.3.2")).isTrue();
    }

    @Test
    void whenAnyExtendedKeyUsage_thenEveryPurposeAllowed() throws Exception {
        CertificateView v = view(ca.issue(leafKey.getPublic(), TestSubjects.russianCitizen(),
                b -> b.withExtendedKeyUsage(KeyPurposeId.anyExtendedKeyUsage.toOID())));
        assertThat(v.allowsExtendedKeyUsage("1.3.6.1.5.5.7.3.1")).isTrue();
    }

    @Test
    void whenPolicies_thenOidsInOrder() throws Exception {
        CertificateView v = view(ca.issue(leafKey.getPublic(), TestSubjects.russianCitizen(), b -> b.withPolicies(
                new ASN1ObjectIdentifier("1.2.643.100.113.1"), new ASN1ObjectIdentifier("1.2.643.100.113.2"))));
        assertThat(v.policies()).containsExactly("1.2.643.100.113.1", "1.2.643.100.113.2");
    }

    @Test
    void whenCaCertificate_thenCaAndSelfSigned() throws Exception {
        CertificateView v = view(ca.caCertificate());
        assertThat(v.ca()).isTrue();
        assertThat(v.selfSigned()).isTrue();
        assertThat(v.keyUsage()).containsExactly("keyCertSign", "cRLSign");
    }

    @Test
    void whenSubjectEqualsIssuerButSignedByAnotherKey_thenNotSelfSigned() throws Exception {
        X500Name caName = X500Name.getInstance(ca.caCertificate().getSubjectX500Principal().getEncoded());
        X509Certificate sameName = ca.issue(leafKey.getPublic(), caName);
        assertThat(view(sameName).selfSigned()).isFalse();
    }

    @Test
    void whenEcOrRsaKey_thenKeyInfo() throws Exception {
        CertificateView ec = view(ca.issue(leafKey.getPublic(), TestSubjects.russianCitizen()));
        assertThat(ec.key().protocolName()).isEqualTo("EC-P256");
        assertThat(ec.keyDescription()).isEqualTo("EC P-256");
        KeyPair rsa = TestCa.generateKeyPair(TestCa.KeyType.RSA_2048);
        CertificateView r = view(ca.issue(rsa.getPublic(), TestSubjects.russianCitizen()));
        assertThat(r.key().family()).isEqualTo(KeyFamily.RSA);
        assertThat(r.key().bits()).isEqualTo(2048);
        assertThat(r.keyDescription()).isEqualTo("RSA 2048");
    }

    @Test
    void whenKeyAlgorithmUnknown_thenNullKeyAndUnknownDescription() throws Exception {
        KeyPair x25519 = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        CertificateView v = view(ca.issue(x25519.getPublic(), TestSubjects.russianCitizen(),
                b -> b.withKeyUsage(KeyUsage.keyAgreement)));
        assertThat(v.key()).isNull();
        assertThat(v.keyDescription()).isEqualTo("unknown (1.3.101.110)");
        assertThat(v.fullName()).isEqualTo("Иванов Иван Иванович");
    }
}
