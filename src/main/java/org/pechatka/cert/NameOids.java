package org.pechatka.cert;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * OIDs of the subject name attributes Pechatka reads and writes: X.520 / PKCS#9, the Belarusian
 * schemes (STB 34.101.78 "bpki", GosSUOK / Avest-era, the older tax-CA attributes) and the Russian
 * qualified-certificate attributes (RFC 9215, FSB order No. 795). See
 * {@code national-crypto.md} section 3.
 *
 * <p>Bouncy Castle's {@code BCStyle.SN} is serialNumber (2.5.4.5), not surname; use these names.
 */
public final class NameOids {

    // ---- X.520 / PKCS#9 ------------------------------------------------------------------------

    /** commonName (CN). */
    public static final ASN1ObjectIdentifier COMMON_NAME = new ASN1ObjectIdentifier("2.5.4.3");
    /** surname (SN). */
    public static final ASN1ObjectIdentifier SURNAME = new ASN1ObjectIdentifier("2.5.4.4");
    /** serialNumber; in bpki the identification number with a prefix ({@code PNOBY-}, {@code PASBY-} …). */
    public static final ASN1ObjectIdentifier SERIAL_NUMBER = new ASN1ObjectIdentifier("2.5.4.5");
    /** countryName (C). */
    public static final ASN1ObjectIdentifier COUNTRY = new ASN1ObjectIdentifier("2.5.4.6");
    /** localityName (L). */
    public static final ASN1ObjectIdentifier LOCALITY = new ASN1ObjectIdentifier("2.5.4.7");
    /** stateOrProvinceName (ST). */
    public static final ASN1ObjectIdentifier STATE = new ASN1ObjectIdentifier("2.5.4.8");
    /** streetAddress (STREET). */
    public static final ASN1ObjectIdentifier STREET = new ASN1ObjectIdentifier("2.5.4.9");
    /** organizationName (O). */
    public static final ASN1ObjectIdentifier ORGANIZATION = new ASN1ObjectIdentifier("2.5.4.10");
    /** organizationalUnitName (OU). */
    public static final ASN1ObjectIdentifier ORGANIZATIONAL_UNIT = new ASN1ObjectIdentifier("2.5.4.11");
    /** title (T): the position. */
    public static final ASN1ObjectIdentifier TITLE = new ASN1ObjectIdentifier("2.5.4.12");
    /**
     * name: in bpki the full organisation name; in GosSUOK certificates the given name and
     * patronymic ("И.О.").
     */
    public static final ASN1ObjectIdentifier NAME = new ASN1ObjectIdentifier("2.5.4.41");
    /** givenName (G): given name (and patronymic). */
    public static final ASN1ObjectIdentifier GIVEN_NAME = new ASN1ObjectIdentifier("2.5.4.42");
    /** organizationIdentifier; in bpki the УНП as {@code TAXBY-<unp>}. */
    public static final ASN1ObjectIdentifier ORGANIZATION_IDENTIFIER = new ASN1ObjectIdentifier("2.5.4.97");
    /** PKCS#9 emailAddress (E). */
    public static final ASN1ObjectIdentifier EMAIL = new ASN1ObjectIdentifier("1.2.840.113549.1.9.1");
    /** domainComponent (DC). */
    public static final ASN1ObjectIdentifier DOMAIN_COMPONENT = new ASN1ObjectIdentifier("0.9.2342.19200300.100.1.25");
    /** userId (UID). */
    public static final ASN1ObjectIdentifier USER_ID = new ASN1ObjectIdentifier("0.9.2342.19200300.100.1.1");

    // ---- Belarus: GosSUOK / Avest-era (client code comments citing STB 34.101.50) ---------------

    /** "Data from the identity document" (natural person): usually the identification number. */
    public static final ASN1ObjectIdentifier BY_ID_DOCUMENT = new ASN1ObjectIdentifier("1.2.112.1.2.1.1.1.1.1");
    /** УНП (legal entity). */
    public static final ASN1ObjectIdentifier BY_UNP = new ASN1ObjectIdentifier("1.2.112.1.2.1.1.1.1.2");
    /** "Place of work and position". */
    public static final ASN1ObjectIdentifier BY_POSITION = new ASN1ObjectIdentifier("1.2.112.1.2.1.1.5.1");
    /** Department (optional). */
    public static final ASN1ObjectIdentifier BY_DEPARTMENT = new ASN1ObjectIdentifier("1.2.112.1.2.1.1.5.2");
    /** УНП in certificates of the older tax CA (MNS / РУП ИИЦ). */
    public static final ASN1ObjectIdentifier BY_MNS_UNP = new ASN1ObjectIdentifier("1.3.6.1.4.1.12656.106.101");
    /** Position in certificates of the older tax CA (MNS). */
    public static final ASN1ObjectIdentifier BY_MNS_POSITION = new ASN1ObjectIdentifier("1.3.6.1.4.1.12656.5.1");

    // ---- Russia: RFC 9215 / FSB order No. 795 ---------------------------------------------------

    /** ИНН of a natural person or individual entrepreneur, NumericString(12). */
    public static final ASN1ObjectIdentifier RU_INN = new ASN1ObjectIdentifier("1.2.643.3.131.1.1");
    /** ОГРН, NumericString(13). */
    public static final ASN1ObjectIdentifier RU_OGRN = new ASN1ObjectIdentifier("1.2.643.100.1");
    /** СНИЛС, NumericString(11). */
    public static final ASN1ObjectIdentifier RU_SNILS = new ASN1ObjectIdentifier("1.2.643.100.3");
    /** ИНН of a legal entity, NumericString(10). */
    public static final ASN1ObjectIdentifier RU_INNLE = new ASN1ObjectIdentifier("1.2.643.100.4");
    /** ОГРНИП, NumericString(15). */
    public static final ASN1ObjectIdentifier RU_OGRNIP = new ASN1ObjectIdentifier("1.2.643.100.5");

    private NameOids() {}
}
