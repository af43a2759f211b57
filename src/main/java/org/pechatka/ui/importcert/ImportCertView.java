package org.pechatka.ui.importcert;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.TrustStore;
import org.pechatka.error.PechatkaException;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.Views;
import org.pechatka.ui.frame.Formats;
import org.pechatka.ui.importcert.ImportCertViewModel.Contents;
import org.pechatka.ui.importcert.ImportCertViewModel.Outcome;
import org.pechatka.ui.importcert.ImportCertViewModel.Summary;
import org.pechatka.ui.importcert.ImportCertViewModel.TokenResult;
import org.pechatka.ui.tray.TrayIcons;
import org.pechatka.ui.tray.TrayState;
import org.pechatka.ui.truststore.CaFields;
import org.pechatka.ui.truststore.CaOffers;
import org.pechatka.ui.truststore.CertificateFiles;
import org.pechatka.ui.truststore.TrustStoreView;
import org.pechatka.ui.truststore.TrustStoreViewModel;

/**
 * Import… of the Certificates window: the person chooses a certificate file, sees what it holds
 * (their certificates, to be stored next to their keys on the chosen token, and CA certificates),
 * presses Import, gives the token's PIN, then is asked about each CA certificate that is not yet
 * trusted ({@link CaOffers}), and sees a summary: stored on the token, already there, no key,
 * added to the trust store, skipped. Token work runs on a background thread.
 */
public final class ImportCertView {

    private static final System.Logger LOG = System.getLogger(ImportCertView.class.getName());

    @FXML private Label heading;
    @FXML private Label intro;
    @FXML private Button choose;
    @FXML private Label fileName;
    @FXML private Label personalHeading;
    @FXML private VBox personal;
    @FXML private Label casHeading;
    @FXML private Label casNote;
    @FXML private VBox cas;
    @FXML private Label status;
    @FXML private VBox summary;
    @FXML private Button importButton;
    @FXML private Button close;

    private final ImportCertViewModel model;
    private final CertificateFiles files;
    private final Executor background;
    private final Messages m;
    private final Messages trustTexts;
    private final Formats formats;
    private final Stage stage = new Stage();
    private String tokenLabel = "";
    /** The chosen token is a key file: its password is asked and a new key file is written. */
    private boolean keyFile;
    private Contents contents;
    private boolean working;

    /**
     * @param files      the file dialog (the system's: {@link CertificateFiles#system()})
     * @param background where token work runs
     */
    public ImportCertView(ImportCertViewModel model, CertificateFiles files, Executor background) {
        this.model = model;
        this.files = files;
        this.background = background;
        this.m = Messages.forScreen(ImportCertView.class);
        this.trustTexts = Messages.forScreen(TrustStoreView.class);
        this.formats = new Formats(m);
        Parent root = Views.load(this, "importcert.fxml", m);
        stage.setScene(Views.style(new Scene(root), ImportCertView.class));
        stage.setTitle(m.get("window.title", m.get("import.title")));
        stage.getIcons().add(TrayIcons.fxImage(TrayState.IDLE, 64));
        heading.setText(m.get("import.heading", "…"));
        Views.hiddenWhenEmpty(status);
        showContents();
    }

    /** Shows the window and opens the file dialog. */
    public ImportCertView show() {
        stage.show();
        Views.fitScreen(stage);
        stage.toFront();
        choose.requestFocus();
        background.execute(() -> {
            String label;
            boolean file;
            try {
                label = model.tokenLabel();
                file = model.keyFile();
            } catch (PechatkaException e) {
                label = "";
                file = false;
            }
            String l = label;
            boolean f = file;
            Platform.runLater(() -> {
                tokenLabel = l;
                keyFile = f;
                heading.setText(m.get(f ? "import.headingKeyFile" : "import.heading",
                        l.isEmpty() ? m.get("import.tokenAbsent") : l));
                if (f) {
                    intro.setText(m.get("import.introKeyFile"));
                }
                if (f && contents != null && !working) {
                    showContents(); // the plan line names the new key file
                }
            });
        });
        Platform.runLater(this::choose);
        return this;
    }

    public Stage stage() {
        return stage;
    }

    @FXML
    void choose() {
        if (working) {
            return;
        }
        Optional<Path> file = files.open(stage);
        if (file.isEmpty()) {
            return;
        }
        summary.getChildren().clear();
        try {
            contents = ImportCertViewModel.read(file.get());
            say(null, false);
        } catch (IOException | CertificateException e) {
            contents = null;
            say(m.get("import.notCertificate", file.get().getFileName()), true);
        }
        fileName.setText(file.get().toString());
        showContents();
        (contents != null ? importButton : choose).requestFocus();
    }

