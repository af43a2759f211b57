package org.pechatka.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pechatka.cert.CertificateIssuer;
import org.pechatka.cert.DistinguishedNames;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.error.PechatkaException;
import org.pechatka.platform.AtomicFiles;
import org.pechatka.token.KeyRef;
import org.pechatka.token.PinSource;
import org.pechatka.token.Token;
import org.pechatka.token.TokenSession;
import org.pechatka.token.file.Pkcs12Writer;
import org.pechatka.token.pkcs11.Pkcs11Provider;
import org.pechatka.token.pkcs11.Pkcs11Provisioning;
import org.pechatka.token.pkcs11.SoftHsm2Store;

/**
 * The demo token: a SoftHSM2 token in the user's data directory (its own {@code SOFTHSM2_CONF},
 * so an ordinary user needs no access to the system's SoftHSM store), or a PKCS#12 key file where
 * SoftHSM2 is not installed. It holds Belarusian- and Russian-style certificates issued by a demo
 * CA. Created once, on first use; never recreated over an existing one.
 */
public final class DemoToken {

    /** The demo PIN (also the key file password). Printed in the README. */
    public static final String PIN = "123456";
    /** The demo token label. */
    public static final String LABEL = "Pechatka Demo";

    private static final System.Logger LOG = System.getLogger(DemoToken.class.getName());
    private static final String SO_PIN = "12345678";
    private static final String KEY_FILE = "pechatka-demo.p12";
    private static final String CONF_COMMENT = "Pechatka demo token (SoftHSM2), created by Pechatka; PIN " + PIN;

    /**
     * What {@link #prepare} set up.
     *
     * @param module                 the SoftHSM2 module to load, when the demo token is a SoftHSM2 token
     * @param keyFile                the demo key file, when SoftHSM2 is missing
     * @param nationalKeyFile        the key file with the bign and GOST identities (always: SoftHSM2 holds neither)
     * @param caCertificate          the demo CA certificate (PEM)
     * @param nationalCaCertificates the bign and GOST demo CA certificates (PEM)
     * @param created                whether it was created just now
     */
    public record Setup(Optional<String> module, Optional<Path> keyFile, Path nationalKeyFile, Path caCertificate,
            List<Path> nationalCaCertificates, boolean created) {

        public Setup {
            nationalCaCertificates = List.copyOf(nationalCaCertificates);
        }

        public String describe() {
            return (module.isPresent() ? "SoftHSM2 token \"" + LABEL + "\"" : "key file " + keyFile.orElseThrow())
                    + " and key file " + nationalKeyFile + " (bign, GOST), PIN " + PIN + (created ? " (created now)" : "");
        }

        /** Every key file of the demo. */
        public List<Path> keyFiles() {
            List<Path> files = new java.util.ArrayList<>();
            keyFile.ifPresent(files::add);
            files.add(nationalKeyFile);
            return files;
        }

        /** Every demo CA certificate: the one of the token and the national ones. */
        public List<Path> caCertificates() {
            List<Path> all = new java.util.ArrayList<>();
            all.add(caCertificate);
            all.addAll(nationalCaCertificates);
            return all;
        }
    }

    /**
     * The demo CA's certificate and private key (made by {@link #prepare} in {@code dataDir/demo}),
     * for the demo portal's remote re-issue of the demo certificates.
     */
    public record CaKey(X509Certificate certificate, PrivateKey key) {}

    /** The demo CA of a data dir prepared by {@link #prepare}. */
    public static CaKey ca(Path dataDir) throws IOException {
        DemoCa ca = DemoCa.loadOrCreate(AtomicFiles.ownerOnlyDirectory(dataDir.resolve("demo")));
        return new CaKey(ca.certificate(), ca.key);
    }

    /** One demo identity: a key on the token and its certificate. */
    private record Identity(String label, KeyInfo key, DistinguishedNames.Builder subject, int keyUsage,
            KeyPurposeId... purposes) {}

