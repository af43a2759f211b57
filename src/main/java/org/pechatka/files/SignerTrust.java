package org.pechatka.files;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import org.pechatka.cert.TrustAnchors;

/**
 * Decides whether a signer's certificate chains to a trusted root and the path is valid at a
 * time. The file verifier depends only on this, so the application's trust store (with CRLs and
 * whatever else validation grows) can take the place of {@link TrustAnchors}.
 */
@FunctionalInterface
public interface SignerTrust {

    /**
     * @param signer the signer's certificate
     * @param pool   other certificates that may complete the chain (those carried in the signature)
     * @param at     the time the path must be valid at
     */
    boolean trusted(X509Certificate signer, Collection<X509Certificate> pool, Instant at);

    /** Trust as {@link TrustAnchors#trusted} decides it (PKIX, no revocation). */
    static SignerTrust of(TrustAnchors anchors) {
        return anchors::trusted;
    }
}
