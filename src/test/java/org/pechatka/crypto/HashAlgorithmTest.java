package org.pechatka.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;
import org.pechatka.testing.Vectors;

class HashAlgorithmTest {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * The DigestInfo prefixes: SHA-2 from RFC 8017 section 9.2 note 1; SHA-3 built the same way
     * from the NIST OIDs 2.16.840.1.101.3.4.2.8–10 (the prefixes the JDK's SHA3-*withRSA use).
     */
    private static final Map<HashAlgorithm, String> DIGEST_INFO_PREFIX = Map.of(
            HashAlgorithm.SHA_256, "3031300d060960864801650304020105000420",
            HashAlgorithm.SHA_384, "3041300d060960864801650304020205000430",
            HashAlgorithm.SHA_512, "3051300d060960864801650304020305000440",
            HashAlgorithm.SHA3_256, "3031300d060960864801650304020805000420",
            HashAlgorithm.SHA3_384, "3041300d060960864801650304020905000430",
            HashAlgorithm.SHA3_512, "3051300d060960864801650304020a05000440");

    @Test
    void whenProtocolNamesListed_thenExactlyAsProtocolMdSpellsThem() {
        assertThat(Arrays.stream(HashAlgorithm.values()).map(HashAlgorithm::protocolName)).containsExactly(
                "SHA-256", "SHA-384", "SHA-512", "SHA3-256", "SHA3-384", "SHA3-512", "BELT-HASH", "STREEBOG-256",
                "STREEBOG-512");
        for (HashAlgorithm h : HashAlgorithm.values()) {
            assertThat(HashAlgorithm.byProtocolName(h.protocolName())).contains(h);
            assertThat(HashAlgorithm.byOid(h.oid())).contains(h);
        }
    }

    @Test
    void whenNameSpelledOtherwise_thenNotFound() {
        assertThat(HashAlgorithm.byProtocolName("sha-256")).isEmpty();
        assertThat(HashAlgorithm.byProtocolName("SHA256")).isEmpty();
        assertThat(HashAlgorithm.byProtocolName("SHA_256")).isEmpty();
        assertThat(HashAlgorithm.byProtocolName("Streebog-256")).isEmpty();
        assertThat(HashAlgorithm.byProtocolName("")).isEmpty();
    }

    @Test
    void whenLengthsAsked_thenOutputBytesOfEachHash() throws Exception {
        Map<HashAlgorithm, Integer> lengths = Map.of(HashAlgorithm.SHA_256, 32, HashAlgorithm.SHA_384, 48,
                HashAlgorithm.SHA_512, 64, HashAlgorithm.SHA3_256, 32, HashAlgorithm.SHA3_384, 48,
                HashAlgorithm.SHA3_512, 64, HashAlgorithm.BELT_HASH, 32, HashAlgorithm.STREEBOG_256, 32,
                HashAlgorithm.STREEBOG_512, 64);
        assertThat(lengths.keySet()).containsExactlyInAnyOrder(HashAlgorithm.values());
        for (HashAlgorithm h : HashAlgorithm.values()) {
            assertThat(h.length()).as(h.protocolName()).isEqualTo(lengths.get(h));
            if (h.hostSupported()) {
                assertThat(h.newDigest().getDigestLength()).as(h.protocolName()).isEqualTo(h.length());
                assertThat(h.digest("abc".getBytes(StandardCharsets.US_ASCII))).hasSize(h.length());
            }
        }
    }

    @Test
    void whenOidsAsked_thenTheStandardOnes() {
        assertThat(HashAlgorithm.SHA_256.oid().getId()).isEqualTo("2.16.840.1.101.3.4.2.1");
        assertThat(HashAlgorithm.SHA3_512.oid().getId()).isEqualTo("2.16.840.1.101.3.4.2.10");
        assertThat(HashAlgorithm.BELT_HASH.oid().getId()).isEqualTo("1.2.112.0.2.0.34.101.31.81");
        assertThat(HashAlgorithm.STREEBOG_256.oid().getId()).isEqualTo("1.2.643.7.1.1.2.2");
        assertThat(HashAlgorithm.STREEBOG_512.oid().getId()).isEqualTo("1.2.643.7.1.1.2.3");
    }

    @Test
    void whenDigestInfoBuilt_thenRfc8017PrefixFollowedByTheDigest() throws Exception {
        for (Map.Entry<HashAlgorithm, String> e : DIGEST_INFO_PREFIX.entrySet()) {
            byte[] digest = e.getKey().digest("abc".getBytes(StandardCharsets.US_ASCII));

            assertThat(HEX.formatHex(e.getKey().digestInfo(digest))).as(e.getKey().protocolName())
                    .isEqualTo(e.getValue() + HEX.formatHex(digest));
        }
    }

    @Test
    void whenJdkSignsWithRsaPkcs1_thenTheDigestInfoInsideEqualsOurs() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        byte[] data = "a document".getBytes(StandardCharsets.UTF_8);
        Map<HashAlgorithm, String> jca = Map.of(HashAlgorithm.SHA_256, "SHA256withRSA", HashAlgorithm.SHA_384,
                "SHA384withRSA", HashAlgorithm.SHA_512, "SHA512withRSA", HashAlgorithm.SHA3_256, "SHA3-256withRSA",
                HashAlgorithm.SHA3_384, "SHA3-384withRSA", HashAlgorithm.SHA3_512, "SHA3-512withRSA");
        for (Map.Entry<HashAlgorithm, String> e : jca.entrySet()) {
            Signature s = Signature.getInstance(e.getValue());
            s.initSign(kp.getPrivate());
            s.update(data);
            byte[] signature = s.sign();

            assertThat(digestInfoInside(signature, (RSAPublicKey) kp.getPublic())).as(e.getValue())
                    .isEqualTo(e.getKey().digestInfo(e.getKey().digest(data)));
        }
    }

