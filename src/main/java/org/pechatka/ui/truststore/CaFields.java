package org.pechatka.ui.truststore;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.TrustStore;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.frame.Formats;
import org.pechatka.ui.frame.PersonalDataGrid;

/**
 * The lines a person checks before trusting a CA certificate, and in the trust store's details:
 * subject, issuer, validity, the SHA-256 fingerprint (to compare with the one the CA publishes)
 * and which store it is in. Texts from the trust store screen's bundle.
 */
public final class CaFields {

    /** A row's third element: its value keeps its own lines (the fingerprint's two halves). */
    static final String NO_WRAP = "nowrap";

    private final Messages m;
    private final Formats formats;

    public CaFields(Messages trustStoreMessages) {
        this.m = trustStoreMessages;
        this.formats = new Formats(trustStoreMessages);
    }

    /** The certificate as the windows show it. */
    public static CertificateView view(X509Certificate c) {
        try {
            return CertificateView.of(c);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("unreadable certificate", e);
        }
    }

    /** The store's name as the Windows import wizard calls it, in the window's language. */
    public String storeName(TrustStore.Kind kind) {
        return m.get(kind == TrustStore.Kind.ROOT ? "store.root" : "store.intermediate");
    }

    /** Name–value rows: subject, issuer, valid from, valid until, store, fingerprint. */
    public List<String[]> rows(X509Certificate c, TrustStore.Kind kind) {
        CertificateView v = view(c);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {m.get("field.subject"), v.subjectDn()});
        rows.add(new String[] {m.get("field.issuer"), kind == TrustStore.Kind.ROOT
                ? m.get("field.selfIssued") : v.issuerDn()});
        rows.add(new String[] {m.get("field.validFrom"), formats.date(v.notBefore())});
        rows.add(new String[] {m.get("field.validTo"), formats.date(v.notAfter())});
        rows.add(new String[] {m.get("field.store"), storeName(kind)});
        rows.add(new String[] {m.get("field.fingerprint"), fingerprint(v.certId()), NO_WRAP});
        return rows;
    }

    /** The SHA-256 fingerprint as two lines of 16 pairs, as a person compares it with a published one. */
    public static String fingerprint(String certId) {
        String pairs = Formats.thumbprint(certId);
        int half = pairs.length() / 2 + 1; // 32 pairs: the colon after the 16th
        return pairs.substring(0, half) + "\n" + pairs.substring(half);
    }

    /** Fills {@code grid} with the rows (labels wrap; each value is readable by a screen reader with its name). */
    public static void fill(GridPane grid, List<String[]> rows, String idPrefix) {
        grid.getChildren().clear();
        int i = 0;
        for (String[] r : rows) {
            Label name = PersonalDataGrid.fieldLabel(r[0]);
            Label value = new Label(r[1]);
            boolean ownLines = r.length > 2 && NO_WRAP.equals(r[2]);
            value.setWrapText(!ownLines);
            if (ownLines) {
                value.setMinWidth(Region.USE_PREF_SIZE);
            }
            value.getStyleClass().add("value");
            value.setId(idPrefix + i);
            value.setAccessibleText(r[0] + ": " + r[1]);
            value.setMinHeight(Region.USE_PREF_SIZE);
            grid.addRow(i++, name, value);
        }
    }
}
