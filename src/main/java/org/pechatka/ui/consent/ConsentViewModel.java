package org.pechatka.ui.consent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.PersonalAttribute;
import org.pechatka.prompt.ConsentRequest;

/**
 * The personal-data consent on its own (when the picker did not already show exactly these values):
 * the certificate, each requested attribute with the value that will be sent, and those the
 * certificate lacks. The person allows or refuses the whole.
 */
public final class ConsentViewModel {

    /** One requested attribute with the value sent, or null when the certificate lacks it (nothing is sent). */
    public record Line(PersonalAttribute attribute, String value) {}

    private final ConsentRequest request;

    public ConsentViewModel(ConsentRequest request) {
        this.request = Objects.requireNonNull(request, "request");
    }

    public CertificateView certificate() {
        return request.certificate();
    }

    /** The values sent first, in the order asked, then the attributes the certificate lacks. */
    public List<Line> lines() {
        List<Line> out = new ArrayList<>();
        for (Map.Entry<PersonalAttribute, String> e : request.attributes().entrySet()) {
            out.add(new Line(e.getKey(), e.getValue()));
        }
        for (PersonalAttribute a : request.missing()) {
            out.add(new Line(a, null));
        }
        return out;
    }
}
