package org.pechatka.cert;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Revocation by certificate revocation lists: the CRLs kept in the trust store, and those at a
 * certificate's CRL distribution point when its URL starts with a prefix the configuration allows
 * (no other network access). A fetched CRL is kept until its next update (at most a day); a failed
 * fetch is not tried again for {@link #FAILURE_PAUSE}, so a dialog waits at most one short timeout
 * per URL. A CRL counts only when its issuer's key verifies its signature ({@link Signatures}: bign
 * and GOST too) and it is current at the time asked about.
 */
public final class CrlRevocation implements Revocation {

    private static final System.Logger LOG = System.getLogger(CrlRevocation.class.getName());
    /** A failed fetch is not repeated for this long. */
    static final Duration FAILURE_PAUSE = Duration.ofMinutes(5);
    private static final Duration LONGEST_KEEP = Duration.ofDays(1);
    private static final int MAX_CRL_BYTES = 20 * 1024 * 1024;

    private final List<X509CRL> stored;
    private final List<String> allowedUrlPrefixes;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    private final Map<String, Fetched> fetched = new ConcurrentHashMap<>();

    private record Fetched(X509CRL crl, Instant keepUntil, String failure) {}

    /**
     * @param stored             CRLs at hand (the trust store's)
     * @param allowedUrlPrefixes distribution point URLs that may be fetched, by prefix (e.g.
     *                           {@code http://crl.example.by/}); empty: never fetch
     * @param timeout            for connecting and for the whole answer
     * @param clock              for the cache
     */
    public CrlRevocation(Collection<X509CRL> stored, Collection<String> allowedUrlPrefixes, Duration timeout,
            Clock clock) {
        this.stored = List.copyOf(stored);
        this.allowedUrlPrefixes = allowedUrlPrefixes.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Reads a CRL (DER or PEM). */
    public static X509CRL readCrl(byte[] encoded) throws CRLException {
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(encoded));
        } catch (CertificateException e) {
            throw new CRLException(e);
        }
    }

    @Override
    public Answer check(X509Certificate certificate, X509Certificate issuer, Instant when) {
        List<X509CRL> candidates = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (X509CRL crl : stored) {
            if (crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                candidates.add(crl);
            }
        }
        for (String url : distributionPoints(certificate)) {
            if (allowed(url)) {
                Fetched f = fetch(url);
                if (f.crl() != null) {
                    candidates.add(f.crl());
                } else {
                    problems.add(url + ": " + f.failure());
                }
            }
        }
        if (candidates.isEmpty() && problems.isEmpty()) {
            return new Answer(State.NOT_CHECKED, "no CRL of " + issuer.getSubjectX500Principal() + " is available");
        }
        boolean current = false;
        for (X509CRL crl : candidates) {
            if (!signedBy(crl, issuer)) {
                problems.add("a CRL of " + crl.getIssuerX500Principal() + " is not signed by the issuer's key");
                continue;
            }
            X509CRLEntry entry = crl.getRevokedCertificate(certificate.getSerialNumber());
            if (entry != null && (entry.getRevocationDate() == null
                    || !entry.getRevocationDate().toInstant().isAfter(when))) {
                return new Answer(State.REVOKED, "since " + (entry.getRevocationDate() == null ? "?"
                        : entry.getRevocationDate().toInstant()) + (entry.getRevocationReason() == null ? ""
                        : " (" + entry.getRevocationReason().name().toLowerCase(Locale.ROOT) + ")"));
            }
            boolean fresh = !crl.getThisUpdate().toInstant().isAfter(when)
                    && (crl.getNextUpdate() == null || !crl.getNextUpdate().toInstant().isBefore(when));
            if (fresh) {
                current = true;
            } else {
                problems.add("the CRL of " + crl.getIssuerX500Principal() + " is out of date (next update "
                        + (crl.getNextUpdate() == null ? "?" : crl.getNextUpdate().toInstant()) + ")");
            }
        }
        if (current) {
            return new Answer(State.GOOD, "not listed in a current CRL");
        }
        return new Answer(State.UNKNOWN, String.join("; ", problems));
    }

    private boolean allowed(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            return false;
        }
        return allowedUrlPrefixes.stream().anyMatch(url::startsWith);
    }

    private Fetched fetch(String url) {
        Instant now = clock.instant();
        Fetched known = fetched.get(url);
        if (known != null && now.isBefore(known.keepUntil())) {
            return known;
        }
        Fetched f;
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_CRL_BYTES + 1);
            }
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            if (body.length > MAX_CRL_BYTES) {
                throw new IOException("larger than " + MAX_CRL_BYTES + " bytes");
            }
            X509CRL crl = readCrl(body);
            Instant keep = now.plus(LONGEST_KEEP);
            if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(keep)) {
                keep = crl.getNextUpdate().toInstant();
            }
            f = new Fetched(crl, keep.isAfter(now) ? keep : now.plus(FAILURE_PAUSE), null);
        } catch (IOException | CRLException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.INFO, "CRL not fetched from {0}: {1}", url, e.toString());
            f = new Fetched(null, now.plus(FAILURE_PAUSE), "not fetched (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetched(null, now, "interrupted");
        }
        fetched.put(url, f);
        return f;
    }

    /** Whether {@code issuer}'s key verifies the CRL's signature (any algorithm {@link Signatures} knows). */
    static boolean signedBy(X509CRL crl, X509Certificate issuer) {
        try {
            CertificateList list = CertificateList.getInstance(crl.getEncoded());
            return Signatures.verifies(list.getSignatureAlgorithm(),
                    SubjectPublicKeyInfo.getInstance(issuer.getPublicKey().getEncoded()),
                    list.getTBSCertList().getEncoded(), list.getSignature().getOctets());
        } catch (CRLException | IOException | RuntimeException e) {
            return false;
        }
    }

    /** The URLs in the certificate's CRL distribution points extension. */
    static List<String> distributionPoints(X509Certificate certificate) {
        byte[] ext = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
        if (ext == null) {
            return List.of();
        }
        List<String> urls = new ArrayList<>();
        try {
            CRLDistPoint points = CRLDistPoint.getInstance(ASN1OctetString.getInstance(ext).getOctets());
            for (DistributionPoint dp : points.getDistributionPoints()) {
                DistributionPointName name = dp.getDistributionPoint();
                if (name == null || name.getType() != DistributionPointName.FULL_NAME) {
                    continue;
                }
                for (GeneralName g : GeneralNames.getInstance(name.getName()).getNames()) {
                    if (g.getTagNo() == GeneralName.uniformResourceIdentifier) {
                        urls.add(g.getName().toString());
                    }
                }
            }
        } catch (RuntimeException e) {
            return List.of();
        }
        return urls;
    }
}
