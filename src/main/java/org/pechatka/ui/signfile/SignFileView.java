package org.pechatka.ui.signfile;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.ChainValidation;
import org.pechatka.error.PechatkaException;
import org.pechatka.files.FileSigner;
import org.pechatka.token.TokenKind;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.PendingRequests;
import org.pechatka.ui.common.Views;
import org.pechatka.ui.frame.Formats;
import org.pechatka.ui.frame.PersonalDataGrid;
import org.pechatka.ui.tray.TrayIcons;
import org.pechatka.ui.tray.TrayState;

/**
 * The Sign file window (Certificates → Sign file…): the certificate that signs with its trust, the
 * file with its size and fingerprint, detached or attached, where the signature goes; the person's
 * press on Sign is the consent, then the PIN window asks for the PIN. A signature file that is there
 * already is replaced only after the person confirms it. The file is read and signed on a background
 * thread; the outcome (where the {@code .p7s} went, or why nothing was signed) stays in the window.
 */
public final class SignFileView {

    /** Asks for files; the system's dialogs by default, a script in tests. */
    public interface Chooser {
        /** The file to sign, or null when the person cancels. */
        Path fileToSign(Stage owner, String title);

        /** Where to save the signature, or null when the person cancels. */
        Path signatureTarget(Stage owner, String title, Path suggested);
    }

    @FXML private GridPane certificateGrid;
    @FXML private Label fileName;
    @FXML private Button chooseFile;
    @FXML private Label fileFacts;
    @FXML private RadioButton detached;
    @FXML private RadioButton attached;
    @FXML private Label target;
    @FXML private Button changeTarget;
    @FXML private Label targetNote;
    @FXML private Label consent;
    @FXML private VBox resultBox;
    @FXML private Label result;
    @FXML private Button openFolder;
    @FXML private Button sign;
    @FXML private Button close;

    private final SignFileViewModel model;
    private final Messages m;
    private final Formats formats;
    private final Stage stage = new Stage();
    private final Chooser chooser;
    private final Consumer<Path> folderOpener;
    private final PendingRequests pending;
    private final Executor background;
    private final boolean keyFile;
    private Label trustValue;
    private Path saved;
    private boolean busy;
    private long factsGeneration;

    /**
     * @param chooser      null for the system's file dialogs
     * @param folderOpener opens a folder in the file manager; null hides "Open folder"
     * @param pending      where the PIN window registers (the tray's pending requests)
     * @param keyFile      whether the certificate's key is in a key file (the PIN is then a password)
     */
    public SignFileView(SignFileViewModel model, TokenKind kind, Chooser chooser, Consumer<Path> folderOpener,
            PendingRequests pending, Executor background) {
        this.model = model;
        this.m = Messages.forScreen(SignFileView.class);
        this.formats = new Formats(m);
        this.chooser = chooser != null ? chooser : new SystemChooser();
        this.folderOpener = folderOpener;
        this.pending = pending != null ? pending : new PendingRequests();
        this.background = background != null ? background
                : task -> Thread.ofVirtual().name("pechatka-signfile").start(task);
        this.keyFile = kind == TokenKind.KEY_FILE;
        Parent root = Views.load(this, "signfile.fxml", m);
        stage.setScene(Views.style(new Scene(root), SignFileView.class));
        stage.setTitle(m.get("window.title", m.get("signfile.title")));
        stage.getIcons().add(TrayIcons.fxImage(TrayState.IDLE, 64));
        ToggleGroup form = new ToggleGroup();
        detached.setToggleGroup(form);
        attached.setToggleGroup(form);
        form.selectedToggleProperty().addListener((o, was, now) -> {
            model.attached(now == attached);
            showTarget();
        });
        Views.hiddenWhenEmpty(fileFacts);
        Views.hiddenWhenEmpty(targetNote);
        stage.setOnCloseRequest(e -> {
            if (busy) {
                e.consume();
            }
        });
        fillCertificate();
        showFile(null);
        showResult(null, false);
    }

    /** Shows the window; the keyboard starts at Choose file. */
    public SignFileView show() {
        stage.show();
        Views.fitScreen(stage);
        stage.toFront();
        stage.requestFocus();
        chooseFile.requestFocus();
        Platform.runLater(chooseFile::requestFocus);
        checkChain();
        return this;
    }

    public Stage stage() {
        return stage;
    }

    // ---- the certificate ----------------------------------------------------------------------

