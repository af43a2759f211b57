package org.pechatka.demoportal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.pechatka.demoportal.AuthTokenException.Reason;

/**
 * Validates a Web eID authentication token ({@code format: "web-eid:1.0"}) as Pechatka's
 * {@code auth.authenticate} returns it, for any Java portal. The rules are those of
 * web-eid-authtoken-validation-java, in its order:
 *
 * <ol>
 *   <li>the token is a JSON object of 100 to 10,000 characters whose fields, where present, are
 *       strings ({@link Reason#TOKEN_MALFORMED});</li>
 *   <li>{@code format} is {@code web-eid:1} or {@code web-eid:1.<minor>} ({@link Reason#FORMAT_UNSUPPORTED};
 *       stricter than Web eID's prefix match, which would let {@code web-eid:10} through);</li>
 *   <li>{@code unverifiedCertificate} is base64 of exactly one DER X.509 certificate
 *       ({@link Reason#CERTIFICATE_MALFORMED});</li>
 *   <li>purpose: keyUsage present with digitalSignature; an extendedKeyUsage, if present, contains
 *       clientAuth ({@link Reason#CERTIFICATE_PURPOSE});</li>
 *   <li>no disallowed certificate policy (none by default; {@link Reason#CERTIFICATE_POLICY_DISALLOWED});</li>
 *   <li>the certificate is valid at the clock's time ({@link Reason#CERTIFICATE_EXPIRED},
 *       {@link Reason#CERTIFICATE_NOT_YET_VALID}) and has a PKIX path to one of the configured CA
 *       certificates, checked at the clock's time ({@link Reason#CERTIFICATE_NOT_TRUSTED}).
 *       <strong>Revocation is not checked</strong> (no OCSP, no CRL): a portal in production must
 *       add an OCSP check against its CA here;</li>
 *   <li>the nonce is non-empty ({@link Reason#NONCE_MISSING}), {@code algorithm} is on the allow-list
 *       ({@link Reason#ALGORITHM_UNSUPPORTED}) and {@code signature} verifies over
 *       H(origin) ‖ H(nonce) with the certificate's key ({@link Reason#SIGNATURE_INVALID}).</li>
 * </ol>
 *
 * <p>The caller must take the nonce from the user's own session and remove it there before calling
 * (single use, at most a few minutes old): the token itself carries neither nonce nor origin. The
 * origin is this portal's own, configured as exactly {@code https://host[:port]}, lowercase, with no
 * path and no trailing slash — the form browsers send. appVersion and unknown fields are ignored.
 *
 * <pre>{@code
 * AuthTokenValidator validator = AuthTokenValidator.builder()
 *         .withSiteOrigin("https://portal.example.by")
 *         .withTrustedCertificateAuthorities(List.of(caCertificate))
 *         .build();
 * X509Certificate user = validator.validate(authTokenJson, nonceFromSession);
 * }</pre>
 *
 * Instances are immutable and thread-safe.
 */
public final class AuthTokenValidator {

    /** Shortest accepted token JSON (Web eID). */
    public static final int MIN_TOKEN_LENGTH = 100;
    /** Longest accepted token JSON (Web eID). */
    public static final int MAX_TOKEN_LENGTH = 10_000;

    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final List<String> STRING_FIELDS =
            List.of("unverifiedCertificate", "algorithm", "signature", "format", "appVersion");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private final String origin;
    private final org.pechatka.cert.TrustAnchors anchors;
    private final Map<String, TokenSignatureAlgorithm> algorithms;
    private final Set<String> disallowedPolicies;
    private final Clock clock;

