package org.pechatka.cert;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * Reads the {@link PersonalAttribute}s from a certificate's subject. All the rules live here.
 *
 * <h2>Where values are looked up</h2>
 * Each attribute type is looked up in the subject DN first (first occurrence in encoding order,
 * multi-valued RDNs included), then in a SubjectDirectoryAttributes extension (2.5.29.9, first
 * value of the first attribute of that type): whether GosSUOK certificates carry the
 * 1.2.112.1.2.1.1.* attributes in the DN or in that extension is not verified
 * ({@code national-crypto.md} §3.1 [UNVERIFIED]), so both are read for every type. Values are
 * decoded by {@link DirectoryStrings}, trimmed, and a blank value counts as absent.
 *
 * <h2>Belarus, STB 34.101.78 (bpki), {@code spec/073Name.tex}</h2>
 * <ul>
 *   <li>serialNumber 2.5.4.5 {@code PNOBY-<id>} → personalNumber, prefix removed (prefix matched
 *       case-insensitively; the number itself is taken as written — the standard's own example
 *       {@code PNOBY-786545091A4PB5} does not follow the passport-number pattern below). Other
 *       prefixes ({@code PASBY-} passport, {@code IDCBY-} ID-card number) are not personal numbers.</li>
 *   <li>organizationIdentifier 2.5.4.97 {@code TAXBY-<unp>} → unp, prefix removed.</li>
 *   <li>surname 2.5.4.4, givenName 2.5.4.42, title 2.5.4.12 → position, O 2.5.4.10 → organization;
 *       name 2.5.4.41 is the full organisation name.</li>
 * </ul>
 *
 * <h2>Belarus, GosSUOK / Avest-era (client code citing STB 34.101.50)</h2>
 * <ul>
 *   <li>1.2.112.1.2.1.1.1.1.2 → unp; 1.2.112.1.2.1.1.1.1.1 ("data from the identity document") →
 *       personalNumber only when it looks like an identification number
 *       {@code [0-9]{7}[A-Z][0-9]{3}[A-Z]{2}[0-9]}; 1.2.112.1.2.1.1.5.1 ("place of work and
 *       position") → position.</li>
 *   <li>Older tax CA (MNS / РУП ИИЦ): 1.3.6.1.4.1.12656.106.101 → unp, 1.3.6.1.4.1.12656.5.1 → position.</li>
 *   <li>2.5.4.41 holds given name + patronymic ("И.О.") next to a surname.</li>
 * </ul>
 * Precedence when schemes overlap: unp = TAXBY- organizationIdentifier, else 1.2.112…1.1.2, else
 * the MNS OID; position = title, else 1.2.112…5.1, else the MNS OID; personalNumber = PNOBY-
 * serialNumber, else 1.2.112…1.1.1 (when it has the pattern).
 *
 * <p>The 2.5.4.41 conflict: givenName = 2.5.4.42 if present, else 2.5.4.41 if a surname is
 * present; organization = O, else 2.5.4.41 unless 2.5.4.41 was taken as the given names.
 *
 * <h2>Russia, RFC 9215 / FSB order No. 795</h2>
 * INN 1.2.643.3.131.1.1 → inn, INNLE 1.2.643.100.4 → innLe, OGRN 1.2.643.100.1 → ogrn, SNILS
 * 1.2.643.100.3 → snils, OGRNIP 1.2.643.100.5 → ogrnip; SN, G (given name + patronymic), T, O, L,
 * C, E as X.520. Before the 2021 amendment, a legal entity's 10-digit INN was written into the INN
 * attribute padded to 12 digits with {@code 00} (no natural person's INN starts with 00, the first
 * two digits being a region code): such a value is not reported as inn but as innLe when the
 * certificate has no INNLE. Values are otherwise reported as written, not checked for length.
 *
 * <h2>Common to all</h2>
 * <ul>
 *   <li>email: PKCS#9 emailAddress in the DN, else the first rfc822Name of subjectAltName.</li>
 *   <li>country: C 2.5.4.6; locality: L 2.5.4.7.</li>
 *   <li>fullName: surname + " " + given names when both are present, each reduced to its first
 *       form when it carries "Belarusian/Russian" forms separated by "/" (bpki: surname
 *       {@code ЛАБАДЗЕНКА/ЛОБОДЕНКО}, given names {@code АЛЕСЬ ЯЎГЕНАВІЧ/АЛЕСЬ ЕВГЕНЬЕВИЧ} →
 *       {@code ЛАБАДЗЕНКА АЛЕСЬ ЯЎГЕНАВІЧ}); surname and givenName keep the raw values. Without
 *       given names: the common name, else the surname (first form) alone.</li>
 * </ul>
 *
 * <p>Nothing here logs; values are personal data.
 */
public final class PersonalData {

    /** bpki serialNumber prefix of the personal (identification) number. */
    public static final String PERSONAL_NUMBER_PREFIX = "PNOBY-";
    /** bpki organizationIdentifier prefix of the УНП. */
    public static final String UNP_PREFIX = "TAXBY-";

    /** The Belarusian identification number: 7 digits, letter, 3 digits, 2 letters, check digit. */
    static final Pattern IDENTIFICATION_NUMBER = Pattern.compile("[0-9]{7}[A-Z][0-9]{3}[A-Z]{2}[0-9]");
    /** Pre-2021 Russian legal-entity INN in the 12-digit INN attribute. */
    private static final Pattern LEGACY_LEGAL_ENTITY_INN = Pattern.compile("00([0-9]{10})");

    private static final ASN1ObjectIdentifier SUBJECT_DIRECTORY_ATTRIBUTES = Extension.subjectDirectoryAttributes;

    private PersonalData() {}

    /**
     * The personal attributes of a subject, ordered by {@link PersonalAttribute} order, unmodifiable;
     * an attribute the certificate lacks is absent.
     *
     * @param subject    the subject DN
     * @param extensions the certificate's extensions (subjectAltName, SubjectDirectoryAttributes), or null
     */
    public static Map<PersonalAttribute, String> extract(X500Name subject, Extensions extensions) {
        Lookup in = new Lookup(subject, extensions);
        EnumMap<PersonalAttribute, String> out = new EnumMap<>(PersonalAttribute.class);

        String surname = in.get(NameOids.SURNAME);
        String given = in.get(NameOids.GIVEN_NAME);
        String name41 = in.get(NameOids.NAME);
        boolean name41IsGivenNames = given == null && surname != null && name41 != null;
        if (name41IsGivenNames) {
            given = name41;
        }
        String organization = in.get(NameOids.ORGANIZATION);
        if (organization == null && !name41IsGivenNames) {
            organization = name41;
        }

        put(out, PersonalAttribute.FULL_NAME, fullName(surname, given, in.get(NameOids.COMMON_NAME)));
        put(out, PersonalAttribute.SURNAME, surname);
        put(out, PersonalAttribute.GIVEN_NAME, given);
        put(out, PersonalAttribute.PERSONAL_NUMBER, personalNumber(in));
        put(out, PersonalAttribute.UNP, firstNonNull(
                withoutPrefix(in.get(NameOids.ORGANIZATION_IDENTIFIER), UNP_PREFIX),
                in.get(NameOids.BY_UNP),
                in.get(NameOids.BY_MNS_UNP)));
        put(out, PersonalAttribute.ORGANIZATION, organization);
        put(out, PersonalAttribute.POSITION, firstNonNull(
                in.get(NameOids.TITLE), in.get(NameOids.BY_POSITION), in.get(NameOids.BY_MNS_POSITION)));

        String inn = in.get(NameOids.RU_INN);
        String innLe = in.get(NameOids.RU_INNLE);
        if (inn != null) {
            var legacy = LEGACY_LEGAL_ENTITY_INN.matcher(inn);
            if (legacy.matches()) {
                inn = null;
                if (innLe == null) {
                    innLe = legacy.group(1);
                }
            }
        }
        put(out, PersonalAttribute.INN, inn);
        put(out, PersonalAttribute.INN_LE, innLe);
        put(out, PersonalAttribute.SNILS, in.get(NameOids.RU_SNILS));
        put(out, PersonalAttribute.OGRN, in.get(NameOids.RU_OGRN));
        put(out, PersonalAttribute.OGRNIP, in.get(NameOids.RU_OGRNIP));

        String email = in.get(NameOids.EMAIL);
        put(out, PersonalAttribute.EMAIL, email != null ? email : firstRfc822Name(extensions));
        put(out, PersonalAttribute.COUNTRY, in.get(NameOids.COUNTRY));
        put(out, PersonalAttribute.LOCALITY, in.get(NameOids.LOCALITY));

        // EnumMap iterates in enum order; the copy keeps it
        return Collections.unmodifiableMap(new LinkedHashMap<>(out));
    }

    /**
     * The first of "Belarusian/Russian" forms separated by "/", trimmed (the whole value when it has
     * no "/"; the first non-blank form when the first is blank).
     */
    public static String firstForm(String value) {
        if (value == null) {
            return null;
        }
        for (String form : value.split("/")) {
            String f = DistinguishedNames.clean(form);
            if (f != null) {
                return f;
            }
        }
        return DistinguishedNames.clean(value);
    }

    private static String fullName(String surname, String given, String commonName) {
        if (surname != null && given != null) {
            String s = firstForm(surname);
            String g = firstForm(given);
            if (s != null && g != null) {
                return s + " " + g;
            }
        }
        if (commonName != null) {
            return commonName;
        }
        return surname == null ? null : firstForm(surname);
    }

    private static String personalNumber(Lookup in) {
        String bpki = withoutPrefix(in.get(NameOids.SERIAL_NUMBER), PERSONAL_NUMBER_PREFIX);
        if (bpki != null) {
            return bpki;
        }
        String document = in.get(NameOids.BY_ID_DOCUMENT);
        return document != null && IDENTIFICATION_NUMBER.matcher(document).matches() ? document : null;
    }

    private static String withoutPrefix(String value, String prefix) {
        if (value == null || !value.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return null;
        }
        return DistinguishedNames.clean(value.substring(prefix.length()));
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static void put(Map<PersonalAttribute, String> out, PersonalAttribute attribute, String value) {
        if (value != null) {
            out.put(attribute, value);
        }
    }

    private static String firstRfc822Name(Extensions extensions) {
        if (extensions == null) {
            return null;
        }
        try {
            GeneralNames names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
            if (names == null) {
                return null;
            }
            for (GeneralName name : names.getNames()) {
                if (name.getTagNo() == GeneralName.rfc822Name) {
                    String email = DistinguishedNames.clean(DirectoryStrings.decode(name.getName()));
                    if (email != null) {
                        return email;
                    }
                }
            }
        } catch (IllegalArgumentException | IllegalStateException malformed) {
            // a malformed subjectAltName yields no e-mail; it is not this class's job to reject it
        }
        return null;
    }

    /** DN first, then SubjectDirectoryAttributes. */
    private static final class Lookup {
        private final X500Name subject;
        private final Map<ASN1ObjectIdentifier, String> directory;

        Lookup(X500Name subject, Extensions extensions) {
            this.subject = subject;
            this.directory = directoryAttributes(extensions);
        }

        String get(ASN1ObjectIdentifier type) {
            Optional<String> inDn = DistinguishedNames.firstValue(subject, type);
            return inDn.orElseGet(() -> directory.get(type));
        }

        /**
         * SubjectDirectoryAttributes ::= SEQUENCE SIZE (1..MAX) OF Attribute (RFC 5280 4.2.1.8);
         * Attribute ::= SEQUENCE { type OID, values SET OF ANY }.
         */
        private static Map<ASN1ObjectIdentifier, String> directoryAttributes(Extensions extensions) {
            Map<ASN1ObjectIdentifier, String> out = new HashMap<>();
            if (extensions == null) {
                return out;
            }
            Extension ext = extensions.getExtension(SUBJECT_DIRECTORY_ATTRIBUTES);
            if (ext == null) {
                return out;
            }
            try {
                ASN1Sequence attributes = ASN1Sequence.getInstance(ext.getParsedValue());
                for (ASN1Encodable a : attributes) {
                    ASN1Sequence attribute = ASN1Sequence.getInstance(a);
                    ASN1ObjectIdentifier type = ASN1ObjectIdentifier.getInstance(attribute.getObjectAt(0));
                    ASN1Set values = ASN1Set.getInstance(attribute.getObjectAt(1));
                    if (out.containsKey(type) || values.size() == 0) {
                        continue;
                    }
                    String text = DistinguishedNames.clean(DirectoryStrings.decode(values.getObjectAt(0)));
                    if (text != null) {
                        out.put(type, text);
                    }
                }
            } catch (IllegalArgumentException | IllegalStateException | ArrayIndexOutOfBoundsException malformed) {
                // a malformed extension contributes nothing beyond what was read before the fault
            }
            return out;
        }
    }
}
