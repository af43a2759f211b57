package org.pechatka.token;

import java.util.Arrays;
import org.pechatka.error.PechatkaException;

/**
 * Asks for a PIN: the PIN dialog in the app, the console in the command line, a script in tests.
 * The token layer calls it once per PIN entry and calls {@code C_Login} exactly once per answer;
 * after a wrong PIN it asks again with {@link PinRequest#previousFailure()} set, so a dialog can show
 * the error and stay open. A source that cannot ask again throws the failure it is given.
 */
@FunctionalInterface
public interface PinSource {

    /**
     * Returns the PIN (or {@link PinResponse.PinPad} when {@code request.pinPad()}), or throws
     * {@link PechatkaException.UserCancelled}, {@link PechatkaException.UserTimeout} or the previous
     * failure.
     */
    PinResponse requestPin(PinRequest request) throws PechatkaException;

    /** Called after the login that followed a PIN-pad answer has finished, to close the notice. */
    default void pinPadFinished() {}

    /**
     * Called when the token reports the user PIN locked, before {@code PIN_LOCKED} is reported and
     * without any login: a dialog explains what the person can do (the PUK, the issuer) and returns
     * when it is closed. The default shows nothing.
     */
    default void pinLocked(PinRequest request) {}

    /**
     * A source that answers with this PIN once per request and, after a wrong PIN, reports the
     * failure instead of guessing again. Keeps a copy of the PIN for the life of the source.
     */
    static PinSource fixed(char[] pin) {
        char[] copy = pin.clone();
        return request -> {
            if (request.previousFailure() != null) {
                throw request.previousFailure();
            }
            if (request.pinPad()) {
                return new PinResponse.PinPad();
            }
            return new PinResponse.Pin(Arrays.copyOf(copy, copy.length));
        };
    }

    /** A source for tokens that need no PIN: any request is a cancel. */
    static PinSource none() {
        return request -> {
            throw new PechatkaException.UserCancelled();
        };
    }
}
