package org.pechatka.token.pkcs11;

import static org.pechatka.crypto.HashAlgorithm.SHA3_256;
import static org.pechatka.crypto.HashAlgorithm.SHA3_384;
import static org.pechatka.crypto.HashAlgorithm.SHA3_512;
import static org.pechatka.crypto.HashAlgorithm.SHA_256;
import static org.pechatka.crypto.HashAlgorithm.SHA_384;
import static org.pechatka.crypto.HashAlgorithm.SHA_512;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import org.pechatka.crypto.HashAlgorithm;
import org.pechatka.crypto.KeyFamily;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.crypto.SignatureScheme;

/**
 * The data table that maps signature algorithms and key types to PKCS#11 mechanisms. Rows are in
 * order of preference: raw mechanisms with host-side hashing first (they work for a precomputed
 * hash and send the token a few bytes instead of the document), combined mechanisms after.
 *
 * <p>National values come from STB 34.101.78 (bign, {@code CKM_BIGN*} 0x8001–0x8004) and the TC26
 * PKCS#11 extension (GOST R 34.10-2012, vendor range 0xD4321000), see docs/national-crypto.md.
 */
public final class MechanismTable {

    /** What the mechanism expects as input. */
    public enum Input {
        /** DER DigestInfo over a host-computed hash (RSA PKCS#1 v1.5 with CKM_RSA_PKCS). */
        DIGEST_INFO,
        /** The bare host-computed hash. */
        DIGEST,
        /** The data itself; the token hashes (or, for EdDSA, signs it whole). */
        DATA
    }

    /** The mechanism parameter a row needs. */
    public enum Param {
        NONE,
        /** CK_RSA_PKCS_PSS_PARAMS: hash, MGF1 over the same hash, salt as long as the hash. */
        PSS,
        /** The DER of the hash algorithm's OID (CKM_BIGN, STB 34.101.78). */
        HASH_OID
    }

    /**
     * One way to make a signature.
     *
     * @param scheme    the signature scheme
     * @param hash      the hash this row is bound to, or null when any hash of the algorithm works
     * @param keyBits   the key size this row is bound to (GOST 256/512), or 0 for any
     * @param name      the mechanism name
     * @param mechanism the CKM_ value
     * @param input     what the mechanism signs
     * @param param     the mechanism parameter
     */
    public record Row(SignatureScheme scheme, HashAlgorithm hash, int keyBits, String name, long mechanism,
            Input input, Param param) {}

    /**
     * How a key family is generated and recognised.
     *
     * @param family        the key family
     * @param keyType       the CKK_ value
     * @param keyGen        the key-pair generation mechanism
     * @param keyGenName    its name
     */
    public record KeyTypeRow(KeyFamily family, long keyType, long keyGen, String keyGenName) {}

    /**
     * The PKCS#11 parameters of a hash inside PSS.
     *
     * @param hashMechanism the CKM_ of the hash
     * @param mgf           the CKG_MGF1_ value
     */
    public record HashRow(long hashMechanism, long mgf) {}

    // CKM values defined outside OASIS PKCS#11 v3.0 (names are the standards' own).
    static final long CKM_BIGN = 0x00008001L;
    static final long CKM_BIGN_HBELT = 0x00008002L;
    static final long CKM_GOSTR3410_512 = 0xD4321006L;
    static final long CKM_GOSTR3410_WITH_GOSTR3411_12_256 = 0xD4321008L;
    static final long CKM_GOSTR3410_WITH_GOSTR3411_12_512 = 0xD4321009L;
    static final long CKM_GOSTR3410_512_KEY_PAIR_GEN = 0xD4321005L;
    static final long CKK_GOSTR3410_512 = 0xD4321003L;

