package org.pechatka.crypto.stb;

import org.pechatka.testing.Vectors;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BeltHashTest {

    private static final Vectors BELT = Vectors.load("belt.txt");
    private static final String[] A23 = {"A23_1", "A23_2", "A23_3"};

    @Test
    void whenTestsA23_thenTheStandardsHashes() {
        for (String t : A23) {
            assertThat(BeltHash.hash(BELT.hex(t + "_msg"))).as(t).isEqualTo(BELT.hex(t + "_belt_hash"));
        }
        // 13 octets (one partial block), 32 (one whole block), 48 (one whole and one partial)
        assertThat(Arrays.stream(A23).map(t -> BELT.hex(t + "_msg").length)).containsExactly(13, 32, 48);
    }

    @Test
    void whenTheMessageArrivesInTwoPiecesAtEverySplitOrOctetByOctet_thenTheSameHash() {
        for (String t : A23) {
            byte[] msg = BELT.hex(t + "_msg");
            byte[] expected = BELT.hex(t + "_belt_hash");
            for (int split = 0; split <= msg.length; split++) {
                BeltHash h = new BeltHash();
                h.update(msg, 0, split);
                h.update(msg, split, msg.length - split);
                assertThat(h.digest()).as("%s split at %d", t, split).isEqualTo(expected);
            }
            BeltHash h = new BeltHash();
            for (byte b : msg) {
                h.update(b);
            }
            assertThat(h.digest()).as(t).isEqualTo(expected);
        }
    }

    @Test
    void whenDigested_thenTheStateIsResetAndACloneContinuesIndependently() throws Exception {
        byte[] msg = BELT.hex("A23_3_msg");
        BeltHash h = new BeltHash();
        h.update(msg, 0, 11);
        MessageDigest copy = h.clone();

        assertThat(h.digest()).isEqualTo(BeltHash.hash(Arrays.copyOf(msg, 11)));
        h.update(BELT.hex("A23_1_msg"));
        assertThat(h.digest()).isEqualTo(BELT.hex("A23_1_belt_hash"));
        copy.update(msg, 11, msg.length - 11);
        assertThat(copy.digest()).isEqualTo(BELT.hex("A23_3_belt_hash"));

        h.update(new byte[100]);
        h.reset();
        h.update(BELT.hex("A23_2_msg"));
        assertThat(h.digest()).isEqualTo(BELT.hex("A23_2_belt_hash"));
    }

    @Test
    void whenUsedAsAMessageDigest_thenLengthAndNameAndOffsetsBehaveAsTheJcaContract() throws Exception {
        MessageDigest md = new BeltHash();
        byte[] msg = BELT.hex("A23_3_msg");
        byte[] framed = Octets.concat(new byte[5], msg, new byte[3]);

        assertThat(md.getDigestLength()).isEqualTo(32);
        assertThat(md.getAlgorithm()).isEqualTo("belt-hash");
        md.update(framed, 5, msg.length);
        byte[] out = new byte[40];
        assertThat(md.digest(out, 8, 32)).isEqualTo(32);
        assertThat(Arrays.copyOfRange(out, 8, 40)).isEqualTo(BELT.hex("A23_3_belt_hash"));
        assertThat(BeltHash.hash(framed, 5, msg.length)).isEqualTo(BELT.hex("A23_3_belt_hash"));
    }

    @Test
    void whenTheOidIsEncoded_thenTheDerThatBignSigns() {
        assertThat(BeltHash.oidDer()).isEqualTo(Vectors.load("bign.txt").hex("oid_der_belt_hash"));
        assertThat(BeltHash.OID.getId()).isEqualTo("1.2.112.0.2.0.34.101.31.81");
        BeltHash.oidDer()[0] = 0;
        assertThat(BeltHash.oidDer()[0]).isEqualTo((byte) 0x06);
    }

    @Test
    void whenTestA8_thenBeltCompressGivesSAndY() {
        Vectors extra = Vectors.load("bee2_extra.txt");
        int[] x = words(extra.hex("A8_compr_X"));
        int[] h = words(extra.hex("A8_compr_h"));
        int[] s = new int[4];

        new BeltCompress().compress(x, 0, h, s);

        assertThat(h).isEqualTo(words(extra.hex("A8_compr_Y")));
        assertThat(s).isEqualTo(words(extra.hex("A8_compr_S")));
    }

    private static int[] words(byte[] b) {
        int[] w = new int[b.length / 4];
        for (int i = 0; i < w.length; i++) {
            w[i] = Octets.getIntLe(b, 4 * i);
        }
        return w;
    }
}
