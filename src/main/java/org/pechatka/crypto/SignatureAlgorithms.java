package org.pechatka.crypto;

import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The one registry of signature algorithms. Adding an algorithm (bign, GOST …) means adding an
 * entry here and, for tokens, rows to the PKCS#11 mechanism table; nothing else changes.
 */
public final class SignatureAlgorithms {

    public static final SignatureAlgorithm SHA256_RSA = rsa("SHA256withRSA", HashAlgorithm.SHA_256,
            PKCSObjectIdentifiers.sha256WithRSAEncryption, "RS256");
    public static final SignatureAlgorithm SHA384_RSA = rsa("SHA384withRSA", HashAlgorithm.SHA_384,
            PKCSObjectIdentifiers.sha384WithRSAEncryption, "RS384");
    public static final SignatureAlgorithm SHA512_RSA = rsa("SHA512withRSA", HashAlgorithm.SHA_512,
            PKCSObjectIdentifiers.sha512WithRSAEncryption, "RS512");
    public static final SignatureAlgorithm SHA3_256_RSA = rsa("SHA3-256withRSA", HashAlgorithm.SHA3_256,
            NISTObjectIdentifiers.id_rsassa_pkcs1_v1_5_with_sha3_256, null);
    public static final SignatureAlgorithm SHA3_384_RSA = rsa("SHA3-384withRSA", HashAlgorithm.SHA3_384,
            NISTObjectIdentifiers.id_rsassa_pkcs1_v1_5_with_sha3_384, null);
    public static final SignatureAlgorithm SHA3_512_RSA = rsa("SHA3-512withRSA", HashAlgorithm.SHA3_512,
            NISTObjectIdentifiers.id_rsassa_pkcs1_v1_5_with_sha3_512, null);

    public static final SignatureAlgorithm SHA256_RSA_PSS = pss("SHA256withRSAandMGF1", HashAlgorithm.SHA_256, "PS256");
    public static final SignatureAlgorithm SHA384_RSA_PSS = pss("SHA384withRSAandMGF1", HashAlgorithm.SHA_384, "PS384");
    public static final SignatureAlgorithm SHA512_RSA_PSS = pss("SHA512withRSAandMGF1", HashAlgorithm.SHA_512, "PS512");

    public static final SignatureAlgorithm SHA256_ECDSA = ecdsa("SHA256withECDSA", HashAlgorithm.SHA_256,
            X9ObjectIdentifiers.ecdsa_with_SHA256, "ES256");
    public static final SignatureAlgorithm SHA384_ECDSA = ecdsa("SHA384withECDSA", HashAlgorithm.SHA_384,
            X9ObjectIdentifiers.ecdsa_with_SHA384, "ES384");
    public static final SignatureAlgorithm SHA512_ECDSA = ecdsa("SHA512withECDSA", HashAlgorithm.SHA_512,
            X9ObjectIdentifiers.ecdsa_with_SHA512, "ES512");
    public static final SignatureAlgorithm SHA3_256_ECDSA = ecdsa("SHA3-256withECDSA", HashAlgorithm.SHA3_256,
            NISTObjectIdentifiers.id_ecdsa_with_sha3_256, null);
    public static final SignatureAlgorithm SHA3_384_ECDSA = ecdsa("SHA3-384withECDSA", HashAlgorithm.SHA3_384,
            NISTObjectIdentifiers.id_ecdsa_with_sha3_384, null);
    public static final SignatureAlgorithm SHA3_512_ECDSA = ecdsa("SHA3-512withECDSA", HashAlgorithm.SHA3_512,
            NISTObjectIdentifiers.id_ecdsa_with_sha3_512, null);