    private DemoToken() {}

    private static List<Identity> identities() throws IOException {
        return List.of(
                new Identity("Belarus citizen", KeyInfo.byProtocolName("EC-P256").orElseThrow(),
                        DistinguishedNames.builder().commonName("Лабадзенка Алесь Яўгенавіч").surname("Лабадзенка")
                                .givenName("Алесь Яўгенавіч").serialNumber("PNOBY-3120690A001PB5").country("BY")
                                .locality("Мінск"),
                        KeyUsage.digitalSignature | KeyUsage.nonRepudiation, KeyPurposeId.id_kp_clientAuth,
                        KeyPurposeId.id_kp_emailProtection),
                new Identity("Belarus head of organisation", KeyInfo.byProtocolName("RSA-2048").orElseThrow(),
                        DistinguishedNames.builder().commonName("Каваленка Ірына Сяргееўна").surname("Каваленка")
                                .givenName("Ірына Сяргееўна").title("Дырэктар")
                                .organization("ААТ «Дэма-Прадпрыемства»").organizationIdentifier("TAXBY-190000001")
                                .serialNumber("PNOBY-4010180B002PB1").country("BY").locality("Гродна"),
                        KeyUsage.digitalSignature | KeyUsage.nonRepudiation, KeyPurposeId.id_kp_clientAuth),
                new Identity("Russia citizen", KeyInfo.byProtocolName("EC-P256").orElseThrow(),
                        DistinguishedNames.builder().commonName("Петров Пётр Петрович").surname("Петров")
                                .givenName("Пётр Петрович").inn("500100732259").snils("11223344595")
                                .email("petrov@example.ru").country("RU").locality("г. Москва"),
                        KeyUsage.digitalSignature | KeyUsage.nonRepudiation, KeyPurposeId.id_kp_clientAuth,
                        KeyPurposeId.id_kp_emailProtection),
                new Identity("Russia document signer", KeyInfo.byProtocolName("EC-P384").orElseThrow(),
                        DistinguishedNames.builder().commonName("Сидорова Анна Викторовна").surname("Сидорова")
                                .givenName("Анна Викторовна").title("Генеральный директор")
                                .organization("ООО «Демо»").innLe("7700000009").ogrn("1027700000008")
                                .inn("770000000220").country("RU").locality("г. Москва"),
                        KeyUsage.nonRepudiation));
    }

    /**
     * Makes sure the demo token exists and points SoftHSM2 at it ({@code SOFTHSM2_CONF}); call before
     * any PKCS#11 module is loaded in this process.
     *
     * @param softhsmLibrary the SoftHSM2 module, or empty to use a key file
     */
    public static Setup prepare(Path dataDir, Optional<String> softhsmLibrary) throws IOException, PechatkaException {
        AtomicFiles.ownerOnlyDirectory(dataDir);
        Path demo = AtomicFiles.ownerOnlyDirectory(dataDir.resolve("demo"));
        Path keys = AtomicFiles.ownerOnlyDirectory(dataDir.resolve("keys"));
        DemoCa ca = DemoCa.loadOrCreate(demo);
        NationalDemo.Files national = NationalDemo.ensure(demo, keys);
        if (softhsmLibrary.isPresent()) {
            boolean created = ensureSoftHsmToken(demo, softhsmLibrary.get(), ca);
            SoftHsm2Store.activate(demo.resolve("softhsm2.conf"));
            return new Setup(softhsmLibrary, Optional.empty(), national.keyFile(), ca.certificateFile(),
                    national.caCertificates(), created || national.created());
        }
        Path file = keys.resolve(KEY_FILE);
        boolean created = false;
        if (!Files.exists(file)) {
            AtomicFiles.writeNew(file, keyFile(ca), true);
            created = true;
        }
        return new Setup(Optional.empty(), Optional.of(file), national.keyFile(), ca.certificateFile(),
                national.caCertificates(), created || national.created());
    }