    private static final List<Row> ROWS = List.of(
            // RSA PKCS#1 v1.5
            new Row(SignatureScheme.RSA_PKCS1, null, 0, "CKM_RSA_PKCS", 0x00000001L, Input.DIGEST_INFO, Param.NONE),
            new Row(SignatureScheme.RSA_PKCS1, SHA_256, 0, "CKM_SHA256_RSA_PKCS", 0x00000040L, Input.DATA, Param.NONE),
            new Row(SignatureScheme.RSA_PKCS1, SHA_384, 0, "CKM_SHA384_RSA_PKCS", 0x00000041L, Input.DATA, Param.NONE),
            new Row(SignatureScheme.RSA_PKCS1, SHA_512, 0, "CKM_SHA512_RSA_PKCS", 0x00000042L, Input.DATA, Param.NONE),
            new Row(SignatureScheme.RSA_PKCS1, SHA3_256, 0, "CKM_SHA3_256_RSA_PKCS", 0x00000060L, Input.DATA, Param.NONE),
            new Row(SignatureScheme.RSA_PKCS1, SHA3_384, 0, "CKM_SHA3_384_RSA_PKCS", 0x00000061L, Input.DATA, Param.NONE),
            new Row(SignatureScheme.RSA_PKCS1, SHA3_512, 0, "CKM_SHA3_512_RSA_PKCS", 0x00000062L, Input.DATA, Param.NONE),
            // RSA-PSS
            new Row(SignatureScheme.RSA_PSS, null, 0, "CKM_RSA_PKCS_PSS", 0x0000000DL, Input.DIGEST, Param.PSS),
            new Row(SignatureScheme.RSA_PSS, SHA_256, 0, "CKM_SHA256_RSA_PKCS_PSS", 0x00000043L, Input.DATA, Param.PSS),
            new Row(SignatureScheme.RSA_PSS, SHA_384, 0, "CKM_SHA384_RSA_PKCS_PSS", 0x00000044L, Input.DATA, Param.PSS),
            new Row(SignatureScheme.RSA_PSS, SHA_512, 0, "CKM_SHA512_RSA_PKCS_PSS", 0x00000045L, Input.DATA, Param.PSS),
            // ECDSA: raw r||s out
            new Row(SignatureScheme.ECDSA, null, 0, "CKM_ECDSA", 0x00001041L, Input.DIGEST, Param.NONE),
            new Row(SignatureScheme.ECDSA, SHA_256, 0, "CKM_ECDSA_SHA256", 0x00001044L, Input.DATA, Param.NONE),
            new Row(SignatureScheme.ECDSA, SHA_384, 0, "CKM_ECDSA_SHA384", 0x00001045L, Input.DATA, Param.NONE),
            new Row(SignatureScheme.ECDSA, SHA_512, 0, "CKM_ECDSA_SHA512", 0x00001046L, Input.DATA, Param.NONE),
            new Row(SignatureScheme.ECDSA, SHA3_256, 0, "CKM_ECDSA_SHA3_256", 0x00001048L, Input.DATA, Param.NONE),
            new Row(SignatureScheme.ECDSA, SHA3_384, 0, "CKM_ECDSA_SHA3_384", 0x00001049L, Input.DATA, Param.NONE),
            new Row(SignatureScheme.ECDSA, SHA3_512, 0, "CKM_ECDSA_SHA3_512", 0x0000104AL, Input.DATA, Param.NONE),
            // EdDSA (pure)
            new Row(SignatureScheme.EDDSA, null, 0, "CKM_EDDSA", 0x00001057L, Input.DATA, Param.NONE),
            // bign (STB 34.101.78): CKM_BIGN signs a given hash, its parameter is the hash OID;
            // CKM_BIGN_HBELT hashes with belt-hash on the token (level 128 only)
            new Row(SignatureScheme.BIGN, null, 0, "CKM_BIGN", CKM_BIGN, Input.DIGEST, Param.HASH_OID),
            new Row(SignatureScheme.BIGN, HashAlgorithm.BELT_HASH, 256, "CKM_BIGN_HBELT", CKM_BIGN_HBELT, Input.DATA,
                    Param.NONE),
            // GOST R 34.10-2012 (OASIS CKM_GOSTR3410 for 256, TC26 extension for 512 and the combined ones)
            new Row(SignatureScheme.GOST_2012, HashAlgorithm.STREEBOG_256, 256, "CKM_GOSTR3410", 0x00001201L,
                    Input.DIGEST, Param.NONE),
            new Row(SignatureScheme.GOST_2012, HashAlgorithm.STREEBOG_512, 512, "CKM_GOSTR3410_512", CKM_GOSTR3410_512,
                    Input.DIGEST, Param.NONE),
            new Row(SignatureScheme.GOST_2012, HashAlgorithm.STREEBOG_256, 256, "CKM_GOSTR3410_WITH_GOSTR3411_12_256",
                    CKM_GOSTR3410_WITH_GOSTR3411_12_256, Input.DATA, Param.NONE),
            new Row(SignatureScheme.GOST_2012, HashAlgorithm.STREEBOG_512, 512, "CKM_GOSTR3410_WITH_GOSTR3411_12_512",
                    CKM_GOSTR3410_WITH_GOSTR3411_12_512, Input.DATA, Param.NONE));

