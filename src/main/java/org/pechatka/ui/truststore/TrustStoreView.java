package org.pechatka.ui.truststore;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.TrustStore;
import org.pechatka.ui.certificates.CertificatesViewModel;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.Views;
import org.pechatka.ui.frame.Formats;
import org.pechatka.ui.tray.TrayIcons;
import org.pechatka.ui.tray.TrayState;

/**
 * The trust store window (Certificates → Trust store…): the CA certificates Pechatka trusts, roots
 * and intermediates on two tabs like the Windows certificate manager, each with who put it there
 * (the person, or the administrator — read-only), details on demand, Import… (a confirmation per
 * certificate, {@link CaOffers}), Remove… (a confirmation, never an administrator's) and Export….
 * The store is read again after every change. Requests from websites use the store as it was when
 * Pechatka started; the window says so.
 */
public final class TrustStoreView {

    @FXML private Label appliesNote;
    @FXML private SplitPane split;
    @FXML private TabPane tabs;
    @FXML private Tab rootsTab;
    @FXML private Tab intermediatesTab;
    @FXML private ListView<TrustStore.Entry> roots;
    @FXML private ListView<TrustStore.Entry> intermediates;
    @FXML private Label detailsTitle;
    @FXML private Label source;
    @FXML private GridPane fields;
    @FXML private TitledPane technical;
    @FXML private TextArea raw;
    @FXML private Label status;
    @FXML private Button importButton;
    @FXML private Button exportButton;
    @FXML private Button removeButton;
    @FXML private Button close;

    private final TrustStoreViewModel model;
    private final CertificateFiles files;
    private final Messages m;
    private final Formats formats;
    private final CaFields caFields;
    private final Stage stage = new Stage();

