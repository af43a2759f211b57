package org.pechatka.ui.certificates;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.ChainValidation;
import org.pechatka.cert.PersonalAttribute;
import org.pechatka.desktop.CertificateTools;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.PinRules;
import org.pechatka.token.TokenEvent;
import org.pechatka.token.TokenKind;
import org.pechatka.ui.certificates.CertificatesViewModel.CertificateEntry;
import org.pechatka.ui.certificates.CertificatesViewModel.Entry;
import org.pechatka.ui.certificates.CertificatesViewModel.KeyEntry;
import org.pechatka.ui.certificates.CertificatesViewModel.TokenRow;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.Views;
import org.pechatka.ui.frame.Formats;
import org.pechatka.ui.frame.PersonalDataGrid;
import org.pechatka.ui.tray.TrayIcons;
import org.pechatka.ui.tray.TrayState;

/**
 * The Certificates window (tray → Certificates…): tokens and key files on the left, their
 * certificates and keys without a certificate in the middle, the details of the chosen one on the
 * right; export, delete and PIN care. It follows the token registry live: a token inserted appears,
 * a token removed disappears with what was shown of it. Token work runs on background threads; the
 * dialogs it needs ({@link CertificateDialogs}) are modal to this window.
 */
public final class CertificatesView {

    @FXML private Button createRequest;
    @FXML private Button importCertificate;
    @FXML private Button signFile;
    @FXML private Button verifyFile;
    @FXML private Button trustStore;
    @FXML private Button refresh;
    @FXML private SplitPane split;
    @FXML private ListView<TokenRow> tokens;
    @FXML private Label tokensPlaceholder;
    @FXML private Label pinState;
    @FXML private Button changePin;
    @FXML private Button unblockPin;
    @FXML private ListView<Entry> entries;
    @FXML private Label entriesPlaceholder;
    @FXML private Label status;
    @FXML private Button export;
    @FXML private Button delete;
    @FXML private ScrollPane detailsScroll;
    @FXML private Label detailsTitle;
    @FXML private GridPane fields;
    @FXML private TitledPane technical;
    @FXML private TextArea raw;
    @FXML private Button close;

    private final CertificatesViewModel model;
    private final CertificateTools tools;
    private final Messages m;
    private final Formats formats;
    private final Stage stage = new Stage();
    private final CertificateDialogs dialogs;
    private final Executor background = task -> Thread.ofVirtual().name("pechatka-certificates").start(task);
    private final Consumer<TokenEvent> tokenListener = e -> Platform.runLater(() -> onTokenEvent(e));
    /** Increases with every read of the tokens, so an old answer arriving late is dropped. */
    private long tokensGeneration;
    private long entriesGeneration;
    /** The chain status of the listed certificates by certId, filled in after the list (it may take a while). */
    private final java.util.Map<String, ChainValidation> chainStatus = new java.util.HashMap<>();

    public CertificatesView(CertificatesViewModel model, CertificateTools tools) {
        this(model, tools, null);
    }

