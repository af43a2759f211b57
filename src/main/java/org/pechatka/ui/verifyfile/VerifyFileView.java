package org.pechatka.ui.verifyfile;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.PersonalAttribute;
import org.pechatka.files.FileVerification;
import org.pechatka.files.SignerCheck;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.Views;
import org.pechatka.ui.frame.Formats;
import org.pechatka.ui.frame.PersonalDataGrid;
import org.pechatka.ui.tray.TrayIcons;
import org.pechatka.ui.tray.TrayState;
import org.pechatka.ui.verifyfile.VerifyFileViewModel.Tone;
import org.pechatka.ui.verifyfile.VerifyFileViewModel.Verdict;

/**
 * The Verify file window (Certificates → Verify file…): the {@code .p7s}, its file when the
 * signature is separate (the same name beside it is proposed), and the answer as a person reads it:
 * one verdict in big words with an icon and a colour (never the colour alone), then each signer
 * with name, organisation, position, identification numbers, signing time, certificate serial and
 * issuer, and trust; the technical details on demand. Checking runs on a background thread.
 */
public final class VerifyFileView {

    /** Asks for files; the system's dialogs by default, a script in tests. */
    public interface Chooser {
        /** The signature file, or null when the person cancels. */
        Path signature(Stage owner, String title);

        /** The signed file, or null when the person cancels. */
        Path content(Stage owner, String title, Path near);
    }

    @FXML private Label signatureName;
    @FXML private Button chooseSignature;
    @FXML private Label contentName;
    @FXML private Button chooseContent;
    @FXML private Label contentNote;
    @FXML private HBox verdictBox;
    @FXML private StackPane verdictIcon;
    @FXML private Label verdictSymbol;
    @FXML private Label verdictTitle;
    @FXML private Label verdictText;
    @FXML private VBox signers;
    @FXML private Button verify;
    @FXML private Button close;

    private final VerifyFileViewModel model;
    private final Messages m;
    private final Formats formats;
    private final DateTimeFormatter time;
    private final Stage stage = new Stage();
    private final Chooser chooser;
    private final Executor background;
    private long generation;

    public VerifyFileView(VerifyFileViewModel model, Chooser chooser, Executor background) {
        this.model = model;
        this.m = Messages.forScreen(VerifyFileView.class);
        this.formats = new Formats(m);
        this.time = DateTimeFormatter.ofPattern(m.get("time.pattern"), m.language().locale())
                .withZone(ZoneId.systemDefault());
        this.chooser = chooser != null ? chooser : new SystemChooser(m);
        this.background = background != null ? background
                : task -> Thread.ofVirtual().name("pechatka-verifyfile").start(task);
        Parent root = Views.load(this, "verifyfile.fxml", m);
        stage.setScene(Views.style(new Scene(root), VerifyFileView.class));
        stage.setTitle(m.get("window.title", m.get("verifyfile.title")));
        stage.getIcons().add(TrayIcons.fxImage(TrayState.IDLE, 64));
        verdictBox.setId("verdict");
        verdictTitle.setId("verdictTitle");
        verdictText.setId("verdictText");
        showFiles();
        showVerdict(null, null, m.get("status.choose"));
    }

    public VerifyFileView show() {
        stage.show();
        Views.fitScreen(stage);
        stage.toFront();
        stage.requestFocus();
        chooseSignature.requestFocus();
        Platform.runLater(chooseSignature::requestFocus);
        return this;
    }

    public Stage stage() {
        return stage;
    }

    // ---- files --------------------------------------------------------------------------------

    @FXML
    void chooseSignature() {
        Path chosen = chooser.signature(stage, m.get("window.title", m.get("signature.chooser")));
        if (chosen != null) {
            open(chosen);
        }
    }

    /** Takes a signature file (and proposes its file) and checks it at once. */
    public void open(Path signature) {
        model.signature(signature);
        showFiles();
        verify();
    }

    @FXML
    void chooseContent() {
        Path near = model.signature() == null ? null : model.signature().toAbsolutePath().getParent();
        Path chosen = chooser.content(stage, m.get("window.title", m.get("content.chooser")), near);
        if (chosen != null) {
            content(chosen);
        }
    }

