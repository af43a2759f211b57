package org.pechatka.token;

/**
 * The user PIN state a token reports (PKCS#11 {@code CK_TOKEN_INFO.flags}).
 *
 * @param countLow    at least one wrong PIN since the last correct one
 * @param finalTry    the next wrong PIN locks the token
 * @param locked      the user PIN is locked; no login may be attempted
 * @param toBeChanged the PIN must be changed before use (initial PIN, expired PIN)
 */
public record PinStatus(boolean countLow, boolean finalTry, boolean locked, boolean toBeChanged) {

    /** Nothing to report. */
    public static final PinStatus OK = new PinStatus(false, false, false, false);

    /** One try left, when the token says so; otherwise unknown (null). */
    public Integer retriesLeft() {
        return finalTry ? 1 : null;
    }
}
