package org.pechatka.ui.pin;

import java.util.function.Consumer;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import org.pechatka.cert.CertificateView;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.PendingRequests;
import org.pechatka.ui.common.Views;
import org.pechatka.ui.frame.Formats;
import org.pechatka.ui.frame.RequestWindow;

/**
 * The PIN window of one request. It stays open between the PIN requests of that request, so a wrong
 * PIN shows its error here and the person tries again in the same place. The PIN goes from the
 * field to the token as a {@code char[]} (never a String) and the field is cleared at once.
 */
public final class PinView {

    private final PinViewModel model;
    private final Messages messages;
    private final Formats formats;
    private final Parent root;
    private RequestWindow window;
    private Consumer<char[]> onPin = pin -> {};
    private Runnable onCancel = () -> {};
    private String sourceLabel;

    @FXML private Label tokenLine;
    @FXML private Label certificateLine;
    @FXML private Label everySignatureLine;
    @FXML private Label warning;
    @FXML private Label error;
    @FXML private VBox fieldBox;
    @FXML private Label fieldLabel;
    @FXML private PasswordField pin;
    @FXML private Label pinPadNote;
    @FXML private Label checkingNote;
    @FXML private Label lockedNote;

    public PinView(PinViewModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
        this.formats = new Formats(messages);
        this.root = Views.load(this, "pin.fxml", messages);
        pin.setId("pin");
        error.setId("pin-error");
        warning.setId("pin-warning");
        tokenLine.setId("token");
        certificateLine.setId("certificate");
        pinPadNote.setId("pin-pad");
        lockedNote.setId("pin-locked");
        checkingNote.setId("pin-checking");
    }

    /** Opens (or reuses) the window for the model's current state and brings it to the front. */
    public void show(PendingRequests pending, String origin, Consumer<char[]> onPin, Runnable onCancel) {
        this.onPin = onPin;
        this.onCancel = onCancel;
        if (window == null) {
            window = new RequestWindow(messages, pending, PinView.class, messages.get(
                    model.keyFile() ? "title.keyFile" : "title"), origin);
            window.content(root);
            if (sourceLabel != null) {
                window.sourceLabel(sourceLabel);
            }
        }
        render();
        window.show(model.mode() == PinViewModel.Mode.ENTRY ? pin : null);
        window.refit();
    }

    /**
     * For a PIN asked by Pechatka's own window (a file signed on this computer): {@code label}
     * takes the place of the word "Site" above the origin line. Call before {@link #show}.
     */
    public PinView sourceLabel(String label) {
        this.sourceLabel = label;
        return this;
    }

    /** A PIN was handed over: the window waits for the token's answer without taking input. */
    public void checking() {
        model.checking();
        render();
    }

    public void close() {
        clearField();
        if (window != null) {
            window.close();
        }
    }

    public boolean isShowing() {
        return window != null && window.isShowing();
    }

    public PinViewModel model() {
        return model;
    }

    public RequestWindow window() {
        return window;
    }

    private void submit() {
        if (model.mode() != PinViewModel.Mode.ENTRY) {
            return;
        }
        CharSequence typed = pin.getCharacters();
        char[] value = new char[typed.length()];
        for (int i = 0; i < value.length; i++) {
            value[i] = typed.charAt(i);
        }
        clearField();
        checking();
        onPin.accept(value);
    }

    private void clearField() {
        pin.clear();
    }

    private void render() {
        PinViewModel.Mode mode = model.mode();
        boolean keyFile = model.keyFile();
        window.ask(messages.get(mode == PinViewModel.Mode.LOCKED ? "ask.locked" : keyFile ? "ask.keyFile" : "ask"));
        tokenLine.setText(messages.get(keyFile ? "keyFile.line" : "token.line", model.tokenName()));
        CertificateView v = model.certificate();
        Views.shown(certificateLine, v != null);
        if (v != null) {
            certificateLine.setText(messages.get("certificate.line", v.displayName(), v.issuerName(),
                    formats.date(v.notAfter())));
        }
        Views.shown(everySignatureLine, model.everySignature() && mode != PinViewModel.Mode.LOCKED);

        PinViewModel.Warning w = model.warning();
        Views.shown(warning, w != PinViewModel.Warning.NONE && mode != PinViewModel.Mode.CHECKING);
        warning.setText(switch (w) {
            case FINAL_TRY -> messages.get("warn.finalTry");
            case COUNT_LOW -> messages.get("warn.countLow");
            case NONE -> "";
        });
        PinViewModel.Failure f = model.failure();
        Views.shown(error, f != PinViewModel.Failure.NONE && mode != PinViewModel.Mode.CHECKING);
        error.setText(switch (f) {
            case WRONG -> messages.get(keyFile ? "error.wrong.keyFile" : "error.wrong");
            case WRONG_RETRIES_KNOWN -> messages.get("error.wrong.retries", model.retriesLeft());
            case WRONG_FINAL_TRY -> messages.get("error.wrong.finalTry");
            case NONE -> "";
        });

        boolean entry = mode == PinViewModel.Mode.ENTRY || mode == PinViewModel.Mode.CHECKING;
        Views.shown(fieldBox, entry);
        fieldLabel.setText(messages.get(keyFile ? "field.keyFile" : "field"));
        pin.setDisable(mode != PinViewModel.Mode.ENTRY);
        Views.shown(pinPadNote, mode == PinViewModel.Mode.PIN_PAD);
        Views.shown(checkingNote, mode == PinViewModel.Mode.CHECKING);
        checkingNote.setText(messages.get(keyFile ? "checking.keyFile" : "checking"));
        Views.shown(lockedNote, mode == PinViewModel.Mode.LOCKED);
        lockedNote.setText(messages.get("locked"));

        switch (mode) {
            case ENTRY, CHECKING -> {
                var b = window.buttons(messages.get("button.ok"), this::submit, messages.get("button.cancel"),
                        () -> onCancel.run());
                b[0].setDisable(mode == PinViewModel.Mode.CHECKING);
            }
            // the reader has the PIN now: nothing here can stop it, the token layer closes this notice
            case PIN_PAD -> window.buttons(null, null, null, null);
            case LOCKED -> window.buttons(messages.get("button.close"), () -> onCancel.run(), null,
                    () -> onCancel.run());
        }
    }

    /** The field, so tests and the window can put the keyboard there. */
    public Node focusTarget() {
        return pin;
    }
}
