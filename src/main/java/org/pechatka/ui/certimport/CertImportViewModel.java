package org.pechatka.ui.certimport;

import java.util.List;
import java.util.Objects;
import org.pechatka.cert.CertificateView;
import org.pechatka.prompt.ImportRequest;

/**
 * The certificate import confirmation without a window: the certificate that will be stored, the
 * token it goes to, and the CA certificates of its chain stored beside it.
 */
public final class CertImportViewModel {

    private final ImportRequest request;

    public CertImportViewModel(ImportRequest request) {
        this.request = Objects.requireNonNull(request, "request");
    }

    public CertificateView certificate() {
        return request.certificate();
    }

    public String tokenLabel() {
        return request.tokenLabel();
    }

    public List<CertificateView> caCertificates() {
        return request.caCertificates();
    }

    /** The CA certificates as one line each: their names. */
    public List<String> caNames() {
        return request.caCertificates().stream().map(CertificateView::displayName).toList();
    }
}
