package org.pechatka.server.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.util.io.pem.PemObject;
import org.pechatka.cert.CertificateIssuer;
import org.pechatka.cert.DistinguishedNames;
import org.pechatka.platform.AtomicFiles;
import org.pechatka.platform.Os;

/**
 * The TLS material of one installation, kept in {@code <dataDir>/tls/} (directory 0700, files 0600):
 *
 * <ul>
 *   <li>{@code ca-key.pem} — the local CA's private key (PKCS#8) followed by its certificate. Created
 *       once and never overwritten: the user's browsers trust this CA.</li>
 *   <li>{@code ca.pem} — the CA certificate alone, the file the trust stores import. Written again
 *       from {@code ca-key.pem} when missing.</li>
 *   <li>{@code server.pem} — the server's private key (PKCS#8), its certificate and the CA
 *       certificate. Reissued by the CA whenever needed, replaced atomically in one file.</li>
 * </ul>
 *
 * <p>The CA (EC P-256, 10 years, {@link #caSubject subject} unique per installation) is
 * {@code CA:TRUE, pathlen:0}, keyCertSign + cRLSign, and
 * name-constrained (critical) to IP 127.0.0.1/32, IP ::1/128 and DNS localhost, so even its key
 * could not vouch for any other site. The server certificate (EC P-256, 397 days, CN localhost)
 * names IP 127.0.0.1, IP ::1 and DNS localhost, EKU serverAuth, keyUsage digitalSignature. It is
 * reissued when it expires within 30 days, is not yet valid, was not issued by this CA, does not
 * match its key or names other than those; the CA stays, so the user never has to trust anything
 * again. Damaged CA files are never replaced: loading fails with an {@link IOException} naming the
 * file.
 */
public final class LocalTls {

    /** The subdirectory of the data directory. */
    public static final String DIRECTORY = "tls";
    static final String CA_CERT_FILE = "ca.pem";
    static final String CA_KEY_FILE = "ca-key.pem";
    static final String SERVER_FILE = "server.pem";
    /** The alias of the server key in {@link #keyStore}. */
    public static final String KEY_ALIAS = "pechatka-localhost";
    /** How {@link #keyStore} wraps the server key (the JDK's PKCS#12 default algorithm). */
    private static final String IN_MEMORY_KEY_PROTECTION = "PBEWithHmacSHA256AndAES_256";

    static final int CA_VALIDITY_YEARS = 10;
    static final Duration LEAF_VALIDITY = Duration.ofDays(397);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    /** Certificates start a little in the past, so a clock slightly behind does not reject them. */
    static final Duration CA_BACKDATE = Duration.ofDays(1);
    static final Duration LEAF_BACKDATE = Duration.ofHours(1);
    static final List<String> IP_ADDRESSES = List.of("127.0.0.1", "::1");
    static final String DNS_NAME = "localhost";

    private static final System.Logger LOG = System.getLogger(LocalTls.class.getName());
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final int COMMON_NAME_MAX = 64; // ub-common-name, RFC 5280

    private final Path directory;
    private final X509Certificate ca;
    private final PrivateKey caKey;
    private final X509Certificate leaf;
    private final PrivateKey leafKey;
    private final boolean caCreated;
    private final boolean renewed;

    private LocalTls(Path directory, X509Certificate ca, PrivateKey caKey, X509Certificate leaf, PrivateKey leafKey,
            boolean caCreated, boolean renewed) {
        this.directory = directory;
        this.ca = ca;
        this.caKey = caKey;
        this.leaf = leaf;
        this.leafKey = leafKey;
        this.caCreated = caCreated;
        this.renewed = renewed;
    }