    /** Takes the signed file and checks again. */
    public void content(Path file) {
        model.content(file);
        showFiles();
        if (model.ready()) {
            verify();
        }
    }

    private void showFiles() {
        Path s = model.signature();
        signatureName.setText(s == null ? m.get("signature.none") : s.getFileName().toString());
        chosen(signatureName, s != null);
        signatureName.setAccessibleText(m.get("signature.heading") + ": " + signatureName.getText());
        Path c = model.content();
        contentName.setText(c == null ? m.get("content.none") : c.getFileName().toString());
        chosen(contentName, c != null);
        contentName.setAccessibleText(m.get("content.heading") + ": " + contentName.getText());
        verify.setDisable(!model.ready());
    }

    /** A chosen file's name in bold; the placeholder plain. */
    private static void chosen(Label label, boolean chosen) {
        label.getStyleClass().remove("file-name");
        if (chosen) {
            label.getStyleClass().add("file-name");
        }
    }

    // ---- checking -----------------------------------------------------------------------------

    @FXML
    void verify() {
        if (!model.ready()) {
            return;
        }
        long g = ++generation;
        signers.getChildren().clear();
        showVerdict(null, null, m.get("status.checking"));
        background.execute(() -> {
            FileVerification v = null;
            IOException problem = null;
            try {
                v = model.verify();
            } catch (IOException e) {
                problem = e;
            } catch (RuntimeException e) {
                problem = new IOException(e);
            }
            FileVerification result = v;
            IOException p = problem;
            Platform.runLater(() -> {
                if (g != generation) {
                    return;
                }
                if (result != null) {
                    showResult(result);
                } else {
                    showVerdict(Tone.BAD, m.get("problem.title"), m.get(VerifyFileViewModel.problemKey(p)));
                    if (p instanceof org.pechatka.files.FileVerifier.ContentNeededException) {
                        chooseContent.requestFocus();
                    }
                }
            });
        });
    }

    private void showResult(FileVerification v) {
        Verdict verdict = VerifyFileViewModel.verdict(v);
        String text = verdict == Verdict.VALID && v.signers().size() > 1
                ? m.get("verdict.VALID.many", v.signers().size()) : m.get("verdict." + verdict.name() + ".text");
        showVerdict(verdict.tone(), m.get("verdict." + verdict.name()), text);
        int n = v.signers().size();
        for (int i = 0; i < n; i++) {
            signers.getChildren().add(signer(v, v.signers().get(i), i + 1, n));
        }
    }

    private void showVerdict(Tone tone, String title, String text) {
        verdictBox.getStyleClass().removeAll("tone-good", "tone-warning", "tone-bad", "tone-none");
        verdictBox.getStyleClass().add(tone == null ? "tone-none" : "tone-" + tone.name().toLowerCase(java.util.Locale.ROOT));
        verdictSymbol.setText(symbol(tone));
        Views.shown(verdictIcon, tone != null);
        verdictTitle.setText(title == null ? "" : title);
        Views.shown(verdictTitle, title != null);
        verdictText.setText(text);
        verdictBox.setAccessibleText((title == null ? "" : title + ". ") + text);
    }

    private static String symbol(Tone tone) {
        if (tone == null) {
            return "";
        }
        return switch (tone) {
            case GOOD -> "\u2713";
            case WARNING -> "!";
            case BAD -> "\u2715";
        };
    }