    private static final List<KeyTypeRow> KEY_TYPES = List.of(
            new KeyTypeRow(KeyFamily.RSA, 0x00000000L, 0x00000000L, "CKM_RSA_PKCS_KEY_PAIR_GEN"),
            new KeyTypeRow(KeyFamily.EC, 0x00000003L, 0x00001040L, "CKM_EC_KEY_PAIR_GEN"),
            new KeyTypeRow(KeyFamily.EDDSA, 0x00000040L, 0x00001055L, "CKM_EC_EDWARDS_KEY_PAIR_GEN"),
            // bign keys are CKK_EC with a bign curve in CKA_EC_PARAMS (STB 34.101.78)
            new KeyTypeRow(KeyFamily.BIGN, 0x00000003L, 0x00001040L, "CKM_EC_KEY_PAIR_GEN"),
            new KeyTypeRow(KeyFamily.GOST_2012, 0x00000030L, 0x00001200L, "CKM_GOSTR3410_KEY_PAIR_GEN"));

    private static final Map<HashAlgorithm, HashRow> HASHES = Map.of(
            SHA_256, new HashRow(0x00000250L, 0x00000002L),
            SHA_384, new HashRow(0x00000260L, 0x00000003L),
            SHA_512, new HashRow(0x00000270L, 0x00000004L),
            SHA3_256, new HashRow(0x000002B0L, 0x00000007L),
            SHA3_384, new HashRow(0x000002C0L, 0x00000008L),
            SHA3_512, new HashRow(0x000002D0L, 0x00000009L));

    private static final Map<Long, String> EXTRA_NAMES = Map.of(
            CKM_BIGN, "CKM_BIGN",
            CKM_BIGN_HBELT, "CKM_BIGN_HBELT",
            0x00008003L, "CKM_BIGN_BASH",
            0x00008004L, "CKM_BIGN_TSP",
            CKM_GOSTR3410_512, "CKM_GOSTR3410_512",
            CKM_GOSTR3410_512_KEY_PAIR_GEN, "CKM_GOSTR3410_512_KEY_PAIR_GEN",
            CKM_GOSTR3410_WITH_GOSTR3411_12_256, "CKM_GOSTR3410_WITH_GOSTR3411_12_256",
            CKM_GOSTR3410_WITH_GOSTR3411_12_512, "CKM_GOSTR3410_WITH_GOSTR3411_12_512",
            0xD4321012L, "CKM_GOSTR3411_12_256",
            0xD4321013L, "CKM_GOSTR3411_12_512");

    private MechanismTable() {}

    public static List<Row> rows() {
        return ROWS;
    }

    /**
     * The preferred row for signing with {@code algorithm} on a key of {@code keyBits} (0: any
     * size), among the mechanisms {@code available} accepts.
     *
     * @param hashGiven the caller has only a hash, so rows that need the data are excluded
     */
    public static Optional<Row> select(SignatureAlgorithm algorithm, int keyBits, boolean hashGiven,
            LongPredicate available) {
        return ROWS.stream()
                .filter(r -> r.scheme() == algorithm.scheme())
                .filter(r -> r.hash() == null || r.hash() == algorithm.hash())
                .filter(r -> keyBits == 0 || r.keyBits() == 0 || r.keyBits() == keyBits)
                .filter(r -> !(hashGiven && r.input() == Input.DATA))
                // a row that takes a hash needs the host to compute it, unless the caller brought it
                .filter(r -> hashGiven || r.input() == Input.DATA || algorithm.hash() == null
                        || algorithm.hash().hostSupported())
                .filter(r -> r.param() != Param.PSS || HASHES.containsKey(algorithm.hash()))
                .filter(r -> available.test(r.mechanism()))
                .findFirst();
    }

    /** The signature algorithms a token with these mechanisms can compute (for some key size). */
    public static boolean supports(SignatureAlgorithm algorithm, Set<Long> mechanisms) {
        return select(algorithm, 0, false, mechanisms::contains).isPresent();
    }

    public static Optional<KeyTypeRow> keyType(KeyFamily family, int bits) {
        if (family == KeyFamily.GOST_2012 && bits == 512) {
            return Optional.of(new KeyTypeRow(KeyFamily.GOST_2012, CKK_GOSTR3410_512, CKM_GOSTR3410_512_KEY_PAIR_GEN,
                    "CKM_GOSTR3410_512_KEY_PAIR_GEN"));
        }
        return KEY_TYPES.stream().filter(k -> k.family() == family).findFirst();
    }

    public static Optional<HashRow> hash(HashAlgorithm hash) {
        return Optional.ofNullable(HASHES.get(hash));
    }

    /** A name for mechanisms the xipki tables do not know (national ones), else null. */
    static String extraName(long mechanism) {
        return EXTRA_NAMES.get(mechanism);
    }
}
