package org.pechatka.ui.picker;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import org.pechatka.cert.CertificateView;
import org.pechatka.prompt.CertificateChoice;
import org.pechatka.prompt.PickerRequest;
import org.pechatka.token.TokenKind;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.PendingRequests;
import org.pechatka.ui.common.Views;
import org.pechatka.ui.frame.Formats;
import org.pechatka.ui.frame.PersonalDataGrid;
import org.pechatka.ui.frame.RequestWindow;
import org.pechatka.ui.frame.SiteText;

/**
 * The certificate picker window: the certificates as a table (greyed with the reason when they
 * cannot be used, marked when expired, not yet valid or on a token with a low or locked PIN), the
 * personal data the site asks for with the selected certificate's values, and the details of the
 * selection on demand. When the site asks for data this one window is also the consent.
 */
public final class PickerView {

    /** Width of an em in the shared stylesheet's root font (14px): column widths follow the text size. */
    private static final double EM = 14;
    private static final PseudoClass UNUSABLE = PseudoClass.getPseudoClass("unusable");

    private final PickerViewModel model;
    private final Messages messages;
    private final Formats formats;
    private final Parent root;
    private boolean syncing;
    private RequestWindow window;
    private Runnable chooseAction = () -> {};

    @FXML private VBox siteTextHolder;
    @FXML private TableView<CertificateChoice> table;
    @FXML private TableColumn<CertificateChoice, String> stateColumn;
    @FXML private TableColumn<CertificateChoice, String> nameColumn;
    @FXML private TableColumn<CertificateChoice, String> organizationColumn;
    @FXML private TableColumn<CertificateChoice, String> positionColumn;
    @FXML private TableColumn<CertificateChoice, String> serialColumn;
    @FXML private TableColumn<CertificateChoice, String> fromColumn;
    @FXML private TableColumn<CertificateChoice, String> toColumn;
    @FXML private TableColumn<CertificateChoice, String> issuerColumn;
    @FXML private TableColumn<CertificateChoice, String> tokenColumn;
    @FXML private Label selectionNote;
    @FXML private VBox dataBox;
    @FXML private Label dataTitle;
    @FXML private GridPane attributesGrid;
    @FXML private Label wholeCertificate;
    @FXML private Button detailsButton;
    @FXML private VBox detailsPane;
    @FXML private GridPane detailsGrid;

    public PickerView(PickerViewModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
        this.formats = new Formats(messages);
        this.root = Views.load(this, "picker.fxml", messages);
        build();
    }