    private void fillCertificate() {
        CertificateView v = model.view();
        String validTo = formats.date(v.notAfter()) + switch (model.validity()) {
            case VALID -> "";
            case EXPIRED -> " " + m.get("validity.expired");
            case NOT_YET_VALID -> " " + m.get("validity.notYetValid");
        };
        trustValue = value(m.get("chain.checking"));
        trustValue.setId("trust");
        List<Node[]> rows = List.of(
                new Node[] {PersonalDataGrid.fieldLabel(m.get("field.name")), value(v.displayName())},
                new Node[] {PersonalDataGrid.fieldLabel(m.get("field.organization")),
                        value(v.organization() == null ? "—" : v.organization())},
                new Node[] {PersonalDataGrid.fieldLabel(m.get("field.validTo")), value(validTo)},
                new Node[] {PersonalDataGrid.fieldLabel(m.get("field.trust")), trustValue},
                new Node[] {PersonalDataGrid.fieldLabel(m.get(keyFile ? "field.keyFile" : "field.token")),
                        value(model.tokenName())});
        int i = 0;
        for (Node[] r : rows) {
            certificateGrid.addRow(i++, r);
        }
    }

    private static Label value(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private void checkChain() {
        background.execute(() -> {
            ChainValidation chain;
            try {
                chain = model.chain();
            } catch (RuntimeException e) {
                chain = null;
            }
            ChainValidation c = chain;
            Platform.runLater(() -> showChain(c));
        });
    }

    private void showChain(ChainValidation chain) {
        trustValue.getStyleClass().removeAll("trusted", "untrusted");
        if (chain == null) {
            trustValue.setText(m.get("chain.none"));
            return;
        }
        String text = m.get("chain." + chain.status().name());
        if (!chain.trusted()) {
            text += " " + m.get("chain.note");
        }
        trustValue.setText(text);
        trustValue.getStyleClass().add(chain.trusted() ? "trusted" : "untrusted");
        trustValue.setAccessibleText(m.get("field.trust") + ": " + text);
    }

    // ---- the file -----------------------------------------------------------------------------

    @FXML
    void chooseFile() {
        Path chosen = chooser.fileToSign(stage, m.get("window.title", m.get("file.chooser")));
        if (chosen != null) {
            choose(chosen);
            sign.requestFocus(); // the next step: Sign (Enter or Space), or Tab back to the choices
        }
    }

    /** Takes {@code file} as the file to sign (the chooser's answer; tests call it directly). */
    public void choose(Path file) {
        model.file(file);
        showResult(null, false);
        showFile(file);
    }

    private void showFile(Path file) {
        long generation = ++factsGeneration;
        fileName.setText(file == null ? m.get("file.none") : file.getFileName().toString());
        fileName.getStyleClass().remove("file-name");
        if (file != null) {
            fileName.getStyleClass().add("file-name"); // a chosen name in bold, the placeholder plain
        }
        fileName.setAccessibleText(m.get("file.heading") + ": " + fileName.getText());
        fileFacts.getStyleClass().remove("error");
        fileFacts.setText(file == null ? "" : m.get("file.reading"));
        showTarget();
        if (file == null) {
            return;
        }
        background.execute(() -> {
            String text;
            boolean problem = false;
            try {
                SignFileViewModel.FileFacts f = SignFileViewModel.facts(file);
                text = m.get("file.facts", formats.size(f.size()), f.fingerprint());
            } catch (IOException e) {
                text = m.get("file.unreadable");
                problem = true;
            }
            String t = text;
            boolean p = problem;
            Platform.runLater(() -> {
                if (generation == factsGeneration) {
                    fileFacts.setText(t);
                    if (p) {
                        fileFacts.getStyleClass().add("error");
                    }
                }
            });
        });
    }

    private void showTarget() {
        Path t = model.target();
        target.setText(t == null ? "—" : t.toString());
        target.setAccessibleText(m.get("target.label") + " " + target.getText());
        // the signature just written is there too: say so only before signing again
        targetNote.setText(model.targetExists() && !t.equals(saved) ? m.get("target.exists") : "");
        changeTarget.setDisable(busy || t == null);
        sign.setDisable(busy || !model.ready());
    }

    @FXML
    void changeTarget() {
        Path t = model.target();
        if (t == null) {
            return;
        }
        Path chosen = chooser.signatureTarget(stage, m.get("window.title", m.get("target.chooser")), t);
        if (chosen != null) {
            model.output(chosen);
            showTarget();
        }
    }

    // ---- signing ------------------------------------------------------------------------------

    @FXML
    void sign() {
        if (busy || !model.ready()) {
            return;
        }
        boolean overwrite = false;
        if (model.targetExists()) {
            if (!confirmOverwrite(model.target())) {
                return;
            }
            overwrite = true;
        }
        boolean replace = overwrite;
        setBusy(true);
        showResult(m.get("status.signing"), false);
        WindowPins pins = new WindowPins(pending, m.get("pin.source"), m.get("pin.origin"), model.view());
        background.execute(() -> {
            FileSigner.Signed signed = null;
            Exception failure = null;
            try {
                signed = model.sign(pins, replace);
            } catch (IOException | PechatkaException | RuntimeException e) {
                failure = e;
            } finally {
                pins.close();
            }
            FileSigner.Signed s = signed;
            Exception f = failure;
            Platform.runLater(() -> {
                setBusy(false);
                stage.toFront(); // back from the PIN window to the outcome
                stage.requestFocus();
                if (s != null) {
                    saved = s.signature();
                    showResult(m.get("result.done", s.signature()), true);
                } else {
                    showFailure(f);
                }
                showTarget();
            });
        });
    }

    private void showFailure(Exception e) {
        String key = e instanceof FileAlreadyExistsException ? "error.exists" : SignFileViewModel.problemKey(e);
        saved = null;
        showResult(m.get(key), false);
        resultBox.getStyleClass().add("failed");
        result.getStyleClass().setAll("label", e instanceof PechatkaException.UserCancelled ? "warning" : "error");
    }

    private boolean confirmOverwrite(Path file) {
        ButtonType replace = new ButtonType(m.get("overwrite.button"), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(m.get("button.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, m.get("overwrite.text", file.getFileName()), replace, cancel);
        a.initOwner(stage);
        a.setTitle(m.get("window.title", m.get("overwrite.title")));
        a.setHeaderText(null);
        a.getDialogPane().getStylesheets().setAll(stage.getScene().getStylesheets());
        a.getDialogPane().setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Button replaceButton = (Button) a.getDialogPane().lookupButton(replace);
        replaceButton.setId("overwriteReplace");
        replaceButton.setDefaultButton(false);
        Button cancelButton = (Button) a.getDialogPane().lookupButton(cancel);
        cancelButton.setId("overwriteCancel");
        cancelButton.setDefaultButton(true);
        Platform.runLater(cancelButton::requestFocus);
        return a.showAndWait().orElse(cancel) == replace;
    }

    private void setBusy(boolean value) {
        busy = value;
        for (Node n : List.of(chooseFile, detached, attached, changeTarget, close)) {
            n.setDisable(value);
        }
        showTarget();
    }

    private void showResult(String text, boolean done) {
        resultBox.getStyleClass().remove("failed");
        result.getStyleClass().setAll("label", done ? "ok" : "text");
        result.setText(text == null ? "" : text);
        result.setId("result");
        Views.shown(resultBox, text != null);
        Views.shown(openFolder, done && folderOpener != null);
        Views.shown(consent, !done && text == null);
        if (done) {
            Platform.runLater((folderOpener != null ? openFolder : close)::requestFocus);
        }
    }

    @FXML
    void openFolder() {
        if (saved != null && folderOpener != null) {
            Path dir = saved.toAbsolutePath().getParent();
            background.execute(() -> folderOpener.accept(dir));
        }
    }

    @FXML
    void close() {
        if (!busy) {
            stage.close();
        }
    }

    /** The system's open and save dialogs. */
    private static final class SystemChooser implements Chooser {
        @Override
        public Path fileToSign(Stage owner, String title) {
            FileChooser c = new FileChooser();
            c.setTitle(title);
            File f = c.showOpenDialog(owner);
            return f == null ? null : f.toPath();
        }

        @Override
        public Path signatureTarget(Stage owner, String title, Path suggested) {
            FileChooser c = new FileChooser();
            c.setTitle(title);
            if (suggested.getParent() != null) {
                c.setInitialDirectory(suggested.getParent().toFile());
            }
            c.setInitialFileName(suggested.getFileName().toString());
            c.getExtensionFilters().add(new FileChooser.ExtensionFilter("CMS (.p7s)", "*.p7s"));
            File f = c.showSaveDialog(owner);
            return f == null ? null : f.toPath();
        }
    }
}
