package org.pechatka.token;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.error.PechatkaException;

/** A token: a PKCS#11 token or a key file. Thread-safe; operations on one token are serialised. */
public interface Token {

    /** The stable token id (same as {@code info().tokenId()}). */
    String id();

    /** Fresh information, PIN state included, read from the token now. */
    TokenInfo info() throws PechatkaException;

    /**
     * The certificates on the token that can be read without logging in, each paired with whatever
     * key objects are visible.
     */
    List<TokenCertificate> certificates() throws PechatkaException;

    /**
     * The certificates as last listed, when that listing is at most {@code maxAge} old and nothing
     * was written to the token through Pechatka since; otherwise a fresh listing. For look-ups whose
     * stale answer is caught later (a certificate found by its hash is the right certificate; its key
     * is found again when signing), never for what is shown to the person.
     */
    default List<TokenCertificate> certificates(Duration maxAge) throws PechatkaException {
        return certificates();
    }

    /** The signature algorithms the token can compute (from its mechanism list). */
    Set<SignatureAlgorithm> signatureAlgorithms();

    /**
     * Whether the token can generate a key pair of this kind ({@link TokenSession#generateKeyPair});
     * false for tokens that cannot take new keys at all (key files).
     */
    default boolean canGenerate(org.pechatka.crypto.KeyInfo key) {
        return false;
    }

    /** The token's mechanisms by name, for diagnostics. */
    List<String> mechanismNames();

    /**
     * Opens a session, logging in if the token needs it: asks {@code pins} for the PIN (once per
     * entry, again after a wrong PIN) and never calls login on a token whose PIN is locked. While
     * the admin policy's PIN cache holds a login from an earlier PIN entry, {@code pins} is not asked.
     *
     * @throws PechatkaException.PinLocked       the token reports the PIN locked
     * @throws PechatkaException.PinIncorrect    a wrong PIN the source did not want to retry
     * @throws PechatkaException.TokenNotPresent the token is gone
     * @throws PechatkaException.UserCancelled   the person cancelled
     */
    TokenSession open(PinSource pins, TokenSession.Access access) throws PechatkaException;

    /** Ends a login kept for the PIN cache (see {@link PinCache}); the next operation asks the PIN. */
    default void forgetPin() {}

    /**
     * The keys on the token that no certificate belongs to, as far as they can be seen without a
     * login (a key pair whose public key is public is seen; a lone private key needs
     * {@link TokenSession#keysWithoutCertificate()}).
     */
    default List<KeyWithoutCertificate> keysWithoutCertificate() throws PechatkaException {
        return List.of();
    }

    /** The PIN lengths the token accepts and whether its PIN can be changed or unblocked here. */
    default PinRules pinRules() {
        return PinRules.NONE;
    }

    /**
     * Changes the user PIN ({@code C_SetPIN}). The caller wipes both arrays afterwards; they are
     * never kept or logged. A null pair uses the reader's PIN pad.
     *
     * @throws PechatkaException.PinIncorrect       the old PIN is wrong (or the new one has a wrong length)
     * @throws PechatkaException.PinLocked          the user PIN is locked
     * @throws PechatkaException.OperationNotAllowed the token's PIN cannot be changed from Pechatka
     */
    default void changePin(char[] oldPin, char[] newPin) throws PechatkaException {
        throw new PechatkaException.OperationNotAllowed("The PIN of this token cannot be changed from Pechatka");
    }

    /**
     * Sets a new user PIN after logging in as the security officer with the SO PIN / PUK
     * ({@code C_Login(CKU_SO)}, {@code C_InitPIN}): what unblocks a locked user PIN. The caller wipes
     * both arrays afterwards.
     *
     * @throws PechatkaException.PinIncorrect       the SO PIN is wrong
     * @throws PechatkaException.PinLocked          the SO PIN is locked
     * @throws PechatkaException.OperationNotAllowed the token has no SO PIN Pechatka can use
     */
    default void unblockPin(char[] soPin, char[] newPin) throws PechatkaException {
        throw new PechatkaException.OperationNotAllowed("This token cannot be unblocked from Pechatka");
    }
}
