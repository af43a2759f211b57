package org.pechatka.cert;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.pechatka.platform.AtomicFiles;

/**
 * Pechatka's own trust store: CA certificates kept apart as roots (trust anchors) and
 * intermediates, in the user's data directory and in a read-only folder an administrator ships.
 * Both folders have one layout, which {@link TrustAnchors#load} has always read for the roots:
 *
 * <pre>
 * trust/                  roots: *.pem, *.crt, *.cer (PEM or DER, one or more certificates each)
 * trust/intermediate/     intermediate CA certificates, same formats
 * trust/crl/              certificate revocation lists: *.crl, *.pem (DER or PEM)
 * trust/crl-urls.txt      CRL distribution point URL prefixes that may be fetched, one a line
 * </pre>
 *
 * Certificates added here are written one per file, {@code <certId>.pem} (certId: the lowercase hex
 * SHA-256 of the DER, as in the protocol), atomically and never over an existing file. A file with
 * anything unreadable is refused whole and nothing is written.
 */
public final class TrustStore {

    /** Where the CA certificates of a file go. */
    public enum Kind {
        /** Self-signed: a trust anchor ("Trusted Root Certification Authorities"). */
        ROOT,
        /** Issued by another CA: completes chains but ends none ("Intermediate Certification Authorities"). */
        INTERMEDIATE
    }

    /** Who put a certificate in the store. */
    public enum Source {
        /** The user (or a script) through Pechatka: may be removed. */
        USER,
        /** The administrator's folder: read-only for Pechatka. */
        ADMIN
    }

    /** One certificate in the store. */
    public record Entry(String certId, Kind kind, Source source, X509Certificate certificate, Path file) {}

    /**
     * What adding a file did.
     *
     * @param added          certificates written now
     * @param alreadyPresent CA certificates the store held already (nothing written for them)
     * @param skipped        certificates of the file that are not CA certificates (a person's own)
     */
    public record Added(List<Entry> added, List<Entry> alreadyPresent, List<X509Certificate> skipped) {}

