package org.pechatka.ui.confirm;

import java.util.List;
import java.util.Objects;
import org.pechatka.cert.CertificateView;
import org.pechatka.prompt.SigningRequest;

/**
 * The signing confirmation without a window: one document or a batch, the site's description, the
 * certificate, and whether the site gave only a hash (then Pechatka cannot show the document).
 */
public final class ConfirmViewModel {

    private final SigningRequest request;

    public ConfirmViewModel(SigningRequest request) {
        this.request = Objects.requireNonNull(request, "request");
    }

    public List<SigningRequest.Document> documents() {
        return request.documents();
    }

    public int count() {
        return request.documents().size();
    }

    /** More than one document: shown as a list with the count. */
    public boolean batch() {
        return count() > 1;
    }

    /** The single document (or the first of a batch). */
    public SigningRequest.Document first() {
        return request.documents().get(0);
    }

    /** The site's description (plain text from the site), or null. */
    public String description() {
        return request.description();
    }

    /** Only a hash was given: warn that the document itself cannot be shown. */
    public boolean rawHash() {
        return request.rawHash() || request.documents().stream().anyMatch(d -> d.size() < 0);
    }

    public CertificateView certificate() {
        return request.certificate();
    }

    /** The size of all documents whose size is known, or -1 when none is. */
    public long totalSize() {
        long total = -1;
        for (SigningRequest.Document d : request.documents()) {
            if (d.size() >= 0) {
                total = Math.max(total, 0) + d.size();
            }
        }
        return total;
    }
}
