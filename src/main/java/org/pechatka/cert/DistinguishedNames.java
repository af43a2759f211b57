package org.pechatka.cert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERNumericString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * X.500 names: a builder that encodes each attribute with the ASN.1 string type the Belarusian and
 * Russian schemes prescribe, and an RFC 4514-style formatter that keeps Unicode as text.
 *
 * <p>String types written by {@link Builder#add(ASN1ObjectIdentifier, String)}:
 * <ul>
 *   <li>PrintableString: countryName (C), serialNumber (2.5.4.5) — X.520, STB 34.101.78;</li>
 *   <li>IA5String: emailAddress (E), domainComponent (DC) — PKCS#9, RFC 4519;</li>
 *   <li>NumericString: the Russian INN, INNLE, OGRN, SNILS, OGRNIP — RFC 9215;</li>
 *   <li>UTF8String: everything else, among them CN, SN, G, T, O, OU, L, ST, STREET, name
 *       (2.5.4.41), organizationIdentifier (2.5.4.97) and the Belarusian 1.2.112.1.2.1.1.* — STB
 *       34.101.78 and RFC 5280's "UTF8String for new certificates".</li>
 * </ul>
 */
public final class DistinguishedNames {

    /** Short names used in formatted names, in the conventions of Windows, CryptoPro and OpenSSL. */
    private static final Map<ASN1ObjectIdentifier, String> SHORT_NAMES = new LinkedHashMap<>();
    /** Accepted type names (upper case) → OID. */
    private static final Map<String, ASN1ObjectIdentifier> BY_NAME = new LinkedHashMap<>();

    static {
        name(NameOids.COMMON_NAME, "CN");
        name(NameOids.SURNAME, "SN", "SURNAME");
        name(NameOids.GIVEN_NAME, "G", "GN", "GIVENNAME");
        name(NameOids.TITLE, "T", "TITLE");
        name(NameOids.ORGANIZATION, "O");
        name(NameOids.ORGANIZATIONAL_UNIT, "OU");
        name(NameOids.LOCALITY, "L");
        name(NameOids.STATE, "ST", "S");
        name(NameOids.STREET, "STREET");
        name(NameOids.COUNTRY, "C");
        name(NameOids.SERIAL_NUMBER, "SERIALNUMBER");
        name(NameOids.EMAIL, "E", "EMAILADDRESS", "EMAIL");
        name(NameOids.DOMAIN_COMPONENT, "DC");
        name(NameOids.USER_ID, "UID");
        name(NameOids.NAME, "NAME");
        name(NameOids.ORGANIZATION_IDENTIFIER, "organizationIdentifier");
        name(NameOids.RU_INN, "INN");
        name(NameOids.RU_INNLE, "INNLE");
        name(NameOids.RU_OGRN, "OGRN");
        name(NameOids.RU_SNILS, "SNILS");
        name(NameOids.RU_OGRNIP, "OGRNIP");
    }

    private static final Set<ASN1ObjectIdentifier> PRINTABLE = Set.of(NameOids.COUNTRY, NameOids.SERIAL_NUMBER);
    private static final Set<ASN1ObjectIdentifier> IA5 = Set.of(NameOids.EMAIL, NameOids.DOMAIN_COMPONENT);
    private static final Set<ASN1ObjectIdentifier> NUMERIC = Set.of(
            NameOids.RU_INN, NameOids.RU_INNLE, NameOids.RU_OGRN, NameOids.RU_SNILS, NameOids.RU_OGRNIP);

    private DistinguishedNames() {}

    private static void name(ASN1ObjectIdentifier oid, String shortName, String... aliases) {
        SHORT_NAMES.put(oid, shortName);
        BY_NAME.put(shortName.toUpperCase(Locale.ROOT), oid);
        for (String alias : aliases) {
            BY_NAME.put(alias.toUpperCase(Locale.ROOT), oid);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The attribute type for a name as users and the protocol write it: a short name
     * (case-insensitive: {@code CN}, {@code SN}/{@code SURNAME}, {@code G}/{@code GN}/{@code GIVENNAME},
     * {@code T}, {@code O}, {@code OU}, {@code L}, {@code ST}/{@code S}, {@code STREET}, {@code C},
     * {@code SERIALNUMBER}, {@code E}/{@code EMAILADDRESS}, {@code DC}, {@code UID}, {@code NAME},
     * {@code ORGANIZATIONIDENTIFIER}, {@code INN}, {@code INNLE}, {@code OGRN}, {@code SNILS},
     * {@code OGRNIP}) or a dotted OID (optionally prefixed {@code OID.}).
     */
    public static Optional<ASN1ObjectIdentifier> typeByName(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String n = name.strip();
        ASN1ObjectIdentifier known = BY_NAME.get(n.toUpperCase(Locale.ROOT));
        if (known != null) {
            return Optional.of(known);
        }
        if (n.regionMatches(true, 0, "OID.", 0, 4)) {
            n = n.substring(4);
        }
        return ASN1ObjectIdentifier.tryFromID(n) == null ? Optional.empty() : Optional.of(new ASN1ObjectIdentifier(n));
    }

    /** The short name of an attribute type ({@code CN}, {@code SN}, {@code INN} …), else its dotted OID. */
    public static String shortName(ASN1ObjectIdentifier type) {
        return SHORT_NAMES.getOrDefault(type, type.getId());
    }

    /**
     * A value encoded with the string type the schemes prescribe for this attribute type (see the
     * class comment). Throws {@link IllegalArgumentException} on an empty value or on characters
     * the type cannot hold (PrintableString, IA5String, NumericString).
     */
    public static ASN1Encodable encodeValue(ASN1ObjectIdentifier type, String value) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException(shortName(type) + " must not be empty");
        }
        if (PRINTABLE.contains(type)) {
            return new DERPrintableString(value, true);
        }
        if (IA5.contains(type)) {
            return new DERIA5String(value, true);
        }
        if (NUMERIC.contains(type)) {
            return new DERNumericString(value, true);
        }
        return new DERUTF8String(value);
    }

    /**
     * RFC 4514-style text: RDNs in reverse order of the encoding (last RDN first, so
     * {@code CN=…, O=…, C=BY} for the usual C-first encoding), separated by {@code ", "};
     * multi-valued RDNs joined with {@code "+"} in encoded order; types by {@link #shortName}; string
     * values decoded by {@link DirectoryStrings} and kept as Unicode text, with only the RFC 4514
     * special characters escaped by a backslash ({@code , + " \ < > ;}, a leading {@code #} or space,
     * a trailing space) and control characters as {@code \hh}; values that are not character strings
     * as {@code #} and the hex of their DER encoding.
     */
    public static String format(X500Name name) {
        RDN[] rdns = name.getRDNs();
        StringBuilder sb = new StringBuilder();
        for (int i = rdns.length - 1; i >= 0; i--) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            AttributeTypeAndValue[] atvs = rdns[i].getTypesAndValues();
            for (int j = 0; j < atvs.length; j++) {
                if (j > 0) {
                    sb.append('+');
                }
                sb.append(shortName(atvs[j].getType())).append('=');
                appendValue(sb, atvs[j].getValue());
            }
        }
        return sb.toString();
    }

    /**
     * The first value of an attribute type in a name, in encoding order and looking inside
     * multi-valued RDNs, decoded by {@link DirectoryStrings} and trimmed; empty when the type is
     * absent, not a character string, or blank.
     */
    public static Optional<String> firstValue(X500Name name, ASN1ObjectIdentifier type) {
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(type)) {
                    String text = clean(DirectoryStrings.decode(atv.getValue()));
                    if (text != null) {
                        return Optional.of(text);
                    }
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** Trims Unicode white space (including no-break space); null for null or blank. */
    static String clean(String text) {
        if (text == null) {
            return null;
        }
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return start == end ? null : text.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** {@link #format(X500Name)} of a JDK principal (its encoding, string types kept). */
    public static String format(X500Principal principal) {
        return format(X500Name.getInstance(principal.getEncoded()));
    }

    private static void appendValue(StringBuilder sb, ASN1Encodable value) {
        String text = DirectoryStrings.decode(value);
        if (text == null) {
            try {
                sb.append('#').append(HexFormat.of().formatHex(value.toASN1Primitive().getEncoded(ASN1Encoding.DER)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        escape(sb, text);
    }

    static void escape(StringBuilder sb, String text) {
        int last = text.length() - 1;
        for (int i = 0; i <= last; i++) {
            char c = text.charAt(i);
            switch (c) {
                case ',', '+', '"', '\\', '<', '>', ';' -> sb.append('\\').append(c);
                case ' ' -> sb.append(i == 0 || i == last ? "\\ " : " ");
                case '#' -> sb.append(i == 0 ? "\\#" : "#");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        sb.append('\\').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }

    /**
     * Builds an {@link X500Name} attribute by attribute, in the order added (the first added is the
     * first RDN of the encoding; bpki prescribes CN, SN, name, G, serialNumber, C … in that order).
     * Each call adds one single-valued RDN.
     */
    public static final class Builder {
        private final List<RDN> rdns = new ArrayList<>();

        private Builder() {}

        /** Adds an attribute with the string type the schemes prescribe (see {@link DistinguishedNames}). */
        public Builder add(ASN1ObjectIdentifier type, String value) {
            return add(type, encodeValue(type, value));
        }

        /** Adds an attribute with the value exactly as given (any ASN.1 type; for tests and odd cases). */
        public Builder add(ASN1ObjectIdentifier type, ASN1Encodable value) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
            rdns.add(new RDN(type, value));
            return this;
        }

        /**
         * Adds an attribute by a type name or dotted OID ({@link DistinguishedNames#typeByName}).
         *
         * @throws IllegalArgumentException when the type is unknown or the value does not fit it
         */
        public Builder add(String type, String value) {
            ASN1ObjectIdentifier oid = typeByName(type)
                    .orElseThrow(() -> new IllegalArgumentException("unknown attribute type " + type));
            return add(oid, value);
        }

        /**
         * Adds one multi-valued RDN, e.g. {@code CN=…+SERIALNUMBER=…}, with the prescribed string
         * types. The RDN is a DER SET, so its encoding sorts the values whatever the map's order.
         */
        public Builder addMultiValued(Map<ASN1ObjectIdentifier, String> values) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a multi-valued RDN needs at least one value");
            }
            AttributeTypeAndValue[] atvs = values.entrySet().stream()
                    .map(e -> new AttributeTypeAndValue(e.getKey(), encodeValue(e.getKey(), e.getValue())))
                    .toArray(AttributeTypeAndValue[]::new);
            rdns.add(new RDN(atvs));
            return this;
        }

        public Builder commonName(String value) {
            return add(NameOids.COMMON_NAME, value);
        }

        public Builder surname(String value) {
            return add(NameOids.SURNAME, value);
        }

        public Builder givenName(String value) {
            return add(NameOids.GIVEN_NAME, value);
        }

        /** 2.5.4.41 name: the full organisation name (bpki) or given names (GosSUOK). */
        public Builder name(String value) {
            return add(NameOids.NAME, value);
        }

        public Builder title(String value) {
            return add(NameOids.TITLE, value);
        }

        public Builder organization(String value) {
            return add(NameOids.ORGANIZATION, value);
        }

        public Builder organizationalUnit(String value) {
            return add(NameOids.ORGANIZATIONAL_UNIT, value);
        }

        public Builder locality(String value) {
            return add(NameOids.LOCALITY, value);
        }

        public Builder state(String value) {
            return add(NameOids.STATE, value);
        }

        public Builder street(String value) {
            return add(NameOids.STREET, value);
        }

        public Builder country(String value) {
            return add(NameOids.COUNTRY, value);
        }

        /** 2.5.4.5 serialNumber, e.g. {@code PNOBY-3120690A001PB5}. */
        public Builder serialNumber(String value) {
            return add(NameOids.SERIAL_NUMBER, value);
        }

        /** 2.5.4.97 organizationIdentifier, e.g. {@code TAXBY-190000001}. */
        public Builder organizationIdentifier(String value) {
            return add(NameOids.ORGANIZATION_IDENTIFIER, value);
        }

        public Builder email(String value) {
            return add(NameOids.EMAIL, value);
        }

        public Builder domainComponent(String value) {
            return add(NameOids.DOMAIN_COMPONENT, value);
        }

        public Builder inn(String value) {
            return add(NameOids.RU_INN, value);
        }

        public Builder innLe(String value) {
            return add(NameOids.RU_INNLE, value);
        }

        public Builder ogrn(String value) {
            return add(NameOids.RU_OGRN, value);
        }

        public Builder snils(String value) {
            return add(NameOids.RU_SNILS, value);
        }

        public Builder ogrnip(String value) {
            return add(NameOids.RU_OGRNIP, value);
        }

        public X500Name build() {
            return new X500Name(rdns.toArray(RDN[]::new));
        }
    }
}