    private AuthTokenValidator(Builder b) {
        this.origin = b.origin;
        this.anchors = new org.pechatka.cert.TrustAnchors(List.copyOf(b.anchors));
        this.algorithms = Map.copyOf(b.algorithms);
        this.disallowedPolicies = Set.copyOf(b.disallowedPolicies);
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The site origin tokens must be bound to. */
    public String origin() {
        return origin;
    }

    /** The algorithm names accepted, sorted. */
    public List<String> algorithmNames() {
        return algorithms.keySet().stream().sorted().toList();
    }

    /**
     * Validates a token given as its JSON text.
     *
     * @param authTokenJson  the token as the page posted it
     * @param challengeNonce the nonce this portal issued to this session (already removed there)
     * @return the verified certificate: take the user's identity from it, never from page data
     * @throws AuthTokenException with the reason of the first rule that failed
     */
    public X509Certificate validate(String authTokenJson, String challengeNonce) throws AuthTokenException {
        if (authTokenJson == null) {
            throw new AuthTokenException(Reason.TOKEN_MALFORMED, "no authentication token");
        }
        if (authTokenJson.length() < MIN_TOKEN_LENGTH || authTokenJson.length() > MAX_TOKEN_LENGTH) {
            throw new AuthTokenException(Reason.TOKEN_MALFORMED, "the authentication token must be "
                    + MIN_TOKEN_LENGTH + " to " + MAX_TOKEN_LENGTH + " characters long");
        }
        JsonNode token;
        try {
            token = JSON.readTree(authTokenJson);
        } catch (JsonProcessingException e) {
            throw new AuthTokenException(Reason.TOKEN_MALFORMED, "the authentication token is not JSON", e);
        }
        return validateParsed(token, challengeNonce);
    }

    /**
     * Validates a token already parsed by Jackson (e.g. the {@code authToken} member of a request
     * body). Its length is measured on its compact JSON form.
     *
     * @throws AuthTokenException as {@link #validate(String, String)}
     */
    public X509Certificate validate(JsonNode authToken, String challengeNonce) throws AuthTokenException {
        if (authToken == null || authToken.isNull() || authToken.isMissingNode()) {
            throw new AuthTokenException(Reason.TOKEN_MALFORMED, "no authentication token");
        }
        if (authToken.isTextual()) {
            return validate(authToken.textValue(), challengeNonce);
        }
        return validate(authToken.toString(), challengeNonce);
    }

    private X509Certificate validateParsed(JsonNode token, String challengeNonce) throws AuthTokenException {
        // 1. shape
        if (token == null || !token.isObject()) {
            throw new AuthTokenException(Reason.TOKEN_MALFORMED, "the authentication token is not a JSON object");
        }
        for (String field : STRING_FIELDS) {
            JsonNode v = token.get(field);
            if (v != null && !v.isNull() && !v.isTextual()) {
                throw new AuthTokenException(Reason.TOKEN_MALFORMED, "'" + field + "' must be a string");
            }
        }
        // 2. format
        String format = text(token, "format");
        if (format == null || !(format.equals("web-eid:1") || format.startsWith("web-eid:1."))) {
            throw new AuthTokenException(Reason.FORMAT_UNSUPPORTED,
                    "unsupported token format (expected web-eid:1.x)");
        }
        // 3. certificate
        X509Certificate certificate = parseCertificate(text(token, "unverifiedCertificate"));
        // 4. purpose
        checkPurpose(certificate);
        // 5. policies
        checkPolicies(certificate);
        // 6. trust, at the clock's time (no revocation check)
        checkTrusted(certificate);
        // 7. OCSP: not implemented (see the class comment)
        // 8. signature
        checkSignature(token, certificate, challengeNonce);
        return certificate;
    }

    private static String text(JsonNode token, String field) {
        JsonNode v = token.get(field);
        return v == null || v.isNull() ? null : v.textValue();
    }

    private static byte[] base64(String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static X509Certificate parseCertificate(String b64) throws AuthTokenException {
        if (b64 == null || b64.isEmpty()) {
            throw new AuthTokenException(Reason.CERTIFICATE_MALFORMED, "'unverifiedCertificate' is missing");
        }
        byte[] der = base64(b64);
        if (der == null || der.length == 0) {
            throw new AuthTokenException(Reason.CERTIFICATE_MALFORMED, "'unverifiedCertificate' is not base64");
        }
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            if (cert == null || !Arrays.equals(cert.getEncoded(), der)) {
                throw new CertificateException("not exactly one DER certificate");
            }
            return cert;
        } catch (CertificateException | RuntimeException e) {
            throw new AuthTokenException(Reason.CERTIFICATE_MALFORMED,
                    "'unverifiedCertificate' is not a DER X.509 certificate", e);
        }
    }

    private static void checkPurpose(X509Certificate certificate) throws AuthTokenException {
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage == null) {
            throw new AuthTokenException(Reason.CERTIFICATE_PURPOSE, "the certificate has no keyUsage");
        }
        if (keyUsage.length == 0 || !keyUsage[0]) {
            throw new AuthTokenException(Reason.CERTIFICATE_PURPOSE,
                    "the certificate's keyUsage does not allow digitalSignature");
        }
        List<String> eku;
        try {
            eku = certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new AuthTokenException(Reason.CERTIFICATE_PURPOSE, "the certificate's extendedKeyUsage is malformed",
                    e);
        }
        if (eku != null && !eku.contains(CLIENT_AUTH)) {
            throw new AuthTokenException(Reason.CERTIFICATE_PURPOSE,
                    "the certificate's extendedKeyUsage does not allow clientAuth");
        }
    }

