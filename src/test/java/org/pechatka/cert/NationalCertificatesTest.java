package org.pechatka.cert;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pechatka.crypto.NationalOids;
import org.pechatka.testing.Vectors;
import org.pechatka.testing.NationalCa;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;

/**
 * bign and GOST certificates and requests checked by {@link Signatures} and {@link TrustAnchors}:
 * signatures verify and fail when changed, chains to the right anchor are trusted and chains that
 * only look right (same names, another key) are not.
 */
class NationalCertificatesTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(NationalCa.Kind.class)
    void whenANationalCaIssues_thenSignaturesAndTheChainVerifyAndALookAlikeCaIsRefused(NationalCa.Kind kind)
            throws Exception {
        NationalCa ca = NationalCa.create(kind, "National Test CA");
        X509Certificate leaf = ca.issue(TestSubjects.belarusCitizen()).certificate();
        if (kind == NationalCa.Kind.BIGN) {
            assertThat(leaf.getSigAlgOID()).isEqualTo(NationalOids.BIGN_WITH_HBELT.getId());
            assertThat(leaf.getSignature()).hasSize(48); // raw S0‖S1, no DER SEQUENCE
        }
        assertThat(Signatures.verifies(ca.certificate(), ca.certificate())).isTrue();
        assertThat(Signatures.verifies(leaf, ca.certificate())).isTrue();
        assertThat(new CertificateViewAccess(ca.certificate()).selfSigned()).isTrue();

        TrustAnchors anchors = new TrustAnchors(List.of(ca.certificate()));
        Instant now = Instant.now();
        assertThat(anchors.chain(leaf, List.of())).containsExactly(ca.certificate());
        assertThat(anchors.trusted(leaf, List.of(), now)).isTrue();
        assertThat(anchors.trusted(leaf, List.of(), now.plus(Duration.ofDays(3 * 365)))).as("expired").isFalse();

        // another CA with the same name and a different key: the chain must not build on names alone
        NationalCa lookAlike = NationalCa.create(kind, "National Test CA");
        assertThat(Signatures.verifies(leaf, lookAlike.certificate())).isFalse();
        assertThat(new TrustAnchors(List.of(lookAlike.certificate())).trusted(leaf, List.of(), now)).isFalse();

        // one changed bit in the signature
        byte[] der = leaf.getEncoded();
        der[der.length - 3] ^= 0x01;
        X509Certificate tampered = TrustAnchors.read(der);
        assertThat(Signatures.verifies(tampered, ca.certificate())).isFalse();
        assertThat(anchors.trusted(tampered, List.of(), now)).isFalse();
    }

    @Test
    void whenAnEndEntityCertificatePretendsToBeTheIssuer_thenItCannotIssue() throws Exception {
        NationalCa ca = NationalCa.create(NationalCa.Kind.BIGN, "Root");
        // a leaf is not a CA: a certificate "issued" under its name is not trusted even if it verifies
        X509Certificate notCa = ca.issue(TestSubjects.belarusCitizen()).certificate();
        assertThat(notCa.getBasicConstraints()).isEqualTo(-1);
        assertThat(new TrustAnchors(List.of(notCa)).trusted(ca.issue(TestSubjects.russianCitizen()).certificate(),
                List.of(), Instant.now())).isFalse();
    }

    @Test
    void whenTheBee2RequestsAreChecked_thenTheyVerifyAndEveryChangedSignatureBitFails() throws Exception {
        byte[] der = Vectors.load("bign_csr.txt").hex("csr_der");
        assertThat(Signatures.verifies(new PKCS10CertificationRequest(der))).isTrue();
        int signatureStart = der.length - 48;
        for (int bit = 0; bit < 48 * 8; bit++) {
            byte[] changed = der.clone();
            changed[signatureStart + bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Signatures.verifies(new PKCS10CertificationRequest(changed))).as("bit %d", bit).isFalse();
        }
    }

    @Test
    void whenAnRsaOrEcCertificateIsChecked_thenTheSameVerifierWorks() throws Exception {
        TestCa ca = TestCa.create("Plain CA");
        X509Certificate leaf = ca.issue(TestCa.generateKeyPair(TestCa.KeyType.EC_P256).getPublic(),
                TestSubjects.russianCitizen());
        assertThat(Signatures.verifies(leaf, ca.caCertificate())).isTrue();
        assertThat(Signatures.verifies(leaf, leaf)).isFalse();
    }

    /** Reads the view's self-signed flag (package access). */
    private record CertificateViewAccess(X509Certificate certificate) {
        boolean selfSigned() throws Exception {
            return CertificateView.of(certificate).selfSigned();
        }
    }
}
