package org.pechatka.prompt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.PersonalAttribute;

/**
 * Asks the person to let the site have personal data from a certificate. The dialog lists each
 * requested attribute with its value and says plainly that the certificate itself, with all its
 * fields, goes to the site; the person allows or refuses the whole.
 *
 * @param certificate the chosen certificate
 * @param attributes  the requested attributes the certificate has, with their values, in order
 * @param missing     requested attributes the certificate does not have
 */
public record ConsentRequest(CertificateView certificate, Map<PersonalAttribute, String> attributes,
        List<PersonalAttribute> missing) {

    public ConsentRequest {
        Objects.requireNonNull(certificate, "certificate");
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        missing = List.copyOf(missing);
    }

    /**
     * What a site asking for {@code requested} gets from {@code certificate}: the one place that
     * computes it, so the picker shows exactly the values the protocol then sends.
     */
    public static ConsentRequest of(CertificateView certificate, List<PersonalAttribute> requested) {
        Map<PersonalAttribute, String> values = new LinkedHashMap<>();
        List<PersonalAttribute> missing = new ArrayList<>();
        for (PersonalAttribute a : requested) {
            certificate.attribute(a).ifPresentOrElse(v -> values.put(a, v), () -> missing.add(a));
        }
        return new ConsentRequest(certificate, values, missing);
    }

    /**
     * Whether this asks for exactly what {@code other} showed: the same certificate, the same values
     * in the same order and the same missing attributes.
     */
    public boolean sameAs(ConsentRequest other) {
        return other != null && certificate.certId().equals(other.certificate.certId())
                && List.copyOf(attributes.entrySet()).equals(List.copyOf(other.attributes.entrySet()))
                && missing.equals(other.missing);
    }
}
