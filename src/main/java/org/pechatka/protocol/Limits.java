package org.pechatka.protocol;

import java.util.Base64;
import org.pechatka.error.PechatkaException;

/** The size and text limits of PROTOCOL.md section 1.1, checked in one place. */
public final class Limits {

    /** A text message or HTTP body: 16 MiB (admin policy may lower it). */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** Decoded {@code data} of one document. */
    public static final int MAX_DOCUMENT_BYTES = 12 * 1024 * 1024;
    /** Decoded data of all documents of a batch. */
    public static final long MAX_BATCH_BYTES = 64L * 1024 * 1024;
    /** Any other string field. */
    public static final int MAX_STRING = 64 * 1024;
    /** Page-supplied texts shown in dialogs ({@code documentName}, {@code description}, {@code reason}). */
    public static final int MAX_DIALOG_TEXT = 256;
    /** Items of a batch. */
    public static final int MAX_BATCH_ITEMS = 1000;
    /** The challenge nonce of {@code auth.authenticate}. */
    public static final int MIN_NONCE = 44;
    public static final int MAX_NONCE = 128;

    private Limits() {}

    /** A string field other than data: present when required, at most 64 KiB. */
    public static String string(String value, String field, boolean required) throws PechatkaException.InvalidParams {
        if (value == null) {
            if (required) {
                throw new PechatkaException.InvalidParams(field + " is required");
            }
            return null;
        }
        if (value.length() > MAX_STRING) {
            throw new PechatkaException.InvalidParams(field + " is too long");
        }
        return value;
    }

    /**
     * Text a dialog will show: at most 256 characters, no control characters and no bidirectional
     * overrides or isolates (they could make the text read differently from what it is).
     */
    public static String dialogText(String value, String field, boolean required)
            throws PechatkaException.InvalidParams {
        if (value == null) {
            if (required) {
                throw new PechatkaException.InvalidParams(field + " is required");
            }
            return null;
        }
        if (value.isBlank() && required) {
            throw new PechatkaException.InvalidParams(field + " must not be empty");
        }
        if (value.codePointCount(0, value.length()) > MAX_DIALOG_TEXT) {
            throw new PechatkaException.InvalidParams(field + " is longer than " + MAX_DIALOG_TEXT + " characters");
        }
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (Character.isISOControl(cp) || isBidiControl(cp) || Character.getType(cp) == Character.FORMAT
                    && cp != 0x200C && cp != 0x200D && cp != 0x00AD) {
                throw new PechatkaException.InvalidParams(field + " contains control or direction characters");
            }
            i += Character.charCount(cp);
        }
        return value;
    }

    private static boolean isBidiControl(int cp) {
        return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F
                || cp == 0x061C || cp == 0x2028 || cp == 0x2029; // the last two break lines like a newline
    }

    /** Standard base64 of at most {@code maxBytes} decoded bytes. */
    public static byte[] base64(String value, String field, int maxBytes) throws PechatkaException.InvalidParams {
        if (value == null) {
            throw new PechatkaException.InvalidParams(field + " is required");
        }
        if ((long) value.length() > ((long) maxBytes + 2) / 3 * 4) {
            throw new PechatkaException.InvalidParams(field + " is too large");
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new PechatkaException.InvalidParams(field + " is not valid base64");
        }
    }
}
