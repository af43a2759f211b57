package org.pechatka.ui.certificates;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.pechatka.cert.CertificateView;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.Views;
import org.pechatka.ui.tray.TrayIcons;
import org.pechatka.ui.tray.TrayState;

/**
 * A read-only list of the certificates on the connected tokens: token, name, organisation,
 * validity. Kept small on purpose: the full Certificates window (details, export) replaces it.
 */
public final class CertificatesView {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy")
            .withZone(ZoneId.systemDefault());

    @FXML private TableView<CertificatesViewModel.Row> table;
    @FXML private TableColumn<CertificatesViewModel.Row, String> tokenColumn;
    @FXML private TableColumn<CertificatesViewModel.Row, String> nameColumn;
    @FXML private TableColumn<CertificatesViewModel.Row, String> organisationColumn;
    @FXML private TableColumn<CertificatesViewModel.Row, String> fromColumn;
    @FXML private TableColumn<CertificatesViewModel.Row, String> toColumn;
    @FXML private TableColumn<CertificatesViewModel.Row, String> stateColumn;
    @FXML private Label placeholder;
    @FXML private Label problems;
    @FXML private Button close;

    private final CertificatesViewModel model;
    private final Messages m;
    private final Stage stage = new Stage();

    public CertificatesView(CertificatesViewModel model) {
        this.model = model;
        this.m = Messages.forScreen(CertificatesView.class);
        Parent root = Views.load(this, "certificates.fxml", m);
        column(tokenColumn, CertificatesViewModel.Row::token);
        column(nameColumn, CertificatesViewModel.Row::name);
        column(organisationColumn, CertificatesViewModel.Row::organisation);
        column(fromColumn, r -> DATE.format(r.validFrom()));
        column(toColumn, r -> DATE.format(r.validTo()));
        column(stateColumn, r -> m.get(switch (r.validity()) {
            case VALID -> "certificates.valid";
            case EXPIRED -> "certificates.expired";
            case NOT_YET_VALID -> "certificates.notYetValid";
        }));
        stateColumn.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                CertificatesViewModel.Row row = empty ? null : getTableRow().getItem();
                getStyleClass().remove("expired");
                if (row != null && row.validity() != CertificateView.Validity.VALID) {
                    getStyleClass().add("expired");
                }
            }
        });
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        problems.managedProperty().bind(problems.textProperty().isNotEmpty());
        stage.setScene(Views.style(new Scene(root), CertificatesView.class));
        stage.setTitle(m.get("window.title", m.get("certificates.title")));
        stage.getIcons().add(TrayIcons.fxImage(TrayState.IDLE, 64));
    }

    private static void column(TableColumn<CertificatesViewModel.Row, String> c,
            Function<CertificatesViewModel.Row, String> value) {
        c.setCellValueFactory(f -> new ReadOnlyStringWrapper(value.apply(f.getValue())));
    }

    /** Shows the window and starts reading the tokens. */
    public CertificatesView show() {
        stage.show();
        stage.toFront();
        stage.requestFocus();
        close.requestFocus();
        refresh();
        return this;
    }

    public Stage stage() {
        return stage;
    }

    @FXML
    void refresh() {
        placeholder.setText(m.get("certificates.loading"));
        table.getItems().clear();
        Thread.ofVirtual().name("pechatka-certificates").start(() -> {
            CertificatesViewModel.Listing l = model.read(Instant.now());
            Platform.runLater(() -> {
                table.getItems().setAll(l.rows());
                placeholder.setText(m.get("certificates.none"));
                problems.setText(String.join("\n", l.unreadable().stream()
                        .map(label -> m.get("certificates.unreadable", label)).toList()));
            });
        });
    }

    @FXML
    void close() {
        stage.close();
    }
}
