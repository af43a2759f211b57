package org.pechatka.ui.csr;

import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.pechatka.cert.CertificateView;
import org.pechatka.prompt.CsrRequest;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.PendingRequests;
import org.pechatka.ui.common.Views;
import org.pechatka.ui.frame.Formats;
import org.pechatka.ui.frame.RequestWindow;

/**
 * The certificate request confirmation: the site asks for a new key on a token and a request for a
 * certificate. Shows the token and the key, the subject exactly in the order it will be requested,
 * a note when the site adds a challenge password, and for a renewal the certificate being renewed.
 * Create or Cancel.
 */
public final class CsrView {

    private final CsrViewModel model;
    private final Messages messages;
    private final Formats formats;
    private final Parent root;
    private Button create;

    @FXML private Label tokenLabel;
    @FXML private Label keyAlgorithm;
    @FXML private GridPane subjectGrid;
    @FXML private Label challengeNote;
    @FXML private VBox renewalBox;
    @FXML private Label renewedName;
    @FXML private Label renewedIssuer;
    @FXML private Label renewedValidTo;

    public CsrView(CsrViewModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
        this.formats = new Formats(messages);
        this.root = Views.load(this, "csr.fxml", messages);
        build();
    }

    private void build() {
        tokenLabel.setId("token");
        tokenLabel.setText(messages.get("token.value", model.tokenLabel()));
        keyAlgorithm.setId("key-algorithm");
        keyAlgorithm.setText(messages.get("key.value", model.keyAlgorithm()));
        subjectGrid.setId("subject");
        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        subjectGrid.getColumnConstraints().setAll(names, values);
        int row = 0;
        for (CsrRequest.SubjectLine line : model.subject()) {
            String key = CsrViewModel.typeKey(line.type());
            Label name = new Label(messages.bundle().containsKey(key) ? messages.get(key) : line.type());
            name.getStyleClass().addAll("text", "muted");
            Label value = new Label(line.value());
            value.getStyleClass().addAll("text", "value");
            value.setWrapText(true);
            subjectGrid.addRow(row++, name, value);
        }
        challengeNote.setId("challenge");
        Views.shown(challengeNote, model.challengePassword());
        renewalBox.setId("renewal");
        Views.shown(renewalBox, model.renewal());
        if (model.renewal()) {
            CertificateView v = model.renewed();
            renewedName.setId("renewed");
            renewedName.setText(v.displayName());
            renewedIssuer.setText(messages.get("renewal.issuer", v.issuerName()));
            renewedValidTo.setText(messages.get("renewal.validTo", formats.date(v.notAfter())));
        }
    }

    public RequestWindow window(PendingRequests pending, String origin, Runnable onCreate, Runnable onCancel) {
        RequestWindow w = new RequestWindow(messages, pending, CsrView.class,
                messages.get(model.renewal() ? "title.renewal" : "title"), origin);
        w.ask(messages.get(model.renewal() ? "ask.renewal" : "ask.new"));
        w.content(root);
        create = w.buttons(messages.get("button.create"), onCreate, messages.get("button.cancel"), onCancel)[0];
        return w;
    }

    /** The Create button: Enter creates, Escape cancels. */
    public Node focusTarget() {
        return create;
    }
}
