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
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
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
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The CA certificates Pechatka trusts, and chains built from a certificate towards them. Roots
 * (trust anchors) and intermediates are kept apart, like the "Trusted Root Certification
 * Authorities" and "Intermediate Certification Authorities" stores people know from Windows: only
 * a root ends a trusted chain; an intermediate only helps to build one. {@link TrustStore} manages
 * the files ({@code dataDir/trust/*.pem} for roots, {@code dataDir/trust/intermediate/} for
 * intermediates) and an administrator's folder; the protocol's {@code chain} and
 * {@code trustedOnly} rest on this class, and {@link #validate} says why a chain is not trusted.
 */
public final class TrustAnchors {

    private static final System.Logger LOG = System.getLogger(TrustAnchors.class.getName());
    private static final int MAX_DEPTH = 10;
    /** The folder under a trust directory that holds the intermediate CA certificates. */
    public static final String INTERMEDIATE_DIR = "intermediate";

    private final List<X509Certificate> anchors;
    private final List<X509Certificate> intermediates;
    private final Revocation revocation;

    /** Roots only, no revocation checks. */
    public TrustAnchors(Collection<X509Certificate> anchors) {
        this(anchors, List.of(), Revocation.NONE);
    }

    /**
     * @param anchors       the roots (trust anchors)
     * @param intermediates CA certificates that may complete a chain but are not trusted by themselves
     * @param revocation    how revocation is checked ({@link Revocation#NONE}: not at all)
     */
    public TrustAnchors(Collection<X509Certificate> anchors, Collection<X509Certificate> intermediates,
            Revocation revocation) {
        this.anchors = List.copyOf(new LinkedHashSet<>(anchors));
        LinkedHashSet<X509Certificate> below = new LinkedHashSet<>(intermediates);
        below.removeAll(this.anchors);
        this.intermediates = List.copyOf(below);
        this.revocation = Objects.requireNonNull(revocation, "revocation");
    }

    /**
     * The certificates (PEM or DER, one or more per file) in {@code dir} as roots, those in
     * {@code dir/intermediate} as intermediates, plus the roots {@code extra}; no revocation checks.
     */
    public static TrustAnchors load(Path dir, Collection<X509Certificate> extra) throws IOException {
        List<X509Certificate> all = new ArrayList<>(extra);
        all.addAll(readDirectory(dir));
        List<X509Certificate> below = dir == null ? List.of() : readDirectory(dir.resolve(INTERMEDIATE_DIR));
        return new TrustAnchors(all, below, Revocation.NONE);
    }

    /** The certificates in the {@code .pem}, {@code .crt} and {@code .cer} files of {@code dir} (not below). */
    static List<X509Certificate> readDirectory(Path dir) throws IOException {
        List<X509Certificate> all = new ArrayList<>();
        for (Path f : certificateFiles(dir)) {
            try {
                all.addAll(readFile(f));
            } catch (CertificateException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping unreadable trust store file {0}", f);
            }
        }
        return all;
    }

    /** The certificate files directly in {@code dir}, sorted; none when it does not exist. */
    static List<Path> certificateFiles(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return Files.isRegularFile(f) && !name.startsWith(".")
                        && (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer"));
            }).sorted().toList();
        }
    }

    static List<X509Certificate> readFile(Path f) throws IOException, CertificateException {
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(f)) {
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        }
        return out;
    }

    /** Reads one certificate (PEM or DER). */
    public static X509Certificate read(byte[] encoded) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(encoded));
    }

    /** The roots. */
    public List<X509Certificate> anchors() {
        return anchors;
    }

    /** The intermediate CA certificates (never anchors by themselves). */
    public List<X509Certificate> intermediates() {
        return intermediates;
    }

    /** The same certificates, with revocation checked by {@code revocation}. */
    public TrustAnchors withRevocation(Revocation revocation) {
        return new TrustAnchors(anchors, intermediates, revocation);
    }

    /**
     * The certificates that lead from {@code leaf} to a root, nearest first, leaf excluded, taken
     * from {@code pool} (e.g. the CA certificates on the tokens), the intermediates and the anchors.
     * Stops at a self-issued certificate or when no issuer is known.
     */
    public List<X509Certificate> chain(X509Certificate leaf, Collection<X509Certificate> pool) {
        List<X509Certificate> candidates = new ArrayList<>(pool);
        candidates.addAll(intermediates);
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
     * Whether {@code leaf} chains to an anchor and the path validates at {@code when}: the status of
     * {@link #validate} is {@link ChainValidation.Status#VALID} (revocation as configured).
     */
    public boolean trusted(X509Certificate leaf, Collection<X509Certificate> pool, Instant when) {
        return validate(leaf, pool, when, ChainValidation.Use.ANY).trusted();
    }

    /**
     * Builds the chain of {@code leaf} and checks it at {@code when}: a root from the trust store at
     * its end, every certificate valid, every signature verified, every issuer a CA (basic
     * constraints) allowed to sign certificates (keyCertSign where key usage is present) with its
     * path length kept, the leaf's key usage fit for {@code use}, then the JDK's PKIX validation
     * where the JDK knows the algorithms (RSA, EC; bign and GOST are checked here with
     * {@link Signatures} only), then revocation. The first problem found is the status.
     */
    public ChainValidation validate(X509Certificate leaf, Collection<X509Certificate> pool, Instant when,
            ChainValidation.Use use) {
        List<X509Certificate> path = new ArrayList<>();
        path.add(leaf);
        path.addAll(chain(leaf, pool));
        for (int i = 0; i < path.size(); i++) {
            if (anchors.contains(path.get(i))) { // the first trusted certificate ends the chain
                path.subList(i + 1, path.size()).clear();
                break;
            }
        }
        X509Certificate top = path.get(path.size() - 1);
        X509Certificate anchor = anchors.contains(top) ? top : findIssuer(top, anchors);
        if (anchor == null) {
            if (selfIssued(top)) {
                return result(ChainValidation.Status.UNTRUSTED_ROOT, path, top,
                        "the root " + top.getSubjectX500Principal() + " is not in the trust store");
            }
            return result(ChainValidation.Status.BROKEN_CHAIN, path, top,
                    "the issuer " + top.getIssuerX500Principal() + " of " + top.getSubjectX500Principal()
                            + " is not known (a missing intermediate certificate?)");
        }
        if (!path.contains(anchor)) {
            path.add(anchor);
        }
        Date at = Date.from(when);
        for (X509Certificate c : path) {
            try {
                c.checkValidity(at);
            } catch (CertificateExpiredException e) {
                return result(ChainValidation.Status.EXPIRED, path, c,
                        c.getSubjectX500Principal() + " expired on " + c.getNotAfter().toInstant());
            } catch (CertificateNotYetValidException e) {
                return result(ChainValidation.Status.NOT_YET_VALID, path, c,
                        c.getSubjectX500Principal() + " is valid only from " + c.getNotBefore().toInstant());
            }
        }
        List<X509Certificate> certPath = path.subList(0, path.size() - 1);
        for (int i = 0; i < certPath.size(); i++) {
            X509Certificate c = certPath.get(i);
            X509Certificate issuer = path.get(i + 1);
            String problem = issuerProblem(c, issuer, i);
            if (problem != null) {
                return result(ChainValidation.Status.BROKEN_CHAIN, path, c, problem);
            }
        }
        if (!usableFor(leaf, use)) {
            return result(ChainValidation.Status.WRONG_USAGE, path, leaf,
                    "the key usage of " + leaf.getSubjectX500Principal() + " does not allow " + use);
        }
        String pkix = jdkPkixProblem(certPath, anchor, at);
        if (pkix != null) {
            return result(ChainValidation.Status.BROKEN_CHAIN, path, leaf, pkix);
        }
        String unknown = null;
        for (int i = 0; i < certPath.size(); i++) {
            X509Certificate c = certPath.get(i);
            Revocation.Answer answer = revocation.check(c, path.get(i + 1), when);
            switch (answer.state()) {
                case REVOKED -> {
                    return result(ChainValidation.Status.REVOKED, path, c,
                            c.getSubjectX500Principal() + " is revoked: " + answer.detail());
                }
                case UNKNOWN -> unknown = unknown != null ? unknown
                        : "revocation of " + c.getSubjectX500Principal() + " unknown: " + answer.detail();
                case GOOD, NOT_CHECKED -> { }
            }
        }
        if (unknown != null) {
            return result(ChainValidation.Status.UNKNOWN_REVOCATION, path, leaf, unknown);
        }
        return result(ChainValidation.Status.VALID, path, leaf, "chains to " + anchor.getSubjectX500Principal());
    }

    private static ChainValidation result(ChainValidation.Status status, List<X509Certificate> path,
            X509Certificate subject, String detail) {
        return new ChainValidation(status, path, subject, detail);
    }

    /**
     * Why {@code issuer} could not have issued {@code c}, or null: names, the signature (checked
     * with {@link Signatures}, so bign and GOST too), basic constraints, keyCertSign and the path
     * length ({@code below}: CA certificates between the issuer and the leaf).
     */
    private static String issuerProblem(X509Certificate c, X509Certificate issuer, int below) {
        String who = c.getSubjectX500Principal().toString();
        if (!c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return "the issuer name of " + who + " does not match " + issuer.getSubjectX500Principal();
        }
        if (!Signatures.canCheck(c, issuer)) {
            return "the signature algorithm of " + who + " (" + c.getSigAlgOID() + ") cannot be checked here";
        }
        if (!Signatures.verifies(c, issuer)) {
            return "the signature of " + who + " does not verify with the key of " + issuer.getSubjectX500Principal();
        }
        int pathLength = issuer.getBasicConstraints();
        if (pathLength < 0) {
            return issuer.getSubjectX500Principal() + " is not a CA (basic constraints)";
        }
        boolean[] usage = issuer.getKeyUsage();
        if (usage != null && (usage.length <= 5 || !usage[5])) {
            return issuer.getSubjectX500Principal() + " may not sign certificates (key usage without keyCertSign)";
        }
        if (below > 0 && pathLength < below) {
            return issuer.getSubjectX500Principal() + " allows " + pathLength + " CA certificate(s) below it, the"
                    + " chain has " + below + " (path length)";
        }
        return null;
    }

    /** Whether the leaf's key usage (when present) allows {@code use}. */
    private static boolean usableFor(X509Certificate leaf, ChainValidation.Use use) {
        boolean[] ku = leaf.getKeyUsage();
        if (ku == null || use == ChainValidation.Use.ANY) {
            return true;
        }
        boolean digitalSignature = ku.length > 0 && ku[0];
        boolean nonRepudiation = ku.length > 1 && ku[1];
        return switch (use) {
            case AUTH -> digitalSignature;
            case SIGN -> digitalSignature || nonRepudiation;
            case ANY -> true;
        };
    }

    /**
     * The JDK's own PKIX validation (no revocation) as a second opinion where it knows the
     * algorithms: it also refuses unknown critical extensions and names outside name constraints.
     * Returns the problem, or null when it passes or cannot judge (bign, GOST).
     */
    private static String jdkPkixProblem(List<X509Certificate> certPath, X509Certificate anchor, Date at) {
        if (certPath.isEmpty()) {
            return null;
        }
        try {
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            params.setRevocationEnabled(false);
            params.setDate(at);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(certPath), params);
            return null;
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            return "PKIX: " + e.getMessage();
        } catch (GeneralSecurityException e) {
            return unverifiableAlgorithm(e) ? null : "PKIX: " + e.getMessage();
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
