package org.pechatka.crypto.stb;

import org.pechatka.testing.Vectors;
import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;
import org.pechatka.crypto.NationalOids;

/** Real bign-with-hbelt PKCS#10 requests made by bee2 verify with this implementation. */
class BignCsrTest {

    private static final Vectors CSR = Vectors.load("bign_csr.txt");

    @Test
    void whenBee2sZedRequestIsChecked_thenItsPartsAreTheVectorsAndTheSignatureVerifies() throws Exception {
        CertificationRequest csr = CertificationRequest.getInstance(CSR.hex("csr_der"));
        byte[] tbs = csr.getCertificationRequestInfo().getEncoded(ASN1Encoding.DER);
        BignPublicKey key = BignAsn1.publicKey(csr.getCertificationRequestInfo().getSubjectPublicKeyInfo());
        byte[] signature = csr.getSignature().getOctets();

        assertThat(tbs).isEqualTo(CSR.hex("csr_info_der"));
        assertThat(BeltHash.hash(tbs)).isEqualTo(CSR.hex("csr_info_belt_hash"));
        assertThat(key.encoded()).isEqualTo(CSR.hex("csr_pubkey_xy_le"));
        assertThat(csr.getSignatureAlgorithm())
                .isEqualTo(new AlgorithmIdentifier(NationalOids.BIGN_WITH_HBELT, DERNull.INSTANCE));
        assertThat(signature).isEqualTo(CSR.hex("csr_signature_S0S1"));
        assertThat(BignSignature.verify(key, BeltHash.oidDer(), BeltHash.hash(tbs), signature)).isTrue();
        // its key is d = 1
        assertThat(BignPrivateKey.of(key.curve(), CSR.hex("csr_privkey_d_le")).publicKey()).isEqualTo(key);
    }

    @Test
    void whenAnyBitOfTheZedSignatureChanges_thenRejected() throws Exception {
        assertEveryBitFlipRejected(CSR.hex("csr_der"));
    }

    @Test
    void whenBee2sBpkiTestRequestIsChecked_thenTheSignatureVerifiesAndNoFlippedBitDoes() throws Exception {
        byte[] der = Vectors.load("bee2_extra.txt").hex("bpki_csr_der");
        CertificationRequest csr = CertificationRequest.getInstance(der);
        BignPublicKey key = BignAsn1.publicKey(csr.getCertificationRequestInfo().getSubjectPublicKeyInfo());
        byte[] hash = BeltHash.hash(csr.getCertificationRequestInfo().getEncoded(ASN1Encoding.DER));

        assertThat(BignSignature.verify(key, BeltHash.oidDer(), hash, csr.getSignature().getOctets())).isTrue();
        assertEveryBitFlipRejected(der);
    }

    @Test
    void whenTheZedRequestIsSignedAgainWithItsKey_thenTheNewSignatureVerifiesToo() throws Exception {
        CertificationRequest csr = CertificationRequest.getInstance(CSR.hex("csr_der"));
        BignPrivateKey d = BignPrivateKey.of(BignCurve.BIGN_CURVE256V1, CSR.hex("csr_privkey_d_le"));
        byte[] hash = CSR.hex("csr_info_belt_hash");

        byte[] signature = BignSignature.signDeterministic(d, BeltHash.oidDer(), hash, null);

        assertThat(signature).isNotEqualTo(csr.getSignature().getOctets());
        assertThat(BignSignature.verify(d.publicKey(), BeltHash.oidDer(), hash, signature)).isTrue();
    }

    private static void assertEveryBitFlipRejected(byte[] der) throws Exception {
        CertificationRequest csr = CertificationRequest.getInstance(der);
        BignPublicKey key = BignAsn1.publicKey(csr.getCertificationRequestInfo().getSubjectPublicKeyInfo());
        byte[] hash = BeltHash.hash(csr.getCertificationRequestInfo().getEncoded(ASN1Encoding.DER));
        byte[] signature = csr.getSignature().getOctets();
        assertThat(signature).hasSize(48);
        for (int i = 0; i < signature.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = signature.clone();
                bad[i] ^= (byte) (1 << bit);
                assertThat(BignSignature.verify(key, BeltHash.oidDer(), hash, bad)).as("octet %d bit %d", i, bit)
                        .isFalse();
            }
        }
    }
}