    private void checkPolicies(X509Certificate certificate) throws AuthTokenException {
        if (disallowedPolicies.isEmpty()) {
            return;
        }
        byte[] ext = certificate.getExtensionValue(Extension.certificatePolicies.getId());
        if (ext == null) {
            return;
        }
        try {
            CertificatePolicies policies = CertificatePolicies.getInstance(
                    ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets()));
            for (PolicyInformation p : policies.getPolicyInformation()) {
                if (disallowedPolicies.contains(p.getPolicyIdentifier().getId())) {
                    throw new AuthTokenException(Reason.CERTIFICATE_POLICY_DISALLOWED,
                            "the certificate's policy " + p.getPolicyIdentifier().getId() + " is not accepted");
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new AuthTokenException(Reason.CERTIFICATE_POLICY_DISALLOWED,
                    "the certificate's policies are malformed", e);
        }
    }

    private void checkTrusted(X509Certificate certificate) throws AuthTokenException {
        Date now = Date.from(clock.instant());
        try {
            certificate.checkValidity(now);
        } catch (CertificateExpiredException e) {
            throw new AuthTokenException(Reason.CERTIFICATE_EXPIRED, "the certificate has expired", e);
        } catch (CertificateNotYetValidException e) {
            throw new AuthTokenException(Reason.CERTIFICATE_NOT_YET_VALID, "the certificate is not yet valid", e);
        }
        // PKIX where the JDK has the algorithm; bign and GOST paths checked with Pechatka's verifiers
        if (!anchors.trusted(certificate, List.of(), now.toInstant())) {
            throw new AuthTokenException(Reason.CERTIFICATE_NOT_TRUSTED,
                    "the certificate was not issued by a trusted certification authority");
        }
    }

    private void checkSignature(JsonNode token, X509Certificate certificate, String challengeNonce)
            throws AuthTokenException {
        if (challengeNonce == null || challengeNonce.isEmpty()) {
            throw new AuthTokenException(Reason.NONCE_MISSING, "no challenge nonce");
        }
        String algorithmName = text(token, "algorithm");
        if (algorithmName == null || algorithmName.isEmpty()) {
            throw new AuthTokenException(Reason.ALGORITHM_UNSUPPORTED, "'algorithm' is missing");
        }
        TokenSignatureAlgorithm algorithm = algorithms.get(algorithmName);
        if (algorithm == null) {
            throw new AuthTokenException(Reason.ALGORITHM_UNSUPPORTED,
                    "algorithm '" + printable(algorithmName) + "' is not accepted");
        }
        String signatureB64 = text(token, "signature");
        byte[] signature = signatureB64 == null || signatureB64.isEmpty() ? null : base64(signatureB64);
        if (signature == null || signature.length == 0) {
            throw new AuthTokenException(Reason.SIGNATURE_INVALID, "'signature' is missing or not base64");
        }
        boolean valid;
        try {
            byte[] originHash = algorithm.hash(origin.getBytes(StandardCharsets.UTF_8));
            byte[] nonceHash = algorithm.hash(challengeNonce.getBytes(StandardCharsets.UTF_8));
            byte[] message = new byte[originHash.length + nonceHash.length];
            System.arraycopy(originHash, 0, message, 0, originHash.length);
            System.arraycopy(nonceHash, 0, message, originHash.length, nonceHash.length);
            valid = algorithm.verify(certificate.getPublicKey(), message, signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new AuthTokenException(Reason.SIGNATURE_INVALID,
                    "the signature does not verify for this site and challenge", e);
        }
        if (!valid) {
            throw new AuthTokenException(Reason.SIGNATURE_INVALID,
                    "the signature does not verify for this site and challenge");
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 40; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }

    /**
     * Checks that {@code origin} is exactly {@code https://host[:port]}: lowercase, no default port,
     * no user info, path, query, fragment or trailing slash.
     *
     * @throws IllegalArgumentException when it is not
     */
    static String checkOrigin(String origin) {
        Objects.requireNonNull(origin, "origin");
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the site origin is not a URL: " + origin, e);
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getPort() == 443 || origin.length() > 255) {
            throw new IllegalArgumentException("the site origin must be exactly https://host[:port]"
                    + " (no path, no trailing slash, no default port): " + origin);
        }
        String canonical = "https://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        if (!canonical.equals(origin)) {
            throw new IllegalArgumentException("the site origin must be written as browsers send it: " + canonical);
        }
        return origin;
    }

    /** A one-use builder. */
    public static final class Builder {
        private String origin;
        private final List<X509Certificate> anchors = new ArrayList<>();
        private final Map<String, TokenSignatureAlgorithm> algorithms = new LinkedHashMap<>();
        private final Set<String> disallowedPolicies = new HashSet<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {
            for (TokenSignatureAlgorithm a : WebEidAlgorithms.standard()) {
                algorithms.put(a.name(), a);
            }
            for (TokenSignatureAlgorithm a : WebEidAlgorithms.national()) {
                algorithms.put(a.name(), a);
            }
        }

        /** This portal's origin, exactly {@code https://host[:port]}. */
        public Builder withSiteOrigin(String origin) {
            this.origin = checkOrigin(origin);
            return this;
        }

        /** Adds CA certificates (roots or intermediates) user certificates must chain to. */
        public Builder withTrustedCertificateAuthorities(Collection<X509Certificate> caCertificates) {
            for (X509Certificate ca : caCertificates) {
                anchors.add(Objects.requireNonNull(ca, "caCertificate"));
            }
            return this;
        }

        /** Adds an algorithm, or replaces the one of the same name (BIGN-HBELT, GOST-2012-256 …). */
        public Builder withAlgorithm(TokenSignatureAlgorithm algorithm) {
            algorithms.put(Objects.requireNonNull(algorithm.name(), "name"), algorithm);
            return this;
        }

        /** Refuses certificates that name any of these policy OIDs. */
        public Builder withDisallowedPolicies(Collection<String> policyOids) {
            disallowedPolicies.addAll(policyOids);
            return this;
        }

        /** The time certificates are checked at; default the system clock. */
        public Builder withClock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public AuthTokenValidator build() {
            if (origin == null) {
                throw new IllegalStateException("the site origin is not set");
            }
            if (anchors.isEmpty()) {
                throw new IllegalStateException("no trusted certification authority is set");
            }
            return new AuthTokenValidator(this);
        }
    }
}
