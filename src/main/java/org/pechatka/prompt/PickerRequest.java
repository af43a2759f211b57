package org.pechatka.prompt;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.pechatka.cert.PersonalAttribute;

/**
 * The certificate picker: the site asks for a certificate to log in with or to sign with, and
 * perhaps for personal data from it. When {@link #attributes()} is not empty the picker is also the
 * consent: it shows the values the selected certificate would give (see {@link ConsentRequest#of})
 * and its default button allows them together with the choice (PROTOCOL.md §3: one window).
 *
 * @param purpose    {@code AUTH} or {@code SIGN}
 * @param reason     the page's own explanation (plain text from the site, at most 256 characters), or null
 * @param candidates the certificates to offer, kept current as tokens come and go
 * @param attributes the personal data the site asks for, in the order asked; empty when none
 */
public record PickerRequest(Purpose purpose, String reason, Candidates candidates,
        List<PersonalAttribute> attributes) {

    public PickerRequest {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(candidates, "candidates");
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
    }

    /** A picker that asks for no personal data. */
    public PickerRequest(Purpose purpose, String reason, Candidates candidates) {
        this(purpose, reason, candidates, List.of());
    }

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
