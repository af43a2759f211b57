package org.pechatka.crypto.stb;

import org.pechatka.testing.Vectors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** BignPrivateKey and BignPublicKey. */
class BignKeysTest {

    private static final Vectors BIGN = Vectors.load("bign.txt");
    private static final BignCurve C128 = BignCurve.BIGN_CURVE256V1;

    @Test
    void whenTestG1_thenThePublicKeyOfThePrivateKey() throws Exception {
        BignPrivateKey d = BignPrivateKey.of(C128, BIGN.hex("G1_privkey_d_le"));

        assertThat(d.publicKey().encoded()).isEqualTo(BIGN.hex("G1_pubkey_Q_xy_le"));
        assertThat(d.publicKey()).isEqualTo(BignPublicKey.of(C128, BIGN.hex("G1_pubkey_Q_xy_le")));
        assertThat(d.encoded()).isEqualTo(BIGN.hex("G1_privkey_d_le"));
    }

    @Test
    void whenTheVectorKeyIsReadBigEndian_thenItIsNotTheStandardsKey() throws Exception {
        byte[] dLe = BIGN.hex("G1_privkey_d_le");
        byte[] qxy = BIGN.hex("G1_pubkey_Q_xy_le");
        byte[] reversed = reverse(dLe);
        assertThat(reversed).isEqualTo(BIGN.hex("G1_privkey_d_be"));

        // the trap: Java's BigInteger is big-endian, so the octets as given are the wrong number
        BigInteger wrong = new BigInteger(1, dLe);
        assertThat(C128.g().multiply(wrong).normalize().getAffineXCoord().toBigInteger())
                .isNotEqualTo(new BigInteger(1, BIGN.hex("G1_pubkey_Qx_be")));
        assertThat(BignPrivateKey.of(C128, reversed).publicKey().encoded()).isNotEqualTo(qxy);
        // reversed first, the same octets give Q, whose coordinates are the reversed halves of x‖y
        var q = C128.g().multiply(new BigInteger(1, reversed)).normalize();
        assertThat(q.getAffineXCoord().toBigInteger()).isEqualTo(new BigInteger(1, BIGN.hex("G1_pubkey_Qx_be")));
        assertThat(q.getAffineYCoord().toBigInteger()).isEqualTo(new BigInteger(1, BIGN.hex("G1_pubkey_Qy_be")));
        assertThat(reverse(Arrays.copyOf(qxy, 32))).isEqualTo(BIGN.hex("G1_pubkey_Qx_be"));
        // a public key given as big-endian coordinates is not even on the curve
        byte[] beXy = Octets.concat(BIGN.hex("G1_pubkey_Qx_be"), BIGN.hex("G1_pubkey_Qy_be"));
        assertThat(BignPublicKey.isValid(C128, beXy)).isFalse();
    }

    @Test
    void whenThePrivateKeyIsOne_thenThePublicKeyIsG() throws Exception {
        byte[] one = new byte[32];
        one[0] = 1;

        byte[] q = BignPrivateKey.of(C128, one).publicKey().encoded();

        assertThat(Arrays.copyOf(q, 32)).containsOnly(0);
        assertThat(Octets.fromLe(q, 32, 32)).isEqualTo(C128.g().getAffineYCoord().toBigInteger());
    }

    @Test
    void whenPublicKeyMalformed_thenRejectedWithTheReason() throws Exception {
        byte[] q = BIGN.hex("G1_pubkey_Q_xy_le");
        assertThat(BignPublicKey.isValid(C128, q)).isTrue();

        assertThatThrownBy(() -> BignPublicKey.of(C128, Arrays.copyOf(q, 63))).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("64").hasMessageContaining("63");
        assertThatThrownBy(() -> BignPublicKey.of(C128, Arrays.copyOf(q, 65))).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> BignPublicKey.of(BignCurve.BIGN_CURVE384V1, q))
                .isInstanceOf(InvalidKeyException.class);
        byte[] offCurve = q.clone();
        offCurve[40] ^= 1;
        assertThatThrownBy(() -> BignPublicKey.of(C128, offCurve)).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("not a point");
        assertThat(BignPublicKey.isValid(C128, new byte[64])).isFalse();
        // (p, yG) satisfies the curve equation modulo p, as G = (0, yG) does: only the range check refuses it
        byte[] xIsP = Octets.concat(Octets.toLe(C128.p(), 32),
                Octets.toLe(C128.g().getAffineYCoord().toBigInteger(), 32));
        assertThatThrownBy(() -> BignPublicKey.of(C128, xIsP)).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("below p");
    }

    @Test
    void whenPrivateKeyOutOfRangeOrOfTheWrongLength_thenRejected() throws Exception {
        int n = C128.privateKeyLength();
        assertThatThrownBy(() -> BignPrivateKey.of(C128, new byte[n])).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> BignPrivateKey.of(C128, Octets.toLe(C128.q(), n)))
                .isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> BignPrivateKey.of(C128, new byte[31])).isInstanceOf(InvalidKeyException.class);
        BignPrivateKey max = BignPrivateKey.of(C128, Octets.toLe(C128.q().subtract(BigInteger.ONE), n));
        assertThat(max.publicKey().point()).isEqualTo(C128.g().negate().normalize());
    }

    @Test
    void whenKeysGeneratedAtEveryLevel_thenInRangeAndThePublicKeyIsValid() throws Exception {
        SecureRandom random = new SecureRandom();
        for (BignCurve c : BignCurve.values()) {
            BignPrivateKey d = BignPrivateKey.generate(c, random);
            BignPrivateKey other = BignPrivateKey.generate(c, random);

            assertThat(d.encoded()).hasSize(c.privateKeyLength()).isNotEqualTo(other.encoded());
            assertThat(BignPrivateKey.of(c, d.encoded()).publicKey()).isEqualTo(d.publicKey());
            assertThat(BignPublicKey.of(c, d.publicKey().encoded())).isEqualTo(d.publicKey());
            assertThat(d.publicKey().encoded()).hasSize(c.publicKeyLength());
            assertThat(d.publicKey().point()).isEqualTo(c.g().multiply(d.d()).normalize());
        }
    }

    @Test
    void whenPrivateKeyDestroyed_thenItsOctetsAreGoneAndItIsUnusable() throws Exception {
        BignPrivateKey d = BignPrivateKey.of(C128, BIGN.hex("G1_privkey_d_le"));
        d.destroy();

        assertThat(d.isDestroyed()).isTrue();
        assertThat(d.toString()).contains("destroyed").doesNotContain("1F66");
        assertThatThrownBy(d::encoded).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(d::publicKey).isInstanceOf(IllegalStateException.class);
    }

    static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }
}
