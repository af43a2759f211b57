package org.pechatka.sign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pechatka.crypto.HashAlgorithm;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.KeyRef;
import org.pechatka.token.SignInput;
import org.pechatka.token.TokenSession;

/**
 * Makes Web eID authentication tokens ({@code web-eid:1.0}), exactly as the Web eID application
 * does: the signed message is {@code H(origin) ‖ H(challengeNonce)} (each as UTF-8 bytes, H the
 * algorithm's hash), signed with the algorithm's ordinary hash-then-sign, so the token signs
 * {@code H(H(origin) ‖ H(challengeNonce))}. Hashing each field first keeps {@code example.com} +
 * {@code .eu1234} apart from {@code example.com.eu} + {@code 1234}; the origin in the message binds the
 * token to the site, so it cannot be replayed to another.
 *
 * <p>Verification is the portal's job (web-eid-authtoken-validation and its peers); nothing here
 * verifies.
 */
public final class AuthTokenSigner {

    /** The token format. */
    public static final String FORMAT = "web-eid:1.0";

    /** Shortest challenge nonce: base64 of 256 bits (as Web eID). */
    public static final int MIN_NONCE_LENGTH = 44;

    /** Longest challenge nonce (as Web eID). */
    public static final int MAX_NONCE_LENGTH = 128;

    /** scheme "://" authority, printable ASCII, no path, query, fragment or trailing slash. */
    private static final Pattern ORIGIN = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[\\x21-\\x7e&&[^/?#]]+");

    private AuthTokenSigner() {}

    /**
     * Signs an authentication token.
     *
     * @param session        an open session with the token holding the key
     * @param key            the private key
     * @param certificate    the authentication certificate of the key
     * @param origin         the connection's Origin header: ASCII, {@code scheme://host[:port]}, no trailing slash
     * @param challengeNonce the portal's nonce, 44 to 128 characters
     * @param appVersion     the application's release URL, e.g. {@code https://pechatka.org/releases/0.1.0}
     * @throws PechatkaException.InvalidParams        a bad origin or nonce
     * @throws PechatkaException.KeyNotFound          {@code key} is not the certificate's key, or not on the token
     * @throws PechatkaException.AlgorithmUnsupported Web eID has no algorithm for the key (e.g. Ed25519)
     * @throws PechatkaException                      anything the token reports (PIN, removal, cancel …)
     */
    public static AuthToken sign(TokenSession session, KeyRef key, X509Certificate certificate, String origin,
            String challengeNonce, String appVersion) throws PechatkaException {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(appVersion, "appVersion");
        checkOrigin(origin);
        checkNonce(challengeNonce);

        byte[] der;
        try {
            der = certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new PechatkaException.InvalidParams("the certificate cannot be encoded");
        }
        SubjectPublicKeyInfo certKey = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded());
        if (!certKey.equals(key.publicKey())) {
            throw new PechatkaException.KeyNotFound("the key is not the key of the certificate");
        }
        SignatureAlgorithm algorithm = algorithmFor(keyInfo(certKey));

        HashAlgorithm h = algorithm.hash();
        byte[] originHash = h.digest(origin.getBytes(StandardCharsets.UTF_8));
        byte[] nonceHash = h.digest(challengeNonce.getBytes(StandardCharsets.UTF_8));
        byte[] message = new byte[originHash.length + nonceHash.length];
        System.arraycopy(originHash, 0, message, 0, originHash.length);
        System.arraycopy(nonceHash, 0, message, originHash.length, nonceHash.length);

        // the raw form is what Web eID carries: ECDSA r||s, bign S0||S1, GOST s||r, RSA octets
        byte[] signature = session.sign(key, algorithm, SignInput.data(message));
        Base64.Encoder b64 = Base64.getEncoder();
        return new AuthToken(b64.encodeToString(der), algorithm.webEidName(), b64.encodeToString(signature), FORMAT,
                appVersion);
    }

    /**
     * The Web eID algorithm for a key: EC P-256/P-384/P-521 → ES256/ES384/ES512, RSA → RS256,
     * bign → BIGN-HBELT, GOST R 34.10-2012 → GOST-2012-256/512.
     *
     * @throws PechatkaException.AlgorithmUnsupported other keys (Ed25519, other curves): Web eID has no algorithm
     */
    public static SignatureAlgorithm algorithmFor(KeyInfo key) throws PechatkaException.AlgorithmUnsupported {
        Objects.requireNonNull(key, "key");
        SignatureAlgorithm algorithm = switch (key.family()) {
            case RSA -> SignatureAlgorithms.SHA256_RSA;
            case EC -> {
                String name = key.protocolName();
                yield name == null ? null : switch (name) {
                    case "EC-P256" -> SignatureAlgorithms.SHA256_ECDSA;
                    case "EC-P384" -> SignatureAlgorithms.SHA384_ECDSA;
                    case "EC-P521" -> SignatureAlgorithms.SHA512_ECDSA;
                    default -> null;
                };
            }
            case BIGN, GOST_2012 -> SignatureAlgorithms.defaultFor(key).orElse(null);
            case EDDSA -> null;
        };
        if (algorithm == null || algorithm.webEidName() == null || algorithm.hash() == null) {
            throw new PechatkaException.AlgorithmUnsupported("no Web eID authentication algorithm for a "
                    + key.displayName() + " key");
        }
        return algorithm;
    }

    private static void checkOrigin(String origin) throws PechatkaException.InvalidParams {
        if (origin == null || !ORIGIN.matcher(origin).matches()) {
            throw new PechatkaException.InvalidParams(
                    "the origin must be an ASCII scheme://host[:port] without a trailing slash");
        }
    }

    private static void checkNonce(String nonce) throws PechatkaException.InvalidParams {
        if (nonce == null || nonce.length() < MIN_NONCE_LENGTH || nonce.length() > MAX_NONCE_LENGTH) {
            throw new PechatkaException.InvalidParams("challengeNonce must be " + MIN_NONCE_LENGTH + " to "
                    + MAX_NONCE_LENGTH + " characters");
        }
    }

    private static KeyInfo keyInfo(SubjectPublicKeyInfo spki) throws PechatkaException.AlgorithmUnsupported {
        try {
            return KeyInfo.of(spki);
        } catch (IOException | RuntimeException e) {
            throw new PechatkaException.AlgorithmUnsupported("the certificate's key type is not supported");
        }
    }
}
