package org.pechatka.token;

/** Where a token's keys live. */
public enum TokenKind {
    /** A hardware token, smart card or software token behind a PKCS#11 module. */
    PKCS11,
    /** A PKCS#12 key file (.p12/.pfx) protected by a password. */
    KEY_FILE
}
