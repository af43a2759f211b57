package org.pechatka.prompt;

import java.util.Objects;
import org.pechatka.cert.CertificateView;
import org.pechatka.token.TokenCertificate;

/**
 * A certificate the picker may offer.
 *
 * @param certificate the certificate on its token
 * @param view        how it is shown
 * @param tokenLabel  the label of the token it is on
 * @param usable      whether it may be chosen (an unusable one is listed greyed, with the reason)
 * @param whyNot      why it is not usable (expired, wrong key usage …), or null
 */
public record CertificateChoice(TokenCertificate certificate, CertificateView view, String tokenLabel, boolean usable,
        String whyNot) {

    public CertificateChoice {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(view, "view");
        tokenLabel = Objects.requireNonNullElse(tokenLabel, "");
    }

    public String certId() {
        return view.certId();
    }
}
