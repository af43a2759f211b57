package org.pechatka.token;

import java.security.cert.X509Certificate;
import java.util.List;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.error.PechatkaException;

/**
 * A logged-in session with one token, for one user operation. While it is open no other operation
 * runs on the token; {@link #close()} logs out and ends the session. Not thread-safe: one thread
 * uses a session.
 */
public interface TokenSession extends AutoCloseable {

    /** The token, as it was when the session opened. */
    TokenInfo token();

    /** The certificates on the token, paired with the private keys now visible. */
    List<TokenCertificate> certificates() throws PechatkaException;

    /**
     * Signs with the key. Returns the signature in the scheme's raw form: RSA octets, ECDSA
     * r‖s, EdDSA R‖S, bign S0‖S1, GOST s‖r (see {@link SignatureAlgorithm#toX509}).
     *
     * @throws PechatkaException.KeyNotFound          no private key for {@code key}
     * @throws PechatkaException.AlgorithmUnsupported the token offers no mechanism for {@code algorithm}
     * @throws PechatkaException.TokenRemoved         the token went away
     */
    byte[] sign(KeyRef key, SignatureAlgorithm algorithm, SignInput input) throws PechatkaException;

    /**
     * Generates a key pair on the token with a fresh random key id; never touches existing objects.
     * Needs a session opened with {@link Access#READ_WRITE}.
     */
    KeyRef generateKeyPair(KeyInfo keySpec, String label) throws PechatkaException;

    /**
     * Stores a certificate on the token next to the key {@code keyId} (empty for a CA certificate).
     * Never overwrites or deletes: a certificate already present is reported, not written again.
     */
    StoredCertificate storeCertificate(X509Certificate certificate, byte[] keyId, String label)
            throws PechatkaException;

    /**
     * The private key whose public key is {@code publicKey} (compared in canonical form), found by
     * its public key object or its RSA modulus, with the key's own {@code CKA_ID}; empty when the
     * session sees no such key. Reads only.
     */
    java.util.Optional<KeyRef> findKey(org.bouncycastle.asn1.x509.SubjectPublicKeyInfo publicKey)
            throws PechatkaException;

    /**
     * The keys no certificate belongs to, private keys included (the session is logged in).
     * Keys without a {@code CKA_ID} are left out: they cannot be told apart safely.
     */
    default List<KeyWithoutCertificate> keysWithoutCertificate() throws PechatkaException {
        return List.of();
    }

    /**
     * Deletes exactly this certificate: the certificate objects whose DER equals it. With
     * {@code withKey} also its private and public key objects (matched by class and
     * {@code CKA_ID}, and by public key where the token shows it), unless another certificate on the
     * token still uses that key. Needs a session opened with {@link Access#READ_WRITE}.
     *
     * @throws PechatkaException.KeyNotFound          the certificate is no longer on the token
     * @throws PechatkaException.OperationNotAllowed  the token cannot delete it (a key file), or the
     *                                                key is still used by another certificate
     */
    default void deleteCertificate(TokenCertificate certificate, boolean withKey) throws PechatkaException {
        throw new PechatkaException.OperationNotAllowed("Certificates cannot be deleted from this token");
    }

    /**
     * Deletes a key without a certificate: the private and public key objects with its
     * {@code CKA_ID}, after checking again that no certificate on the token belongs to it.
     *
     * @throws PechatkaException.KeyNotFound         no key with that id is on the token
     * @throws PechatkaException.OperationNotAllowed a certificate belongs to the key now, or the
     *                                               token cannot delete keys
     */
    default void deleteKey(KeyWithoutCertificate key) throws PechatkaException {
        throw new PechatkaException.OperationNotAllowed("Keys cannot be deleted from this token");
    }

    /** Logs out and closes the session. Never throws. */
    @Override
    void close();

    /** Whether a session may change the token. */
    enum Access {
        READ_ONLY,
        READ_WRITE
    }

    /**
     * The outcome of {@link #storeCertificate}.
     *
     * @param certId         lowercase hex SHA-256 of the certificate
     * @param alreadyPresent the certificate was on the token already; nothing was written
     */
    record StoredCertificate(String certId, boolean alreadyPresent) {}
}
