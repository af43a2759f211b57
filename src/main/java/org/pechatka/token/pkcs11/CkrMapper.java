package org.pechatka.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.*;

import java.util.Map;
import org.pechatka.error.PechatkaException;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;

/**
 * The one place where PKCS#11 return values become Pechatka errors (PROTOCOL.md section 2.2).
 * Removal is recognised in every form modules report it: {@code CKR_DEVICE_REMOVED},
 * {@code CKR_TOKEN_NOT_PRESENT}, and the session errors that follow a removal
 * ({@code CKR_SESSION_HANDLE_INVALID}, {@code CKR_SESSION_CLOSED}).
 */
final class CkrMapper {

    /** When the error happened. */
    enum Phase {
        /** Before the operation touched the token (listing, opening a session): absent → TOKEN_NOT_PRESENT. */
        START,
        /** During the operation: absent → TOKEN_REMOVED. */
        DURING
    }

    private static final Map<Long, String> MESSAGES = Map.of(
            CKR_PIN_EXPIRED, "The PIN has expired; change it with the token's own tool",
            CKR_TOKEN_NOT_RECOGNIZED, "The token is not recognised",
            CKR_TOKEN_WRITE_PROTECTED, "The token is write-protected",
            CKR_DEVICE_MEMORY, "The token is full",
            CKR_USER_NOT_LOGGED_IN, "The token requires a login");

    private CkrMapper() {}

    /** Whether the code means the token is gone. */
    static boolean tokenGone(long ckr) {
        return ckr == CKR_DEVICE_REMOVED || ckr == CKR_TOKEN_NOT_PRESENT
                || ckr == CKR_SESSION_HANDLE_INVALID || ckr == CKR_SESSION_CLOSED;
    }

    static String name(long ckr) {
        String name = PKCS11Constants.ckrCodeToName(ckr);
        // the wrapper never returns null: for a code it does not know it makes up "CKR_0X…"
        return name != null && !name.startsWith("CKR_0X") ? name : String.format("CKR_0x%08X", ckr);
    }

    /**
     * Maps a return value. {@code CKR_PIN_INCORRECT} is mapped without PIN flags; the login code
     * reads the flags and builds the full error itself.
     */
    static PechatkaException map(long ckr, Phase phase, String operation, Throwable cause) {
        if (tokenGone(ckr)) {
            return phase == Phase.START ? new PechatkaException.TokenNotPresent() : new PechatkaException.TokenRemoved();
        }
        if (ckr == CKR_PIN_INCORRECT) {
            return new PechatkaException.PinIncorrect(null, false);
        }
        if (ckr == CKR_PIN_LEN_RANGE) {
            return new PechatkaException.PinIncorrect(null, false, "The PIN has the wrong length");
        }
        if (ckr == CKR_PIN_LOCKED) {
            return new PechatkaException.PinLocked();
        }
        if (ckr == CKR_FUNCTION_CANCELED) {
            return new PechatkaException.UserCancelled();
        }
        if (ckr == CKR_KEY_HANDLE_INVALID) {
            return new PechatkaException.KeyNotFound("The key is no longer on the token");
        }
        if (ckr == CKR_MECHANISM_INVALID || ckr == CKR_MECHANISM_PARAM_INVALID || ckr == CKR_KEY_TYPE_INCONSISTENT
                || ckr == CKR_KEY_FUNCTION_NOT_PERMITTED || ckr == CKR_KEY_SIZE_RANGE) {
            return new PechatkaException.AlgorithmUnsupported("The token cannot " + operation + " with this key");
        }
        String message = MESSAGES.getOrDefault(ckr, "The token failed to " + operation);
        return new PechatkaException.TokenFailure(name(ckr), message, cause);
    }

    static PechatkaException map(PKCS11Exception e, Phase phase, String operation) {
        return map(e.getErrorCode(), phase, operation, e);
    }
}
