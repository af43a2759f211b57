package org.pechatka.lifecycle;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pechatka.cert.TrustAnchors;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.KeyRef;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenSession;

/**
 * Stores a certificate issued for a key on a token next to that key. The file or message may hold
 * one certificate (DER or PEM) or a PKCS#7 chain ({@code .p7b}, {@code .p7c}); the certificate to
 * store is the one that is not a CA. It must chain to a CA of the trust store ({@link #checkTrusted});
 * its private key must be on the token ({@code KEY_NOT_FOUND} otherwise, before anything is
 * written); a certificate already on the token is not written again. CA certificates of the chain
 * may be stored on the token beside it, never into the trust store (that happens only in the
 * Certificates window, after the person confirms each).
 */
public final class CertificateImport {

    /** Larger than any certificate chain a CA hands out. */
    private static final int MAX_BYTES = 1 << 20;

    /**
     * What was read.
     *
     * @param certificate the certificate to store (not a CA)
     * @param cas         the CA certificates that came with it, in the order given, without duplicates
     */
    public record Parsed(X509Certificate certificate, List<X509Certificate> cas) {
        public Parsed {
            Objects.requireNonNull(certificate, "certificate");
            cas = List.copyOf(cas);
        }

        /** The protocol's certId of {@link #certificate}. */
        public String certId() {
            return TokenCertificate.certId(certificate);
        }
    }

    /**
     * What was stored.
     *
     * @param certId         the certificate's certId
     * @param keyId          the CKA_ID of its key (and now of the certificate object)
     * @param alreadyPresent the certificate was on the token already; nothing was written for it
     * @param casStored      how many CA certificates were written (those present already are not counted)
     */
    public record Stored(String certId, byte[] keyId, boolean alreadyPresent, int casStored) {
        public Stored {
            keyId = keyId.clone();
        }

        @Override
        public byte[] keyId() {
            return keyId.clone();
        }
    }

    private CertificateImport() {}

    /**
     * Reads the certificate and its chain: {@code encoded} is DER, PEM or PKCS#7 (DER or PEM); each
     * of {@code chain} a CA certificate (DER or PEM).
     *
     * @throws PechatkaException.InvalidParams nothing readable, several end-entity certificates, a non-CA in the chain
     */
    public static Parsed parse(byte[] encoded, List<byte[]> chain) throws PechatkaException.InvalidParams {
        List<X509Certificate> all = new ArrayList<>(read(encoded, "certificate"));
        List<X509Certificate> given = new ArrayList<>();
        for (byte[] c : chain == null ? List.<byte[]>of() : chain) {
            given.addAll(read(c, "chain"));
        }
        List<X509Certificate> leaves = all.stream().filter(c -> c.getBasicConstraints() < 0).toList();
        X509Certificate leaf;
        if (leaves.size() == 1) {
            leaf = leaves.get(0);
        } else if (leaves.isEmpty() && all.size() == 1) {
            throw new PechatkaException.InvalidParams("certificate is a CA certificate; Pechatka imports CA "
                    + "certificates only in its Certificates window");
        } else {
            throw new PechatkaException.InvalidParams(leaves.isEmpty() ? "certificate holds no end-entity certificate"
                    : "certificate holds more than one end-entity certificate");
        }
        LinkedHashSet<X509Certificate> cas = new LinkedHashSet<>();
        for (X509Certificate c : all) {
            if (c != leaf) {
                cas.add(c);
            }
        }
        for (X509Certificate c : given) {
            if (c.getBasicConstraints() < 0) {
                throw new PechatkaException.InvalidParams("chain holds a certificate that is not a CA");
            }
            cas.add(c);
        }
        return new Parsed(leaf, new ArrayList<>(cas));
    }

    private static List<X509Certificate> read(byte[] encoded, String field) throws PechatkaException.InvalidParams {
        if (encoded == null || encoded.length == 0) {
            throw new PechatkaException.InvalidParams(field + " is empty");
        }
        if (encoded.length > MAX_BYTES) {
            throw new PechatkaException.InvalidParams(field + " is too large");
        }
        try {
            Collection<? extends java.security.cert.Certificate> read = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pemOrDer(encoded)));
            List<X509Certificate> out = new ArrayList<>();
            for (java.security.cert.Certificate c : read) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new PechatkaException.InvalidParams(field + " holds no certificate");
            }
            return out;
        } catch (CertificateException | ClassCastException e) {
            throw new PechatkaException.InvalidParams(field + " is not a certificate, PEM or PKCS#7");
        }
    }

    /** The JDK reads DER, PEM and PKCS#7 alike, but not PEM with text before it or CRLF quirks: keep only the blocks. */
    private static byte[] pemOrDer(byte[] encoded) {
        String text = new String(encoded, StandardCharsets.ISO_8859_1);
        int begin = text.indexOf("-----BEGIN ");
        return begin <= 0 ? encoded : text.substring(begin).getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The certificate chains to a CA of the trust store and is valid at {@code when}, using the CA
     * certificates that came with it and {@code pool} (e.g. the CA certificates on the tokens) to
     * fill the gaps.
     *
     * @throws PechatkaException.CertificateUnusable it does not
     */
    public static void checkTrusted(Parsed parsed, TrustAnchors trust, Collection<X509Certificate> pool, Instant when)
            throws PechatkaException.CertificateUnusable {
        List<X509Certificate> candidates = new ArrayList<>(parsed.cas());
        candidates.addAll(pool);
        if (!trust.trusted(parsed.certificate(), candidates, when)) {
            throw new PechatkaException.CertificateUnusable(
                    "The certificate does not chain to a CA in the trust store, or is outside its validity period");
        }
    }

    /**
     * The key on the session's token that the certificate belongs to.
     *
     * @throws PechatkaException.KeyNotFound no private key with the certificate's public key
     */
    public static KeyRef keyFor(TokenSession session, Parsed parsed) throws PechatkaException {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(parsed.certificate().getPublicKey().getEncoded());
        Optional<KeyRef> key = session.findKey(spki);
        return key.orElseThrow(() -> new PechatkaException.KeyNotFound("No private key for this certificate on the token"));
    }

    /**
     * Stores the certificate with its key's CKA_ID, and the CA certificates of the chain (no key id)
     * when {@code withCas}. The key is found first: without it nothing is written.
     */
    public static Stored store(TokenSession session, Parsed parsed, String label, boolean withCas)
            throws PechatkaException {
        KeyRef key = keyFor(session, parsed);
        TokenSession.StoredCertificate stored = session.storeCertificate(parsed.certificate(), key.keyId(), label);
        int cas = 0;
        if (withCas) {
            for (X509Certificate ca : parsed.cas()) {
                if (!session.storeCertificate(ca, null, null).alreadyPresent()) {
                    cas++;
                }
            }
        }
        return new Stored(stored.certId(), key.keyId(), stored.alreadyPresent(), cas);
    }
}
