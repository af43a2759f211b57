package org.pechatka.ui.signfile;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javafx.application.Platform;
import org.pechatka.cert.CertificateView;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinResponse;
import org.pechatka.token.PinSource;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.PendingRequests;
import org.pechatka.ui.pin.PinView;
import org.pechatka.ui.pin.PinViewModel;

/**
 * The PIN for a signature the person started in Pechatka's own Sign file window: the same PIN
 * window as for a site's request (wrong PIN shown in place, PIN pad, locked token), with "Pechatka
 * on this computer" where a site's address would be, so the person sees who asks. Called from the
 * background thread that signs; the window lives on the JavaFX thread. One instance per signature.
 */
final class WindowPins implements PinSource {

    private final PendingRequests pending;
    private final String source;
    private final String origin;
    private final CertificateView certificate;
    private PinView view;

    WindowPins(PendingRequests pending, String source, String origin, CertificateView certificate) {
        this.pending = pending;
        this.source = source;
        this.origin = origin;
        this.certificate = certificate;
    }

    @Override
    public PinResponse requestPin(PinRequest request) throws PechatkaException {
        CompletableFuture<char[]> answer = new CompletableFuture<>();
        Platform.runLater(() -> {
            PinView v = view();
            v.model().ask(request, certificate);
            v.show(pending, origin, pin -> {
                if (!answer.complete(pin)) {
                    Arrays.fill(pin, '\0');
                }
            }, () -> answer.complete(null));
        });
        if (request.pinPad()) {
            return new PinResponse.PinPad();
        }
        char[] pin;
        try {
            pin = answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new PechatkaException.UserCancelled();
        } catch (ExecutionException e) {
            close();
            throw new PechatkaException.UserCancelled();
        }
        if (pin == null) {
            close();
            throw new PechatkaException.UserCancelled();
        }
        return new PinResponse.Pin(pin);
    }

    @Override
    public void pinPadFinished() {
        close();
    }

    @Override
    public void pinLocked(PinRequest request) {
        CompletableFuture<Boolean> closed = new CompletableFuture<>();
        Platform.runLater(() -> {
            PinView v = view();
            v.model().locked(request, certificate);
            v.show(pending, origin, pin -> Arrays.fill(pin, '\0'), () -> closed.complete(Boolean.TRUE));
        });
        try {
            closed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // closed either way
        } finally {
            close();
        }
    }

    /** Closes the PIN window (after the signature, a failure or a cancel). */
    void close() {
        Platform.runLater(() -> {
            if (view != null) {
                view.close();
                view = null;
            }
        });
    }

    private PinView view() {
        if (view == null) {
            view = new PinView(new PinViewModel(), Messages.forScreen(PinView.class)).sourceLabel(source);
        }
        return view;
    }
}
