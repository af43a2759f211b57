package org.pechatka.ui.certificates;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinResponse;
import org.pechatka.token.PinRules;
import org.pechatka.token.PinSource;
import org.pechatka.ui.common.FxPinSource;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.frame.PersonalDataGrid;

/**
 * The small dialogs of the Certificates window, modal to it: confirmations (Cancel is the default
 * button, so Enter never deletes by accident), where to export, the PIN for a login, and the
 * change-PIN / unblock form. PINs are read from the fields into {@code char[]} and the fields
 * cleared; the arrays are wiped by whoever uses them.
 */
public final class CertificateDialogs {

    /** Where an export goes. */
    public record Target(Path file, CertificatesViewModel.ExportFormat format, boolean overwriteConfirmed) {}

    /** Asks where to export; empty when the person cancels. */
    @FunctionalInterface
    public interface SaveTarget {
        Optional<Target> choose(Stage owner, String suggestedName);
    }

    /** A filled change-PIN or unblock form. */
    public record PinForm(char[] current, char[] next) {
        /** Overwrites both PINs. */
        public void wipe() {
            Arrays.fill(current, '\0');
            Arrays.fill(next, '\0');
        }
    }

    private final Stage owner;
    private final Messages m;
    private final SaveTarget saveTarget;

    /**
     * @param messages the Certificates window's texts ({@code Messages.forScreen(CertificatesView.class)}),
     *                 also when another window (the request window) asks a PIN through these dialogs
     */
    public CertificateDialogs(Stage owner, Messages messages, SaveTarget saveTarget) {
        this.owner = owner;
        this.m = messages;
        this.saveTarget = saveTarget != null ? saveTarget : this::systemSaveDialog;
    }

    Optional<Target> exportTarget(String suggestedName) {
        return saveTarget.choose(owner, suggestedName);
    }