    private void showContents() {
        personal.getChildren().clear();
        cas.getChildren().clear();
        boolean any = contents != null;
        Views.shown(personalHeading, any && !contents.personal().isEmpty());
        Views.shown(casHeading, any && !contents.cas().isEmpty());
        Views.shown(casNote, any && !contents.cas().isEmpty());
        importButton.setDisable(!any);
        Views.shown(importButton, true);
        close.setText(m.get("button.cancel"));
        close.setDefaultButton(false); // Import is the default until the import is done
        if (!any) {
            return;
        }
        int i = 0;
        for (X509Certificate c : contents.personal()) {
            personal.getChildren().add(line(c, m.get(keyFile ? "import.personalWhereKeyFile" : "import.personalWhere"),
                    "personal-" + i++));
        }
        i = 0;
        CaFields fields = new CaFields(trustTexts);
        for (X509Certificate c : contents.cas()) {
            cas.getChildren().add(line(c, fields.storeName(TrustStoreViewModel.kindOf(c)), "ca-" + i++));
        }
    }

    private VBox line(X509Certificate c, String where, String id) {
        CertificateView v = CaFields.view(c);
        Label name = new Label(v.displayName());
        name.getStyleClass().add("name");
        name.setWrapText(true);
        Label sub = new Label(m.get("import.line", v.issuerName(), formats.date(v.notAfter())));
        sub.getStyleClass().add("muted");
        sub.setWrapText(true);
        Label whereLabel = new Label(where);
        whereLabel.setWrapText(true);
        Label outcome = new Label();
        outcome.setId(id + "-outcome");
        outcome.setWrapText(true);
        Views.hiddenWhenEmpty(outcome);
        whereLabel.visibleProperty().bind(outcome.textProperty().isEmpty()); // the outcome replaces the plan
        whereLabel.managedProperty().bind(whereLabel.visibleProperty());
        VBox box = new VBox(2, name, sub, whereLabel, outcome);
        box.setId(id);
        box.getStyleClass().add("cert-line");
        box.setUserData(outcome);
        return box;
    }

