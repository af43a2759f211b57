package org.pechatka.protocol;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.KeyUsages;
import org.pechatka.error.PechatkaException;
import org.pechatka.prompt.PickerRequest;
import org.pechatka.token.KeyStatus;
import org.pechatka.token.TokenCertificate;

/**
 * Which certificates the picker may offer for a purpose and a page's {@code Filter}. A filter only
 * narrows: the purpose rules always apply. keyUsage and extKeyUsage entries must all be allowed;
 * policyOids and certIds match when any entry does.
 */
final class CertificateFilter {

    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]{0,18})){1,40}");
    private static final Pattern CERT_ID = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_LIST = 64;

    private final PickerRequest.Purpose purpose;
    private final String issuerContains;
    private final String subjectContains;
    private final List<String> keyUsage;
    private final List<String> extKeyUsage;
    private final List<String> policyOids;
    private final Set<String> certIds;
    private final boolean validOnly;
    private final boolean trustedOnly;

    private CertificateFilter(PickerRequest.Purpose purpose, Params.Filter f) {
        this.purpose = purpose;
        this.issuerContains = f == null ? null : lower(f.issuerContains());
        this.subjectContains = f == null ? null : lower(f.subjectContains());
        this.keyUsage = f == null || f.keyUsage() == null ? List.of() : f.keyUsage();
        this.extKeyUsage = f == null || f.extKeyUsage() == null ? List.of() : f.extKeyUsage();
        this.policyOids = f == null || f.policyOids() == null ? List.of() : f.policyOids();
        this.certIds = f == null || f.certIds() == null ? Set.of() : Set.copyOf(f.certIds());
        this.validOnly = f == null || f.validOnly() == null || f.validOnly();
        this.trustedOnly = f != null && f.trustedOnly() != null && f.trustedOnly();
    }

    /** Checks a page's filter and makes it. */
    static CertificateFilter of(PickerRequest.Purpose purpose, Params.Filter f) throws PechatkaException.InvalidParams {
        if (f != null) {
            Limits.string(f.issuerContains(), "filter.issuerContains", false);
            Limits.string(f.subjectContains(), "filter.subjectContains", false);
            list(f.keyUsage(), "filter.keyUsage");
            list(f.extKeyUsage(), "filter.extKeyUsage");
            list(f.policyOids(), "filter.policyOids");
            list(f.certIds(), "filter.certIds");
            if (f.keyUsage() != null) {
                for (String ku : f.keyUsage()) {
                    if (ku == null || !KeyUsages.KEY_USAGE_NAMES.contains(ku)) { // List.of: contains(null) throws
                        throw new PechatkaException.InvalidParams("filter.keyUsage: unknown key usage");
                    }
                }
            }
            for (List<String> oids : java.util.Arrays.asList(f.extKeyUsage(), f.policyOids())) {
                if (oids != null) {
                    for (String oid : oids) {
                        if (oid == null || !OID.matcher(oid).matches()) {
                            throw new PechatkaException.InvalidParams("filter: not an OID");
                        }
                    }
                }
            }
            if (f.certIds() != null) {
                for (String id : f.certIds()) {
                    if (id == null || !CERT_ID.matcher(id).matches()) {
                        throw new PechatkaException.InvalidParams("filter.certIds: not a certId");
                    }
                }
            }
        }
        return new CertificateFilter(purpose, f);
    }

    private static void list(List<String> l, String field) throws PechatkaException.InvalidParams {
        if (l != null && l.size() > MAX_LIST) {
            throw new PechatkaException.InvalidParams(field + " has too many entries");
        }
    }

    boolean validOnly() {
        return validOnly;
    }

    PickerRequest.Purpose purpose() {
        return purpose;
    }

    boolean trustedOnly() {
        return trustedOnly;
    }

    /** Whether a certificate may be offered; {@code trusted} is asked only when the filter needs it. */
    boolean matches(TokenCertificate tc, CertificateView v, Instant now, java.util.function.Predicate<TokenCertificate>
            trusted) {
        return matches(tc, v, now, trusted, validOnly);
    }

    /**
     * Whether the certificate would be offered if it were inside its validity period: the picker
     * lists such a certificate greyed, marked expired or not yet valid, so the person learns why
     * their certificate is not offered instead of seeing none.
     */
    boolean matchesOutsideValidity(TokenCertificate tc, CertificateView v, Instant now,
            java.util.function.Predicate<TokenCertificate> trusted) {
        return validOnly && !v.validAt(now) && matches(tc, v, now, trusted, false);
    }

    private boolean matches(TokenCertificate tc, CertificateView v, Instant now,
            java.util.function.Predicate<TokenCertificate> trusted, boolean checkValidity) {
        if (v.ca() || tc.keyStatus() == KeyStatus.NONE || v.key() == null) {
            return false;
        }
        if (!suitsPurpose(v, purpose)) {
            return false;
        }
        if (checkValidity && !v.validAt(now)) {
            return false;
        }
        if (issuerContains != null && !v.issuerDn().toLowerCase(Locale.ROOT).contains(issuerContains)) {
            return false;
        }
        if (subjectContains != null && !v.subjectDn().toLowerCase(Locale.ROOT).contains(subjectContains)) {
            return false;
        }
        for (String ku : keyUsage) {
            if (!v.allowsKeyUsage(ku)) {
                return false;
            }
        }
        for (String eku : extKeyUsage) {
            if (!v.allowsExtendedKeyUsage(eku)) {
                return false;
            }
        }
        if (!policyOids.isEmpty() && v.policies().stream().noneMatch(policyOids::contains)) {
            return false;
        }
        if (!certIds.isEmpty() && !certIds.contains(v.certId())) {
            return false;
        }
        return !trustedOnly || trusted.test(tc);
    }

    /**
     * Logging in needs digitalSignature (or no keyUsage) and, when the certificate has an EKU,
     * clientAuth; signing needs digitalSignature or nonRepudiation.
     */
    static boolean suitsPurpose(CertificateView v, PickerRequest.Purpose purpose) {
        return switch (purpose) {
            case AUTH -> v.allowsKeyUsage("digitalSignature") && v.allowsExtendedKeyUsage(CLIENT_AUTH);
            case SIGN -> v.allowsKeyUsage("digitalSignature") || v.allowsKeyUsage("nonRepudiation");
        };
    }

    /**
     * Whether a certificate may sign a caller-chosen hash (PROTOCOL.md, {@code sign.hash}): its
     * keyUsage is nonRepudiation alone and it has no clientAuth. No exception.
     */
    static boolean mayHashSign(CertificateView v) {
        return v.hasKeyUsageExtension() && v.keyUsage().equals(List.of("nonRepudiation"))
                && !v.extendedKeyUsage().contains(CLIENT_AUTH)
                && !v.extendedKeyUsage().contains("2.5.29.37.0"); // anyExtendedKeyUsage
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    static String fingerprint(String algorithm, byte[] digest) {
        String hex = HexFormat.of().withUpperCase().formatHex(digest, 0, Math.min(8, digest.length));
        StringBuilder sb = new StringBuilder(algorithm).append(' ');
        for (int i = 0; i < hex.length(); i += 4) {
            sb.append(hex, i, Math.min(i + 4, hex.length())).append(i + 4 < hex.length() ? " " : "");
        }
        return sb.append(" …").toString();
    }
}
