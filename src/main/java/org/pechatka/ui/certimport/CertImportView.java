package org.pechatka.ui.certimport;

import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.pechatka.cert.CertificateView;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.PendingRequests;
import org.pechatka.ui.common.Views;
import org.pechatka.ui.frame.Formats;
import org.pechatka.ui.frame.RequestWindow;

/**
 * The certificate import confirmation: the site hands over a certificate issued for a key on the
 * person's token. Shows whose certificate it is, who issued it, its validity and thumbprint, the
 * token it goes to, and the CA certificates stored beside it (said plainly not to become trusted).
 * Store or Cancel.
 */
public final class CertImportView {

    private final CertImportViewModel model;
    private final Messages messages;
    private final Formats formats;
    private final Parent root;
    private Button store;

    @FXML private Label certificateName;
    @FXML private Label certificateIssuer;
    @FXML private Label certificateValidity;
    @FXML private Label certificateThumbprint;
    @FXML private Label tokenLabel;
    @FXML private VBox casBox;
    @FXML private VBox casList;

    public CertImportView(CertImportViewModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
        this.formats = new Formats(messages);
        this.root = Views.load(this, "certimport.fxml", messages);
        build();
    }

    private void build() {
        CertificateView v = model.certificate();
        certificateName.setId("certificate");
        certificateName.setText(v.displayName());
        certificateIssuer.setText(messages.get("certificate.issuer", v.issuerName()));
        certificateValidity.setText(messages.get("certificate.validity", formats.date(v.notBefore()),
                formats.date(v.notAfter())));
        certificateThumbprint.setText(messages.get("certificate.thumbprint", Formats.thumbprint(v.certId())));
        tokenLabel.setId("token");
        tokenLabel.setText(messages.get("token.value", model.tokenLabel()));
        casBox.setId("cas-box");
        Views.shown(casBox, !model.caCertificates().isEmpty());
        casList.setId("cas");
        for (String name : model.caNames()) {
            Label l = new Label(name);
            l.getStyleClass().addAll("text", "value");
            l.setWrapText(true);
            casList.getChildren().add(l);
        }
    }

    public RequestWindow window(PendingRequests pending, String origin, Runnable onStore, Runnable onCancel) {
        RequestWindow w = new RequestWindow(messages, pending, CertImportView.class, messages.get("title"), origin);
        w.ask(messages.get("ask"));
        w.content(root);
        store = w.buttons(messages.get("button.store"), onStore, messages.get("button.cancel"), onCancel)[0];
        return w;
    }

    /** The Store button: Enter stores, Escape cancels. */
    public Node focusTarget() {
        return store;
    }
}