    @FXML
    void doImport() {
        if (contents == null || working) {
            return;
        }
        working = true;
        importButton.setDisable(true);
        choose.setDisable(true);
        Contents c = contents;
        if (c.personal().isEmpty()) {
            offerCas(c, null);
            return;
        }
        say(m.get(keyFile ? "import.storingKeyFile" : "import.storing", tokenLabel), false);
        PinDialog pins = new PinDialog(stage, m, keyFile);
        background.execute(() -> {
            try {
                List<TokenResult> results = model.storeOnToken(c, pins.source(tokenLabel));
                Platform.runLater(() -> {
                    showTokenResults(results);
                    offerCas(c, results);
                });
            } catch (PechatkaException e) {
                Platform.runLater(() -> tokenFailed(e));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "certificate import failed", e);
                PechatkaException failed = new PechatkaException.Internal(e.toString(), e); // shown as failed, not cancelled
                Platform.runLater(() -> tokenFailed(failed));
            }
        });
    }

    private void tokenFailed(PechatkaException e) {
        working = false;
        importButton.setDisable(false);
        choose.setDisable(false);
        String key = switch (e) {
            case PechatkaException.UserCancelled u -> keyFile ? "import.cancelledKeyFile" : "import.cancelled";
            case PechatkaException.PinLocked l -> "import.pinLocked";
            case PechatkaException.TokenNotPresent t -> keyFile ? "import.keyFileGone" : "import.tokenGone";
            case PechatkaException.TokenRemoved t -> keyFile ? "import.keyFileGone" : "import.tokenGone";
            default -> keyFile ? "import.failedKeyFile" : "import.failed";
        };
        say(m.get(key, tokenLabel), !(e instanceof PechatkaException.UserCancelled));
        importButton.requestFocus();
    }

    private void showTokenResults(List<TokenResult> results) {
        for (int i = 0; i < results.size(); i++) {
            TokenResult r = results.get(i);
            Label outcome = (Label) personal.getChildren().get(i).getUserData();
            if (r.keyFile() != null) {
                outcome.setText(m.get(r.outcome() == Outcome.STORED ? "outcome.storedInFile" : "outcome.alreadyInFile",
                        r.keyFile().getFileName()));
            } else {
                outcome.setText(m.get(switch (r.outcome()) {
                    case STORED -> "outcome.stored";
                    case ALREADY_PRESENT -> "outcome.already";
                    case NO_KEY -> keyFile ? "outcome.noKeyInFile" : "outcome.noKey";
                }, tokenLabel));
            }
            outcome.getStyleClass().add(r.outcome() == Outcome.STORED ? "outcome-ok"
                    : r.outcome() == Outcome.NO_KEY ? "outcome-problem" : "outcome-same");
        }
    }

    private void offerCas(Contents c, List<TokenResult> results) {
        say(null, false);
        CaOffers.Result offered = c.cas().isEmpty() ? null : new CaOffers(stage, model.trust()).offer(c.cas());
        if (offered != null) {
            for (int i = 0; i < c.cas().size(); i++) {
                X509Certificate ca = c.cas().get(i);
                Label outcome = (Label) cas.getChildren().get(i).getUserData();
                String id = TrustStore.certId(ca);
                boolean added = offered.added().stream().anyMatch(e -> e.certId().equals(id));
                String key = added ? "outcome.trusted" : offered.alreadyPresent().contains(ca) ? "outcome.alreadyTrusted"
                        : offered.failed().contains(ca) ? "outcome.trustFailed" : "outcome.skipped";
                outcome.setText(m.get(key));
                outcome.getStyleClass().add(added ? "outcome-ok" : offered.failed().contains(ca) ? "outcome-problem"
                        : "outcome-same");
            }
        }
        showSummary(Summary.of(results, offered), results);
        Views.shown(casNote, false); // asked already
        working = false;
        Views.shown(importButton, false);
        choose.setDisable(false);
        close.setText(m.get("button.close"));
        close.setDefaultButton(true);
        close.requestFocus();
    }

    private void showSummary(Summary s, List<TokenResult> results) {
        summary.getChildren().clear();
        Label title = new Label(m.get("summary.title"));
        title.getStyleClass().add("summary-title");
        summary.getChildren().add(title);
        addSummary(keyFile ? "summary.storedInFile" : "summary.stored", s.stored(), "outcome-ok");
        addSummary(keyFile ? "summary.alreadyInFile" : "summary.alreadyOnToken", s.alreadyOnToken(), null);
        addSummary("summary.noKey", s.noKey(), "outcome-problem");
        addSummary("summary.trusted", s.addedToTrustStore(), "outcome-ok");
        addSummary("summary.alreadyTrusted", s.alreadyTrusted(), null);
        addSummary("summary.skipped", s.skipped(), null);
        addSummary("summary.failed", s.failed(), "outcome-problem");
        if (s.noKey() > 0) {
            Label explain = new Label(m.get(keyFile ? "summary.noKeyExplainedKeyFile" : "summary.noKeyExplained",
                    tokenLabel));
            explain.setId("noKeyExplained");
            explain.setWrapText(true);
            explain.getStyleClass().add("warning");
            explain.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            summary.getChildren().add(explain);
        }
        for (TokenResult r : results == null ? List.<TokenResult>of() : results) {
            if (r.oldKeyFile() != null) {
                // the one thing to remember: which file to use from now on
                Label use = new Label(m.get("summary.newKeyFile", r.keyFile(), r.oldKeyFile()));
                use.setId("newKeyFile");
                use.setWrapText(true);
                use.getStyleClass().add("summary-title");
                use.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
                summary.getChildren().add(use);
            }
        }
        if (s.addedToTrustStore() > 0) {
            Label note = new Label(trustTexts.get("truststore.appliesNote"));
            note.setWrapText(true);
            note.getStyleClass().add("muted");
            note.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            summary.getChildren().add(note);
        }
    }

    private void addSummary(String key, int count, String style) {
        if (count == 0) {
            return;
        }
        Label l = new Label(m.get(key, count, tokenLabel));
        l.setId(key.replace('.', '-'));
        l.setWrapText(true);
        if (style != null) {
            l.getStyleClass().add(style);
        }
        summary.getChildren().add(l);
    }

    @FXML
    void close() {
        if (!working) {
            stage.close();
        }
    }

    private void say(String text, boolean problem) {
        status.setText(text == null ? "" : text);
        status.getStyleClass().setAll("label", problem ? "error" : "muted", "status-line");
    }
}
