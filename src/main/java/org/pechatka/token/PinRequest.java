package org.pechatka.token;

import java.util.Objects;
import org.pechatka.error.PechatkaException;

/**
 * What a PIN dialog needs to know to ask for a PIN.
 *
 * @param token           the token (label, PIN state)
 * @param kind            login to the token, or the extra PIN a key demands for every signature
 * @param keyLabel        for {@link Kind#CONTEXT_SPECIFIC}: the label of the key, else null
 * @param pinPad          the PIN is entered on the reader: show "enter the PIN on the reader", no field
 * @param previousFailure the previous PIN of this request was wrong (show the message, stay open), or null
 */
public record PinRequest(TokenInfo token, Kind kind, String keyLabel, boolean pinPad,
        PechatkaException.PinIncorrect previousFailure) {

    /** Why the PIN is asked. */
    public enum Kind {
        /** Log in to the token ({@code CKU_USER}). */
        USER_LOGIN,
        /** The key needs its PIN again for this signature ({@code CKA_ALWAYS_AUTHENTICATE}). */
        CONTEXT_SPECIFIC
    }

    public PinRequest {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(kind, "kind");
    }

    /** The same request after a wrong PIN. */
    public PinRequest afterFailure(TokenInfo refreshed, PechatkaException.PinIncorrect failure) {
        return new PinRequest(refreshed, kind, keyLabel, pinPad, failure);
    }
}
