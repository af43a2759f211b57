package org.pechatka.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.pechatka.cert.CertificateIssuer;
import org.pechatka.cert.DistinguishedNames;
import org.pechatka.crypto.Bc;
import org.pechatka.crypto.NationalOids;
import org.pechatka.crypto.stb.BignAsn1;
import org.pechatka.crypto.stb.BignContentSigner;
import org.pechatka.crypto.stb.BignCurve;
import org.pechatka.crypto.stb.BignPrivateKey;
import org.pechatka.error.PechatkaException;
import org.pechatka.platform.AtomicFiles;
import org.pechatka.token.file.Pkcs12Reader;
import org.pechatka.token.file.Pkcs12Writer;

/**
 * The demo's national identities: a Belarusian bign certificate (bign-curve256v1, issued by a demo
 * CA that signs with bign-with-hbelt) and a Russian GOST R 34.10-2012 certificate (issued by a demo
 * CA that signs with GOST + Streebog), in a key file beside the demo token, since SoftHSM2 holds
 * neither algorithm. The CAs' keys stay in an owner-only file of the demo directory; each CA's
 * certificate is written as PEM for the demo portal to trust.
 */
final class NationalDemo {

    static final String KEY_FILE = "pechatka-national-demo.p12";
    static final String CA_FILE = "demo-national-ca.p12";
    static final String BIGN_CA_PEM = "demo-ca-bign.pem";
    static final String GOST_CA_PEM = "demo-ca-gost.pem";

    private static final char[] CA_PASSWORD = "pechatka-demo-ca".toCharArray();
    private static final String BIGN_CA = "Pechatka Demo CA (bign)";
    private static final String GOST_CA = "Pechatka Demo CA (GOST)";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What exists after {@link #ensure}. */
    record Files(Path keyFile, List<Path> caCertificates, boolean created) {}

    private NationalDemo() {}

    /** Creates the CAs and the key file when missing; never overwrites either. */
    static Files ensure(Path demo, Path keys) throws IOException, PechatkaException {
        Path caFile = demo.resolve(CA_FILE);
        List<Pkcs12Writer.Entry> cas;
        if (java.nio.file.Files.exists(caFile)) {
            cas = Pkcs12Reader.read(java.nio.file.Files.readAllBytes(caFile), CA_PASSWORD);
        } else {
            cas = List.of(bignCa(), gostCa());
            AtomicFiles.writeNew(caFile, Pkcs12Writer.write(cas, List.of(), CA_PASSWORD), true);
        }
        Pkcs12Writer.Entry bignCa = byName(cas, BIGN_CA);
        Pkcs12Writer.Entry gostCa = byName(cas, GOST_CA);
        List<Path> pems = List.of(pem(demo.resolve(BIGN_CA_PEM), bignCa.certificate()),
                pem(demo.resolve(GOST_CA_PEM), gostCa.certificate()));

        Path keyFile = keys.resolve(KEY_FILE);
        boolean created = false;
        if (!java.nio.file.Files.exists(keyFile)) {
            List<Pkcs12Writer.Entry> identities = new ArrayList<>();
            identities.add(bignIdentity(bignCa));
            identities.add(gostIdentity(gostCa));
            AtomicFiles.writeNew(keyFile, Pkcs12Writer.write(identities,
                    List.of(bignCa.certificate(), gostCa.certificate()), DemoToken.PIN.toCharArray()), true);
            created = true;
        }
        return new Files(keyFile, pems, created);
    }

    private static Pkcs12Writer.Entry byName(List<Pkcs12Writer.Entry> entries, String name) throws IOException {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IOException("the demo CA file lacks \"" + name + "\""));
    }

    private static Pkcs12Writer.Entry bignCa() throws IOException {
        BignPrivateKey key = BignPrivateKey.generate(BignCurve.BIGN_CURVE256V1, RANDOM);
        X509Certificate cert = caCertificate(DistinguishedNames.builder().commonName(BIGN_CA)
                .organization("Pechatka (demo, not a real CA)").country("BY").build(),
                BignAsn1.subjectPublicKeyInfo(key.publicKey()), new BignContentSigner(key));
        return new Pkcs12Writer.Entry(BIGN_CA, BignAsn1.privateKeyInfo(key), cert);
    }

