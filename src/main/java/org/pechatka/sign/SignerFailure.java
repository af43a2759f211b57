package org.pechatka.sign;

import java.util.Objects;
import org.pechatka.error.PechatkaException;

/**
 * Carries a {@link PechatkaException} through Bouncy Castle code that cannot throw it, such as
 * {@link org.bouncycastle.operator.ContentSigner#getSignature()}. It never leaves the public methods
 * of this package: they take the failure out again with {@link #carried(Throwable)}, so their callers
 * only ever see the {@link PechatkaException} leaf. Code elsewhere that hands a
 * {@link TokenContentSigner} to Bouncy Castle must do the same.
 */
public final class SignerFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SignerFailure(PechatkaException failure) {
        super(Objects.requireNonNull(failure, "failure").getMessage(), failure, false, false);
    }

    /** The failure carried. */
    public PechatkaException failure() {
        return (PechatkaException) getCause();
    }

    /**
     * The failure carried by {@code t} or by any exception in its cause chain (Bouncy Castle may wrap
     * the carrier), or null when there is none.
     */
    public static PechatkaException carried(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SignerFailure f) {
                return f.failure();
            }
        }
        return null;
    }
}
