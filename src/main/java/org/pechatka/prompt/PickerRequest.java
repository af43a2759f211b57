package org.pechatka.prompt;

import java.util.List;
import java.util.function.Consumer;

/**
 * The certificate picker: the site asks for a certificate to log in with or to sign with.
 *
 * @param purpose    {@code AUTH} or {@code SIGN}
 * @param reason     the page's own explanation (plain text from the site, at most 256 characters), or null
 * @param candidates the certificates to offer, kept current as tokens come and go
 */
public record PickerRequest(Purpose purpose, String reason, Candidates candidates) {

    /** What the certificate is for. */
    public enum Purpose {
        AUTH,
        SIGN
    }

    /** The certificates on the tokens present now, and a way to hear when that changes. */
    public interface Candidates {
        List<CertificateChoice> current();

        /** Calls {@code onChange} when a token is inserted or removed; returns a way to stop. */
        Runnable subscribe(Consumer<List<CertificateChoice>> onChange);
    }
}
