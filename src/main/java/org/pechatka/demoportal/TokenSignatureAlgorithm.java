package org.pechatka.demoportal;

import java.security.GeneralSecurityException;
import java.security.PublicKey;

/**
 * One algorithm name of the Web eID token ({@code ES256}, {@code RS256} …): its hash H, used for
 * H(origin) ‖ H(nonce), and its signature check over that message. This is the extension point for
 * algorithms the JDK does not have: an implementation of {@code BIGN-HBELT} (belt-hash, bign) or
 * {@code GOST-2012-256}/{@code GOST-2012-512} (Streebog, GOST R 34.10-2012) is registered with
 * {@link AuthTokenValidator.Builder#withAlgorithm(TokenSignatureAlgorithm)}. The built-in ones are in
 * {@link WebEidAlgorithms}.
 */
public interface TokenSignatureAlgorithm {

    /** The name in the token's {@code algorithm} field, e.g. {@code ES256}. */
    String name();

    /** H: the algorithm's hash of {@code data}. */
    byte[] hash(byte[] data) throws GeneralSecurityException;

    /**
     * Whether {@code signature} (the token's encoding: ECDSA raw r‖s, RSA octets, bign S0‖S1, GOST
     * s‖r) is this algorithm's signature of {@code message} (hash-then-sign) by {@code key}.
     *
     * @throws GeneralSecurityException when the key does not suit the algorithm or the signature is
     *                                  malformed; the validator treats it as an invalid signature
     */
    boolean verify(PublicKey key, byte[] message, byte[] signature) throws GeneralSecurityException;
}
