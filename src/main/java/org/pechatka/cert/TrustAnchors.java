package org.pechatka.cert;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The CA certificates Pechatka trusts (its own trust store: {@code dataDir/trust/*.pem}, plus the
 * demo CA in demo mode), and chains built from a certificate towards them. The protocol's
 * {@code chain} and {@code trustedOnly} rest on this; the certificate-lifecycle work extends it.
 */
public final class TrustAnchors {

    private static final System.Logger LOG = System.getLogger(TrustAnchors.class.getName());
    private static final int MAX_DEPTH = 10;

    private final List<X509Certificate> anchors;

    public TrustAnchors(Collection<X509Certificate> anchors) {
        this.anchors = List.copyOf(new LinkedHashSet<>(anchors));
    }

    /** The certificates (PEM or DER, one or more per file) in {@code dir}, plus {@code extra}. */
    public static TrustAnchors load(Path dir, Collection<X509Certificate> extra) throws IOException {
        List<X509Certificate> all = new ArrayList<>(extra);
        if (dir != null && Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
                    if (!(name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer"))) {
                        continue;
                    }
                    try (InputStream in = Files.newInputStream(f)) {
                        for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                            all.add((X509Certificate) c);
                        }
                    } catch (CertificateException e) {
                        LOG.log(System.Logger.Level.WARNING, "skipping unreadable trust store file {0}", f);
                    }
                }
            }
        }
        return new TrustAnchors(all);
    }

    /** Reads one certificate (PEM or DER). */
    public static X509Certificate read(byte[] encoded) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(encoded));
    }

    public List<X509Certificate> anchors() {
        return anchors;
    }

    /**
     * The certificates that lead from {@code leaf} to a root, nearest first, leaf excluded, taken
     * from {@code pool} (e.g. the CA certificates on the tokens) and the anchors. Stops at a
     * self-issued certificate or when no issuer is known.
     */
    public List<X509Certificate> chain(X509Certificate leaf, Collection<X509Certificate> pool) {
        List<X509Certificate> candidates = new ArrayList<>(pool);
        candidates.addAll(anchors);
        List<X509Certificate> chain = new ArrayList<>();
        Set<X509Certificate> seen = new HashSet<>();
        seen.add(leaf);
        X509Certificate current = leaf;
        while (chain.size() < MAX_DEPTH && !selfIssued(current)) {
            X509Certificate issuer = findIssuer(current, candidates);
            if (issuer == null || !seen.add(issuer)) {
                break;
            }
            chain.add(issuer);
            current = issuer;
        }
        return chain;
    }

    /**
     * Whether {@code leaf} chains to an anchor and the path validates at {@code when} (PKIX, no
     * revocation check). Where the JDK cannot check the algorithm (bign, GOST), the same checks are
     * made here with {@link Signatures}: every signature verified, every certificate valid at
     * {@code when}, every issuer a CA allowed to sign certificates, path lengths kept. A signature
     * nobody here can check makes the chain untrusted.
     */
    public boolean trusted(X509Certificate leaf, Collection<X509Certificate> pool, Instant when) {
        if (anchors.isEmpty()) {
            return false;
        }
        List<X509Certificate> chain = chain(leaf, pool);
        List<X509Certificate> path = new ArrayList<>();
        path.add(leaf);
        path.addAll(chain);
        X509Certificate top = path.get(path.size() - 1);
        X509Certificate anchor = anchors.contains(top) ? top : findIssuer(top, anchors);
        if (anchor == null) {
            return false;
        }
        List<X509Certificate> certPath = new ArrayList<>(path);
        certPath.remove(anchor);
        try {
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(when));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(certPath), params);
            return true;
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            return false;
        } catch (GeneralSecurityException e) {
            return certPath.isEmpty() || unverifiableAlgorithm(e) && validatedHere(certPath, anchor, when);
        }
    }

    private static boolean unverifiableAlgorithm(GeneralSecurityException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoSuchAlgorithmException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The path (leaf first, anchor excluded) checked with Pechatka's verifiers: each certificate
     * signed by the next (the last by the anchor), valid at {@code when}, issuers are CAs with
     * keyCertSign (when key usage is present) and their path length constraints kept.
     */
    private static boolean validatedHere(List<X509Certificate> path, X509Certificate anchor, Instant when) {
        Date at = Date.from(when);
        for (int i = 0; i < path.size(); i++) {
            X509Certificate c = path.get(i);
            X509Certificate issuer = i + 1 < path.size() ? path.get(i + 1) : anchor;
            try {
                c.checkValidity(at);
            } catch (CertificateException e) {
                return false;
            }
            if (!c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())
                    || !Signatures.verifies(c, issuer)) {
                return false;
            }
            int below = i; // CA certificates between the issuer and the leaf
            if (!canIssue(issuer, below)) {
                return false;
            }
        }
        return true;
    }

    /** A CA certificate allowed to sign certificates, with {@code below} intermediate CAs under it. */
    private static boolean canIssue(X509Certificate issuer, int below) {
        int pathLength = issuer.getBasicConstraints();
        if (pathLength < 0) {
            return false;
        }
        boolean[] usage = issuer.getKeyUsage();
        if (usage != null && (usage.length <= 5 || !usage[5])) {
            return false; // keyCertSign
        }
        return below == 0 || pathLength >= below;
    }

    private static boolean selfIssued(X509Certificate c) {
        return c.getIssuerX500Principal().equals(c.getSubjectX500Principal());
    }

    private static X509Certificate findIssuer(X509Certificate child, Collection<X509Certificate> candidates) {
        X509Certificate byName = null;
        for (X509Certificate c : candidates) {
            if (!c.getSubjectX500Principal().equals(child.getIssuerX500Principal()) || c.equals(child)) {
                continue;
            }
            if (Signatures.verifies(child, c)) {
                return c;
            }
            if (byName == null && !Signatures.canCheck(child, c)) {
                byName = c; // nobody here can check this algorithm: for building a chain to show, the name
                            // will do; trusted() then refuses it (its signature cannot be verified)
            }
        }
        return byName;
    }
}
