package org.pechatka.prompt;

import java.util.List;
import java.util.Objects;
import org.pechatka.cert.CertificateView;

/**
 * Asks the person to let a site create a new key on a token and a certificate request for it:
 * on which token, which key, the subject that will be requested (in its order) and, for a renewal,
 * the certificate being renewed.
 *
 * @param tokenLabel        the token the key is made on
 * @param keyAlgorithm      the new key, as a person reads it (e.g. "EC P-256")
 * @param subject           the subject's attributes in order (short name, value)
 * @param challengePassword the site sends a challenge password (its value is not shown: it is a secret ticket)
 * @param renewal           the certificate being renewed, or null for a new request
 */
public record CsrRequest(String tokenLabel, String keyAlgorithm, List<SubjectLine> subject, boolean challengePassword,
        CertificateView renewal) {

    public CsrRequest {
        Objects.requireNonNull(tokenLabel, "tokenLabel");
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        subject = List.copyOf(subject);
    }

    /** One attribute of the subject: its short name ({@code CN}, {@code SN} …) and value. */
    public record SubjectLine(String type, String value) {}
}