    /** RSA public operation, then the EMSA-PKCS1-v1_5 padding 00 01 FF… 00 removed. */
    private static byte[] digestInfoInside(byte[] signature, RSAPublicKey key) throws Exception {
        Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
        raw.init(Cipher.ENCRYPT_MODE, key);
        byte[] em = raw.doFinal(signature);
        int k = (key.getModulus().bitLength() + 7) / 8;
        byte[] full = new byte[k];
        byte[] m = new BigInteger(1, em).toByteArray();
        int skip = m[0] == 0 ? 1 : 0;
        System.arraycopy(m, skip, full, k - (m.length - skip), m.length - skip);
        assertThat(full[0]).isEqualTo((byte) 0);
        assertThat(full[1]).isEqualTo((byte) 1);
        int i = 2;
        while (full[i] == (byte) 0xFF) {
            i++;
        }
        assertThat(full[i]).isEqualTo((byte) 0);
        return Arrays.copyOfRange(full, i + 1, k);
    }

    @Test
    void whenDigestHasTheWrongLength_thenRejected() {
        assertThatThrownBy(() -> HashAlgorithm.SHA_256.digestInfo(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SHA-256").hasMessageContaining("32");
        assertThatThrownBy(() -> HashAlgorithm.SHA_384.checkLength(new byte[32]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HashAlgorithm.SHA_512.checkLength(null)).isInstanceOf(IllegalArgumentException.class);
        HashAlgorithm.STREEBOG_512.checkLength(new byte[64]);
        assertThat(HashAlgorithm.SHA_256.digestInfo(new byte[32])).hasSize(19 + 32);
    }

    @Test
    void whenStreebogOfTheEmptyString_thenTheKnownValueInByteOrder() throws Exception {
        // GOST R 34.11-2012 of the empty message, in the byte order of BC, OpenSSL and tokens
        assertThat(HEX.formatHex(HashAlgorithm.STREEBOG_256.digest(new byte[0])))
                .isEqualTo("3f539a213e97c802cc229d474c6aa32a825a360b2a933a949fd925208d9ce1bb");
        assertThat(HEX.formatHex(HashAlgorithm.STREEBOG_512.digest(new byte[0]))).isEqualTo(
                "8e945da209aa869f0455928529bcae4679e9873ab707b55315f56ceb98bef0a7"
                        + "362f715528356ee83cda5f2aac4c6ad2ba3a715c1bcd81cb8e9f90bf4c1c1a8a");
    }

    @Test
    void whenStreebogOfTheStandardsMessages_thenTheReferenceVectors() throws Exception {
        // vectors: bc-java GOST3411_2012_*DigestTest (copied in the shared reference vectors, gost3411_2012.txt)
        byte[] m1 = "012345678901234567890123456789012345678901234567890123456789012"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] m2 = HEX.parseHex("d1e520e2e5f2f0e82c20d1f2f0e8e1eee6e820e2edf3f6e82c20e2e5fef2fa20f120eceef0ff20f1"
                + "f2f0e5ebe0ece820ede020f5f0e0e1f0fbff20efebfaeafb20c8e3eef0e5e2fb");
        assertThat(m1).hasSize(63);
        assertThat(m2).hasSize(72);

        byte[] h256 = HashAlgorithm.STREEBOG_256.digest(m1);
        assertThat(HEX.formatHex(h256)).isEqualTo("9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500");
        // the standard prints the same value as a big number, i.e. byte-reversed
        byte[] reversed = h256.clone();
        for (int i = 0; i < reversed.length / 2; i++) {
            byte t = reversed[i];
            reversed[i] = reversed[reversed.length - 1 - i];
            reversed[reversed.length - 1 - i] = t;
        }
        assertThat(HEX.formatHex(reversed)).isEqualTo("00557be5e584fd52a449b16b0251d05d27f94ab76cbaa6da890b59d8ef1e159d");
        assertThat(HEX.formatHex(HashAlgorithm.STREEBOG_512.digest(m1))).isEqualTo(
                "1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa"
                        + "00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48");
        assertThat(HEX.formatHex(HashAlgorithm.STREEBOG_256.digest(m2)))
                .isEqualTo("9dd2fe4e90409e5da87f53976d7405b0c0cac628fc669a741d50063c557e8f50");
        assertThat(HEX.formatHex(HashAlgorithm.STREEBOG_512.digest(m2))).isEqualTo(
                "1e88e62226bfca6f9994f1f2d51569e0daf8475a3b0fe61a5300eee46d961376"
                        + "035fe83549ada2b8620fcd7c496ce5b33f0cb9dddc2b6460143b03dabac9fb28");
    }

    @Test
    void whenBeltHashOnTheHost_thenTheStandardsHashesThroughAnIncrementalDigest() throws Exception {
        Vectors belt = Vectors.load("belt.txt");
        assertThat(HashAlgorithm.BELT_HASH.hostSupported()).isTrue();
        for (String t : new String[] {"A23_1", "A23_2", "A23_3"}) {
            byte[] msg = belt.hex(t + "_msg");

            assertThat(HashAlgorithm.BELT_HASH.digest(msg)).as(t).isEqualTo(belt.hex(t + "_belt_hash"));
            MessageDigest md = HashAlgorithm.BELT_HASH.newDigest();
            md.update(msg, 0, 7);
            md.update(msg, 7, msg.length - 7);
            assertThat(md.digest()).as(t).isEqualTo(belt.hex(t + "_belt_hash"));
        }
        assertThat(HashAlgorithm.BELT_HASH.newDigest().getDigestLength()).isEqualTo(HashAlgorithm.BELT_HASH.length());
        assertThat(HashAlgorithm.BELT_HASH.newDigest()).isNotSameAs(HashAlgorithm.BELT_HASH.newDigest());
    }

    @Test
    void whenAnyHashOnTheHost_thenSupported() throws Exception {
        for (HashAlgorithm h : HashAlgorithm.values()) {
            assertThat(h.hostSupported()).as(h.protocolName()).isTrue();
            assertThat(h.newDigest().getDigestLength()).as(h.protocolName()).isEqualTo(h.length());
        }
    }
}
