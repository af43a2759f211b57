package org.pechatka.ui.importcert;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javafx.application.Platform;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinResponse;
import org.pechatka.token.PinSource;
import org.pechatka.ui.common.FxPinSource;
import org.pechatka.ui.common.Messages;

/**
 * The token's PIN for the import, asked in a dialog modal to the import window (the request
 * windows' PIN window names a website, which this is not). Asked again with the reason after a
 * wrong PIN; a PIN pad reader takes the PIN itself. The PIN is read into a {@code char[]} and the
 * field cleared; the token layer wipes the array.
 */
final class PinDialog {

    private final Stage owner;
    private final Messages m;
    /** The texts' prefix: {@code pin.} for a token, {@code password.} for a key file. */
    private final String texts;

    PinDialog(Stage owner, Messages messages) {
        this(owner, messages, false);
    }

    /** @param keyFile asks a key file's password rather than a token's PIN */
    PinDialog(Stage owner, Messages messages, boolean keyFile) {
        this.owner = owner;
        this.m = messages;
        this.texts = keyFile ? "password." : "pin.";
    }

    /** A PIN source for a login from a background thread. */
    PinSource source(String tokenLabel) {
        return FxPinSource.asking(request -> ask(tokenLabel, request.previousFailure() != null));
    }

    private char[] ask(String tokenLabel, boolean wrongBefore) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle(m.get("window.title", m.get(texts + "title")));
        d.setHeaderText(null);
        d.setResizable(true);
        d.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
        ButtonType ok = new ButtonType(m.get("pin.ok"), ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().setAll(ok,
                new ButtonType(m.get("button.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE));
        PasswordField field = new PasswordField();
        field.setId("pinField");
        field.setAccessibleText(m.get(texts + "field"));
        Label text = new Label(m.get(texts + "text", tokenLabel));
        text.setWrapText(true);
        text.setPrefWidth(420);
        text.setMinHeight(Region.USE_PREF_SIZE);
        VBox content = new VBox(8, text, field);
        if (wrongBefore) {
            Label error = new Label(m.get(texts + "wrong"));
            error.setId("pinError");
            error.setWrapText(true);
            error.getStyleClass().add("error");
            content.getChildren().add(error);
        }
        d.getDialogPane().setContent(content);
        Platform.runLater(field::requestFocus);
        Optional<ButtonType> result = d.showAndWait();
        CharSequence cs = field.getCharacters();
        char[] pin = new char[cs.length()];
        for (int i = 0; i < pin.length; i++) {
            pin[i] = cs.charAt(i);
        }
        field.clear();
        if (result.orElse(null) != ok) {
            Arrays.fill(pin, '\0');
            return null;
        }
        return pin;
    }
}
