package org.pechatka.protocol;

import java.util.List;
import java.util.Map;

/** The result shapes of PROTOCOL.md section 2.1, serialised as they are. */
public final class Results {

    private Results() {}

    /** {@code app.info}. */
    public record Info(String name, String version, int protocol, List<String> capabilities) {}

    /** {@code tokens.list} and the {@code tokens.changed} notification. */
    public record Tokens(List<TokenJson> tokens) {}

    /** {@code Token}: no serial number, an id per origin. */
    public record TokenJson(String tokenId, String label, String manufacturer, String model, boolean present,
            boolean loginRequired, boolean protectedAuthPath, PinJson pin) {}

    /** The PIN flags of a {@code Token}. */
    public record PinJson(boolean countLow, boolean finalTry, boolean locked) {}

    /** {@code certificates.select}. */
    public record Selected(String certificate, String certId, String tokenId, List<String> chain,
            Map<String, String> attributes) {}

    /** {@code AuthToken} (Web eID format {@code web-eid:1.0}). */
    public record AuthToken(String unverifiedCertificate, String algorithm, String signature, String format,
            String appVersion) {}

    /** {@code auth.authenticate}. */
    public record Authenticated(AuthToken authToken, Map<String, String> attributes) {}

    /** {@code sign.cms}. */
    public record Cms(String cms, String signatureAlgorithm) {}

    /** {@code SigAlg}. */
    public record SigAlg(String cryptoAlgorithm, String hashFunction, String paddingScheme) {}

    /** {@code sign.hash}. */
    public record HashSignature(String signature, SigAlg signatureAlgorithm) {}

    /** {@code sign.batch}. */
    public record Batch(List<BatchItem> results) {}

    /** One CMS of a batch. */
    public record BatchItem(String cms) {}

    /** {@code csr.create}. */
    public record Csr(String csr, String tokenId, String keyId) {}

    /** {@code cert.import}. */
    public record Imported(String certId, String tokenId, String keyId) {}
}