    public static final SignatureAlgorithm ED25519 = new SignatureAlgorithm("Ed25519", SignatureScheme.EDDSA, null,
            new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), SignatureAlgorithm.Encoding.RAW, "EdDSA");

    /** bign-with-hbelt (STB 34.101.45): belt-hash, raw S0‖S1, parameters NULL. */
    public static final SignatureAlgorithm BIGN_HBELT = new SignatureAlgorithm("bign-with-hbelt", SignatureScheme.BIGN,
            HashAlgorithm.BELT_HASH, new AlgorithmIdentifier(NationalOids.BIGN_WITH_HBELT, DERNull.INSTANCE),
            SignatureAlgorithm.Encoding.RAW, "BIGN-HBELT");

    /** GOST R 34.10-2012 256 with Streebog-256: raw s‖r, no parameters (RFC 9215). */
    public static final SignatureAlgorithm GOST_2012_256 = new SignatureAlgorithm(
            "GOST3411-2012-256withGOST3410-2012-256", SignatureScheme.GOST_2012, HashAlgorithm.STREEBOG_256,
            new AlgorithmIdentifier(NationalOids.SIGN_GOST3410_12_256), SignatureAlgorithm.Encoding.RAW,
            "GOST-2012-256");

    /** GOST R 34.10-2012 512 with Streebog-512. */
    public static final SignatureAlgorithm GOST_2012_512 = new SignatureAlgorithm(
            "GOST3411-2012-512withGOST3410-2012-512", SignatureScheme.GOST_2012, HashAlgorithm.STREEBOG_512,
            new AlgorithmIdentifier(NationalOids.SIGN_GOST3410_12_512), SignatureAlgorithm.Encoding.RAW,
            "GOST-2012-512");

    private static final List<SignatureAlgorithm> ALL = List.of(
            SHA256_RSA, SHA384_RSA, SHA512_RSA, SHA3_256_RSA, SHA3_384_RSA, SHA3_512_RSA,
            SHA256_RSA_PSS, SHA384_RSA_PSS, SHA512_RSA_PSS,
            SHA256_ECDSA, SHA384_ECDSA, SHA512_ECDSA, SHA3_256_ECDSA, SHA3_384_ECDSA, SHA3_512_ECDSA,
            ED25519, BIGN_HBELT, GOST_2012_256, GOST_2012_512);

    private SignatureAlgorithms() {}

    public static List<SignatureAlgorithm> all() {
        return ALL;
    }

    /** The algorithm of a scheme and hash ({@code hash} null only for EdDSA), for the given key. */
    public static Optional<SignatureAlgorithm> find(KeyInfo key, SignatureScheme scheme, HashAlgorithm hash) {
        return ALL.stream()
                .filter(a -> a.scheme() == scheme && a.hash() == hash && a.fits(key))
                .findFirst();
    }

    public static Optional<SignatureAlgorithm> byName(String name) {
        return ALL.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public static Optional<SignatureAlgorithm> byWebEidName(String webEidName) {
        return ALL.stream().filter(a -> webEidName.equals(a.webEidName())).findFirst();
    }

    /** The algorithm an X.509 or CMS AlgorithmIdentifier names. */
    public static Optional<SignatureAlgorithm> byX509Id(AlgorithmIdentifier id) {
        ASN1ObjectIdentifier oid = id.getAlgorithm();
        if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(oid)) {
            RSASSAPSSparams p = RSASSAPSSparams.getInstance(id.getParameters());
            return ALL.stream().filter(a -> a.scheme() == SignatureScheme.RSA_PSS
                    && a.hash().oid().equals(p.getHashAlgorithm().getAlgorithm())).findFirst();
        }
        return ALL.stream().filter(a -> a.x509Id().getAlgorithm().equals(oid)).findFirst();
    }

    /**
     * The usual algorithm for a key: SHA-256 with RSA (PKCS#1 v1.5), ECDSA with the hash that
     * matches the curve size, Ed25519, bign-with-hbelt, GOST with the Streebog of its size.
     */
    public static Optional<SignatureAlgorithm> defaultFor(KeyInfo key) {
        return switch (key.family()) {
            case RSA -> Optional.of(SHA256_RSA);
            case EC -> Optional.of(key.bits() <= 256 ? SHA256_ECDSA : key.bits() <= 384 ? SHA384_ECDSA : SHA512_ECDSA);
            case EDDSA -> ED25519.fits(key) ? Optional.of(ED25519) : Optional.empty();
            case BIGN -> key.bits() == 256 ? Optional.of(BIGN_HBELT) : Optional.empty();
            case GOST_2012 -> Optional.of(key.bits() == 256 ? GOST_2012_256 : GOST_2012_512);
        };
    }

    private static SignatureAlgorithm rsa(String name, HashAlgorithm hash, ASN1ObjectIdentifier oid, String jose) {
        return new SignatureAlgorithm(name, SignatureScheme.RSA_PKCS1, hash,
                new AlgorithmIdentifier(oid, DERNull.INSTANCE), SignatureAlgorithm.Encoding.RAW, jose);
    }

    private static SignatureAlgorithm ecdsa(String name, HashAlgorithm hash, ASN1ObjectIdentifier oid, String jose) {
        return new SignatureAlgorithm(name, SignatureScheme.ECDSA, hash, new AlgorithmIdentifier(oid),
                SignatureAlgorithm.Encoding.DER_ECDSA, jose);
    }

    /** RSASSA-PSS with MGF1 over the same hash and a salt as long as the hash (RFC 4055). */
    private static SignatureAlgorithm pss(String name, HashAlgorithm hash, String jose) {
        AlgorithmIdentifier hashId = new AlgorithmIdentifier(hash.oid(), DERNull.INSTANCE);
        RSASSAPSSparams params = new RSASSAPSSparams(hashId,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, hashId),
                new ASN1Integer(hash.length()), RSASSAPSSparams.DEFAULT_TRAILER_FIELD);
        return new SignatureAlgorithm(name, SignatureScheme.RSA_PSS, hash,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, params), SignatureAlgorithm.Encoding.RAW,
                jose);
    }
}