    private Node signer(FileVerification v, SignerCheck c, int index, int count) {
        CertificateView s = c.signer();
        Label heading = new Label(m.get("signer.heading", index, count) + ": "
                + (s == null ? m.get("signer.unknown") : s.displayName()));
        heading.getStyleClass().add("signer-title");
        heading.setWrapText(true);
        heading.setMinHeight(Region.USE_PREF_SIZE);
        Verdict verdict = VerifyFileViewModel.verdict(c);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {m.get("field.verdict"), m.get("verdict." + verdict.name())});
        if (s != null) {
            for (var a : s.attributes().entrySet()) {
                if (a.getKey() != PersonalAttribute.SURNAME && a.getKey() != PersonalAttribute.GIVEN_NAME) {
                    rows.add(new String[] {formats.attribute(a.getKey()), a.getValue()});
                }
            }
        }
        rows.add(new String[] {m.get("field.signingTime"), c.signingTime() == null ? m.get("field.signingTime.none")
                : m.get("field.signingTime.note", time.format(c.signingTime()))});
        if (s != null) {
            rows.add(new String[] {m.get("field.serial"), serialHex(s)});
            rows.add(new String[] {m.get("field.issuer"), s.issuerName()});
            rows.add(new String[] {m.get("field.validity"), m.get("field.validity.value", formats.date(s.notBefore()),
                    formats.date(s.notAfter()))});
        }
        rows.add(new String[] {m.get("field.trust"), m.get("trust." + c.trust().name())});
        GridPane grid = new GridPane(12, 4);
        int i = 0;
        for (String[] r : rows) {
            Label value = new Label(r[1] == null || r[1].isBlank() ? m.get("field.absent") : r[1]);
            value.setWrapText(true);
            value.setMinHeight(Region.USE_PREF_SIZE);
            value.setAccessibleText(r[0] + ": " + value.getText());
            if (i == 0) {
                value.getStyleClass().add("signer-verdict-" + verdict.tone().name().toLowerCase(java.util.Locale.ROOT));
                value.setText(symbol(verdict.tone()) + " " + value.getText());
                value.setId("signer-" + index + "-verdict");
            }
            grid.addRow(i++, PersonalDataGrid.fieldLabel(r[0]), value);
        }
        TextArea raw = new TextArea(technical(v, c));
        raw.setEditable(false);
        raw.setWrapText(true);
        raw.setPrefRowCount(7);
        raw.getStyleClass().add("raw");
        TitledPane details = new TitledPane(m.get("details.heading"), raw);
        details.setExpanded(false);
        details.setId("signer-" + index + "-details");
        VBox box = new VBox(6, heading, grid, details);
        box.getStyleClass().add("signer-box");
        box.setId("signer-" + index);
        return box;
    }

    private String technical(FileVerification v, SignerCheck c) {
        StringBuilder b = new StringBuilder();
        CertificateView s = c.signer();
        if (s != null) {
            b.append(m.get("details.subject")).append(": ").append(s.subjectDn()).append('\n');
            b.append(m.get("details.issuer")).append(": ").append(s.issuerDn()).append('\n');
        }
        b.append(m.get("details.reference")).append(": ").append(c.signerReference()).append('\n');
        b.append(m.get("details.digest")).append(": ").append(c.digestAlgorithm()).append('\n');
        b.append(m.get("details.algorithm")).append(": ").append(c.signatureAlgorithm()).append('\n');
        b.append(m.get("details.form")).append(": ").append(m.get(v.attached() ? "details.attached" : "details.detached"))
                .append('\n');
        b.append(m.get("details.size")).append(": ").append(formats.size(v.contentBytes()));
        return b.toString();
    }

    private static String serialHex(CertificateView v) {
        String hex = v.certificate().getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
        if (hex.length() % 2 == 1) {
            hex = "0" + hex;
        }
        return String.join(" ", hex.split("(?<=\\G..)"));
    }

    @FXML
    void close() {
        stage.close();
    }

    /** The system's open dialogs. */
    private static final class SystemChooser implements Chooser {
        private final Messages m;

        SystemChooser(Messages m) {
            this.m = m;
        }

        @Override
        public Path signature(Stage owner, String title) {
            FileChooser c = new FileChooser();
            c.setTitle(title);
            c.getExtensionFilters().addAll(new FileChooser.ExtensionFilter(m.get("signature.filter"), "*.p7s", "*.sig"),
                    new FileChooser.ExtensionFilter("*", "*"));
            File f = c.showOpenDialog(owner);
            return f == null ? null : f.toPath();
        }

        @Override
        public Path content(Stage owner, String title, Path near) {
            FileChooser c = new FileChooser();
            c.setTitle(title);
            if (near != null) {
                c.setInitialDirectory(near.toFile());
            }
            File f = c.showOpenDialog(owner);
            return f == null ? null : f.toPath();
        }
    }
}
