package org.pechatka.ui.consent;

import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import org.pechatka.cert.CertificateView;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.PendingRequests;
import org.pechatka.ui.common.Views;
import org.pechatka.ui.frame.Formats;
import org.pechatka.ui.frame.PersonalDataGrid;
import org.pechatka.ui.frame.RequestWindow;

/**
 * The personal-data consent window: which certificate, what the site receives from it (each value),
 * and that the certificate itself with all its fields goes too; Allow or Refuse the whole.
 */
public final class ConsentView {

    private final ConsentViewModel model;
    private final Messages messages;
    private final Formats formats;
    private final Parent root;
    private Button allow;

    @FXML private Label certificateLine;
    @FXML private GridPane attributesGrid;
    @FXML private Label wholeCertificate;

    public ConsentView(ConsentViewModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
        this.formats = new Formats(messages);
        this.root = Views.load(this, "consent.fxml", messages);
        CertificateView v = model.certificate();
        certificateLine.setId("certificate");
        certificateLine.setText(messages.get("certificate.line", v.displayName(), v.issuerName(),
                formats.date(v.notAfter())));
        attributesGrid.setId("attributes");
        PersonalDataGrid.fill(attributesGrid, model.lines(), messages, formats, "text");
        wholeCertificate.setId("whole-certificate");
    }

    public RequestWindow window(PendingRequests pending, String origin, Runnable onAllow, Runnable onRefuse) {
        RequestWindow w = new RequestWindow(messages, pending, ConsentView.class, messages.get("title"), origin);
        w.ask(messages.get("ask"));
        w.content(root);
        allow = w.buttons(messages.get("button.allow"), onAllow, messages.get("button.refuse"), onRefuse)[0];
        return w;
    }

    /** The Allow button: Enter allows, as the default action. */
    public Node focusTarget() {
        return allow;
    }

    ConsentViewModel model() {
        return model;
    }
}
