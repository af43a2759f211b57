package org.pechatka.crypto;

/** The families of keys Pechatka knows how to use. */
public enum KeyFamily {
    RSA,
    /** ECDSA over a Weierstrass curve (NIST, Brainpool …). */
    EC,
    /** EdDSA: Ed25519, Ed448. */
    EDDSA,
    /** Belarusian bign (STB 34.101.45). */
    BIGN,
    /** Russian GOST R 34.10-2012. */
    GOST_2012
}
