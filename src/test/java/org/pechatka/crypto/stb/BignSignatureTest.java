package org.pechatka.crypto.stb;

import org.pechatka.testing.Vectors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BignSignatureTest {

    private static final Vectors BIGN = Vectors.load("bign.txt");
    private static final Vectors EXTRA = Vectors.load("bee2_extra.txt");
    private static final BignCurve C128 = BignCurve.BIGN_CURVE256V1;
    private static final byte[] OID = BIGN.hex("oid_der_belt_hash");

    private static BignPrivateKey d() throws Exception {
        return BignPrivateKey.of(C128, BIGN.hex("G1_privkey_d_le"));
    }

    private static BignPublicKey q() throws Exception {
        return BignPublicKey.of(C128, BIGN.hex("G1_pubkey_Q_xy_le"));
    }

    @Test
    void whenTheTestsMessagesAreHashed_thenTheHashesTheVectorsSign() {
        for (String t : new String[] {"G2", "G3", "G6", "G7"}) {
            assertThat(BeltHash.hash(BIGN.hex(t + "_message"))).as(t).isEqualTo(BIGN.hex(t + "_belt_hash"));
        }
    }

    @Test
    void whenTestsG2AndG3WithTheirOneTimeKeys_thenTheStandardsSignatures() throws Exception {
        for (String t : new String[] {"G2", "G3"}) {
            BigInteger k = Octets.fromLe(BIGN.hex(t + "_rng_output_k_le"));

            byte[] sig = BignSignature.sign(d(), OID, BIGN.hex(t + "_belt_hash"), k);

            assertThat(sig).as(t).isEqualTo(BIGN.hex(t + "_signature_S0S1"));
            assertThat(BignSignature.verify(q(), OID, BIGN.hex(t + "_belt_hash"), sig)).as(t).isTrue();
        }
    }

    @Test
    void whenTestsG6AndG7_thenTheDeterministicOneTimeKeysOfTheStandardAndTheSignatures() throws Exception {
        byte[] t7 = BIGN.hex("G7_t");
        assertThat(t7).isEqualTo(BeltH.slice(192, 192 + 23));

        assertThat(BignSignature.deterministicK(d(), OID, BIGN.hex("G6_belt_hash"), null))
                .isEqualTo(Octets.fromLe(EXTRA.hex("G6_k_le")));
        assertThat(BignSignature.deterministicK(d(), OID, BIGN.hex("G7_belt_hash"), t7))
                .isEqualTo(Octets.fromLe(EXTRA.hex("G7_k_le")));
        assertThat(BignSignature.signDeterministic(d(), OID, BIGN.hex("G6_belt_hash"), null))
                .isEqualTo(BIGN.hex("G6_det_signature_S0S1_t_empty"))
                .isEqualTo(BignSignature.signDeterministic(d(), OID, BIGN.hex("G6_belt_hash"), new byte[0]));
        assertThat(BignSignature.signDeterministic(d(), OID, BIGN.hex("G7_belt_hash"), t7))
                .isEqualTo(BIGN.hex("G7_det_signature_S0S1"));
    }

    @Test
    void whenEveryVectorSignatureIsVerified_thenAccepted() throws Exception {
        for (String[] v : new String[][] {{"G2", "G2_signature_S0S1"}, {"G3", "G3_signature_S0S1"},
                {"G6", "G6_det_signature_S0S1_t_empty"}, {"G7", "G7_det_signature_S0S1"}}) {
            assertThat(BIGN.text(v[0] + "_verify")).isEqualTo("OK");
            assertThat(BignSignature.verify(q(), OID, BIGN.hex(v[0] + "_belt_hash"), BIGN.hex(v[1]))).as(v[0])
                    .isTrue();
        }
    }

    @Test
    void whenAnyOctetOfTheSignatureOrTheHashChanges_thenRejected() throws Exception {
        byte[] hash = BIGN.hex("G2_belt_hash");
        byte[] sig = BIGN.hex("G2_signature_S0S1");
        for (int i = 0; i < sig.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = sig.clone();
                bad[i] ^= (byte) (1 << bit);
                assertThat(BignSignature.verify(q(), OID, hash, bad)).as("signature octet %d bit %d", i, bit).isFalse();
            }
        }
        for (int i = 0; i < hash.length; i++) {
            byte[] bad = hash.clone();
            bad[i] ^= 1;
            assertThat(BignSignature.verify(q(), OID, bad, sig)).as("hash octet %d", i).isFalse();
        }
        byte[] otherOid = OID.clone();
        otherOid[otherOid.length - 1] ^= 1;
        assertThat(BignSignature.verify(q(), otherOid, hash, sig)).isFalse();
    }

    @Test
    void whenTheKeyChanges_thenRejectedOrNoLongerAKey() throws Exception {
        byte[] hash = BIGN.hex("G3_belt_hash");
        byte[] sig = BIGN.hex("G3_signature_S0S1");
        byte[] qxy = BIGN.hex("G1_pubkey_Q_xy_le");
        int stillKeys = 0;
        for (int i = 0; i < qxy.length; i++) {
            byte[] bad = qxy.clone();
            bad[i] ^= 1;
            if (BignPublicKey.isValid(C128, bad)) {
                stillKeys++;
                assertThat(BignSignature.verify(BignPublicKey.of(C128, bad), OID, hash, sig)).isFalse();
            }
        }
        assertThat(stillKeys).as("a flipped bit almost never lands on the curve").isLessThan(3);
        // -Q is a valid key (same x): still rejected
        BignPublicKey minusQ = BignPublicKey.of(C128, q().point().negate());
        assertThat(BignSignature.verify(minusQ, OID, hash, sig)).isFalse();
        BignPublicKey other = BignPrivateKey.generate(C128, new SecureRandom()).publicKey();
        assertThat(BignSignature.verify(other, OID, hash, sig)).isFalse();
    }

    @Test
    void whenS1IsNotBelowQ_thenRejectedBeforeAnyCurveArithmetic() throws Exception {
        byte[] hash = BIGN.hex("G2_belt_hash");
        byte[] sig = BIGN.hex("G2_signature_S0S1");
        byte[] s1IsQ = Octets.concat(Arrays.copyOf(sig, 16), Octets.toLe(C128.q(), 32));
        byte[] s1AllOnes = sig.clone();
        Arrays.fill(s1AllOnes, 16, 48, (byte) 0xFF);

        assertThat(BignSignature.verify(q(), OID, hash, s1IsQ)).isFalse();
        assertThat(BignSignature.verify(q(), OID, hash, s1AllOnes)).isFalse();
    }

    @Test
    void whenTheSignatureHasTheWrongLengthOrAReversedS1_thenRejected() throws Exception {
        byte[] hash = BIGN.hex("G2_belt_hash");
        byte[] sig = BIGN.hex("G2_signature_S0S1");

        assertThat(BignSignature.verify(q(), OID, hash, Arrays.copyOf(sig, 47))).isFalse();
        assertThat(BignSignature.verify(q(), OID, hash, Arrays.copyOf(sig, 49))).isFalse();
        assertThat(BignSignature.verify(q(), OID, hash, new byte[0])).isFalse();
        assertThat(BignSignature.verify(q(), OID, hash, null)).isFalse();
        // S1 written big-endian, as a DER-minded encoder would
        byte[] s1Be = Octets.concat(Arrays.copyOf(sig, 16), BignKeysTest.reverse(Arrays.copyOfRange(sig, 16, 48)));
        assertThat(BignSignature.verify(q(), OID, hash, s1Be)).isFalse();
        // the hash reversed is another hash
        assertThat(BignSignature.verify(q(), OID, BignKeysTest.reverse(hash), sig)).isFalse();
    }

    @Test
    void whenHashLengthOrOidEncodingIsWrong_thenACallerError() throws Exception {
        byte[] sig = BIGN.hex("G2_signature_S0S1");
        byte[] hash = BIGN.hex("G2_belt_hash");
        assertThatThrownBy(() -> BignSignature.verify(q(), OID, Arrays.copyOf(hash, 31), sig))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
        assertThatThrownBy(() -> BignSignature.sign(d(), OID, new byte[48], new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
        HexFormat hex = HexFormat.of();
        for (String notAnOid : new String[] {"0500", "06092A7000020022651F", "06092A7000020022651F5100", "",
                "2A7000020022651F51", "0C03616263"}) {
            assertThatThrownBy(() -> BignSignature.verify(q(), hex.parseHex(notAnOid), hash, sig)).as(notAnOid)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> BignSignature.sign(d(), OID, hash, BigInteger.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BignSignature.sign(d(), OID, hash, C128.q()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenSigningAtEveryLevelWithRandomKeys_thenVerifiedAndTamperingDetected() throws Exception {
        SecureRandom random = new SecureRandom();
        for (BignCurve c : BignCurve.values()) {
            BignPrivateKey d = BignPrivateKey.generate(c, random);
            BignPublicKey q = d.publicKey();
            byte[] hash = new byte[c.hashLength()];
            random.nextBytes(hash);

            byte[] sig = BignSignature.sign(d, OID, hash, random);
            byte[] again = BignSignature.sign(d, OID, hash, random);
            byte[] det = BignSignature.signDeterministic(d, OID, hash, null);
            byte[] detWithT = BignSignature.signDeterministic(d, OID, hash, new byte[] {1});

            assertThat(sig).as(c.toString()).hasSize(c.signatureLength()).isNotEqualTo(again);
            assertThat(det).isEqualTo(BignSignature.signDeterministic(d, OID, hash, null)).isNotEqualTo(detWithT);
            for (byte[] s : new byte[][] {sig, again, det, detWithT}) {
                assertThat(BignSignature.verify(q, OID, hash, s)).as(c.toString()).isTrue();
                byte[] bad = s.clone();
                bad[random.nextInt(bad.length)] ^= 0x40;
                assertThat(BignSignature.verify(q, OID, hash, bad)).as(c.toString()).isFalse();
            }
            byte[] otherHash = hash.clone();
            otherHash[0] ^= 1;
            assertThat(BignSignature.verify(q, OID, otherHash, sig)).isFalse();
        }
    }
}
