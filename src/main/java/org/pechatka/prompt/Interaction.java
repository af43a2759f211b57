package org.pechatka.prompt;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.pechatka.cert.CertificateView;
import org.pechatka.error.PechatkaException;

/**
 * One request that needs the person: who asks (the origin from the connection, never from the
 * message), how long each dialog may wait, and a signal that ends the dialogs early — the page went
 * away, or the token was removed. Dialogs close at once when {@link #aborted()} completes and the
 * waiting call throws the exception it carries.
 */
public final class Interaction {

    private final String origin;
    private final Duration dialogTimeout;
    private final CompletableFuture<PechatkaException> aborted = new CompletableFuture<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile CertificateView certificate;

    public Interaction(String origin, Duration dialogTimeout) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.dialogTimeout = Objects.requireNonNull(dialogTimeout, "dialogTimeout");
    }

    /** The requesting origin, e.g. {@code https://portal.gov.by}: shown first in every dialog. */
    public String origin() {
        return origin;
    }

    /** How long one dialog waits for an answer before {@code USER_TIMEOUT}. */
    public Duration dialogTimeout() {
        return dialogTimeout;
    }

    /**
     * The certificate this request uses from now on (chosen in the picker, or named by a signing
     * request), so a later dialog (the PIN) can say which certificate it unlocks.
     */
    public void useCertificate(CertificateView certificate) {
        this.certificate = certificate;
    }

    /** The certificate in use, or null before one is known. */
    public CertificateView certificate() {
        return certificate;
    }

    /** Completes with the reason when the interaction must end without an answer. */
    public CompletableFuture<PechatkaException> aborted() {
        return aborted;
    }

    /** Ends the interaction: open dialogs close and report {@code reason}. */
    public void abort(PechatkaException reason) {
        aborted.complete(reason);
    }

    /** Runs {@code action} once the request is answered (or failed): dialogs still open close then. */
    public void whenDone(Runnable action) {
        done.thenRun(action);
    }

    /** The request is answered; called by the protocol layer. */
    public void finish() {
        done.complete(null);
    }

    /** Throws the abort reason if the interaction was ended. */
    public void checkNotAborted() throws PechatkaException {
        PechatkaException reason = aborted.getNow(null);
        if (reason != null) {
            throw reason;
        }
    }
}