    /** A file that cannot be added; nothing was written. The message says why, in English. */
    public static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        public RefusedException(String message) {
            super(message);
        }
    }

    static final String CRL_DIR = "crl";
    static final String CRL_URLS_FILE = "crl-urls.txt";

    private static final System.Logger LOG = System.getLogger(TrustStore.class.getName());

    private final Path userDir;
    private final Path adminDir;
    /** CA certificate files the admin policy names ({@code trustedCertificates}): read where they are. */
    private final List<Path> adminFiles;

    /**
     * @param userDir  the user's trust folder ({@code dataDir/trust}); created when something is added
     * @param adminDir the administrator's folder, or null for none; only read
     */
    public TrustStore(Path userDir, Path adminDir) {
        this(userDir, adminDir, List.of());
    }

    private TrustStore(Path userDir, Path adminDir, List<Path> adminFiles) {
        this.userDir = Objects.requireNonNull(userDir, "userDir");
        this.adminDir = adminDir;
        this.adminFiles = List.copyOf(adminFiles);
    }

    /**
     * This store with the administrator's certificate files of the admin policy: read in place (not
     * copied), listed as {@link Source#ADMIN} entries after the admin folder's, so the user cannot
     * remove them; a self-signed certificate is a root, another CA certificate an intermediate, and a
     * certificate that is not a CA is not used. A file that cannot be read is skipped with a warning
     * in the log (its certificates are then simply not trusted: the safe side).
     */
    public TrustStore withAdminFiles(List<Path> files) {
        return new TrustStore(userDir, adminDir, files);
    }

    /** The store of a data directory ({@code dataDir/trust}) with the administrator's folder. */
    public static TrustStore forDataDir(Path dataDir, Path adminDir) {
        return new TrustStore(dataDir.resolve("trust"), adminDir);
    }

    public Path userDir() {
        return userDir;
    }

    public Path adminDir() {
        return adminDir;
    }

    /** Every certificate in the store: the administrator's first, then the user's; roots before intermediates. */
    public List<Entry> list() throws IOException {
        Map<String, Entry> all = new LinkedHashMap<>();
        if (adminDir != null) {
            read(adminDir, Source.ADMIN, all);
        }
        for (Path f : adminFiles) {
            readAdminFile(f, all);
        }
        read(userDir, Source.USER, all);
        return List.copyOf(all.values());
    }

    private static void read(Path dir, Source source, Map<String, Entry> into) throws IOException {
        for (Kind kind : Kind.values()) {
            Path folder = kind == Kind.ROOT ? dir : dir.resolve(TrustAnchors.INTERMEDIATE_DIR);
            for (Path f : TrustAnchors.certificateFiles(folder)) {
                try {
                    for (X509Certificate c : TrustAnchors.readFile(f)) {
                        into.putIfAbsent(certId(c), new Entry(certId(c), kind, source, c, f));
                    }
                } catch (CertificateException e) {
                    LOG.log(System.Logger.Level.WARNING, "skipping unreadable trust store file {0}", f);
                }
            }
        }
    }

    private static void readAdminFile(Path f, Map<String, Entry> into) {
        try {
            for (X509Certificate c : TrustAnchors.readFile(f)) {
                if (c.getBasicConstraints() < 0) {
                    LOG.log(System.Logger.Level.WARNING, "{0} of the admin policy holds a certificate that is not"
                            + " a CA; not used", f);
                    continue;
                }
                into.putIfAbsent(certId(c), new Entry(certId(c), selfSigned(c) ? Kind.ROOT : Kind.INTERMEDIATE,
                        Source.ADMIN, c, f));
            }
        } catch (CertificateException | IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "skipping the admin policy''s certificate file {0}: {1}", f,
                    e.getMessage());
        }
    }

    /**
     * Adds the CA certificates of a file (one DER or PEM certificate, several PEM certificates, or a
     * PKCS#7 bundle, DER or PEM): self-signed ones as roots, the others as intermediates. Certificates
     * already in the store are reported, not written again; certificates that are not CAs are
     * skipped. Refused whole, nothing written, when any part of the file cannot be read or when it
     * holds no CA certificate.
     */
    public Added add(byte[] file) throws RefusedException, IOException {
        List<X509Certificate> certificates = parse(file);
        Map<String, Entry> present = new LinkedHashMap<>();
        for (Entry e : list()) {
            present.put(e.certId(), e);
        }
        List<Entry> toWrite = new ArrayList<>();
        List<Entry> already = new ArrayList<>();
        List<X509Certificate> skipped = new ArrayList<>();
        for (X509Certificate c : certificates) {
            String id = certId(c);
            if (c.getBasicConstraints() < 0) {
                skipped.add(c);
            } else if (present.containsKey(id)) {
                already.add(present.get(id));
            } else if (toWrite.stream().noneMatch(e -> e.certId().equals(id))) {
                Kind kind = selfSigned(c) ? Kind.ROOT : Kind.INTERMEDIATE;
                Path folder = kind == Kind.ROOT ? userDir : userDir.resolve(TrustAnchors.INTERMEDIATE_DIR);
                toWrite.add(new Entry(id, kind, Source.USER, c, folder.resolve(id + ".pem")));
            }
        }
        if (toWrite.isEmpty() && already.isEmpty()) {
            throw new RefusedException("the file holds no CA certificate (only certificates of people or"
                    + " services, which a trust store does not need)");
        }
        List<Entry> written = new ArrayList<>();
        try {
            for (Entry e : toWrite) {
                Files.createDirectories(e.file().getParent());
                AtomicFiles.writeNew(e.file(), pem(e.certificate()), false);
                written.add(e);
            }
        } catch (IOException | RuntimeException failed) {
            for (Entry e : written) { // all or nothing: take back what this call wrote
                try {
                    Files.deleteIfExists(e.file());
                } catch (IOException ignored) {
                    failed.addSuppressed(ignored);
                }
            }
            if (failed instanceof FileAlreadyExistsException) {
                throw new IOException("a file appeared in the trust store while adding: " + failed.getMessage(),
                        failed);
            }
            throw failed;
        }
        return new Added(List.copyOf(written), List.copyOf(already), List.copyOf(skipped));
    }

    /**
     * Removes the user's certificate with this certId (or an unambiguous beginning of it, at least 8
     * characters). Certificates from the administrator's folder cannot be removed here.
     */
    public Entry remove(String certIdOrPrefix) throws RefusedException, IOException {
        String wanted = certIdOrPrefix.strip().toLowerCase(Locale.ROOT).replace(":", "");
        if (wanted.length() < 8) {
            throw new RefusedException("give the certificate's id (at least its first 8 characters), as"
                    + " 'pechatka truststore list' shows it");
        }
        List<Entry> matches = list().stream().filter(e -> e.certId().startsWith(wanted)).toList();
        if (matches.isEmpty()) {
            throw new RefusedException("no certificate with id " + certIdOrPrefix + " is in the trust store");
        }
        if (matches.size() > 1) {
            throw new RefusedException("more than one certificate has an id beginning with " + certIdOrPrefix
                    + ": give more of it");
        }
        Entry e = matches.get(0);
        if (e.source() == Source.ADMIN) {
            throw new RefusedException("this certificate was installed by the administrator (" + e.file()
                    + ") and cannot be removed here");
        }
        List<X509Certificate> inFile;
        try {
            inFile = TrustAnchors.readFile(e.file());
        } catch (CertificateException ex) {
            throw new IOException("cannot read " + e.file(), ex);
        }
        if (inFile.size() > 1) {
            throw new RefusedException(e.file() + " holds " + inFile.size() + " certificates; remove or edit"
                    + " that file to take this one out");
        }
        Files.delete(e.file());
        return e;
    }

    /** The CRLs in the administrator's and the user's {@code crl} folders (unreadable files skipped). */
    public List<X509CRL> crls() throws IOException {
        List<X509CRL> out = new ArrayList<>();
        for (Path dir : dirs()) {
            Path folder = dir.resolve(CRL_DIR);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.sorted().toList()) {
                    String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
                    if (!Files.isRegularFile(f) || !(name.endsWith(".crl") || name.endsWith(".pem"))) {
                        continue;
                    }
                    try {
                        out.add(CrlRevocation.readCrl(Files.readAllBytes(f)));
                    } catch (CRLException e) {
                        LOG.log(System.Logger.Level.WARNING, "skipping unreadable CRL file {0}", f);
                    }
                }
            }
        }
        return out;
    }

    /**
     * The CRL distribution point URL prefixes that may be fetched: the lines of
     * {@code crl-urls.txt} in the administrator's and the user's folders ({@code #} starts a comment).
     */
    public List<String> crlUrlPrefixes() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path dir : dirs()) {
            Path f = dir.resolve(CRL_URLS_FILE);
            if (!Files.isRegularFile(f)) {
                continue;
            }
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                String url = line.replaceFirst("#.*", "").strip();
                if (!url.isEmpty() && !out.contains(url)) {
                    out.add(url);
                }
            }
        }
        return out;
    }

    /**
     * The trust anchors for validation: the store's roots plus {@code extraRoots} (e.g. the demo
     * CA), its intermediates, and revocation by the stored CRLs and the allowed URLs
     * ({@code crlTimeout} per fetch).
     */
    public TrustAnchors anchors(Collection<X509Certificate> extraRoots, Duration crlTimeout, Clock clock)
            throws IOException {
        List<X509Certificate> roots = new ArrayList<>(extraRoots);
        List<X509Certificate> intermediates = new ArrayList<>();
        for (Entry e : list()) {
            (e.kind() == Kind.ROOT ? roots : intermediates).add(e.certificate());
        }
        List<X509CRL> crls = crls();
        List<String> urls = crlUrlPrefixes();
        Revocation revocation = crls.isEmpty() && urls.isEmpty() ? Revocation.NONE
                : new CrlRevocation(crls, urls, crlTimeout, clock);
        return new TrustAnchors(roots, intermediates, revocation);
    }

    /** The folders whose files make up the store (administrator's first; each with its subfolders). */
    List<Path> folders() {
        return dirs();
    }

    /** The admin policy's certificate files, read in place. */
    List<Path> adminFiles() {
        return adminFiles;
    }

    private List<Path> dirs() {
        return adminDir == null ? List.of(userDir) : List.of(adminDir, userDir);
    }

    /** Every certificate of a DER/PEM certificate or PKCS#7 file; refused when anything is unreadable. */
    static List<X509Certificate> parse(byte[] file) throws RefusedException {
        if (file.length == 0) {
            throw new RefusedException("the file is empty");
        }
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = new ByteArrayInputStream(file)) {
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        } catch (CertificateException | IOException | RuntimeException e) {
            throw new RefusedException("the file is not a certificate (DER or PEM) or a PKCS#7 certificate"
                    + " bundle, or part of it is damaged: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new RefusedException("the file holds no certificate");
        }
        if (pemBlocks(file) > out.size()) {
            throw new RefusedException("the file has " + pemBlocks(file) + " PEM blocks but only " + out.size()
                    + " could be read as certificates");
        }
        return out;
    }

    private static int pemBlocks(byte[] file) {
        String text = new String(file, StandardCharsets.ISO_8859_1);
        int n = 0;
        for (int i = text.indexOf("-----BEGIN "); i >= 0; i = text.indexOf("-----BEGIN ", i + 1)) {
            if (!text.startsWith("-----BEGIN PKCS7", i)) {
                n++;
            }
        }
        return n;
    }

    static boolean selfSigned(X509Certificate c) {
        return c.getIssuerX500Principal().equals(c.getSubjectX500Principal()) && Signatures.verifies(c, c);
    }

    /** Lowercase hex SHA-256 of the DER: the same id the protocol gives certificates. */
    public static String certId(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] pem(X509Certificate c) throws IOException {
        try {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(c.getEncoded());
            return ("-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n")
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (CertificateEncodingException e) {
            throw new IOException(e);
        }
    }
}
