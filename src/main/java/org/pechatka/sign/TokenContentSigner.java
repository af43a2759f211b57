package org.pechatka.sign;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.KeyRef;
import org.pechatka.token.SignInput;
import org.pechatka.token.TokenSession;

/**
 * A Bouncy Castle {@link ContentSigner} whose key is on a token. It buffers what Bouncy Castle writes
 * (CMS signed attributes, a certificate request: small), and {@link #getSignature()} has the token
 * sign the buffer with the ordinary hash-then-sign of {@code algorithm} (pure EdDSA signs the buffer
 * itself), then converts the token's raw signature into the X.509/CMS encoding.
 *
 * <p>{@link #getSignature()} cannot throw a checked exception, so a token failure leaves it as a
 * {@link SignerFailure} carrying the {@link PechatkaException}; whoever runs Bouncy Castle with this
 * signer unwraps it with {@link SignerFailure#carried(Throwable)}. One signer makes one signature at a
 * time; the buffer is emptied after each.
 */
public final class TokenContentSigner implements ContentSigner {

    private final TokenSession session;
    private final KeyRef key;
    private final SignatureAlgorithm algorithm;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    public TokenContentSigner(TokenSession session, KeyRef key, SignatureAlgorithm algorithm) {
        this.session = Objects.requireNonNull(session, "session");
        this.key = Objects.requireNonNull(key, "key");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    }

    /** The signature algorithm's X.509 AlgorithmIdentifier. */
    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithm.x509Id();
    }

    /** Where Bouncy Castle writes what is to be signed. */
    @Override
    public OutputStream getOutputStream() {
        return buffer;
    }

    /**
     * Signs what was written on the token.
     *
     * @throws SignerFailure carrying the token's {@link PechatkaException}, or
     *                       {@link PechatkaException.Internal} when the token returned a malformed signature
     */
    @Override
    public byte[] getSignature() {
        byte[] toBeSigned = buffer.toByteArray();
        buffer.reset();
        byte[] raw;
        try {
            raw = session.sign(key, algorithm, SignInput.data(toBeSigned));
        } catch (PechatkaException e) {
            throw new SignerFailure(e);
        }
        try {
            return algorithm.toX509(raw);
        } catch (IllegalArgumentException e) {
            throw new SignerFailure(new PechatkaException.Internal(
                    "the token returned a malformed " + algorithm.name() + " signature", e));
        }
    }

    @Override
    public String toString() {
        return "TokenContentSigner[" + key + ", " + algorithm + "]";
    }
}
