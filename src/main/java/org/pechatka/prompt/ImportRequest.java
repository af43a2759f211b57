package org.pechatka.prompt;

import java.util.List;
import java.util.Objects;
import org.pechatka.cert.CertificateView;

/**
 * Asks the person to let a site store a certificate on a token, next to its key.
 *
 * @param tokenLabel     the token it goes to
 * @param certificate    the certificate that will be stored
 * @param caCertificates the CA certificates of its chain that will be stored beside it (never into the trust store)
 */
public record ImportRequest(String tokenLabel, CertificateView certificate, List<CertificateView> caCertificates) {

    public ImportRequest {
        Objects.requireNonNull(tokenLabel, "tokenLabel");
        Objects.requireNonNull(certificate, "certificate");
        caCertificates = List.copyOf(caCertificates);
    }
}
