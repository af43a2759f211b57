package org.pechatka.crypto;

/**
 * How a signature is made from a hash (or from the data, for EdDSA), with the names the protocol's
 * {@code SigAlg} object uses.
 */
public enum SignatureScheme {
    RSA_PKCS1(KeyFamily.RSA, "RSA", "PKCS1.5"),
    RSA_PSS(KeyFamily.RSA, "RSA", "PSS"),
    ECDSA(KeyFamily.EC, "ECC", "NONE"),
    /** Pure EdDSA: signs the message itself, never a hash. */
    EDDSA(KeyFamily.EDDSA, "EDDSA", "NONE"),
    BIGN(KeyFamily.BIGN, "BIGN", "NONE"),
    GOST_2012(KeyFamily.GOST_2012, "GOST", "NONE");

    private final KeyFamily keyFamily;
    private final String cryptoAlgorithm;
    private final String paddingScheme;

    SignatureScheme(KeyFamily keyFamily, String cryptoAlgorithm, String paddingScheme) {
        this.keyFamily = keyFamily;
        this.cryptoAlgorithm = cryptoAlgorithm;
        this.paddingScheme = paddingScheme;
    }

    public KeyFamily keyFamily() {
        return keyFamily;
    }

    /** {@code SigAlg.cryptoAlgorithm}. */
    public String cryptoAlgorithm() {
        return cryptoAlgorithm;
    }

    /** {@code SigAlg.paddingScheme}. */
    public String paddingScheme() {
        return paddingScheme;
    }

    /** Whether the scheme signs a hash computed before (true for all but pure EdDSA). */
    public boolean signsHash() {
        return this != EDDSA;
    }
}
