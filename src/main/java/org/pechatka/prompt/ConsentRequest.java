package org.pechatka.prompt;

import java.util.Map;
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
        java.util.List<PersonalAttribute> missing) {}
