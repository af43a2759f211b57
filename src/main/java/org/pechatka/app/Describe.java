package org.pechatka.app;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.PersonalAttribute;
import org.pechatka.token.KeyStatus;
import org.pechatka.token.PinStatus;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenInfo;
import org.pechatka.token.TokenKind;

/** How the command line shows tokens and certificates to a person. */
final class Describe {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx")
            .withZone(ZoneId.systemDefault());

    private Describe() {}

    /** A moment with seconds and the offset, in the computer's time zone. */
    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** A personal attribute as a person reads its name. */
    static String label(PersonalAttribute a) {
        return switch (a) {
            case FULL_NAME -> "name";
            case SURNAME -> "surname";
            case GIVEN_NAME -> "given names";
            case PERSONAL_NUMBER -> "personal number";
            case UNP -> "UNP";
            case ORGANIZATION -> "organisation";
            case POSITION -> "position";
            case INN -> "INN";
            case INN_LE -> "INN of the organisation";
            case SNILS -> "SNILS";
            case OGRN -> "OGRN";
            case OGRNIP -> "OGRNIP";
            case EMAIL -> "e-mail";
            case COUNTRY -> "country";
            case LOCALITY -> "locality";
        };
    }

    static void token(PrintWriter out, TokenInfo t, String indent) {
        out.printf("%s%s  [%s]%n", indent, t.label().isEmpty() ? "(no label)" : "\"" + t.label() + "\"", t.tokenId());
        if (t.kind() == TokenKind.PKCS11) {
            out.printf("%s  %s / %s, serial %s%n", indent, t.manufacturer(), t.model(), t.serialNumber());
            out.printf("%s  module: %s%n", indent, t.source());
        } else {
            out.printf("%s  PKCS#12 key file: %s%n", indent, t.source());
        }
        out.printf("%s  login: %s%n", indent, login(t));
        out.printf("%s  PIN: %s%n", indent, pin(t.pin()));
    }

    static String login(TokenInfo t) {
        if (!t.loginRequired()) {
            return "no PIN needed";
        }
        if (t.kind() == TokenKind.KEY_FILE) {
            return "the file's password";
        }
        return t.protectedAuthPath() ? "PIN entered on the reader's PIN pad" : "PIN entered on this computer";
    }

    static String pin(PinStatus p) {
        if (p.locked()) {
            return "LOCKED — no login is possible; unblock it with the PUK or ask the token's issuer";
        }
        List<String> parts = new ArrayList<>();
        if (p.finalTry()) {
            parts.add("FINAL TRY: one more wrong PIN locks the token");
        } else if (p.countLow()) {
            parts.add("a wrong PIN was entered since the last correct one");
        }
        if (p.toBeChanged()) {
            parts.add("must be changed before use");
        }
        return parts.isEmpty() ? "ok" : String.join("; ", parts);
    }

    /** People's certificates first (by name), CA certificates last. */
    static List<TokenCertificate> personalFirst(List<TokenCertificate> certs) {
        return certs.stream()
                .sorted(java.util.Comparator.comparing((TokenCertificate c) -> c.certificate().getBasicConstraints() >= 0)
                        .thenComparing(c -> c.certificate().getSubjectX500Principal().getName()))
                .toList();
    }

    static void certificate(PrintWriter out, int index, TokenCertificate tc, CertificateView v, Instant now,
            String indent) {
        out.printf("%s%d. %s%s%n", indent, index, v.displayName(), v.ca() ? "  (CA certificate)" : "");
        String more = indent + "   ";
        if (v.organization() != null || v.position() != null) {
            out.printf("%sorganisation: %s; position: %s%n", more, orDash(v.organization()), orDash(v.position()));
        }
        out.printf("%sserial %s; valid %s … %s (%s)%n", more, v.serialNumber(), DATE.format(v.notBefore()),
                DATE.format(v.notAfter()), validity(v, now));
        out.printf("%sissuer: %s%n", more, v.issuerName());
        out.printf("%skey: %s; %s%n", more, v.keyDescription(), keyStatus(tc.keyStatus()));
        if (!v.keyUsage().isEmpty() || !v.extendedKeyUsage().isEmpty()) {
            out.printf("%susage: %s%s%n", more, String.join(", ", v.keyUsage()),
                    v.extendedKeyUsage().isEmpty() ? "" : "; " + String.join(", ", v.extendedKeyUsageNames()));
        }
        Map<PersonalAttribute, String> attrs = v.attributes();
        if (!attrs.isEmpty()) {
            out.printf("%spersonal data: %s%n", more, attrs.entrySet().stream()
                    .filter(e -> e.getKey() != PersonalAttribute.FULL_NAME)
                    .map(e -> e.getKey().protocolName() + "=" + e.getValue())
                    .collect(Collectors.joining(", ")));
        }
        out.printf("%scertId %s%s%n", more, v.certId(), tc.keyId().length > 0 ? "; key id " + hex(tc.keyId()) : "");
    }

    static String validity(CertificateView v, Instant now) {
        return switch (v.validity(now)) {
            case VALID -> "valid";
            case EXPIRED -> "EXPIRED";
            case NOT_YET_VALID -> "NOT YET VALID";
        };
    }

    static String keyStatus(KeyStatus s) {
        return switch (s) {
            case PRIVATE_KEY -> "private key on the token";
            case PROBABLE -> "private key on the token (shown after login)";
            case UNKNOWN -> "no key visible without login";
            case NONE -> "no private key";
        };
    }

    private static String orDash(String s) {
        return s == null ? "—" : s;
    }

    static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
