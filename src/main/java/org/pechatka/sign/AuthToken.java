package org.pechatka.sign;

import java.util.Objects;

/**
 * A Web eID authentication token, format {@code web-eid:1.0} (PROTOCOL.md {@code AuthToken}): the
 * fields are the JSON object's fields, binary values in standard base64.
 *
 * @param unverifiedCertificate the DER of the authentication certificate, base64
 * @param algorithm             the Web eID / JOSE name: {@code ES256}, {@code ES384}, {@code ES512}, {@code RS256},
 *                              {@code BIGN-HBELT}, {@code GOST-2012-256}, {@code GOST-2012-512}
 * @param signature             the signature over H(origin) ‖ H(challengeNonce), base64; ECDSA as raw r‖s
 * @param format                {@value AuthTokenSigner#FORMAT}
 * @param appVersion            the application's release URL, e.g. {@code https://pechatka.org/releases/0.1.0}
 */
public record AuthToken(String unverifiedCertificate, String algorithm, String signature, String format,
        String appVersion) {

    public AuthToken {
        Objects.requireNonNull(unverifiedCertificate, "unverifiedCertificate");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(appVersion, "appVersion");
    }
}
