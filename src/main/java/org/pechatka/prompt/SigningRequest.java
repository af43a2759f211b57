package org.pechatka.prompt;

import java.util.List;
import org.pechatka.cert.CertificateView;

/**
 * Asks the person to confirm a signature: what is signed, with which certificate, for which site.
 *
 * @param certificate the signing certificate
 * @param documents   the documents (one, or the items of a batch)
 * @param description the page's own description (plain text from the site), or null
 * @param rawHash     the site supplies only a hash: Pechatka cannot show the document itself
 */
public record SigningRequest(CertificateView certificate, List<Document> documents, String description,
        boolean rawHash) {

    /**
     * One document.
     *
     * @param name        the name the site gives it (plain text from the site)
     * @param size        its size in bytes, or -1 when only a hash is given
     * @param fingerprint a short fingerprint of its hash for comparison (e.g. "SHA-256 3F2A 9C…")
     */
    public record Document(String name, long size, String fingerprint) {}
}
