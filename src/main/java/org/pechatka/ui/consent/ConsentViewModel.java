package org.pechatka.ui.consent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.PersonalAttribute;
import org.pechatka.prompt.ConsentRequest;
import org.pechatka.ui.frame.AttributeLine;

/**
 * The personal-data consent on its own (when the picker did not already show exactly these values):
 * the certificate, each requested attribute with the value that will be sent, and those the
 * certificate lacks. The person allows or refuses the whole.
 */
public final class ConsentViewModel {

    private final ConsentRequest request;

    public ConsentViewModel(ConsentRequest request) {
        this.request = Objects.requireNonNull(request, "request");
    }

    public CertificateView certificate() {
        return request.certificate();
    }

    /** The values sent first, in the order asked, then the attributes the certificate lacks. */
    public List<AttributeLine> lines() {
        List<AttributeLine> out = new ArrayList<>();
        for (Map.Entry<PersonalAttribute, String> e : request.attributes().entrySet()) {
            out.add(new AttributeLine(e.getKey(), e.getValue()));
        }
        for (PersonalAttribute a : request.missing()) {
            out.add(new AttributeLine(a, null));
        }
        return out;
    }
}
