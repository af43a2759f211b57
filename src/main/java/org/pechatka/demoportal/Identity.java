package org.pechatka.demoportal;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.PersonalAttribute;

/**
 * Who logged in, read from the verified certificate only (never from the attributes a page sent).
 * Holds personal data: {@link #toString()} shows the certId only.
 *
 * @param name           full name, else the certificate's display name
 * @param personalNumber Belarusian identification number, or null
 * @param unp            Belarusian УНП, or null
 * @param organization   organisation, or null
 * @param position       position, or null
 * @param inn            Russian ИНН, or null
 * @param snils          Russian СНИЛС, or null
 * @param email          e-mail from the certificate, or null
 * @param country        two-letter country, or null
 * @param certId         lowercase hex SHA-256 of the certificate (what {@code sign.cms} takes)
 * @param serialNumber   the certificate's serial number (hex)
 * @param issuer         the issuing CA's name
 * @param notAfter       the end of the certificate's validity
 * @param keyAlgorithm   the key's protocol name ({@code EC-P256}, {@code RSA-2048} …), or null
 */
public record Identity(String name, String personalNumber, String unp, String organization, String position,
        String inn, String snils, String email, String country, String certId, String serialNumber, String issuer,
        Instant notAfter, String keyAlgorithm) {

    /** Reads the identity from a certificate. */
    public static Identity of(X509Certificate certificate) throws CertificateException {
        CertificateView v = CertificateView.of(certificate);
        return new Identity(
                v.fullName() != null ? v.fullName() : v.displayName(),
                v.attribute(PersonalAttribute.PERSONAL_NUMBER).orElse(null),
                v.attribute(PersonalAttribute.UNP).orElse(null),
                v.organization(),
                v.position(),
                v.attribute(PersonalAttribute.INN).orElse(null),
                v.attribute(PersonalAttribute.SNILS).orElse(null),
                v.attribute(PersonalAttribute.EMAIL).orElse(null),
                v.attribute(PersonalAttribute.COUNTRY).orElse(null),
                v.certId(),
                v.serialNumber(),
                v.issuerName(),
                v.notAfter(),
                v.key() == null ? null : v.key().protocolName());
    }

    @Override
    public String toString() {
        return "Identity[certId=" + certId + "]";
    }
}