    /** The system's save dialog (it confirms overwriting itself); the chosen filter decides the format. */
    private Optional<Target> systemSaveDialog(Stage stage, String suggestedName) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(m.get("window.title", m.get("export.title")));
        FileChooser.ExtensionFilter der = new FileChooser.ExtensionFilter(m.get("export.der"), "*.cer", "*.der");
        FileChooser.ExtensionFilter pem = new FileChooser.ExtensionFilter(m.get("export.pem"), "*.pem", "*.crt");
        chooser.getExtensionFilters().addAll(der, pem);
        chooser.setInitialFileName(suggestedName + ".cer");
        File file = chooser.showSaveDialog(stage);
        if (file == null) {
            return Optional.empty();
        }
        Path path = file.toPath();
        String name = path.getFileName().toString();
        boolean pemChosen = chooser.getSelectedExtensionFilter() == pem;
        if (!name.contains(".")) {
            // the name the dialog confirmed gets an extension: that file was not confirmed
            path = path.resolveSibling(name + (pemChosen ? ".pem" : ".cer"));
            return Optional.of(new Target(path, CertificatesViewModel.formatOf(path), false));
        }
        CertificatesViewModel.ExportFormat format = name.toLowerCase(java.util.Locale.ROOT).matches(".*\\.(pem|crt)")
                ? CertificatesViewModel.ExportFormat.PEM : name.toLowerCase(java.util.Locale.ROOT).matches(".*\\.(cer|der)")
                ? CertificatesViewModel.ExportFormat.DER : pemChosen ? CertificatesViewModel.ExportFormat.PEM
                : CertificatesViewModel.ExportFormat.DER;
        return Optional.of(new Target(path, format, true));
    }

    boolean confirm(String title, String text, String okText, String checkText) {
        return confirm(title, text, okText, checkText, new boolean[1]);
    }

    /**
     * A confirmation: {@code okText} or Cancel, Cancel the default. With {@code checkText} a check
     * box (off) whose state lands in {@code checked[0]}.
     */
    boolean confirm(String title, String text, String okText, String checkText, boolean[] checked) {
        Dialog<ButtonType> d = dialog(title);
        ButtonType ok = new ButtonType(okText, ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(m.get("button.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        d.getDialogPane().getButtonTypes().setAll(ok, cancel);
        Label message = wrapping(text);
        message.setId("confirmText");
        VBox content = new VBox(12, message);
        CheckBox check = new CheckBox(checkText);
        check.setId("confirmCheck");
        check.setWrapText(true);
        if (checkText != null) {
            content.getChildren().add(check);
        }
        d.getDialogPane().setContent(content);
        Button okButton = (Button) d.getDialogPane().lookupButton(ok);
        okButton.setId("confirmOk");
        okButton.setDefaultButton(false);
        Button cancelButton = (Button) d.getDialogPane().lookupButton(cancel);
        cancelButton.setId("confirmCancel");
        cancelButton.setDefaultButton(true);
        Platform.runLater(cancelButton::requestFocus);
        boolean yes = d.showAndWait().orElse(cancel) == ok;
        checked[0] = yes && check.isSelected();
        return yes;
    }

    /**
     * A PIN source for a login from a background thread: asks in a dialog modal to the window,
     * again with the error after a wrong PIN.
     */
    public PinSource pinSource(String tokenLabel) {
        return FxPinSource.asking(request -> askPin(tokenLabel, request.previousFailure()));
    }

    private char[] askPin(String tokenLabel, PechatkaException previous) {
        Dialog<ButtonType> d = dialog(m.get("pin.ask.title"));
        d.getDialogPane().getButtonTypes().setAll(
                new ButtonType(m.get("button.ok"), ButtonBar.ButtonData.OK_DONE), cancelType());
        PasswordField field = new PasswordField();
        field.setId("pinField");
        field.setAccessibleText(m.get("pin.ask.field"));
        VBox content = new VBox(8, wrapping(m.get("pin.ask.text", tokenLabel)), field);
        if (previous != null) {
            Label error = wrapping(m.get(CertificatesViewModel.problemKey(previous)));
            error.getStyleClass().add("error");
            content.getChildren().add(error);
        }
        d.getDialogPane().setContent(content);
        Platform.runLater(field::requestFocus);
        Optional<ButtonType> result = d.showAndWait();
        char[] pin = chars(field);
        if (result.isEmpty() || result.get().getButtonData() != ButtonBar.ButtonData.OK_DONE) {
            Arrays.fill(pin, '\0');
            return null;
        }
        return pin;
    }

    /**
     * The change-PIN form (current, new, repeat) or, with {@code unblock}, the unblock form (SO
     * PIN / PUK, new, repeat). The new PIN is checked against the token's lengths before the form
     * closes.
     */
    Optional<PinForm> changePin(String tokenLabel, PinRules rules, boolean unblock) {
        Dialog<ButtonType> d = dialog(m.get(unblock ? "pin.unblock.title" : "pin.change.title"));
        ButtonType ok = new ButtonType(m.get(unblock ? "pin.unblock.button" : "pin.change.button"),
                ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().setAll(ok, cancelType());
        PasswordField current = new PasswordField();
        current.setId("currentPin");
        PasswordField next = new PasswordField();
        next.setId("newPin");
        PasswordField repeat = new PasswordField();
        repeat.setId("repeatPin");
        GridPane grid = new GridPane(12, 8);
        String currentLabel = m.get(unblock ? "pin.so" : "pin.current");
        grid.addRow(0, PersonalDataGrid.fieldLabel(currentLabel), current);
        grid.addRow(1, PersonalDataGrid.fieldLabel(m.get("pin.new")), next);
        grid.addRow(2, PersonalDataGrid.fieldLabel(m.get("pin.repeat")), repeat);
        current.setAccessibleText(currentLabel);
        next.setAccessibleText(m.get("pin.new"));
        repeat.setAccessibleText(m.get("pin.repeat"));
        String lengths = rules.maxLength() == Integer.MAX_VALUE ? m.get("pin.rule.min", rules.minLength())
                : m.get("pin.rule", rules.minLength(), rules.maxLength());
        Label rule = wrapping(lengths);
        rule.getStyleClass().add("muted");
        Label error = wrapping("");
        error.setId("pinError");
        error.getStyleClass().add("error");
        VBox content = new VBox(10, wrapping(m.get(unblock ? "pin.unblock.text" : "pin.change.text", tokenLabel)), grid,
                rule, error);
        d.getDialogPane().setContent(content);
        Button okButton = (Button) d.getDialogPane().lookupButton(ok);
        okButton.setId("pinOk");
        okButton.addEventFilter(ActionEvent.ACTION, e -> {
            char[] a = peek(next);
            char[] b = peek(repeat);
            try {
                String problem = current.getCharacters().isEmpty() ? (unblock ? "pin.soMissing" : "pin.currentMissing")
                        : CertificatesViewModel.pinProblem(rules, a, b);
                if (problem != null) {
                    error.setText(m.get(problem, rules.minLength(), rules.maxLength()));
                    e.consume();
                }
            } finally {
                Arrays.fill(a, '\0');
                Arrays.fill(b, '\0');
            }
        });
        Platform.runLater(current::requestFocus);
        Optional<ButtonType> result = d.showAndWait();
        PinForm form = new PinForm(chars(current), chars(next));
        repeat.clear();
        if (result.orElse(null) != ok) {
            form.wipe();
            return Optional.empty();
        }
        return Optional.of(form);
    }

    private ButtonType cancelType() {
        return new ButtonType(m.get("button.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
    }

    private Dialog<ButtonType> dialog(String title) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle(m.get("window.title", title));
        d.setHeaderText(null);
        d.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
        d.getDialogPane().getStyleClass().add("certificates-dialog");
        d.setResizable(true);
        return d;
    }

    private static Label wrapping(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        l.setPrefWidth(420);
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    /** The field's characters as a new array; the field is cleared. */
    private static char[] chars(PasswordField field) {
        char[] out = peek(field);
        field.clear();
        return out;
    }

    /** The field's characters as a new array, the field left as it is (the caller wipes the array). */
    private static char[] peek(PasswordField field) {
        CharSequence cs = field.getCharacters();
        char[] out = new char[cs.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = cs.charAt(i);
        }
        return out;
    }
}
