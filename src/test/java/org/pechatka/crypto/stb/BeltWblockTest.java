package org.pechatka.crypto.stb;

import org.pechatka.testing.Vectors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

/** belt-wblock and belt-kwp. */
class BeltWblockTest {

    private static final Vectors BELT = Vectors.load("belt.txt");
    private static final Vectors EXTRA = Vectors.load("bee2_extra.txt");

    @Test
    void whenTestsA6_thenEncryptionGivesTheCipherTextsForWholeAndPartialLastBlocks() {
        for (String t : new String[] {"A6_1", "A6_2"}) {
            BeltWblock wblock = new BeltWblock(EXTRA.hex(t + "_wbl_key"));

            byte[] cipher = wblock.encrypt(EXTRA.hex(t + "_wbl_plain"));

            assertThat(cipher).as(t).isEqualTo(EXTRA.hex(t + "_wbl_cipher"));
            assertThat(wblock.decrypt(cipher)).as(t).isEqualTo(EXTRA.hex(t + "_wbl_plain"));
        }
        assertThat(EXTRA.hex("A6_2_wbl_plain")).hasSize(47);
    }

    @Test
    void whenTestsA7_thenDecryptionGivesThePlainTexts() {
        for (String t : new String[] {"A7_1", "A7_2"}) {
            BeltWblock wblock = new BeltWblock(EXTRA.hex(t + "_wbl_key"));

            byte[] plain = wblock.decrypt(EXTRA.hex(t + "_wbl_cipher"));

            assertThat(plain).as(t).isEqualTo(EXTRA.hex(t + "_wbl_plain"));
            assertThat(wblock.encrypt(plain)).as(t).isEqualTo(EXTRA.hex(t + "_wbl_cipher"));
        }
        assertThat(EXTRA.hex("A7_2_wbl_cipher")).hasSize(36);
    }

    @Test
    void whenEveryLengthFrom32To130_thenDecryptionInvertsEncryptionAndTheInputIsUntouched() {
        byte[] h = BeltH.slice(0, 256);
        BeltWblock wblock = new BeltWblock(BeltH.slice(128, 160));
        for (int len = 32; len <= 130; len++) {
            byte[] x = Arrays.copyOf(h, len);

            byte[] y = wblock.encrypt(x);

            assertThat(x).isEqualTo(Arrays.copyOf(h, len));
            assertThat(y).hasSize(len).isNotEqualTo(x);
            assertThat(wblock.decrypt(y)).as("length %d", len).isEqualTo(x);
        }
    }

    @Test
    void whenShorterThan32Octets_thenRejected() {
        BeltWblock wblock = new BeltWblock(new byte[32]);
        assertThatThrownBy(() -> wblock.encrypt(new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("31");
        assertThatThrownBy(() -> wblock.decrypt(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenTestA21_thenKwpWrapGivesTheToken() throws Exception {
        byte[] y = BeltKwp.wrap(BELT.hex("A21_kwp_key"), BELT.hex("A21_kwp_X"), BELT.hex("A21_kwp_I_header"));

        assertThat(y).isEqualTo(BELT.hex("A21_kwp_Y"));
        assertThat(BeltKwp.unwrap(BELT.hex("A21_kwp_key"), y, BELT.hex("A21_kwp_I_header")))
                .isEqualTo(BELT.hex("A21_kwp_X"));
    }

    @Test
    void whenTestA22_thenKwpUnwrapGivesTheKeyUnderTheDecryptedHeader() throws Exception {
        byte[] x = BeltKwp.unwrap(EXTRA.hex("A22_kwp_key"), EXTRA.hex("A22_kwp_Y"), EXTRA.hex("A22_kwp_I_header"));

        assertThat(x).isEqualTo(EXTRA.hex("A22_kwp_X"));
    }

    @Test
    void whenTestE5_thenKwpOfThePrivateKeyUnderThePbkdf2KeyWithZeroHeader() throws Exception {
        byte[] y = BeltKwp.wrap(EXTRA.hex("E5_kwp_key"), EXTRA.hex("E5_kwp_X"), null);

        assertThat(y).isEqualTo(EXTRA.hex("E5_kwp_Y"));
        assertThat(BeltKwp.unwrap(EXTRA.hex("E5_kwp_key"), y, new byte[16])).isEqualTo(EXTRA.hex("E5_kwp_X"));
    }

    @Test
    void whenAnyOctetOfTheTokenOrTheKeyOrTheHeaderChanges_thenUnwrapFails() throws Exception {
        byte[] key = BELT.hex("A21_kwp_key");
        byte[] header = BELT.hex("A21_kwp_I_header");
        byte[] y = BELT.hex("A21_kwp_Y");
        for (int i = 0; i < y.length; i++) {
            byte[] bad = y.clone();
            bad[i] ^= 0x01;
            assertThatThrownBy(() -> BeltKwp.unwrap(key, bad, header)).as("octet %d", i)
                    .isInstanceOf(AEADBadTagException.class);
        }
        byte[] otherKey = key.clone();
        otherKey[31] ^= (byte) 0x80;
        assertThatThrownBy(() -> BeltKwp.unwrap(otherKey, y, header)).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> BeltKwp.unwrap(key, y, null)).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> BeltKwp.unwrap(key, Arrays.copyOf(y, 31), header))
                .isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void whenKwpArgumentsHaveWrongLengths_thenRejected() {
        assertThatThrownBy(() -> BeltKwp.wrap(new byte[32], new byte[15], null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BeltKwp.wrap(new byte[32], new byte[16], new byte[15]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BeltKwp.wrap(new byte[20], new byte[16], null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
