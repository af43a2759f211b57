package org.pechatka.cert;

import java.util.Arrays;
import java.util.Optional;

/**
 * The personal data a portal may ask for ({@code Attr} in PROTOCOL.md section 2.1), in the order
 * the protocol lists them. How each value is taken from a certificate is described in
 * {@link PersonalData}.
 */
public enum PersonalAttribute {
    /** Surname and given names (first form of "Belarusian/Russian" pairs), else the common name. */
    FULL_NAME("fullName"),
    SURNAME("surname"),
    /** Given name and patronymic, as the certificate writes them. */
    GIVEN_NAME("givenName"),
    /** Belarusian identification number ("идентификационный номер"), without {@code PNOBY-}. */
    PERSONAL_NUMBER("personalNumber"),
    /** Belarusian УНП, without {@code TAXBY-}. */
    UNP("unp"),
    ORGANIZATION("organization"),
    POSITION("position"),
    /** Russian ИНН of a natural person (12 digits). */
    INN("inn"),
    /** Russian ИНН of a legal entity (10 digits). */
    INN_LE("innLe"),
    /** Russian СНИЛС. */
    SNILS("snils"),
    /** Russian ОГРН. */
    OGRN("ogrn"),
    /** Russian ОГРНИП. */
    OGRNIP("ogrnip"),
    EMAIL("email"),
    /** Two-letter country code. */
    COUNTRY("country"),
    LOCALITY("locality");

    private final String protocolName;

    PersonalAttribute(String protocolName) {
        this.protocolName = protocolName;
    }

    /** The name used in the protocol, e.g. {@code personalNumber}. */
    public String protocolName() {
        return protocolName;
    }

    /** Looks an attribute up by its protocol name (exact, case-sensitive). */
    public static Optional<PersonalAttribute> byProtocolName(String name) {
        return Arrays.stream(values()).filter(a -> a.protocolName.equals(name)).findFirst();
    }
}
