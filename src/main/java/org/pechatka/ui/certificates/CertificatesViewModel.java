package org.pechatka.ui.certificates;

import java.security.cert.CertificateException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.pechatka.cert.CertificateView;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenRegistry;

/**
 * The certificates on the connected tokens, as rows for a read-only table. Reading a token may
 * take a while (a smart card), so {@link #read} runs off the JavaFX thread.
 */
public final class CertificatesViewModel {

    /** One certificate. */
    public record Row(String token, String name, String organisation, Instant validFrom, Instant validTo,
            CertificateView.Validity validity) {}

    /**
     * @param rows       the certificates, token by token
     * @param unreadable labels of tokens that could not be read
     */
    public record Listing(List<Row> rows, List<String> unreadable) {
        public Listing {
            rows = List.copyOf(rows);
            unreadable = List.copyOf(unreadable);
        }
    }

    private final TokenRegistry registry;

    public CertificatesViewModel(TokenRegistry registry) {
        this.registry = registry;
    }

    /** Reads every present token's certificates (any thread but the JavaFX one). */
    public Listing read(Instant now) {
        List<Row> rows = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (Token t : registry.tokens()) {
            String label = t.id();
            try {
                label = t.info().label();
                for (TokenCertificate c : t.certificates()) {
                    CertificateView v = CertificateView.of(c.certificate());
                    if (v.ca()) {
                        continue; // a CA certificate on the token is not one a person signs with
                    }
                    rows.add(new Row(label, v.displayName(), v.organization() == null ? "" : v.organization(),
                            v.notBefore(), v.notAfter(), v.validity(now)));
                }
            } catch (PechatkaException | CertificateException | RuntimeException e) {
                unreadable.add(label);
            }
        }
        return new Listing(rows, unreadable);
    }
}