    private static Pkcs12Writer.Entry gostCa() throws IOException {
        KeyPair pair = gostPair();
        X509Certificate cert = caCertificate(DistinguishedNames.builder().commonName(GOST_CA)
                .organization("Pechatka (demo, not a real CA)").country("RU").build(),
                SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()),
                gostSigner(PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded())));
        return new Pkcs12Writer.Entry(GOST_CA, PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded()), cert);
    }

    private static X509Certificate caCertificate(X500Name subject, SubjectPublicKeyInfo key, ContentSigner signer)
            throws IOException {
        Instant now = Instant.now();
        try {
            return CertificateIssuer.builder().withSubject(subject).withPublicKey(key).withSelfSigned(signer)
                    .withValidity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(3650)))
                    .withCa(0).withKeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign).issue();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot create a demo CA", e);
        }
    }

    /** A Belarusian citizen with a bign key (STB 34.101.78 name attributes). */
    private static Pkcs12Writer.Entry bignIdentity(Pkcs12Writer.Entry ca) throws IOException, PechatkaException {
        BignPrivateKey key = BignPrivateKey.generate(BignCurve.BIGN_CURVE256V1, RANDOM);
        X500Name subject = DistinguishedNames.builder().commonName("Шыманская Вольга Пятроўна")
                .surname("ШЫМАНСКАЯ/ШИМАНСКАЯ").givenName("ВОЛЬГА ПЯТРОЎНА/ОЛЬГА ПЕТРОВНА")
                .serialNumber("PNOBY-4150391B003PB7").country("BY").locality("Брэст").build();
        X509Certificate cert = leaf(subject, BignAsn1.subjectPublicKeyInfo(key.publicKey()), ca);
        return new Pkcs12Writer.Entry("Belarus citizen (bign)", BignAsn1.privateKeyInfo(key), cert);
    }

    /** A Russian citizen with a GOST R 34.10-2012 256 key (RFC 9215 name attributes). */
    private static Pkcs12Writer.Entry gostIdentity(Pkcs12Writer.Entry ca) throws IOException, PechatkaException {
        KeyPair pair = gostPair();
        X500Name subject = DistinguishedNames.builder().commonName("Смирнова Мария Сергеевна").surname("Смирнова")
                .givenName("Мария Сергеевна").inn("780100000015").snils("12345678964")
                .email("smirnova@example.ru").country("RU").locality("г. Санкт-Петербург").build();
        X509Certificate cert = leaf(subject, SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()), ca);
        return new Pkcs12Writer.Entry("Russia citizen (GOST)", PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded()),
                cert);
    }

    private static X509Certificate leaf(X500Name subject, SubjectPublicKeyInfo key, Pkcs12Writer.Entry ca)
            throws IOException, PechatkaException {
        Instant now = Instant.now();
        try {
            return CertificateIssuer.builder().withSubject(subject).withPublicKey(key)
                    .withIssuer(ca.certificate(), signer(ca.key()))
                    .withValidity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(730)))
                    .withEndEntityBasicConstraints()
                    .withKeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation)
                    .withExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth.toOID(), KeyPurposeId.id_kp_emailProtection.toOID())
                    .issue();
        } catch (GeneralSecurityException e) {
            throw new IOException("a demo CA cannot issue a certificate", e);
        }
    }

    private static ContentSigner signer(PrivateKeyInfo key) throws IOException, PechatkaException {
        if (NationalOids.BIGN_PUBKEY.equals(key.getPrivateKeyAlgorithm().getAlgorithm())) {
            try {
                return new BignContentSigner(BignAsn1.privateKey(key));
            } catch (java.security.InvalidKeyException e) {
                throw new IOException("the demo bign CA key cannot be read", e);
            }
        }
        return gostSigner(key);
    }

    private static ContentSigner gostSigner(PrivateKeyInfo key) throws IOException {
        try {
            return new JcaContentSignerBuilder("GOST3411-2012-256WITHECGOST3410-2012-256").setProvider(Bc.PROVIDER)
                    .build(KeyFactory.getInstance("ECGOST3410-2012", Bc.PROVIDER)
                            .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded())));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("the demo GOST CA key cannot be used", e);
        }
    }

    private static KeyPair gostPair() throws IOException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("ECGOST3410-2012", Bc.PROVIDER);
            g.initialize(new ECGenParameterSpec("Tc26-Gost-3410-12-256-paramSetB"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate a GOST key", e);
        }
    }

    /** Writes the PEM when it is missing; returns its path. */
    private static Path pem(Path file, X509Certificate cert) throws IOException {
        if (!java.nio.file.Files.exists(file)) {
            try {
                String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(cert.getEncoded());
                AtomicFiles.writeNew(file, ("-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n")
                        .getBytes(StandardCharsets.US_ASCII), false);
            } catch (CertificateEncodingException e) {
                throw new IOException(e);
            }
        }
        return file;
    }
}