    /**
     * Loads the TLS material of the installation whose data directory is {@code dataDir}, creating
     * the CA at first start and (re)issuing the server certificate when needed.
     *
     * @param clock the time used to decide validity and renewal (tests move it)
     * @throws IOException when a CA file is missing, unreadable or damaged (the message names the
     *                     file; nothing is overwritten), when the CA has expired, or on a write error
     */
    public static LocalTls loadOrCreate(Path dataDir, Clock clock) throws IOException {
        Objects.requireNonNull(dataDir, "dataDir");
        Instant now = clock.instant();
        AtomicFiles.ownerOnlyDirectory(dataDir);
        Path dir = AtomicFiles.ownerOnlyDirectory(dataDir.resolve(DIRECTORY));
        tighten(dir, OWNER_ONLY_DIR);

        boolean caCreated = false;
        CaFiles caFiles = loadCa(dir);
        if (caFiles == null) {
            try {
                caFiles = createCa(dir, now);
                caCreated = true;
            } catch (FileAlreadyExistsException raced) {
                // another Pechatka process created the CA at the same moment: use that one
                caFiles = loadCa(dir);
                if (caFiles == null) {
                    throw raced;
                }
            }
        }
        if (!now.isBefore(caFiles.certificate().getNotAfter().toInstant())) {
            throw new IOException("the local CA in " + dir.resolve(CA_KEY_FILE) + " expired on "
                    + caFiles.certificate().getNotAfter().toInstant() + ". Remove it from your browsers"
                    + " (pechatka trust remove), delete " + dir + ", start Pechatka again and run"
                    + " pechatka trust install");
        }

        Path serverFile = dir.resolve(SERVER_FILE);
        ServerFiles server = loadServer(serverFile, caFiles.certificate(), now);
        boolean renewed = false;
        if (server == null) {
            server = issueServer(serverFile, caFiles, now);
            renewed = true;
            LOG.log(System.Logger.Level.INFO, "issued a new local TLS server certificate, valid until {0}",
                    server.certificate().getNotAfter().toInstant());
        } else {
            tighten(serverFile, OWNER_ONLY_FILE);
        }
        return new LocalTls(dir, caFiles.certificate(), caFiles.key(), server.certificate(), server.key(), caCreated,
                renewed);
    }

    /** The directory holding the files ({@code <dataDir>/tls}). */
    public Path directory() {
        return directory;
    }

    /** The local CA certificate. */
    public X509Certificate caCertificate() {
        return ca;
    }

    /** The CA certificate as PEM, the file trust stores import. */
    public Path caCertificateFile() {
        return directory.resolve(CA_CERT_FILE);
    }

    /** The server ("leaf") certificate. */
    public X509Certificate leafCertificate() {
        return leaf;
    }

    /** The server's private key. */
    public PrivateKey leafKey() {
        return leafKey;
    }

    /** The CA's private key; for tests in this package only. */
    PrivateKey caKey() {
        return caKey;
    }

    /** Whether this load created the CA (the user has not trusted it anywhere yet). */
    public boolean caCreated() {
        return caCreated;
    }

    /** Whether this load created or renewed the server certificate. */
    public boolean renewed() {
        return renewed;
    }

