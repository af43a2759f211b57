package org.pechatka.error;

/**
 * The error reasons of the local protocol (PROTOCOL.md section 2.2) with their stable codes. The
 * numbers are part of the public protocol: never renumber, never reuse.
 */
public enum ErrorReason {
    PARSE_ERROR(-32700, "Parse error"),
    INVALID_REQUEST(-32600, "Invalid request"),
    METHOD_NOT_FOUND(-32601, "Method not found"),
    INVALID_PARAMS(-32602, "Invalid params"),
    INTERNAL(-32603, "Internal error"),
    USER_CANCELLED(1001, "The user cancelled"),
    USER_TIMEOUT(1002, "The user did not answer in time"),
    ACTION_PENDING(1004, "Another request is waiting for the user"),
    PIN_INCORRECT(2001, "Incorrect PIN"),
    PIN_LOCKED(2002, "The PIN is locked"),
    TOKEN_NOT_PRESENT(3001, "Token not present"),
    TOKEN_REMOVED(3002, "Token removed"),
    TOKEN_ERROR(3004, "Token error"),
    KEY_NOT_FOUND(4001, "Key not found"),
    CERTIFICATE_UNUSABLE(4002, "Certificate unusable"),
    ALGORITHM_UNSUPPORTED(4003, "Algorithm not supported"),
    OPERATION_NOT_ALLOWED(4004, "Operation not allowed");

    private final int code;
    private final String defaultMessage;

    ErrorReason(int code, String defaultMessage) {
        this.code = code;
        this.defaultMessage = defaultMessage;
    }

    /** The JSON-RPC error code. */
    public int code() {
        return code;
    }

    /** A short English message that is safe to send to a web page. */
    public String defaultMessage() {
        return defaultMessage;
    }
}
