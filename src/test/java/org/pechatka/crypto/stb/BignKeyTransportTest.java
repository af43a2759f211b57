package org.pechatka.crypto.stb;

import org.pechatka.testing.Vectors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

class BignKeyTransportTest {

    private static final Vectors BIGN = Vectors.load("bign.txt");
    private static final BignCurve C128 = BignCurve.BIGN_CURVE256V1;

    private static BignPrivateKey d() throws Exception {
        return BignPrivateKey.of(C128, BIGN.hex("G1_privkey_d_le"));
    }

    private static BignPublicKey q() throws Exception {
        return BignPublicKey.of(C128, BIGN.hex("G1_pubkey_Q_xy_le"));
    }

    @Test
    void whenTestsG4AndG5WithTheirOneTimeKeys_thenTheStandardsTokensAndTheKeysBack() throws Exception {
        for (String t : new String[] {"G4", "G5"}) {
            byte[] key = BIGN.hex(t + "_key");
            byte[] header = BIGN.hex(t + "_header");

            byte[] token = BignKeyTransport.wrap(q(), key, header, Octets.fromLe(BIGN.hex(t + "_rng_output_k_le")));

            assertThat(token).as(t).isEqualTo(BIGN.hex(t + "_token")).hasSize(32 + key.length + 16);
            assertThat(BignKeyTransport.unwrap(d(), token, header)).as(t).isEqualTo(key);
        }
        assertThat(BIGN.hex("G4_key")).hasSize(18);
    }

    @Test
    void whenAnyOctetOfTheTokenChanges_thenUnwrapFails() throws Exception {
        byte[] token = BIGN.hex("G4_token");
        byte[] header = BIGN.hex("G4_header");
        for (int i = 0; i < token.length; i++) {
            byte[] bad = token.clone();
            bad[i] ^= 1;
            assertThatThrownBy(() -> BignKeyTransport.unwrap(d(), bad, header)).as("octet %d", i)
                    .isInstanceOf(AEADBadTagException.class);
        }
    }

    @Test
    void whenAnotherHeaderOrRecipientOrAMalformedToken_thenUnwrapFails() throws Exception {
        byte[] token = BIGN.hex("G5_token");
        byte[] header = BIGN.hex("G5_header");
        BignPrivateKey stranger = BignPrivateKey.generate(C128, new SecureRandom());

        assertThatThrownBy(() -> BignKeyTransport.unwrap(d(), token, null)).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> BignKeyTransport.unwrap(stranger, token, header))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> BignKeyTransport.unwrap(d(), Arrays.copyOf(token, 63), header))
                .isInstanceOf(AEADBadTagException.class).hasMessageContaining("64");
        byte[] xIsP = token.clone();
        System.arraycopy(Octets.toLe(C128.p(), 32), 0, xIsP, 0, 32);
        assertThatThrownBy(() -> BignKeyTransport.unwrap(d(), xIsP, header)).isInstanceOf(AEADBadTagException.class)
                .hasMessageContaining("below p");
        // about half of all x are not abscissas of a curve point: take the first one
        int x = 1;
        while (hasPoint(x)) {
            x++;
        }
        byte[] notOnCurve = token.clone();
        System.arraycopy(Octets.toLe(BigInteger.valueOf(x), 32), 0, notOnCurve, 0, 32);
        assertThatThrownBy(() -> BignKeyTransport.unwrap(d(), notOnCurve, header))
                .isInstanceOf(AEADBadTagException.class).hasMessageContaining("curve point");
    }

    @Test
    void whenTransportingAtEveryLevel_thenTheRecipientGetsTheKeyBack() throws Exception {
        SecureRandom random = new SecureRandom();
        for (BignCurve c : BignCurve.values()) {
            BignPrivateKey d = BignPrivateKey.generate(c, random);
            for (int length : new int[] {16, 32, 33}) {
                byte[] key = new byte[length];
                random.nextBytes(key);
                byte[] header = new byte[16];
                random.nextBytes(header);

                byte[] token = BignKeyTransport.wrap(d.publicKey(), key, header, random);
                byte[] plain = BignKeyTransport.wrap(d.publicKey(), key, null, random);

                assertThat(token).hasSize(c.fieldLength() + length + 16);
                assertThat(BignKeyTransport.unwrap(d, token, header)).as("%s %d", c, length).isEqualTo(key);
                assertThat(BignKeyTransport.unwrap(d, plain, new byte[16])).isEqualTo(key);
            }
        }
        assertThatThrownBy(() -> BignKeyTransport.wrap(q(), new byte[15], null, random))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Whether x³ + ax + b is a square modulo p (Euler's criterion). */
    private static boolean hasPoint(int x) {
        BigInteger bx = BigInteger.valueOf(x);
        BigInteger rhs = bx.pow(3).add(C128.a().multiply(bx)).add(C128.b()).mod(C128.p());
        return rhs.modPow(C128.p().subtract(BigInteger.ONE).shiftRight(1), C128.p()).equals(BigInteger.ONE);
    }
}