    /**
     * A new in-memory PKCS#12 key store holding the server key under {@link #KEY_ALIAS} with the
     * chain [server certificate, CA certificate], protected by {@code password} (for Jetty's
     * {@code SslContextFactory.Server.setKeyStore} with the same key store and key password).
     *
     * <p>The key is wrapped with a single PBKDF2 iteration: the store never leaves memory and its
     * password is random per run, so the JDK's default of 10,000 iterations protects nothing here,
     * while costing every start 0.1 to 0.5 s of hashing (once to wrap, once for Jetty to unwrap)
     * before the JIT has compiled SHA-256.
     */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            byte[] salt = new byte[16];
            new java.security.SecureRandom().nextBytes(salt);
            ks.setEntry(KEY_ALIAS, new KeyStore.PrivateKeyEntry(leafKey, new Certificate[] {leaf, ca}),
                    new KeyStore.PasswordProtection(password, IN_MEMORY_KEY_PROTECTION,
                            new javax.crypto.spec.PBEParameterSpec(salt, 1)));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JDK cannot make an in-memory PKCS#12 key store", e);
        }
    }

    /**
     * Base64 of the SHA-256 of the server certificate's SubjectPublicKeyInfo: the value of
     * Chromium's {@code --ignore-certificate-errors-spki-list} (tests).
     */
    public String leafSpkiSha256Base64() {
        return Base64.getEncoder().encodeToString(sha256(leaf.getPublicKey().getEncoded()));
    }

    /** Lowercase hex SHA-256 of the CA's SubjectPublicKeyInfo (identifies this installation's CA). */
    public String caSpkiSha256Hex() {
        return spkiSha256Hex(ca);
    }

    static String spkiSha256Hex(X509Certificate certificate) {
        return HexFormat.of().formatHex(sha256(certificate.getPublicKey().getEncoded()));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    // ---- the CA -------------------------------------------------------------------------------

    private record CaFiles(X509Certificate certificate, PrivateKey key) {}

    private record ServerFiles(X509Certificate certificate, PrivateKey key) {}

    /** The CA from disk; null when there is none yet. */
    private static CaFiles loadCa(Path dir) throws IOException {
        Path keyFile = dir.resolve(CA_KEY_FILE);
        Path certFile = dir.resolve(CA_CERT_FILE);
        if (!Files.exists(keyFile)) {
            if (Files.exists(certFile)) {
                throw new IOException("the local CA key " + keyFile + " is missing, but its certificate " + certFile
                        + " is there. Without the key the server certificate cannot be renewed. Restore " + keyFile
                        + " from a backup, or delete " + dir + " to make a new CA and run pechatka trust install"
                        + " again (your browsers may still list the old one: remove it in their certificate settings)");
            }
            return null;
        }
        CaFiles ca = readCaKeyFile(keyFile, dir);
        tighten(keyFile, OWNER_ONLY_FILE);
        if (Files.exists(certFile)) {
            checkCaCertificateFile(certFile, ca.certificate(), keyFile);
            tighten(certFile, OWNER_ONLY_FILE);
        } else {
            writeCaCertificateFile(certFile, ca.certificate());
        }
        return ca;
    }

    private static CaFiles readCaKeyFile(Path keyFile, Path dir) throws IOException {
        String damaged = "the local CA key file " + keyFile + " is unreadable or damaged";
        String keep = ". It was left as it is, because your browsers may trust this CA. Restore it from a backup,"
                + " or delete " + dir + " to make a new CA and run pechatka trust install again";
        byte[] content;
        try {
            content = Files.readAllBytes(keyFile);
        } catch (IOException e) {
            throw new IOException("cannot read the local CA key file " + keyFile + ": " + e, e);
        }
        try {
            List<PemObject> blocks = Pem.read(content);
            List<byte[]> keys = ofType(blocks, Pem.PRIVATE_KEY);
            List<byte[]> certs = ofType(blocks, Pem.CERTIFICATE);
            if (keys.size() != 1 || certs.size() != 1 || blocks.size() != 2) {
                throw new IOException("expected one private key and one certificate, found " + keys.size() + " and "
                        + certs.size());
            }
            PrivateKey key = Pem.parseEcPrivateKey(keys.getFirst());
            X509Certificate cert = Pem.parseCertificate(certs.getFirst());
            if (cert.getBasicConstraints() < 0) {
                throw new IOException("the certificate is not a CA certificate");
            }
            if (!matches(key, cert.getPublicKey())) {
                throw new IOException("the private key does not belong to the certificate");
            }
            return new CaFiles(cert, key);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IOException(damaged + " (" + e.getMessage() + ")" + keep, e);
        }
    }

    private static void checkCaCertificateFile(Path certFile, X509Certificate expected, Path keyFile)
            throws IOException {
        String problem;
        try {
            List<PemObject> blocks = Pem.read(Files.readAllBytes(certFile));
            if (blocks.size() != 1 || !Pem.CERTIFICATE.equals(blocks.getFirst().getType())) {
                problem = "it does not hold exactly one certificate";
            } else if (!Arrays.equals(blocks.getFirst().getContent(), expected.getEncoded())) {
                problem = "it is not the certificate of the CA key in " + keyFile;
            } else {
                return;
            }
        } catch (IOException | CertificateException e) {
            problem = e.getMessage();
        }
        throw new IOException("the local CA certificate file " + certFile + " is unreadable or damaged (" + problem
                + "). It was left as it is; delete it and Pechatka writes it again from " + keyFile);
    }

    private static void writeCaCertificateFile(Path certFile, X509Certificate ca) throws IOException {
        try {
            AtomicFiles.writeNew(certFile, Pem.certificate(ca).getBytes(StandardCharsets.US_ASCII), true);
        } catch (CertificateException e) {
            throw new IOException("cannot encode the local CA certificate", e);
        } catch (FileAlreadyExistsException raced) {
            checkCaCertificateFile(certFile, ca, certFile.resolveSibling(CA_KEY_FILE));
        }
    }

    private static CaFiles createCa(Path dir, Instant now) throws IOException {
        try {
            KeyPair pair = newP256KeyPair();
            Instant notBefore = now.minus(CA_BACKDATE);
            Instant notAfter = notBefore.atOffset(ZoneOffset.UTC).plusYears(CA_VALIDITY_YEARS).toInstant();
            X509Certificate cert = Pem.parseCertificate(CertificateIssuer.builder()
                    .withSubject(caSubject(pair.getPublic()))
                    .withPublicKey(pair.getPublic())
                    .withSelfSigned(pair.getPrivate())
                    .withValidity(notBefore, notAfter)
                    .withCa(0)
                    .withKeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                    .withPermittedIpRanges("127.0.0.1/32", "::1/128")
                    .withPermittedDnsNames(DNS_NAME)
                    .issue()
                    .getEncoded());
            String keyFile = Pem.privateKey(pair.getPrivate()) + Pem.certificate(cert);
            // the key file is the CA: written once, never over an existing one
            AtomicFiles.writeNew(dir.resolve(CA_KEY_FILE), keyFile.getBytes(StandardCharsets.US_ASCII), true);
            writeCaCertificateFile(dir.resolve(CA_CERT_FILE), cert);
            LOG.log(System.Logger.Level.INFO, "created the local CA {0} in {1}",
                    spkiSha256Hex(cert).substring(0, 16), dir);
            return new CaFiles(cert, pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot create the local CA", e);
        }
    }

    /**
     * {@code CN=Pechatka local CA (user@host), serialNumber=<16 hex digits of the SHA-256 of the CA key>}.
     * The common name tells a person whose CA it is, nothing more; the serialNumber attribute makes
     * the name unique per installation, because NSS files certificates by subject name: two CAs
     * with one name (an old installation still trusted) would be confused under one nickname.
     */
    static X500Name caSubject(PublicKey caKey) {
        String id = HexFormat.of().formatHex(sha256(caKey.getEncoded())).substring(0, 16);
        return DistinguishedNames.builder().commonName(caCommonName()).serialNumber(id).build();
    }

    /** "Pechatka local CA (user@host)", at most 64 characters. */
    static String caCommonName() {
        String cn = "Pechatka local CA (" + System.getProperty("user.name", "user") + "@" + hostName() + ")";
        return cn.length() <= COMMON_NAME_MAX ? cn : cn.substring(0, COMMON_NAME_MAX - 2) + "…)";
    }

    private static String hostName() {
        List<String> candidates = new ArrayList<>();
        if (Os.current() == Os.WINDOWS) {
            candidates.add(System.getenv("COMPUTERNAME"));
        } else {
            for (String file : List.of("/proc/sys/kernel/hostname", "/etc/hostname")) {
                try {
                    candidates.add(Files.readString(Path.of(file)));
                } catch (IOException | RuntimeException e) {
                    // try the next source
                }
            }
        }
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                return c.strip();
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    // ---- the server certificate -----------------------------------------------------------------

    /** The server key and certificate from disk if they are usable now; null when a new one is due. */
    private static ServerFiles loadServer(Path file, X509Certificate ca, Instant now) throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        String why;
        try {
            List<PemObject> blocks = Pem.read(content);
            List<byte[]> keys = ofType(blocks, Pem.PRIVATE_KEY);
            List<byte[]> certs = ofType(blocks, Pem.CERTIFICATE);
            if (keys.size() != 1 || certs.isEmpty()) {
                why = "it does not hold one key and its certificate";
            } else {
                PrivateKey key = Pem.parseEcPrivateKey(keys.getFirst());
                X509Certificate cert = Pem.parseCertificate(certs.getFirst());
                why = unusable(cert, key, ca, now);
                if (why == null) {
                    return new ServerFiles(cert, key);
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            why = "it is damaged (" + e.getMessage() + ")";
        }
        LOG.log(System.Logger.Level.INFO, "the local TLS server certificate in {0} is renewed: {1}", file, why);
        return null;
    }

    /** Why a server certificate must be reissued; null when it can be used. */
    static String unusable(X509Certificate cert, PrivateKey key, X509Certificate ca, Instant now) {
        if (!cert.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return "it was not issued by this installation's CA";
        }
        try {
            cert.verify(ca.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            return "it was not signed by this installation's CA";
        }
        if (!matches(key, cert.getPublicKey())) {
            return "its private key does not match";
        }
        if (now.isBefore(cert.getNotBefore().toInstant())) {
            return "it is not valid before " + cert.getNotBefore().toInstant();
        }
        if (!now.isBefore(cert.getNotAfter().toInstant().minus(RENEW_BEFORE))) {
            return "it expires on " + cert.getNotAfter().toInstant();
        }
        try {
            if (!subjectAltNames(cert).equals(requiredSubjectAltNames())
                    || !List.of(KeyPurposeId.id_kp_serverAuth.getId()).equals(cert.getExtendedKeyUsage())) {
                return "its names or purposes differ from those Pechatka needs now";
            }
        } catch (CertificateException e) {
            return "its extensions cannot be read";
        }
        return null;
    }

    private static ServerFiles issueServer(Path file, CaFiles ca, Instant now) throws IOException {
        try {
            KeyPair pair = newP256KeyPair();
            Instant notBefore = now.minus(LEAF_BACKDATE);
            Instant notAfter = notBefore.plus(LEAF_VALIDITY);
            Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
            if (notAfter.isAfter(caNotAfter)) {
                notAfter = caNotAfter; // never outlive the CA; the last month of a CA renews on every start
            }
            X509Certificate cert = Pem.parseCertificate(CertificateIssuer.builder()
                    .withSubject(DistinguishedNames.builder().commonName(DNS_NAME).build())
                    .withPublicKey(pair.getPublic())
                    .withIssuer(ca.certificate(), ca.key())
                    .withValidity(notBefore, notAfter)
                    .withKeyUsage(KeyUsage.digitalSignature)
                    .withExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth.toOID())
                    .withSubjectAltNameIp(IP_ADDRESSES.toArray(String[]::new))
                    .withSubjectAltNameDns(DNS_NAME)
                    .issue()
                    .getEncoded());
            String content = Pem.privateKey(pair.getPrivate()) + Pem.certificate(cert) + Pem.certificate(ca.certificate());
            AtomicFiles.replace(file, content.getBytes(StandardCharsets.US_ASCII), true);
            return new ServerFiles(cert, pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot issue the local TLS server certificate", e);
        }
    }

    /** The subjectAltName entries as {@code DNS:name} / {@code IP:address} (canonical address text). */
    static Set<String> subjectAltNames(X509Certificate cert) throws CertificateException {
        Set<String> names = new TreeSet<>();
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        if (sans == null) {
            return names;
        }
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            String value = String.valueOf(san.get(1));
            switch (type) {
                case 2 -> names.add("DNS:" + value.toLowerCase(Locale.ROOT));
                case 7 -> names.add("IP:" + canonicalIp(value));
                default -> names.add(type + ":" + value);
            }
        }
        return names;
    }

    static Set<String> requiredSubjectAltNames() {
        Set<String> names = new TreeSet<>();
        names.add("DNS:" + DNS_NAME);
        for (String ip : IP_ADDRESSES) {
            names.add("IP:" + canonicalIp(ip));
        }
        return names;
    }

    private static String canonicalIp(String literal) {
        try {
            // an address literal is parsed, never looked up
            return InetAddress.ofLiteral(literal).getHostAddress();
        } catch (IllegalArgumentException e) {
            return literal;
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static KeyPair newP256KeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** Whether a private key belongs to a public key: a signature made with one verifies with the other. */
    static boolean matches(PrivateKey key, PublicKey publicKey) {
        if (!(publicKey instanceof ECPublicKey)) {
            return false;
        }
        try {
            byte[] probe = "pechatka key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(publicKey);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static List<byte[]> ofType(List<PemObject> blocks, String type) {
        return blocks.stream().filter(b -> type.equals(b.getType())).map(PemObject::getContent).toList();
    }

    /** Narrows an existing file or directory of ours to owner-only, where the file system has POSIX permissions. */
    private static void tighten(Path path, Set<PosixFilePermission> wanted) throws IOException {
        if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> current = Files.getPosixFilePermissions(path);
        if (!current.equals(wanted)) {
            Files.setPosixFilePermissions(path, wanted);
            LOG.log(System.Logger.Level.INFO, "narrowed the permissions of {0} from {1} to {2}", path,
                    PosixFilePermissions.toString(current), PosixFilePermissions.toString(wanted));
        }
    }
}