    /** Uses the SoftHSM2 module the discovery finds, if any. */
    public static Setup prepare(Path dataDir, org.pechatka.token.pkcs11.ModuleDiscovery discovery)
            throws IOException, PechatkaException {
        return prepare(dataDir, discovery.knownModule("SoftHSM2"));
    }

    /**
     * Creates the token in a staging directory and moves it into place when complete, so a crash
     * leaves no half-made token behind.
     */
    private static boolean ensureSoftHsmToken(Path demo, String library, DemoCa ca)
            throws IOException, PechatkaException {
        Path tokens = demo.resolve("tokens");
        Path conf = demo.resolve("softhsm2.conf");
        if (Files.isDirectory(tokens)) {
            if (!Files.exists(conf)) {
                SoftHsm2Store.writeConfiguration(conf, tokens, CONF_COMMENT);
            }
            return false;
        }
        Path staging = demo.resolve("tokens.staging");
        deleteStaging(staging);
        AtomicFiles.ownerOnlyDirectory(staging);
        Path stagingConf = demo.resolve("softhsm2.staging.conf");
        SoftHsm2Store.writeConfiguration(stagingConf, staging, CONF_COMMENT);
        SoftHsm2Store.activate(stagingConf);
        LOG.log(System.Logger.Level.INFO, "creating the demo token in {0}", demo);
        Pkcs11Provider provider = Pkcs11Provider.load(library, Pkcs11Provider.Options.DEFAULT);
        try {
            if (!provider.status().loaded()) {
                throw new PechatkaException.TokenFailure(null, "SoftHSM2 could not be loaded: "
                        + provider.status().description(), null);
            }
            Pkcs11Provisioning.initializeFreeToken(provider, LABEL, SO_PIN.toCharArray(), PIN.toCharArray());
            Token token = provider.tokens().stream().filter(t -> {
                try {
                    return LABEL.equals(t.info().label());
                } catch (PechatkaException e) {
                    return false;
                }
            }).findFirst().orElseThrow(PechatkaException.TokenNotPresent::new);
            try (TokenSession session = token.open(PinSource.fixed(PIN.toCharArray()), TokenSession.Access.READ_WRITE)) {
                for (Identity id : identities()) {
                    KeyRef key = session.generateKeyPair(id.key(), id.label());
                    X509Certificate cert = ca.issue(key.publicKey(), id.subject().build(), id.keyUsage(), id.purposes());
                    session.storeCertificate(cert, key.keyId(), id.label());
                }
                session.storeCertificate(ca.certificate(), null, "Pechatka Demo CA");
            }
        } finally {
            provider.close();
        }
        Files.move(staging, tokens, StandardCopyOption.ATOMIC_MOVE);
        SoftHsm2Store.writeConfiguration(conf, tokens, CONF_COMMENT);
        Files.deleteIfExists(stagingConf);
        return true;
    }

