package org.pechatka.crypto.stb;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The substitution H of STB 34.101.31 (table 1): a fixed permutation of the 256 octets. belt-block
 * applies it bytewise; belt-hash starts from its first 32 octets; the standards' test inputs are
 * slices of it.
 */
final class BeltH {

    private static final byte[] H = HexFormat.of().parseHex(
            "B194BAC80A08F53B366D008E584A5DE48504FA9D1BB6C7AC252E72C202FDCE0D"
            + "5BE3D61217B96181FE6786AD716B890B5CB0C0FF33C356B835C405AED8E07F99"
            + "E12BDC1AE28257EC703FCCF095EE8DF1C1AB76389FE678CAF7C6F860D5BB9C4F"
            + "F33C657B637C306ADD4EA7799EB23D313E98B56E27D3BCCF591E181F4C5AB793"
            + "E9DEE72C8F0C0FA62DDB49F46F73964706075316ED247A3739CBA38303A98BF6"
            + "92BD9B1CE5D141015445FBC95E4D0EF2682080AA227D642F2687F93490405511"
            + "BE32971343FC9A48A02A885F194B09A17ECDA4D01544AF8CA58450BF66D2E88A"
            + "A2D7465242A8DFB36974C551EB232921D4EFD9B43A622875911410EA776CDA1D");

    private BeltH() {}

    /** {@code H(x)} for an octet {@code x} (the low 8 bits of the argument). */
    static int sub(int x) {
        return H[x & 0xFF] & 0xFF;
    }

    /** The octets {@code H[from..to)}. */
    static byte[] slice(int from, int to) {
        return Arrays.copyOfRange(H, from, to);
    }
}