    private void build() {
        if (model.reason() != null) {
            siteTextHolder.getChildren().add(SiteText.box(messages, model.reason()));
        } else {
            Views.shown(siteTextHolder, false);
        }
        table.setId("certificates");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setItems(model.rows());
        stateColumn.setId("col-state");
        column(stateColumn, c -> PickerViewModel.mark(c).name(), 8);
        stateColumn.setCellFactory(col -> new MarkCell());
        column(nameColumn, c -> c.view().displayName(), 11);
        column(organizationColumn, c -> blank(c.view().organization()), 9);
        column(positionColumn, c -> blank(c.view().position()), 7.5);
        column(serialColumn, c -> grouped(c.view().serialNumber()), 10.5);
        column(fromColumn, c -> formats.date(c.view().notBefore()), 8);
        column(toColumn, c -> formats.date(c.view().notAfter()), 8);
        column(issuerColumn, c -> c.view().issuerName(), 11);
        column(tokenColumn, this::tokenText, 7);
        for (TableColumn<CertificateChoice, String> secondary : List.of(serialColumn, issuerColumn, tokenColumn)) {
            secondary.getStyleClass().add("secondary");
        }
        table.setRowFactory(t -> {
            TableRow<CertificateChoice> row = new TableRow<>() {
                @Override
                protected void updateItem(CertificateChoice item, boolean empty) {
                    super.updateItem(item, empty);
                    pseudoClassStateChanged(UNUSABLE, !empty && item != null && !item.usable());
                }
            };
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()
                        && row.getItem().usable() && window != null) {
                    chooseAction.run();
                }
            });
            return row;
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, old, now) -> {
            if (!syncing) {
                model.select(now);
            }
        });
        model.selection().addListener((o, old, now) -> showSelection());
        model.rows().addListener((javafx.collections.ListChangeListener<CertificateChoice>) change -> showSelection());

        dataTitle.setText(messages.get(model.asksForData() ? "data.title" : "certificate.title"));
        attributesGrid.setId("attributes");
        Views.shown(attributesGrid, model.asksForData());
        wholeCertificate.setId("whole-certificate");
        wholeCertificate.setText(messages.get(model.asksForData() ? "data.whole" : "certificate.whole"));
        selectionNote.setId("selection-note");
        detailsButton.setId("details");
        detailsPane.setId("details-pane");
        showSelection();
    }

    /** Builds the window around the picker; {@code onChoose} runs when the person chooses a usable certificate. */
    public RequestWindow window(PendingRequests pending, String origin, Runnable onChoose, Runnable onCancel) {
        boolean auth = model.purpose() == PickerRequest.Purpose.AUTH;
        window = new RequestWindow(messages, pending, PickerView.class,
                messages.get(auth ? "title.auth" : "title.sign"), origin);
        String ask = (auth ? "ask.auth" : "ask.sign") + (model.asksForData() ? ".data" : "");
        window.ask(messages.get(ask));
        window.content(root);
        chooseAction = () -> {
            if (model.canChoose()) {
                onChoose.run();
            }
        };
        String ok = model.asksForData() ? "button.allow" : auth ? "button.login" : "button.choose";
        Button[] b = window.buttons(messages.get(ok), chooseAction, messages.get(model.asksForData()
                ? "button.refuse" : "button.cancel"), onCancel);
        b[0].disableProperty().bind(model.canChooseBinding().not());
        return window;
    }

    /** Where the keyboard starts: the table, so the arrow keys move the selection. */
    public Node focusTarget() {
        return table;
    }

    @FXML
    private void toggleDetails() {
        boolean show = !detailsPane.isVisible();
        Views.shown(detailsPane, show);
        detailsButton.setText(messages.get(show ? "details.hide" : "details.show"));
        if (window != null) {
            window.refit();
        }
    }

    private void showSelection() {
        CertificateChoice c = model.selected();
        syncing = true;
        try {
            if (c == null) {
                table.getSelectionModel().clearSelection();
            } else if (table.getSelectionModel().getSelectedItem() != c) {
                table.getSelectionModel().select(c);
                int i = table.getSelectionModel().getSelectedIndex();
                if (i >= 0) {
                    table.scrollTo(i);
                }
            }
        } finally {
            syncing = false;
        }
        String note = c == null ? null : note(c);
        selectionNote.setText(note == null ? "" : note);
        Views.shown(selectionNote, note != null);
        selectionNote.getStyleClass().removeAll("notice", "notice-bad");
        if (note != null) {
            selectionNote.getStyleClass().add(PickerViewModel.mark(c).bad() ? "notice-bad" : "notice");
        }
        showAttributes();
        showDetails(c);
        detailsButton.setDisable(c == null);
        if (window != null) {
            javafx.application.Platform.runLater(window::refit);
        }
    }

    /** Why the selection cannot be used, or a warning about it; null when there is nothing to say. */
    private String note(CertificateChoice c) {
        CertificateView v = c.view();
        return switch (PickerViewModel.mark(c)) {
            case EXPIRED -> messages.get(c.usable() ? "note.expired.allowed" : "note.expired",
                    formats.date(v.notAfter()));
            case NOT_YET_VALID -> messages.get(c.usable() ? "note.notYetValid.allowed" : "note.notYetValid",
                    formats.date(v.notBefore()));
            case PIN_LOCKED -> messages.get("note.pinLocked");
            case PIN_FINAL_TRY -> messages.get("note.pinFinalTry");
            case PIN_COUNT_LOW -> messages.get("note.pinCountLow");
            case REVOKED, NOT_TRUSTED, REVOCATION_UNKNOWN -> messages.get("note.chain", chainText(c));
            case NONE -> null;
        };
    }

    private void showAttributes() {
        PersonalDataGrid.fill(attributesGrid, model.attributeLines(), messages, formats, "details-value");
    }

    private void showDetails(CertificateChoice c) {
        detailsGrid.getChildren().clear();
        if (c == null) {
            return;
        }
        CertificateView v = c.view();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"details.subject", v.displayName()});
        if (v.organization() != null) {
            rows.add(new String[] {"details.organization", v.organization()});
        }
        if (v.position() != null) {
            rows.add(new String[] {"details.position", v.position()});
        }
        rows.add(new String[] {"details.issuer", v.issuerName()});
        rows.add(new String[] {"details.serial", grouped(v.serialNumber())});
        rows.add(new String[] {"details.validity", messages.get("details.validity.value", formats.date(v.notBefore()),
                formats.date(v.notAfter()))});
        rows.add(new String[] {"details.key", v.keyDescription()});
        rows.add(new String[] {"details.keyUsage", keyUsages(v)});
        if (!v.extendedKeyUsage().isEmpty()) {
            rows.add(new String[] {"details.extKeyUsage", extendedKeyUsages(v)});
        }
        rows.add(new String[] {"details.chain", chainText(c)});
        rows.add(new String[] {"details.thumbprint", Formats.thumbprint(v.certId())});
        rows.add(new String[] {"details.token", tokenText(c)});
        rows.add(new String[] {"details.subjectDn", v.subjectDn()});
        rows.add(new String[] {"details.issuerDn", v.issuerDn()});
        int i = 0;
        for (String[] r : rows) {
            Label name = PersonalDataGrid.fieldLabel(messages.get(r[0]));
            Label value = new Label(r[1]);
            value.setId(r[0].replace('.', '-'));
            value.getStyleClass().add("details-value");
            value.setWrapText(true);
            detailsGrid.addRow(i++, name, value);
        }
    }

    private String keyUsages(CertificateView v) {
        if (!v.hasKeyUsageExtension()) {
            return messages.get("keyUsage.unrestricted");
        }
        return String.join(", ", v.keyUsage().stream().map(k -> messages.get("keyUsage." + k)).toList());
    }

    private String extendedKeyUsages(CertificateView v) {
        List<String> names = new ArrayList<>();
        List<String> known = v.extendedKeyUsageNames();
        for (int i = 0; i < known.size(); i++) {
            String n = known.get(i);
            String key = "eku." + n;
            names.add(messages.bundle().containsKey(key) ? messages.get(key) : v.extendedKeyUsage().get(i));
        }
        return String.join(", ", names);
    }

    private String tokenText(CertificateChoice c) {
        return c.tokenKind() == TokenKind.KEY_FILE ? messages.get("token.keyFile", c.tokenLabel()) : c.tokenLabel();
    }

    /** What checking the chain found, as a sentence. */
    private String chainText(CertificateChoice c) {
        return messages.get(c.chain() == null ? "chain.none" : "chain." + c.chain().name());
    }

    private String markText(PickerViewModel.Mark mark) {
        return mark == PickerViewModel.Mark.NONE ? "" : messages.get("mark." + mark.name());
    }

    private static String blank(String s) {
        return s == null ? "" : s;
    }

    /** A long hex serial in groups of four, so it can wrap and be read aloud. */
    static String grouped(String hex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 4) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(hex, i, Math.min(hex.length(), i + 4));
        }
        return sb.toString();
    }

    private static void column(TableColumn<CertificateChoice, String> column, Function<CertificateChoice, String> text,
            double ems) {
        column.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(text.apply(f.getValue())));
        column.setPrefWidth(ems * EM);
        column.setMinWidth(4 * EM);
        column.setReorderable(false);
        column.setCellFactory(col -> new WrappingCell(col));
    }

    /** A cell whose text wraps to the column's width, so nothing is cut with an ellipsis. */
    private static final class WrappingCell extends TableCell<CertificateChoice, String> {
        private final Text text = new Text();

        WrappingCell(TableColumn<CertificateChoice, String> column) {
            text.getStyleClass().add("cell-text");
            text.wrappingWidthProperty().bind(column.widthProperty().subtract(0.9 * EM));
            setPrefHeight(Control.USE_COMPUTED_SIZE);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(null);
            if (empty || item == null) {
                setGraphic(null);
            } else {
                text.setText(item);
                setGraphic(text);
            }
        }
    }

    /** The state column: the mark as text in a badge (never colour alone). */
    private final class MarkCell extends TableCell<CertificateChoice, String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(null);
            PickerViewModel.Mark mark = empty || item == null ? PickerViewModel.Mark.NONE
                    : PickerViewModel.Mark.valueOf(item);
            if (mark == PickerViewModel.Mark.NONE) {
                setGraphic(null);
                return;
            }
            Label badge = new Label(markText(mark));
            badge.setWrapText(true);
            badge.maxWidthProperty().bind(getTableColumn().widthProperty().subtract(0.9 * EM));
            badge.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            badge.getStyleClass().addAll("mark", mark.bad() ? "mark-bad" : "mark-warn");
            setGraphic(badge);
        }
    }
}
