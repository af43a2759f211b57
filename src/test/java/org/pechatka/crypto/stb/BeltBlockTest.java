package org.pechatka.crypto.stb;

import org.pechatka.testing.Vectors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BeltBlockTest {

    private static final Vectors BELT = Vectors.load("belt.txt");

    @Test
    void whenTestA1_thenEncryptionGivesTheCipherTextAndDecryptionTheInput() {
        BeltBlock block = new BeltBlock(BELT.hex("A1_block_key"));

        assertThat(block.encrypt(BELT.hex("A1_block_plain"))).isEqualTo(BELT.hex("A1_block_cipher"));
        assertThat(block.decrypt(BELT.hex("A1_block_cipher"))).isEqualTo(BELT.hex("A1_block_plain"));
    }

    @Test
    void whenTestA4_thenDecryptionGivesThePlainTextAndEncryptionTheInput() {
        BeltBlock block = new BeltBlock(BELT.hex("A4_block_key"));

        assertThat(block.decrypt(BELT.hex("A4_block_cipher"))).isEqualTo(BELT.hex("A4_block_plain"));
        assertThat(block.encrypt(BELT.hex("A4_block_plain"))).isEqualTo(BELT.hex("A4_block_cipher"));
    }

    @Test
    void whenBlockInsideALargerArray_thenOffsetsRespectedAndInPlaceWorks() {
        BeltBlock block = new BeltBlock(BELT.hex("A1_block_key"));
        byte[] buf = new byte[40];
        System.arraycopy(BELT.hex("A1_block_plain"), 0, buf, 7, 16);

        block.encrypt(buf, 7, buf, 7);

        assertThat(Arrays.copyOfRange(buf, 7, 23)).isEqualTo(BELT.hex("A1_block_cipher"));
        assertThat(Arrays.copyOfRange(buf, 0, 7)).containsOnly(0);
        assertThat(Arrays.copyOfRange(buf, 23, 40)).containsOnly(0);
        block.decrypt(buf, 7, buf, 20);
        assertThat(Arrays.copyOfRange(buf, 20, 36)).isEqualTo(BELT.hex("A1_block_plain"));
    }

    @Test
    void whenTheEmbeddedHTable_thenItIsTheVectorFilesTableAndThePermutationTheStandardGenerates() {
        byte[] h = BeltH.slice(0, 256);

        assertThat(h).isEqualTo(Vectors.load("belt_H.txt").hex("beltH"));
        // H[10] = 0, H[11] = 0x8E, H[(11 + x) mod 256] = 0x8E * 0x02^(116 x) in GF(2)[z] / (z^8 + z^7 + z^6 + z + 1)
        byte[] generated = new byte[256];
        generated[11] = (byte) 0x8E;
        for (int x = 12; x < 10 + 256; x++) {
            int t = generated[(x - 1) % 256] & 0xFF;
            for (int i = 0; i < 116; i++) {
                t = t >>> 1 | (Integer.bitCount(t & 0x63) & 1) << 7;
            }
            generated[x % 256] = (byte) t;
        }
        assertThat(h).isEqualTo(generated);
        Set<Byte> distinct = new HashSet<>();
        for (byte b : h) {
            distinct.add(b);
        }
        assertThat(distinct).hasSize(256);
    }

    @Test
    void whenKeyOf16Or24Octets_thenExpandedToTheEquivalent32OctetKey() {
        byte[] k = BELT.hex("A1_block_key");
        byte[] plain = BELT.hex("A1_block_plain");
        byte[] k16 = Arrays.copyOf(k, 16);
        byte[] k16Expanded = Octets.concat(k16, k16);
        byte[] k24 = Arrays.copyOf(k, 24);
        byte[] k24Expanded = Arrays.copyOf(k, 32);
        for (int i = 0; i < 4; i++) {
            k24Expanded[24 + i] = (byte) (k[i] ^ k[4 + i] ^ k[8 + i]);
            k24Expanded[28 + i] = (byte) (k[12 + i] ^ k[16 + i] ^ k[20 + i]);
        }

        assertThat(new BeltBlock(k16).encrypt(plain)).isEqualTo(new BeltBlock(k16Expanded).encrypt(plain));
        assertThat(new BeltBlock(k24).encrypt(plain)).isEqualTo(new BeltBlock(k24Expanded).encrypt(plain))
                .isNotEqualTo(new BeltBlock(Arrays.copyOf(k24, 32)).encrypt(plain));
    }

    @Test
    void whenRandomKeysAndBlocks_thenDecryptionInvertsEncryption() {
        SecureRandom random = new SecureRandom();
        for (int n = 0; n < 200; n++) {
            byte[] key = new byte[new int[] {16, 24, 32}[n % 3]];
            byte[] plain = new byte[16];
            random.nextBytes(key);
            random.nextBytes(plain);
            BeltBlock block = new BeltBlock(key);

            byte[] cipher = block.encrypt(plain);

            assertThat(cipher).isNotEqualTo(plain);
            assertThat(block.decrypt(cipher)).isEqualTo(plain);
        }
    }

    @Test
    void whenWrongLengthsOrDestroyed_thenRejected() {
        assertThatThrownBy(() -> new BeltBlock(new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("31");
        BeltBlock block = new BeltBlock(new byte[32]);
        assertThatThrownBy(() -> block.encrypt(new byte[15])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> block.decrypt(new byte[20], 5, new byte[16], 0))
                .isInstanceOf(IndexOutOfBoundsException.class);

        block.destroy();

        assertThat(block.isDestroyed()).isTrue();
        assertThatThrownBy(() -> block.encrypt(new byte[16])).isInstanceOf(IllegalStateException.class);
    }
}