    /** Removes a staging directory a crashed run left behind (only ever Pechatka's own). */
    private static void deleteStaging(Path staging) throws IOException {
        if (!Files.exists(staging)) {
            return;
        }
        Files.walkFileTree(staging, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * The same identities as software keys in one PKCS#12 file protected by the demo PIN: keys
     * shrouded with PBES2 (AES-256, PBKDF2), certificates in clear so they are listed before the
     * file is unlocked, a SHA-256 MAC.
     */
    private static byte[] keyFile(DemoCa ca) throws IOException {
        try {
            List<Pkcs12Writer.Entry> entries = new java.util.ArrayList<>();
            for (Identity id : identities()) {
                KeyPair pair = generate(id.key());
                SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
                X509Certificate cert = ca.issue(spki, id.subject().build(), id.keyUsage(), id.purposes());
                entries.add(new Pkcs12Writer.Entry(id.label(),
                        PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded()), cert));
            }
            return Pkcs12Writer.write(entries, List.of(ca.certificate()), PIN.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot create the demo key file", e);
        }
    }

    private static KeyPair generate(KeyInfo spec) throws GeneralSecurityException {
        if (spec.family() == org.pechatka.crypto.KeyFamily.RSA) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(spec.bits());
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(spec.curveOid().getId()));
        return g.generateKeyPair();
    }

    /** The demo CA: its certificate as PEM beside the token, its key in an owner-only key file. */
    static final class DemoCa {
        private static final char[] CA_PASSWORD = "pechatka-demo-ca".toCharArray();
        private final X509Certificate certificate;
        private final PrivateKey key;
        private final Path certificateFile;

        private DemoCa(X509Certificate certificate, PrivateKey key, Path certificateFile) {
            this.certificate = certificate;
            this.key = key;
            this.certificateFile = certificateFile;
        }

        static DemoCa loadOrCreate(Path demo) throws IOException {
            Path keyFile = demo.resolve("demo-ca.p12");
            Path pem = demo.resolve("demo-ca.pem");
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                if (Files.exists(keyFile)) {
                    try (var in = Files.newInputStream(keyFile)) {
                        ks.load(in, CA_PASSWORD);
                    }
                    X509Certificate cert = (X509Certificate) ks.getCertificate("ca");
                    PrivateKey key = (PrivateKey) ks.getKey("ca", CA_PASSWORD);
                    if (!Files.exists(pem)) {
                        AtomicFiles.writeNew(pem, pem(cert), false);
                    }
                    return new DemoCa(cert, key, pem);
                }
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair pair = g.generateKeyPair();
                Instant now = Instant.now();
                X509Certificate cert = CertificateIssuer.builder()
                        .withSubject(DistinguishedNames.builder().commonName("Pechatka Demo CA")
                                .organization("Pechatka (demo, not a real CA)").country("BY").build())
                        .withPublicKey(pair.getPublic())
                        .withSelfSigned(pair.getPrivate())
                        .withValidity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(3650)))
                        .withCa(0)
                        .withKeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                        .issue();
                ks.load(null, null);
                ks.setKeyEntry("ca", pair.getPrivate(), CA_PASSWORD, new Certificate[] {cert});
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ks.store(out, CA_PASSWORD);
                AtomicFiles.writeNew(keyFile, out.toByteArray(), true);
                AtomicFiles.writeNew(pem, pem(cert), false);
                return new DemoCa(cert, pair.getPrivate(), pem);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot load or create the demo CA", e);
            }
        }

        X509Certificate certificate() {
            return certificate;
        }

        Path certificateFile() {
            return certificateFile;
        }

        X509Certificate issue(SubjectPublicKeyInfo publicKey, org.bouncycastle.asn1.x500.X500Name subject,
                int keyUsage, KeyPurposeId... purposes) throws IOException {
            Instant now = Instant.now();
            CertificateIssuer.Builder b = CertificateIssuer.builder()
                    .withSubject(subject)
                    .withPublicKey(publicKey)
                    .withIssuer(certificate, key)
                    .withValidity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(730)))
                    .withEndEntityBasicConstraints()
                    .withKeyUsage(keyUsage);
            if (purposes.length > 0) {
                org.bouncycastle.asn1.ASN1ObjectIdentifier[] oids = new org.bouncycastle.asn1.ASN1ObjectIdentifier[purposes.length];
                for (int i = 0; i < purposes.length; i++) {
                    oids[i] = purposes[i].toOID();
                }
                b.withExtendedKeyUsage(oids);
            }
            try {
                return b.issue();
            } catch (GeneralSecurityException e) {
                throw new IOException("the demo CA cannot issue a certificate", e);
            }
        }

        private static byte[] pem(X509Certificate cert) throws GeneralSecurityException {
            String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(cert.getEncoded());
            return ("-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }
    }
}
