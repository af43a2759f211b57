package org.pechatka.ui.csr;

import java.util.List;
import java.util.Objects;
import org.pechatka.cert.CertificateView;
import org.pechatka.prompt.CsrRequest;

/**
 * The certificate request confirmation without a window: the token, the new key, the subject in
 * the order it will be requested, whether the site sends a challenge password, and the certificate
 * being renewed (null for a new request).
 */
public final class CsrViewModel {

    private final CsrRequest request;

    public CsrViewModel(CsrRequest request) {
        this.request = Objects.requireNonNull(request, "request");
    }

    public boolean renewal() {
        return request.renewal() != null;
    }

    public CertificateView renewed() {
        return request.renewal();
    }

    public String tokenLabel() {
        return request.tokenLabel();
    }

    public String keyAlgorithm() {
        return request.keyAlgorithm();
    }

    public List<CsrRequest.SubjectLine> subject() {
        return request.subject();
    }

    public boolean challengePassword() {
        return request.challengePassword();
    }

    /** The message key naming an attribute type for a person ({@code subject.CN} …), when the screen has one. */
    public static String typeKey(String type) {
        return "subject." + type;
    }
}
