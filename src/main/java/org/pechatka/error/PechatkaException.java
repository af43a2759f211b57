package org.pechatka.error;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one error type of Pechatka. Every failure that can reach a user or a web page is one of the
 * permitted leaves below; each leaf owns exactly one {@link ErrorReason}, so the mapping to the
 * protocol's error codes lives in one place and a {@code switch} over the leaves is checked for
 * exhaustiveness by the compiler.
 *
 * <p>{@link #getMessage()} is short English text that is safe to show to a web page: it never
 * contains a PIN, document bytes, a stack trace or a file path. Details for the log go into the
 * cause.
 */
public abstract sealed class PechatkaException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorReason reason;

    private PechatkaException(ErrorReason reason, String message, Throwable cause) {
        super(message == null ? reason.defaultMessage() : message, cause);
        this.reason = reason;
    }

    public final ErrorReason reason() {
        return reason;
    }

    /** Extra error data for the protocol's {@code error.data} object (besides {@code reason}). */
    public Map<String, Object> data() {
        return Map.of();
    }

    // ---- protocol-level failures --------------------------------------------------------------

    /** Not JSON ({@code -32700}). */
    public static final class ParseError extends PechatkaException {
        private static final long serialVersionUID = 1L;

        public ParseError(String message) {
            super(ErrorReason.PARSE_ERROR, message, null);
        }
    }

    /** Not a JSON-RPC request ({@code -32600}). */
    public static final class InvalidRequest extends PechatkaException {
        private static final long serialVersionUID = 1L;

        public InvalidRequest(String message) {
            super(ErrorReason.INVALID_REQUEST, message, null);
        }
    }

    /** Unknown method ({@code -32601}). */
    public static final class MethodNotFound extends PechatkaException {
        private static final long serialVersionUID = 1L;

        public MethodNotFound(String message) {
            super(ErrorReason.METHOD_NOT_FOUND, message, null);
        }
    }

    /** Missing, unknown or ill-typed parameter, or a value out of range ({@code -32602}). */
    public static final class InvalidParams extends PechatkaException {
        private static final long serialVersionUID = 1L;

        public InvalidParams(String message) {
            super(ErrorReason.INVALID_PARAMS, message, null);
        }
    }

    /** A bug: details only in the log ({@code -32603}). */
    public static final class Internal extends PechatkaException {
        private static final long serialVersionUID = 1L;

        public Internal(String logDetail, Throwable cause) {
            super(ErrorReason.INTERNAL, "Technical error, see the application log",
                    new IllegalStateException(logDetail, cause));
        }
    }

    // ---- the user -----------------------------------------------------------------------------

    /** The user closed or cancelled a dialog, or cancelled on a PIN pad. */
    public static final class UserCancelled extends PechatkaException {
        private static final long serialVersionUID = 1L;

        public UserCancelled() {
            super(ErrorReason.USER_CANCELLED, null, null);
        }
    }

    /** The user did not answer within the dialog timeout. */
    public static final class UserTimeout extends PechatkaException {
        private static final long serialVersionUID = 1L;

        public UserTimeout() {
            super(ErrorReason.USER_TIMEOUT, null, null);
        }
    }

    /** Another dialog is already open. */
    public static final class ActionPending extends PechatkaException {
        private static final long serialVersionUID = 1L;

        public ActionPending() {
            super(ErrorReason.ACTION_PENDING, null, null);
        }
    }

    // ---- PIN ----------------------------------------------------------------------------------

    /**
     * A wrong PIN. {@code retriesLeft} is present only when the token tells it (PKCS#11 does so
     * only through {@code CKF_USER_PIN_FINAL_TRY}: one try left).
     */
    public static final class PinIncorrect extends PechatkaException {
        private static final long serialVersionUID = 1L;
        private final Integer retriesLeft;
        private final boolean finalTry;

        public PinIncorrect(Integer retriesLeft, boolean finalTry) {
            this(retriesLeft, finalTry, null);
        }

        public PinIncorrect(Integer retriesLeft, boolean finalTry, String message) {
            super(ErrorReason.PIN_INCORRECT, message, null);
            this.retriesLeft = retriesLeft;
            this.finalTry = finalTry;
        }

        public Integer retriesLeft() {
            return retriesLeft;
        }

        public boolean finalTry() {
            return finalTry;
        }

        @Override
        public Map<String, Object> data() {
            Map<String, Object> data = new LinkedHashMap<>();
            if (retriesLeft != null) {
                data.put("retriesLeft", retriesLeft);
            }
            data.put("finalTry", finalTry);
            return data;
        }
    }

    /** The token reports the user PIN locked; no {@code C_Login} was attempted. */
    public static final class PinLocked extends PechatkaException {
        private static final long serialVersionUID = 1L;

        public PinLocked() {
            super(ErrorReason.PIN_LOCKED, null, null);
        }
    }

    // ---- token --------------------------------------------------------------------------------

    /** No token, or the chosen token is absent when the operation starts. */
    public static final class TokenNotPresent extends PechatkaException {
        private static final long serialVersionUID = 1L;

        public TokenNotPresent() {
            super(ErrorReason.TOKEN_NOT_PRESENT, null, null);
        }
    }

    /** The token went away during the operation. */
    public static final class TokenRemoved extends PechatkaException {
        private static final long serialVersionUID = 1L;

        public TokenRemoved() {
            super(ErrorReason.TOKEN_REMOVED, null, null);
        }
    }

    /** Any other token failure; {@code ckr} names the PKCS#11 return value when there is one. */
    public static final class TokenFailure extends PechatkaException {
        private static final long serialVersionUID = 1L;
        private final String ckr;

        public TokenFailure(String ckr, String message, Throwable cause) {
            super(ErrorReason.TOKEN_ERROR, message, cause);
            this.ckr = ckr;
        }

        /** The name of the PKCS#11 return value, e.g. {@code CKR_DEVICE_ERROR}, or null. */
        public String ckr() {
            return ckr;
        }

        @Override
        public Map<String, Object> data() {
            return ckr == null ? Map.of() : Map.of("ckr", ckr);
        }
    }

    // ---- keys, certificates, algorithms, policy ----------------------------------------------

    /** No private key for the certificate (or a certificate the caller may not use). */
    public static final class KeyNotFound extends PechatkaException {
        private static final long serialVersionUID = 1L;

        public KeyNotFound(String message) {
            super(ErrorReason.KEY_NOT_FOUND, message, null);
        }
    }

    /** Expired, not yet valid, or the wrong key usage for the purpose. */
    public static final class CertificateUnusable extends PechatkaException {
        private static final long serialVersionUID = 1L;

        public CertificateUnusable(String message) {
            super(ErrorReason.CERTIFICATE_UNUSABLE, message, null);
        }
    }

    /** The token (or Pechatka) cannot do what the key needs. */
    public static final class AlgorithmUnsupported extends PechatkaException {
        private static final long serialVersionUID = 1L;

        public AlgorithmUnsupported(String message) {
            super(ErrorReason.ALGORITHM_UNSUPPORTED, message, null);
        }
    }

    /** Refused by policy. */
    public static final class OperationNotAllowed extends PechatkaException {
        private static final long serialVersionUID = 1L;

        public OperationNotAllowed(String message) {
            super(ErrorReason.OPERATION_NOT_ALLOWED, message, null);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + reason + "]: " + Objects.toString(getMessage(), "");
    }
}
