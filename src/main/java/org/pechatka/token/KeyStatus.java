package org.pechatka.token;

/** What is known about the private key of a certificate on a token. */
public enum KeyStatus {
    /** A private key object belongs to the certificate. */
    PRIVATE_KEY,
    /**
     * Only a public key object belongs to the certificate: the private key is most likely on the
     * token but hidden until login (the usual case).
     */
    PROBABLE,
    /** No key object is visible; one may appear after login. */
    UNKNOWN,
    /** Logged in, and no private key belongs to the certificate (a CA or someone else's certificate). */
    NONE;

    /** Whether the certificate may be offered for signing. */
    public boolean usable() {
        return this != NONE;
    }
}
