package org.pechatka.ui.common;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import javafx.application.Platform;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinResponse;
import org.pechatka.token.PinSource;

/**
 * A {@link PinSource} for a token login running on a background thread, whose PIN a window asks on
 * the JavaFX thread: a PIN pad reader takes the PIN itself; otherwise {@code ask} runs on the FX
 * thread and returns the typed PIN, or null when the person cancelled ({@code USER_CANCELLED}).
 * The caller's dialog clears its field; the token layer wipes the returned array.
 */
public final class FxPinSource implements PinSource {

    private final Function<PinRequest, char[]> ask;

    private FxPinSource(Function<PinRequest, char[]> ask) {
        this.ask = ask;
    }

    /** @param ask shows the dialog (FX thread); null for cancel */
    public static PinSource asking(Function<PinRequest, char[]> ask) {
        return new FxPinSource(ask);
    }

    @Override
    public PinResponse requestPin(PinRequest request) throws PechatkaException {
        if (request.pinPad()) {
            return new PinResponse.PinPad();
        }
        CompletableFuture<char[]> answer = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                answer.complete(ask.apply(request));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        char[] pin;
        try {
            pin = answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PechatkaException.UserCancelled();
        } catch (ExecutionException e) {
            throw new PechatkaException.UserCancelled();
        }
        if (pin == null) {
            throw new PechatkaException.UserCancelled();
        }
        return new PinResponse.Pin(pin);
    }
}
