package org.pechatka.ui.confirm;

import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;
import org.pechatka.cert.CertificateView;
import org.pechatka.prompt.SigningRequest;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.PendingRequests;
import org.pechatka.ui.common.Views;
import org.pechatka.ui.frame.Formats;
import org.pechatka.ui.frame.RequestWindow;
import org.pechatka.ui.frame.SiteText;

/**
 * The signing confirmation window: what is signed (one document, or a batch as a list with its
 * count), its size and fingerprint, the site's description in the marked box, a warning when only a
 * hash was given, and the certificate that signs. Sign or Cancel.
 */
public final class ConfirmView {

    private final ConfirmViewModel model;
    private final Messages messages;
    private final Formats formats;
    private final Parent root;
    private Button sign;

    @FXML private Label documentsTitle;
    @FXML private VBox singleBox;
    @FXML private Label documentName;
    @FXML private Label documentSize;
    @FXML private Label documentFingerprint;
    @FXML private ListView<SigningRequest.Document> documents;
    @FXML private Label totalSize;
    @FXML private VBox siteTextHolder;
    @FXML private Label rawHashWarning;
    @FXML private Label certificateName;
    @FXML private Label certificateIssuer;
    @FXML private Label certificateValidTo;

    public ConfirmView(ConfirmViewModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
        this.formats = new Formats(messages);
        this.root = Views.load(this, "confirm.fxml", messages);
        build();
    }

    private void build() {
        boolean batch = model.batch();
        documentsTitle.setId("documents-title");
        documentsTitle.setText(batch ? messages.get("documents.title", model.count()) : messages.get("document.title"));
        Views.shown(singleBox, !batch);
        Views.shown(documents, batch);
        Views.shown(totalSize, batch && model.totalSize() >= 0);
        if (batch) {
            documents.setId("documents");
            documents.getItems().setAll(model.documents());
            documents.setCellFactory(v -> new DocumentCell());
            if (model.totalSize() >= 0) {
                totalSize.setText(messages.get("documents.total", formats.size(model.totalSize())));
            }
        } else {
            SigningRequest.Document d = model.first();
            documentName.setId("document-name");
            documentName.setText(d.name());
            Views.shown(documentSize, d.size() >= 0);
            documentSize.setText(d.size() >= 0 ? messages.get("document.size", formats.size(d.size())) : "");
            documentFingerprint.setId("fingerprint");
            documentFingerprint.setText(messages.get("document.fingerprint", d.fingerprint()));
        }
        if (model.description() != null) {
            siteTextHolder.getChildren().add(SiteText.box(messages, model.description()));
        }
        Views.shown(siteTextHolder, model.description() != null);
        rawHashWarning.setId("raw-hash");
        Views.shown(rawHashWarning, model.rawHash());
        CertificateView v = model.certificate();
        certificateName.setId("certificate");
        certificateName.setText(v.displayName());
        certificateIssuer.setText(messages.get("certificate.issuer", v.issuerName()));
        certificateValidTo.setText(messages.get("certificate.validTo", formats.date(v.notAfter())));
    }

    public RequestWindow window(PendingRequests pending, String origin, Runnable onSign, Runnable onCancel) {
        RequestWindow w = new RequestWindow(messages, pending, ConfirmView.class,
                messages.get(model.batch() ? "title.batch" : "title"), origin);
        w.ask(model.batch() ? messages.get("ask.many", model.count()) : messages.get("ask.one"));
        w.content(root);
        sign = w.buttons(messages.get("button.sign"), onSign, messages.get("button.cancel"), onCancel)[0];
        return w;
    }

    /** The Sign button: Enter signs, Tab reaches the list and Cancel. */
    public Node focusTarget() {
        return sign;
    }

    /** One document of a batch: its name, then size and fingerprint. */
    private final class DocumentCell extends ListCell<SigningRequest.Document> {
        @Override
        protected void updateItem(SigningRequest.Document d, boolean empty) {
            super.updateItem(d, empty);
            setText(null);
            if (empty || d == null) {
                setGraphic(null);
                return;
            }
            Label name = new Label(d.name());
            name.getStyleClass().addAll("name", "text");
            name.setWrapText(true);
            String details = d.size() >= 0 ? messages.get("document.details", formats.size(d.size()), d.fingerprint())
                    : d.fingerprint();
            Label more = new Label(details);
            more.getStyleClass().addAll("muted", "text");
            more.setWrapText(true);
            VBox box = new VBox(name, more);
            box.maxWidthProperty().bind(getListView().widthProperty().subtract(30));
            setPrefWidth(0); // the list's width decides: no sideways scrolling
            setGraphic(box);
        }
    }
}
