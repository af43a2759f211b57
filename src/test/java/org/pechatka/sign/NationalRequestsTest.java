package org.pechatka.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pechatka.cert.CertificateRequests;
import org.pechatka.cert.DistinguishedNames;
import org.pechatka.cert.Signatures;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.NationalOids;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.token.KeyRef;
import org.pechatka.token.PinSource;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenSession;
import org.pechatka.token.file.KeyFileProvider;
import org.pechatka.token.file.Pkcs12Writer;
import org.pechatka.testing.NationalCa;
import org.pechatka.testing.TestSubjects;

/**
 * PKCS#10 requests with bign and GOST keys signed through a token session (here a key file), with
 * the Belarus profile's challengePassword and subject order, checked by Pechatka's verifier.
 */
class NationalRequestsTest {

    private static final char[] PASSWORD = "пароль".toCharArray();

    @TempDir
    static Path dir;

    private static KeyFileProvider provider;
    private static List<NationalCa.Leaf> leaves;

    @BeforeAll
    static void keyFile() throws Exception {
        leaves = List.of(NationalCa.create(NationalCa.Kind.BIGN, "b").issue(TestSubjects.belarusCitizen()),
                NationalCa.create(NationalCa.Kind.GOST_256, "g").issue(TestSubjects.russianCitizen()),
                NationalCa.create(NationalCa.Kind.GOST_512, "g5").issue(TestSubjects.russianDirector()));
        Path file = dir.resolve("keys.p12");
        Files.write(file, Pkcs12Writer.write(leaves.stream().map(l -> new Pkcs12Writer.Entry(
                l.certificate().getSubjectX500Principal().getName(), l.privateKey(), l.certificate())).toList(),
                List.of(), PASSWORD));
        provider = new KeyFileProvider(List.of(file), null, Duration.ofSeconds(1));
    }

    @AfterAll
    static void close() {
        provider.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(NationalCa.Kind.class)
    void whenARequestIsSignedOnTheToken_thenItVerifiesAndCarriesTheChallengeAsUtf8(NationalCa.Kind kind)
            throws Exception {
        NationalCa.Leaf leaf = leaves.get(kind.ordinal());
        String challenge = CertificateRequests.belarusChallenge(new byte[] {(byte) 0xAB, 0x01, 0x7F}, "Перавыпуск");
        assertThat(challenge).isEqualTo("/EPWD:AB017F/INFO:Перавыпуск");
        PKCS10CertificationRequest request;
        try (TokenSession s = provider.tokens().get(0).open(PinSource.fixed(PASSWORD), TokenSession.Access.READ_ONLY)) {
            KeyRef key = s.certificates().stream().filter(c -> c.certificate().equals(leaf.certificate()))
                    .map(TokenCertificate::keyRef).findFirst().orElseThrow();
            SignatureAlgorithm alg = SignatureAlgorithms.defaultFor(KeyInfo.of(key.publicKey())).orElseThrow();
            request = CertificateRequests.build(CertificateRequests.belarusOrder(TestSubjects.belarusCitizen()),
                    key.publicKey(), challenge, null, new TokenContentSigner(s, key, alg));
        }
        assertThat(Signatures.verifies(request)).isTrue();
        if (kind == NationalCa.Kind.BIGN) {
            assertThat(request.getSignatureAlgorithm()).isEqualTo(SignatureAlgorithms.BIGN_HBELT.x509Id());
            assertThat(request.getSignature()).hasSize(48);
            assertThat(request.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm())
                    .isEqualTo(NationalOids.BIGN_PUBKEY);
        }
        Attribute[] attrs = request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_challengePassword);
        assertThat(attrs).hasSize(1);
        assertThat(attrs[0].getAttrValues().getObjectAt(0)).isInstanceOf(DERUTF8String.class)
                .hasToString(challenge);
        // changing one bit of the signature breaks it
        byte[] der = request.getEncoded();
        der[der.length - 2] ^= 0x10;
        assertThat(Signatures.verifies(new PKCS10CertificationRequest(der))).isFalse();
    }

    @Test
    void whenOrderedForBelarus_thenTheStbSequenceAndOtherAttributesAfterIt() {
        X500Name scrambled = DistinguishedNames.builder().country("BY").locality("Мінск").serialNumber("PNOBY-1")
                .givenName("АЛЕСЬ").surname("ЛАБАДЗЕНКА").commonName("ALES LABADZENKA").email("a@example.by").build();
        List<ASN1ObjectIdentifier> order = List.of(CertificateRequests.belarusOrder(scrambled).getRDNs()).stream()
                .map(RDN::getFirst).map(a -> a.getType()).toList();
        assertThat(order).containsExactly(BCStyle.CN, BCStyle.SURNAME, BCStyle.GIVENNAME, BCStyle.SERIALNUMBER,
                BCStyle.C, BCStyle.L, BCStyle.EmailAddress);
    }

    @Test
    void whenTheChallengeCannotBeWritten_thenRefused() {
        assertThatThrownBy(() -> CertificateRequests.belarusChallenge(new byte[0], "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateRequests.belarusChallenge(new byte[] {1}, "a/b"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
