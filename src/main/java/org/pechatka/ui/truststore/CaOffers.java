package org.pechatka.ui.truststore;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.pechatka.cert.TrustStore;
import org.pechatka.ui.common.Messages;

/**
 * Offers the CA certificates of a file for the trust store, one at a time: each shown with its
 * subject, issuer, validity and SHA-256 fingerprint and the store it would go to (named like the
 * Windows import wizard: "Trusted Root Certification Authorities" / "Intermediate Certification
 * Authorities"); a root with a plain warning. Nothing is written unless the person presses Add;
 * Skip is the default button, so Enter or Escape never adds a CA by accident. Used by the trust
 * store window's Import… and by the certificate import of the Certificates window.
 */
public final class CaOffers {

    /**
     * What offering the certificates did.
     *
     * @param added          written to the store, as confirmed
     * @param alreadyPresent in the store already (not asked)
     * @param skipped        declined by the person
     * @param failed         confirmed but could not be written (the message is logged)
     */
    public record Result(List<TrustStore.Entry> added, List<X509Certificate> alreadyPresent,
            List<X509Certificate> skipped, List<X509Certificate> failed) {}

    private static final System.Logger LOG = System.getLogger(CaOffers.class.getName());

    private final Stage owner;
    private final TrustStoreViewModel model;
    private final Messages m;
    private final CaFields fields;

    public CaOffers(Stage owner, TrustStoreViewModel model) {
        this.owner = owner;
        this.model = model;
        this.m = Messages.forScreen(TrustStoreView.class);
        this.fields = new CaFields(m);
    }

    /** Offers each CA certificate in turn (FX thread; waits for each answer). Non-CA certificates are ignored. */
    public Result offer(List<X509Certificate> certificates) {
        List<X509Certificate> cas = certificates.stream().filter(TrustStoreViewModel::isCa).toList();
        List<TrustStore.Entry> added = new ArrayList<>();
        List<X509Certificate> already = new ArrayList<>();
        List<X509Certificate> skipped = new ArrayList<>();
        List<X509Certificate> failed = new ArrayList<>();
        int index = 0;
        for (X509Certificate ca : cas) {
            index++;
            try {
                if (model.find(ca) != null) {
                    already.add(ca);
                } else if (confirm(ca, index, cas.size())) {
                    added.add(model.add(ca));
                } else {
                    skipped.add(ca);
                }
            } catch (IOException | TrustStore.RefusedException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not add a CA certificate to the trust store: {0}",
                        e.toString());
                failed.add(ca);
            }
        }
        return new Result(added, already, skipped, failed);
    }

    /** One confirmation: true when the person pressed Add. */
    boolean confirm(X509Certificate ca, int index, int count) {
        TrustStore.Kind kind = TrustStoreViewModel.kindOf(ca);
        Dialog<ButtonType> d = new Dialog<>();
        if (owner != null) {
            d.initOwner(owner);
            d.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        String own = TrustStoreView.class.getResource("truststore.css").toExternalForm();
        if (!d.getDialogPane().getStylesheets().contains(own)) {
            d.getDialogPane().getStylesheets().add(own);
        }
        d.setTitle(m.get("window.title", m.get("offer.title", index, count)));
        d.setHeaderText(null);
        d.setResizable(true);
        d.getDialogPane().getStyleClass().add("ca-offer");
        ButtonType add = new ButtonType(m.get("offer.add"), ButtonBar.ButtonData.OK_DONE);
        ButtonType skip = new ButtonType(m.get("offer.skip"), ButtonBar.ButtonData.CANCEL_CLOSE);
        d.getDialogPane().getButtonTypes().setAll(add, skip);

        Label question = wrapping(m.get("offer.question", fields.storeName(kind)));
        question.setId("offerQuestion");
        question.getStyleClass().add("section");
        GridPane grid = new GridPane(12, 5);
        CaFields.fill(grid, fields.rows(ca, kind), "offer-field-");
        Label explain = wrapping(m.get(kind == TrustStore.Kind.ROOT ? "offer.rootWarning" : "offer.intermediateNote"));
        explain.setId("offerWarning");
        explain.getStyleClass().add(kind == TrustStore.Kind.ROOT ? "warning" : "muted");
        if (kind == TrustStore.Kind.ROOT) {
            explain.getStyleClass().add("root-warning");
        }
        Label compare = wrapping(m.get("offer.compare"));
        compare.getStyleClass().add("muted");
        VBox content = new VBox(10, question, grid, explain, compare);
        content.setPrefWidth(560);
        d.getDialogPane().setContent(content);

        Button addButton = (Button) d.getDialogPane().lookupButton(add);
        addButton.setId("offerAdd");
        addButton.setDefaultButton(false);
        Button skipButton = (Button) d.getDialogPane().lookupButton(skip);
        skipButton.setId("offerSkip");
        skipButton.setDefaultButton(true);
        Platform.runLater(skipButton::requestFocus);
        return d.showAndWait().orElse(skip) == add;
    }

    private static Label wrapping(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }
}
