package org.pechatka.crypto;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/** OIDs of the Belarusian and Russian algorithms (see docs and national-crypto reference). */
public final class NationalOids {

    private static final String STB = "1.2.112.0.2.0.34.101";

    /** bign-pubkey: the SubjectPublicKeyInfo algorithm of bign keys. */
    public static final ASN1ObjectIdentifier BIGN_PUBKEY = new ASN1ObjectIdentifier(STB + ".45.2.1");
    /** bign-curve256v1 (security level 128). */
    public static final ASN1ObjectIdentifier BIGN_CURVE256V1 = new ASN1ObjectIdentifier(STB + ".45.3.1");
    /** bign-curve384v1 (security level 192). */
    public static final ASN1ObjectIdentifier BIGN_CURVE384V1 = new ASN1ObjectIdentifier(STB + ".45.3.2");
    /** bign-curve512v1 (security level 256). */
    public static final ASN1ObjectIdentifier BIGN_CURVE512V1 = new ASN1ObjectIdentifier(STB + ".45.3.3");
    /** bign-primefield: the field type inside specified bign ECParameters. */
    public static final ASN1ObjectIdentifier BIGN_PRIMEFIELD = new ASN1ObjectIdentifier(STB + ".45.4.1");
    /** bign-keytransport: key transport with a bign public key (STB 34.101.45). */
    public static final ASN1ObjectIdentifier BIGN_KEYTRANSPORT = new ASN1ObjectIdentifier(STB + ".45.41");
    /** bign-with-hbelt: signature algorithm, parameters NULL. */
    public static final ASN1ObjectIdentifier BIGN_WITH_HBELT = new ASN1ObjectIdentifier(STB + ".45.12");

    /** belt-hash (STB 34.101.31), 256-bit hash. */
    public static final ASN1ObjectIdentifier BELT_HASH = new ASN1ObjectIdentifier(STB + ".31.81");
    /** belt-kwp256: belt key wrap with a 256-bit key (STB 34.101.31). */
    public static final ASN1ObjectIdentifier BELT_KWP256 = new ASN1ObjectIdentifier(STB + ".31.73");
    /** hmac-hbelt: HMAC over belt-hash (STB 34.101.47). */
    public static final ASN1ObjectIdentifier HMAC_HBELT = new ASN1ObjectIdentifier(STB + ".47.12");

    /** id-tc26-gost3410-12-256: GOST R 34.10-2012 public key, 256 bits. */
    public static final ASN1ObjectIdentifier GOST3410_12_256 = new ASN1ObjectIdentifier("1.2.643.7.1.1.1.1");
    /** id-tc26-gost3410-12-512. */
    public static final ASN1ObjectIdentifier GOST3410_12_512 = new ASN1ObjectIdentifier("1.2.643.7.1.1.1.2");
    /** id-tc26-signwithdigest-gost3410-12-256. */
    public static final ASN1ObjectIdentifier SIGN_GOST3410_12_256 = new ASN1ObjectIdentifier("1.2.643.7.1.1.3.2");
    /** id-tc26-signwithdigest-gost3410-12-512. */
    public static final ASN1ObjectIdentifier SIGN_GOST3410_12_512 = new ASN1ObjectIdentifier("1.2.643.7.1.1.3.3");

    private NationalOids() {}
}