    /**
     * @param saveTarget asks where to export; null for the system's save dialog (which confirms
     *                   overwriting itself)
     */
    public CertificatesView(CertificatesViewModel model, CertificateTools tools, CertificateDialogs.SaveTarget saveTarget) {
        this.model = model;
        this.tools = tools == null ? CertificateTools.NONE : tools;
        this.m = Messages.forScreen(CertificatesView.class);
        this.formats = new Formats(m);
        Parent root = Views.load(this, "certificates.fxml", m);
        stage.setScene(Views.style(new Scene(root), CertificatesView.class));
        stage.setTitle(m.get("window.title", m.get("certificates.title")));
        stage.getIcons().add(TrayIcons.fxImage(TrayState.IDLE, 64));
        this.dialogs = new CertificateDialogs(stage, m, saveTarget);
        split.setDividerPositions(0.24, 0.55);
        tokens.setCellFactory(l -> new TokenCell());
        entries.setCellFactory(l -> new EntryCell());
        tokens.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> tokenChosen(now));
        entries.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> entryChosen(now));
        wire(createRequest, tools().createRequest() != null);
        wire(importCertificate, tools().importCertificate() != null);
        wire(signFile, tools().signFile() != null);
        wire(verifyFile, tools().verifyFile() != null);
        wire(trustStore, tools().trustStore() != null);
        Views.hiddenWhenEmpty(pinState);
        Views.hiddenWhenEmpty(status);
        stage.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F5) {
                refresh();
                e.consume();
            } else if (e.getCode() == KeyCode.DELETE && entries.isFocused() && !delete.isDisabled()) {
                delete();
                e.consume();
            }
        });
        stage.setOnHidden(e -> model.registry().removeListener(tokenListener));
        entryChosen(null);
        tokenChosen(null);
    }

    private CertificateTools tools() {
        return tools;
    }

    /** A tool button: enabled when wired, else disabled with a note (shown on a wrapper, as disabled nodes get no tooltip). */
    private void wire(Button button, boolean wired) {
        if (!wired) {
            button.setDisable(true);
            Tooltip.install(button.getParent(), new Tooltip(m.get("tools.notConnected")));
            button.setAccessibleHelp(m.get("tools.notConnected"));
        }
    }

    /** Shows the window and reads the tokens. */
    public CertificatesView show() {
        model.registry().addListener(tokenListener);
        stage.show();
        Views.fitScreen(stage);
        stage.toFront();
        stage.requestFocus();
        tokens.requestFocus();
        refresh();
        return this;
    }

    public Stage stage() {
        return stage;
    }

    // ---- reading ------------------------------------------------------------------------------

    @FXML
    void refresh() {
        long generation = ++tokensGeneration;
        tokensPlaceholder.setText(m.get("tokens.loading"));
        background.execute(() -> {
            List<TokenRow> rows = model.tokens();
            Platform.runLater(() -> {
                if (generation != tokensGeneration) {
                    return;
                }
                showTokens(rows);
            });
        });
    }

    private void showTokens(List<TokenRow> rows) {
        String selected = selectedToken().map(TokenRow::tokenId).orElse(null);
        tokens.getItems().setAll(rows);
        tokensPlaceholder.setText(m.get("tokens.none"));
        Optional<TokenRow> again = rows.stream().filter(r -> r.tokenId().equals(selected)).findFirst();
        if (again.isPresent()) {
            tokens.getSelectionModel().select(again.get());
            tokenChosen(again.get());
        } else if (!rows.isEmpty()) {
            tokens.getSelectionModel().select(0);
        } else {
            tokenChosen(null);
        }
    }

    private void onTokenEvent(TokenEvent e) {
        if (e instanceof TokenEvent.Removed removed
                && selectedToken().map(t -> t.tokenId().equals(removed.tokenId())).orElse(false)) {
            tokens.getSelectionModel().clearSelection();
            entries.getItems().clear();
            showStatus(m.get("status.tokenRemoved"), true);
        }
        refresh();
    }

    private Optional<TokenRow> selectedToken() {
        return Optional.ofNullable(tokens.getSelectionModel().getSelectedItem());
    }

    private Optional<Entry> selectedEntry() {
        return Optional.ofNullable(entries.getSelectionModel().getSelectedItem());
    }

    private void tokenChosen(TokenRow row) {
        long generation = ++entriesGeneration;
        pinState.setText(row == null ? "" : pinText(row));
        boolean pkcs11 = row != null && row.kind() == TokenKind.PKCS11 && !row.unreadable();
        changePin.setDisable(!pkcs11);
        unblockPin.setDisable(!pkcs11);
        createRequest.setDisable(tools.createRequest() == null || row == null);
        importCertificate.setDisable(tools.importCertificate() == null || row == null);
        if (row == null) {
            entries.getItems().clear();
            entriesPlaceholder.setText(m.get("entries.chooseToken"));
            return;
        }
        String keep = selectedEntry().map(CertificatesView::entryKey).orElse(null);
        entriesPlaceholder.setText(m.get("entries.loading"));
        entries.getItems().clear();
        background.execute(() -> {
            CertificatesViewModel.Contents c = model.contents(row.tokenId());
            Platform.runLater(() -> {
                if (generation != entriesGeneration) {
                    return;
                }
                chainStatus.clear();
                entries.getItems().setAll(c.entries());
                checkChains(generation, c);
                entriesPlaceholder.setText(c.failure() != null ? m.get(CertificatesViewModel.problemKey(c.failure()))
                        : m.get(row.kind() == TokenKind.KEY_FILE ? "entries.noneInFile" : "entries.none"));
                c.entries().stream().filter(e -> entryKey(e).equals(keep)).findFirst()
                        .ifPresent(e -> entries.getSelectionModel().select(e));
            });
        });
    }

    /** Checks the chains of the listed certificates in the background, then marks the list and the details. */
    private void checkChains(long generation, CertificatesViewModel.Contents contents) {
        if (!model.checksChains() || contents.entries().isEmpty()) {
            return;
        }
        background.execute(() -> {
            java.util.Map<String, ChainValidation> found = model.chains(contents);
            Platform.runLater(() -> {
                if (generation != entriesGeneration) {
                    return;
                }
                chainStatus.putAll(found);
                entries.refresh();
                entryChosen(selectedEntry().orElse(null));
            });
        });
    }

    /** The chain status of a certificate, null while not (yet) checked. */
    private ChainValidation chain(CertificateEntry e) {
        return chainStatus.get(e.view().certId());
    }

    /** The words for a chain status in the details. */
    private String chainText(CertificateEntry e) {
        if (!model.checksChains()) {
            return m.get("chain.notChecked");
        }
        ChainValidation v = chain(e);
        return v == null ? m.get("chain.checking") : m.get("chain." + v.status().name());
    }

    /** The short mark in the list, or null for a trusted or unchecked certificate. */
    private String chainMark(CertificateEntry e) {
        ChainValidation v = chain(e);
        if (v == null || v.trusted()) {
            return null;
        }
        return m.get("mark." + v.status().name());
    }

    private static String entryKey(Entry e) {
        return switch (e) {
            case CertificateEntry c -> "c" + c.view().certId();
            case KeyEntry k -> "k" + k.key().keyIdHex();
        };
    }

    private String pinText(TokenRow row) {
        if (row.unreadable()) {
            return m.get("error.token");
        }
        if (row.pin().locked()) {
            return m.get("pin.state.locked");
        }
        if (row.pin().finalTry()) {
            return m.get("pin.state.finalTry");
        }
        if (row.pin().countLow()) {
            return m.get("pin.state.low");
        }
        if (row.pin().toBeChanged()) {
            return m.get("pin.state.toBeChanged");
        }
        return "";
    }

    // ---- details ------------------------------------------------------------------------------

    private void entryChosen(Entry e) {
        fields.getChildren().clear();
        raw.clear();
        boolean isCert = e instanceof CertificateEntry;
        boolean fileToken = selectedToken().map(t -> t.kind() == TokenKind.KEY_FILE).orElse(false);
        export.setDisable(!isCert);
        delete.setDisable(e == null || fileToken);
        delete.setTooltip(fileToken ? new Tooltip(m.get("delete.keyFile")) : null);
        signFile.setDisable(tools.signFile() == null || !(e instanceof CertificateEntry c
                && CertificatesViewModel.hasKey(c)));
        Views.shown(technical, isCert);
        switch (e) {
            case null -> detailsTitle.setText(m.get("details.none"));
            case CertificateEntry c -> showCertificate(c);
            case KeyEntry k -> showKey(k);
        }
    }

    private void showCertificate(CertificateEntry e) {
        CertificateView v = e.view();
        detailsTitle.setText(v.displayName());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {m.get("field.fullName"), v.fullName()});
        for (var a : v.attributes().entrySet()) {
            if (a.getKey() != PersonalAttribute.FULL_NAME) {
                rows.add(new String[] {formats.attribute(a.getKey()), a.getValue()});
            }
        }
        rows.add(new String[] {m.get("field.state"), validityText(e)});
        rows.add(new String[] {m.get("field.trust"), chainText(e)});
        ChainValidation chain = chain(e);
        if (chain != null && !chain.path().isEmpty()) {
            rows.add(new String[] {m.get("field.chainPath"), CertificatesViewModel.pathNames(chain)});
        }
        rows.add(new String[] {m.get("field.validFrom"), formats.date(v.notBefore())});
        rows.add(new String[] {m.get("field.validTo"), formats.date(v.notAfter())});
        rows.add(new String[] {m.get("field.issuer"), v.issuerName()});
        rows.add(new String[] {m.get("field.serial"), CertificatesViewModel.serialHex(v.certificate())});
        rows.add(new String[] {m.get("field.key"), v.keyDescription()});
        rows.add(new String[] {m.get("field.privateKey"), m.get("key." + e.certificate().keyStatus().name())});
        rows.add(new String[] {m.get("field.keyUsage"), usages(v.keyUsage(), "usage.")});
        rows.add(new String[] {m.get("field.extendedKeyUsage"), usages(v.extendedKeyUsageNames(), "eku.")});
        rows.add(new String[] {m.get("field.policies"), v.policies().isEmpty() ? m.get("field.absent")
                : String.join("\n", v.policies())});
        if (v.ca()) {
            rows.add(new String[] {m.get("field.kind"), m.get("field.kind.ca")});
        }
        rows.add(new String[] {m.get("field.thumbprint"), CertificatesViewModel.thumbprint(v)});
        fill(rows);
        raw.setText(CertificatesViewModel.technical(v, m::get));
    }

    private String usages(List<String> names, String prefix) {
        if (names.isEmpty()) {
            return m.get("field.absent");
        }
        List<String> out = new ArrayList<>();
        for (String n : names) {
            out.add(m.bundle().containsKey(prefix + n) ? m.get(prefix + n) : n);
        }
        return String.join(", ", out);
    }

    private String validityText(CertificateEntry e) {
        return m.get(switch (model.validity(e)) {
            case VALID -> "state.valid";
            case EXPIRED -> "state.expired";
            case NOT_YET_VALID -> "state.notYetValid";
        });
    }

    private void showKey(KeyEntry e) {
        detailsTitle.setText(m.get("entry.keyWithoutCertificate"));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {m.get("field.label"), e.key().label().isEmpty() ? m.get("field.absent") : e.key().label()});
        rows.add(new String[] {m.get("field.key"), e.key().keyDescription()});
        rows.add(new String[] {m.get("field.keyId"), e.key().keyIdHex()});
        boolean fileToken = selectedToken().map(t -> t.kind() == TokenKind.KEY_FILE).orElse(false);
        rows.add(new String[] {m.get("field.explanation"),
                m.get(fileToken ? "entry.keyExplanationKeyFile" : "entry.keyExplanation")});
        fill(rows);
    }

    private void fill(List<String[]> rows) {
        int i = 0;
        for (String[] r : rows) {
            Label name = PersonalDataGrid.fieldLabel(r[0]);
            Label value = new Label(r[1] == null || r[1].isBlank() ? m.get("field.absent") : r[1]);
            value.setWrapText(true);
            value.getStyleClass().add("value");
            value.setId("field-" + i);
            value.setAccessibleText(r[0] + ": " + value.getText());
            fields.addRow(i++, name, value);
        }
    }

    // ---- actions ------------------------------------------------------------------------------

    @FXML
    void export() {
        if (!(selectedEntry().orElse(null) instanceof CertificateEntry e)) {
            return;
        }
        Optional<CertificateDialogs.Target> target = dialogs.exportTarget(suggestedName(e));
        if (target.isEmpty()) {
            return;
        }
        Path file = target.get().file();
        boolean replace = target.get().overwriteConfirmed();
        if (!replace && Files.exists(file)) {
            if (!dialogs.confirm(m.get("export.overwrite.title"), m.get("export.overwrite", file.getFileName()),
                    m.get("export.overwrite.button"), null)) {
                return;
            }
            replace = true;
        }
        boolean replaceFinal = replace;
        CertificatesViewModel.ExportFormat format = target.get().format();
        background.execute(() -> {
            try {
                CertificatesViewModel.export(e.certificate().certificate(), file, format, replaceFinal);
                Platform.runLater(() -> showStatus(m.get("export.done", file.getFileName(), format.name()), false));
            } catch (FileAlreadyExistsException ex) {
                Platform.runLater(() -> showStatus(m.get("export.exists", file.getFileName()), true));
            } catch (java.io.IOException ex) {
                Platform.runLater(() -> showStatus(m.get("export.failed", file.getFileName()), true));
            }
        });
    }

    private static String suggestedName(CertificateEntry e) {
        String name = e.view().displayName().replaceAll("[^\\p{L}\\p{N} ._-]", "").strip();
        return (name.isEmpty() ? e.view().certId().substring(0, 16) : name);
    }

    @FXML
    void delete() {
        Entry e = selectedEntry().orElse(null);
        TokenRow token = selectedToken().orElse(null);
        if (e == null || token == null) {
            return;
        }
        switch (e) {
            case CertificateEntry c -> deleteCertificate(c, token);
            case KeyEntry k -> {
                if (dialogs.confirm(m.get("delete.key.title"), m.get("delete.key.text", token.label(),
                        k.key().keyDescription(), k.key().keyIdHex()), m.get("delete.key.button"), null)) {
                    run(m.get("status.deleting"), () -> model.deleteKey(k, dialogs.pinSource(token.label())),
                            m.get("delete.key.done"));
                }
            }
        }
    }

    private void deleteCertificate(CertificateEntry c, TokenRow token) {
        boolean[] withKey = {false};
        String withKeyText = CertificatesViewModel.hasKey(c) ? m.get("delete.cert.withKey") : null;
        if (!dialogs.confirm(m.get("delete.cert.title"), m.get("delete.cert.text", c.view().displayName(),
                token.label(), formats.date(c.view().notAfter())), m.get("delete.cert.button"), withKeyText,
                withKey)) {
            return;
        }
        if (withKey[0] && !dialogs.confirm(m.get("delete.keyToo.title"),
                m.get(model.inUse(c) ? "delete.keyToo.inUse" : "delete.keyToo.text", c.view().displayName()),
                m.get("delete.keyToo.button"), null)) {
            return;
        }
        boolean alsoKey = withKey[0];
        run(m.get("status.deleting"), () -> model.deleteCertificate(c, alsoKey, dialogs.pinSource(token.label())),
                m.get(alsoKey ? "delete.cert.doneWithKey" : "delete.cert.done"));
    }

    @FXML
    void changePin() {
        selectedToken().ifPresent(t -> {
            PinRules rules = model.pinRules(t.tokenId());
            dialogs.changePin(t.label(), rules, false).ifPresent(form -> run(m.get("status.changingPin"), () -> {
                try {
                    model.changePin(t.tokenId(), form.current(), form.next());
                } finally {
                    form.wipe();
                }
            }, m.get("pin.changed")));
        });
    }

    @FXML
    void unblockPin() {
        selectedToken().ifPresent(t -> {
            PinRules rules = model.pinRules(t.tokenId());
            dialogs.changePin(t.label(), rules, true).ifPresent(form -> run(m.get("status.changingPin"), () -> {
                try {
                    model.unblockPin(t.tokenId(), form.current(), form.next());
                } finally {
                    form.wipe();
                }
            }, m.get("pin.unblocked")));
        });
    }

    /** A token operation on a background thread; the outcome in the status line, then a fresh read. */
    private void run(String busy, TokenWork work, String done) {
        showStatus(busy, false);
        setBusy(true);
        background.execute(() -> {
            String text;
            boolean problem;
            try {
                work.run();
                text = done;
                problem = false;
            } catch (PechatkaException ex) {
                text = m.get(CertificatesViewModel.problemKey(ex));
                problem = !(ex instanceof PechatkaException.UserCancelled);
            }
            String t = text;
            boolean p = problem;
            Platform.runLater(() -> {
                setBusy(false);
                showStatus(t, p);
                refresh();
            });
        });
    }

    private void setBusy(boolean busy) {
        for (Node n : List.of(delete, export, changePin, unblockPin, refresh)) {
            n.setDisable(busy);
        }
        if (!busy) {
            entryChosen(selectedEntry().orElse(null));
        }
    }

    private void showStatus(String text, boolean problem) {
        status.setText(text);
        status.getStyleClass().removeAll("error", "ok");
        status.getStyleClass().add(problem ? "error" : "ok");
    }

    @FXML
    void createRequest() {
        selectedToken().ifPresent(t -> tools.createRequest().create(t.tokenId(),
                selectedEntry().orElse(null) instanceof CertificateEntry c && !c.view().ca()
                        ? c.certificate().certificate() : null));
    }

    @FXML
    void importCertificate() {
        selectedToken().ifPresent(t -> tools.importCertificate().importInto(t.tokenId()));
    }

    @FXML
    void signFile() {
        if (selectedEntry().orElse(null) instanceof CertificateEntry c) {
            tools.signFile().sign(c.certificate());
        }
    }

    @FXML
    void verifyFile() {
        tools.verifyFile().run();
    }

    @FXML
    void trustStore() {
        tools.trustStore().run();
    }

    @FXML
    void close() {
        stage.close();
    }

    /** Token work that may fail. */
    @FunctionalInterface
    private interface TokenWork {
        void run() throws PechatkaException;
    }

    // ---- cells --------------------------------------------------------------------------------

    /**
     * Lets a cell's text wrap at the list's width as the window is resized (a cell sized by its
     * text would push the list into a horizontal scroll bar instead).
     */
    private static void fitWidth(ListCell<?> cell, VBox box) {
        cell.setPrefWidth(0);
        box.maxWidthProperty().bind(cell.getListView().widthProperty().subtract(30));
        box.prefWidthProperty().bind(box.maxWidthProperty());
        for (Node n : box.getChildren()) {
            ((Label) n).setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        cell.setGraphic(box);
    }

    private final class TokenCell extends ListCell<TokenRow> {
        @Override
        protected void updateItem(TokenRow t, boolean empty) {
            super.updateItem(t, empty);
            if (empty || t == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label name = new Label(t.label());
            name.getStyleClass().add("name");
            name.setWrapText(true);
            String kind = m.get(t.kind() == TokenKind.KEY_FILE ? "tokens.keyFile" : "tokens.token");
            Label detail = new Label(t.model().isBlank() ? kind : kind + " · " + t.model());
            detail.getStyleClass().add("muted");
            detail.setWrapText(true);
            VBox box = new VBox(2, name, detail);
            String pin = pinText(t);
            if (!pin.isEmpty()) {
                Label p = new Label(pin);
                p.getStyleClass().add("pin-problem");
                p.setWrapText(true);
                box.getChildren().add(p);
            }
            fitWidth(this, box);
            setAccessibleText(t.label() + ", " + kind + (pin.isEmpty() ? "" : ", " + pin));
        }
    }

    private final class EntryCell extends ListCell<Entry> {
        @Override
        protected void updateItem(Entry e, boolean empty) {
            super.updateItem(e, empty);
            if (empty || e == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label name = new Label();
            name.getStyleClass().add("name");
            name.setWrapText(true);
            Label detail = new Label();
            detail.getStyleClass().add("muted");
            detail.setWrapText(true);
            Label mark = new Label("");
            mark.getStyleClass().addAll("muted", "untrusted");
            mark.setWrapText(true);
            switch (e) {
                case CertificateEntry c -> {
                    name.setText(c.view().displayName());
                    String org = c.view().organization() == null ? "" : c.view().organization() + " · ";
                    detail.setText(org + (c.view().ca() ? m.get("field.kind.ca") + " · " : "")
                            + m.get("entry.validTo", formats.date(c.view().notAfter())));
                    if (model.validity(c) != CertificateView.Validity.VALID) {
                        detail.setText(detail.getText() + " · " + validityText(c));
                        detail.getStyleClass().add("expired");
                    } else if (chainMark(c) != null) {
                        mark.setText(chainMark(c));
                    }
                }
                case KeyEntry k -> {
                    name.setText(m.get("entry.keyWithoutCertificate"));
                    name.getStyleClass().add("entry-key");
                    detail.setText(k.key().keyDescription() + (k.key().label().isEmpty() ? ""
                            : " · " + k.key().label()));
                }
            }
            VBox box = new VBox(2, name, detail);
            if (!mark.getText().isEmpty()) {
                box.getChildren().add(mark);
            }
            fitWidth(this, box);
            setAccessibleText(name.getText() + ", " + detail.getText()
                    + (mark.getText().isEmpty() ? "" : ", " + mark.getText()));
        }
    }
}
