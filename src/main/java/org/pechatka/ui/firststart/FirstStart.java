package org.pechatka.ui.firststart;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import org.pechatka.desktop.LocalTrust;
import org.pechatka.desktop.Preferences;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.Views;
import org.pechatka.ui.settings.TrustViewModel;

/**
 * The first-start window, shown once per user (the flag is in the user's settings): offers to
 * trust the local certificate in the browsers, saying why in one sentence and showing the current
 * status, and asks whether Pechatka should start at login (or says that the administrator decided
 * it). "Trust and continue" (Enter) installs and saves; "Not now" (Escape, closing the window)
 * installs nothing. Both save the autostart choice shown and mark the first start done.
 *
 * <p>Wiring, once the tray app runs: {@code FirstStart.showIfNeeded(settings.preferences(),
 * localTrust, executor)}.
 */
public final class FirstStart {

    /** How the first start ended. */
    public enum Outcome {
        /** It had been answered before; nothing was shown. */
        ALREADY_DONE,
        /** "Trust and continue" (or "Continue" when the browsers trusted the certificate already). */
        ACCEPTED,
        /** "Not now", Escape or the window closed. */
        NOT_NOW
    }

    private FirstStart() {}

    /**
     * Shows the window unless the first start was answered already; from any thread.
     *
     * @param background where certutil runs; never the JavaFX thread
     * @return completes when the window is answered (at once when it is not shown)
     */
    public static CompletableFuture<Outcome> showIfNeeded(Preferences preferences, LocalTrust trust,
            Executor background) {
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(background, "background");
        if (preferences.firstStartDone()) {
            return CompletableFuture.completedFuture(Outcome.ALREADY_DONE);
        }
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                show(preferences, trust, background, result);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static void show(Preferences preferences, LocalTrust trust, Executor background,
            CompletableFuture<Outcome> result) {
        Messages messages = Messages.forScreen(FirstStart.class);
        TrustViewModel trustModel = new TrustViewModel(trust, background, Platform::runLater);
        FirstStartViewModel model = new FirstStartViewModel(preferences, trustModel);
        FirstStartView view = new FirstStartView(model, messages);
        Stage stage = new Stage();
        stage.setTitle(messages.get("window.title", messages.get("firststart.title")));
        Scene scene = new Scene(view.root());
        Views.style(scene, FirstStart.class);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                e.consume();
                model.notNow();
            } else if (e.getCode() == KeyCode.ENTER) {
                // Enter works the focused button; on anything else (the check box) the default button
                Button target = scene.getFocusOwner() instanceof Button b ? b : view.accept();
                if (!target.isDisabled() && target.isVisible()) {
                    e.consume();
                    target.fire();
                }
            }
        });
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> {
            e.consume();
            model.notNow();
        });
        model.phase().addListener((o, was, now) -> {
            if (now == FirstStartViewModel.Phase.CLOSED) {
                stage.hide();
                result.complete(model.answer() == FirstStartViewModel.Answer.NOT_NOW ? Outcome.NOT_NOW
                        : Outcome.ACCEPTED);
            } else if (now == FirstStartViewModel.Phase.DONE) {
                view.accept().requestFocus();
            }
        });
        trustModel.load();
        stage.sizeToScene();
        stage.show();
        stage.toFront();
        stage.requestFocus();
        view.accept().requestFocus();
    }
}