    /**
     * @param files the file dialogs (the system's: {@link CertificateFiles#system()})
     */
    public TrustStoreView(TrustStoreViewModel model, CertificateFiles files) {
        this.model = model;
        this.files = files;
        this.m = Messages.forScreen(TrustStoreView.class);
        this.formats = new Formats(m);
        this.caFields = new CaFields(m);
        Parent root = Views.load(this, "truststore.fxml", m);
        stage.setScene(Views.style(new Scene(root), TrustStoreView.class));
        stage.setTitle(m.get("window.title", m.get("truststore.title")));
        stage.getIcons().add(TrayIcons.fxImage(TrayState.IDLE, 64));
        split.setDividerPositions(0.45);
        for (ListView<TrustStore.Entry> list : List.of(roots, intermediates)) {
            list.setCellFactory(l -> new EntryCell());
            list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> chosen());
        }
        tabs.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            chosen();
            Platform.runLater(() -> currentList().requestFocus());
        });
        Views.hiddenWhenEmpty(status);
        stage.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.DELETE && currentList().isFocused() && !removeButton.isDisabled()) {
                remove();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                close(); // also when a list has the focus (lists keep Escape for themselves)
                e.consume();
            } else if (e.getCode() == KeyCode.F5) {
                reload();
                e.consume();
            }
        });
        chosen();
    }

    /** Shows the window with the store as it is now. */
    public TrustStoreView show() {
        reload();
        stage.show();
        Views.fitScreen(stage);
        stage.toFront();
        roots.requestFocus();
        return this;
    }

    public Stage stage() {
        return stage;
    }

    /** Reads the store again, keeping the chosen certificate chosen when it is still there. */
    void reload() {
        String chosen = selected().map(TrustStore.Entry::certId).orElse(null);
        try {
            roots.getItems().setAll(model.entries(TrustStore.Kind.ROOT));
            intermediates.getItems().setAll(model.entries(TrustStore.Kind.INTERMEDIATE));
        } catch (IOException e) {
            status.setText(m.get("status.unreadable"));
            status.getStyleClass().setAll("label", "error", "status-line");
            return;
        }
        rootsTab.setText(m.get("tab.root", roots.getItems().size()));
        intermediatesTab.setText(m.get("tab.intermediate", intermediates.getItems().size()));
        if (chosen != null) {
            currentList().getItems().stream().filter(e -> e.certId().equals(chosen)).findFirst()
                    .ifPresent(e -> currentList().getSelectionModel().select(e));
        }
        for (ListView<TrustStore.Entry> list : List.of(roots, intermediates)) {
            if (list.getSelectionModel().isEmpty() && !list.getItems().isEmpty()) {
                list.getSelectionModel().select(0); // the details show at once; arrows move from here
            }
        }
        chosen();
    }

    private ListView<TrustStore.Entry> currentList() {
        return tabs.getSelectionModel().getSelectedItem() == intermediatesTab ? intermediates : roots;
    }

    private Optional<TrustStore.Entry> selected() {
        return Optional.ofNullable(currentList().getSelectionModel().getSelectedItem());
    }

    private void chosen() {
        TrustStore.Entry e = selected().orElse(null);
        exportButton.setDisable(e == null);
        removeButton.setDisable(e == null || e.source() == TrustStore.Source.ADMIN);
        removeButton.setAccessibleHelp(e != null && e.source() == TrustStore.Source.ADMIN
                ? m.get("source.admin.readOnly") : null);
        Views.shown(technical, e != null);
        Views.shown(source, e != null);
        if (e == null) {
            detailsTitle.setText(m.get("details.none"));
            fields.getChildren().clear();
            raw.clear();
            return;
        }
        CertificateView v = CaFields.view(e.certificate());
        detailsTitle.setText(v.displayName());
        boolean admin = e.source() == TrustStore.Source.ADMIN;
        source.setText(m.get(admin ? "source.admin.long" : "source.user.long"));
        source.getStyleClass().setAll("label", admin ? "source-admin" : "source-user");
        List<String[]> rows = new java.util.ArrayList<>(caFields.rows(e.certificate(), e.kind()));
        rows.add(new String[] {m.get("field.file"), e.file().toString()});
        CaFields.fill(fields, rows, "field-");
        raw.setText(CertificatesViewModel.technical(v, m::get));
    }

    // ---- actions ------------------------------------------------------------------------------

    @FXML
    void importFile() {
        Optional<Path> file = files.open(stage);
        if (file.isEmpty()) {
            return;
        }
        List<X509Certificate> certificates;
        try {
            certificates = TrustStoreViewModel.readCertificates(file.get());
        } catch (IOException | CertificateException e) {
            say("status.notCertificate", true, file.get().getFileName());
            return;
        }
        List<X509Certificate> cas = certificates.stream().filter(TrustStoreViewModel::isCa).toList();
        if (cas.isEmpty()) {
            say("status.noCa", true, file.get().getFileName());
            return;
        }
        CaOffers.Result r = new CaOffers(stage, model).offer(cas);
        reload();
        if (!r.added().isEmpty()) {
            TrustStore.Entry last = r.added().get(r.added().size() - 1);
            tabs.getSelectionModel().select(last.kind() == TrustStore.Kind.ROOT ? rootsTab : intermediatesTab);
            currentList().getItems().stream().filter(e -> e.certId().equals(last.certId())).findFirst()
                    .ifPresent(e -> currentList().getSelectionModel().select(e));
        }
        say(r.failed().isEmpty() ? "status.imported" : "status.importedWithFailures", !r.failed().isEmpty(),
                r.added().size(), r.alreadyPresent().size(), r.skipped().size(), r.failed().size());
    }

    @FXML
    void export() {
        Optional<TrustStore.Entry> e = selected();
        if (e.isEmpty()) {
            return;
        }
        String name = TrustStoreViewModel.fileName(CaFields.view(e.get().certificate()).displayName());
        Optional<Path> target = files.save(stage, name);
        if (target.isEmpty()) {
            return;
        }
        try {
            TrustStoreViewModel.export(e.get().certificate(), target.get());
            say("status.exported", false, target.get());
        } catch (FileAlreadyExistsException exists) {
            say("status.exists", true, target.get());
        } catch (IOException failed) {
            say("status.exportFailed", true, target.get());
        }
    }

    @FXML
    void remove() {
        Optional<TrustStore.Entry> chosen = selected();
        if (chosen.isEmpty() || chosen.get().source() == TrustStore.Source.ADMIN) {
            return;
        }
        TrustStore.Entry e = chosen.get();
        String name = CaFields.view(e.certificate()).displayName();
        if (!confirmRemove(e, name)) {
            return;
        }
        try {
            model.remove(e);
            reload();
            say("status.removed", false, name, caFields.storeName(e.kind()));
        } catch (IOException | TrustStore.RefusedException failed) {
            say("status.removeFailed", true, name);
        }
        currentList().requestFocus();
    }

    private boolean confirmRemove(TrustStore.Entry e, String name) {
        Alert d = new Alert(Alert.AlertType.NONE);
        d.initOwner(stage);
        d.getDialogPane().getStylesheets().setAll(stage.getScene().getStylesheets());
        d.setTitle(m.get("window.title", m.get("remove.title")));
        d.setHeaderText(null);
        d.setResizable(true);
        ButtonType yes = new ButtonType(m.get("remove.button"), ButtonBar.ButtonData.OK_DONE);
        ButtonType no = new ButtonType(m.get("button.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        d.getButtonTypes().setAll(yes, no);
        Label text = new Label(m.get(e.kind() == TrustStore.Kind.ROOT ? "remove.text.root" : "remove.text.intermediate",
                name, caFields.storeName(e.kind())));
        text.setWrapText(true);
        text.setId("removeText");
        text.setMinHeight(Region.USE_PREF_SIZE);
        GridPane grid = new GridPane(12, 5);
        CaFields.fill(grid, caFields.rows(e.certificate(), e.kind()), "remove-field-");
        VBox content = new VBox(10, text, grid);
        content.setPrefWidth(520);
        d.getDialogPane().setContent(content);
        Button yesButton = (Button) d.getDialogPane().lookupButton(yes);
        yesButton.setId("removeOk");
        yesButton.setDefaultButton(false);
        Button noButton = (Button) d.getDialogPane().lookupButton(no);
        noButton.setId("removeCancel");
        noButton.setDefaultButton(true);
        Platform.runLater(noButton::requestFocus);
        return d.showAndWait().orElse(no) == yes;
    }

    @FXML
    void close() {
        stage.close();
    }

    private void say(String key, boolean problem, Object... args) {
        status.setText(m.get(key, args));
        status.getStyleClass().setAll("label", problem ? "error" : "ok", "status-line");
    }

    /** One line of a list: the CA's name, then issuer, valid until and who put it there. */
    private final class EntryCell extends ListCell<TrustStore.Entry> {
        @Override
        protected void updateItem(TrustStore.Entry e, boolean empty) {
            super.updateItem(e, empty);
            setText(null);
            if (empty || e == null) {
                setGraphic(null);
                setAccessibleText(null);
                return;
            }
            CertificateView v = CaFields.view(e.certificate());
            Label name = new Label(v.displayName());
            name.getStyleClass().add("name");
            name.setWrapText(true);
            String issuer = e.kind() == TrustStore.Kind.ROOT ? m.get("field.selfIssued") : v.issuerName();
            Label sub = new Label(m.get("entry.line", issuer, formats.date(v.notAfter())));
            sub.getStyleClass().addAll("muted", "entry-sub");
            sub.setWrapText(true);
            boolean admin = e.source() == TrustStore.Source.ADMIN;
            Label who = new Label(m.get(admin ? "source.admin" : "source.user"));
            who.getStyleClass().add(admin ? "source-admin" : "source-user");
            VBox box = new VBox(1, name, sub, who);
            box.setMinWidth(0);
            box.prefWidthProperty().bind(getListView().widthProperty().subtract(30));
            setGraphic(box);
            setAccessibleText(v.displayName() + ", " + sub.getText() + ", " + who.getText());
        }
    }
}
