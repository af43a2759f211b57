package org.pechatka.ui.pin;

import java.util.Objects;
import org.pechatka.cert.CertificateView;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.PinRequest;
import org.pechatka.token.TokenKind;

/**
 * What the PIN window shows for the request in hand, without a window: a token or a key file, the
 * certificate it unlocks, a warning from the token's PIN flags, the error of the previous wrong PIN
 * (the window stays open and asks again), the PIN-pad notice, or the locked state.
 */
public final class PinViewModel {

    /** What the window is doing. */
    public enum Mode {
        /** The person types the PIN. */
        ENTRY,
        /** The PIN is typed on the reader; the window only tells so and closes when the token is done. */
        PIN_PAD,
        /** A PIN was given; the token is checking it. */
        CHECKING,
        /** The token reports the PIN locked: the window explains what to do; only Close. */
        LOCKED
    }

    /** A warning from the token's flags before the person types. */
    public enum Warning {
        NONE,
        COUNT_LOW,
        FINAL_TRY
    }

    /** What went wrong with the previous PIN of this request. */
    public enum Failure {
        NONE,
        WRONG,
        WRONG_RETRIES_KNOWN,
        WRONG_FINAL_TRY
    }

    private PinRequest request;
    private CertificateView certificate;
    private Mode mode = Mode.ENTRY;

    /** A new request for a PIN (the first, or again after a wrong one). */
    public void ask(PinRequest request, CertificateView certificate) {
        this.request = Objects.requireNonNull(request, "request");
        this.certificate = certificate;
        this.mode = request.pinPad() ? Mode.PIN_PAD : Mode.ENTRY;
    }

    /** The token reports the PIN locked. */
    public void locked(PinRequest request, CertificateView certificate) {
        this.request = Objects.requireNonNull(request, "request");
        this.certificate = certificate;
        this.mode = Mode.LOCKED;
    }

    /** A PIN was handed over; the token decides. */
    public void checking() {
        if (mode == Mode.ENTRY) {
            mode = Mode.CHECKING;
        }
    }

    public Mode mode() {
        return mode;
    }

    public PinRequest request() {
        return request;
    }

    /** The certificate the PIN unlocks, or null when not known. */
    public CertificateView certificate() {
        return certificate;
    }

    /** A key file (password, file name) rather than a token (PIN, token label). */
    public boolean keyFile() {
        return request.token().kind() == TokenKind.KEY_FILE;
    }

    /** The token label, or the key file's name. */
    public String tokenName() {
        return request.token().label();
    }

    /** Whether the key asks for its PIN for every signature ({@code CKA_ALWAYS_AUTHENTICATE}). */
    public boolean everySignature() {
        return request.kind() == PinRequest.Kind.CONTEXT_SPECIFIC;
    }

    public Warning warning() {
        if (mode == Mode.LOCKED || failure() != Failure.NONE) {
            return Warning.NONE; // the error says it already
        }
        if (request.token().pin().finalTry()) {
            return Warning.FINAL_TRY;
        }
        return request.token().pin().countLow() ? Warning.COUNT_LOW : Warning.NONE;
    }

    public Failure failure() {
        PechatkaException.PinIncorrect f = request.previousFailure();
        if (f == null || mode == Mode.LOCKED) {
            return Failure.NONE;
        }
        if (f.finalTry() || request.token().pin().finalTry()) {
            return Failure.WRONG_FINAL_TRY;
        }
        return f.retriesLeft() != null ? Failure.WRONG_RETRIES_KNOWN : Failure.WRONG;
    }

    /** Tries left after the previous wrong PIN, when the token says. */
    public Integer retriesLeft() {
        PechatkaException.PinIncorrect f = request.previousFailure();
        return f == null ? null : f.retriesLeft();
    }
}
