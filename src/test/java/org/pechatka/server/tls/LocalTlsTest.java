package org.pechatka.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.cert.CertificateIssuer;
import org.pechatka.cert.DistinguishedNames;
import org.pechatka.cert.NameOids;
import org.pechatka.crypto.Bc;

/** The installation's local CA and server certificate: contents, files, reuse, renewal, damage. */
class LocalTlsTest {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    private Path tls(String file) {
        return dataDir.resolve("tls").resolve(file);
    }

    private static X509Certificate jdk(X509Certificate c) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(c.getEncoded()));
    }

    /** The extension value without its OCTET STRING wrapper. */
    private static byte[] extension(X509Certificate c, String oid) {
        byte[] wrapped = c.getExtensionValue(oid);
        assertThat(wrapped).as("extension %s", oid).isNotNull();
        return ASN1OctetString.getInstance(wrapped).getOctets();
    }

    private static String openssl(Path pem) throws Exception {
        return Tools.ok("openssl", "x509", "-in", pem.toString(), "-text", "-noout").replaceAll("[ \t]+", " ");
    }

    @Test
    void whenFirstLoad_thenTheCaIsNameConstrainedExactlyAsChromiumAcceptsIt() throws Exception {
        LocalTls tls = LocalTls.loadOrCreate(dataDir, at(T0));
        X509Certificate ca = tls.caCertificate();

        assertThat(tls.caCreated()).isTrue();
        X500Name subject = X500Name.getInstance(ca.getSubjectX500Principal().getEncoded());
        assertThat(subject.getRDNs()).hasSize(2);
        assertThat(DistinguishedNames.firstValue(subject, NameOids.COMMON_NAME)).get(InstanceOfAssertFactories.STRING)
                .startsWith("Pechatka local CA (" + System.getProperty("user.name") + "@")
                .endsWith(")");
        assertThat(DistinguishedNames.firstValue(subject, NameOids.SERIAL_NUMBER))
                .contains(tls.caSpkiSha256Hex().substring(0, 16));
        assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        ca.verify(ca.getPublicKey());
        assertThat(ca.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) ca.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(ca.getNotAfter().toInstant())
                .isEqualTo(ca.getNotBefore().toInstant().atOffset(ZoneOffset.UTC).plusYears(10).toInstant());
        assertThat(ca.getNotBefore().toInstant()).isBefore(T0).isAfter(T0.minus(Duration.ofDays(2)));

        assertThat(ca.getCriticalExtensionOIDs()).containsExactlyInAnyOrder(
                Extension.basicConstraints.getId(), Extension.keyUsage.getId(), Extension.nameConstraints.getId());
        assertThat(ca.getBasicConstraints()).isZero();
        assertThat(BasicConstraints.getInstance(extension(ca, "2.5.29.19")).isCA()).isTrue();
        boolean[] ku = ca.getKeyUsage();
        assertThat(ku[5]).as("keyCertSign").isTrue();
        assertThat(ku[6]).as("cRLSign").isTrue();
        assertThat(count(ku)).isEqualTo(2);
        assertThat(ca.getExtendedKeyUsage()).isNull();

        // exactly the three permitted subtrees of the Chromium recipe, no excluded ones
        byte[] expected = new NameConstraints(new GeneralSubtree[] {
            new GeneralSubtree(new GeneralName(GeneralName.iPAddress,
                    new DEROctetString(HexFormat.of().parseHex("7f000001ffffffff")))),
            new GeneralSubtree(new GeneralName(GeneralName.iPAddress, new DEROctetString(HexFormat.of().parseHex(
                    "00000000000000000000000000000001ffffffffffffffffffffffffffffffff")))),
            new GeneralSubtree(new GeneralName(GeneralName.dNSName, "localhost"))}, null).getEncoded("DER");
        assertThat(extension(ca, "2.5.29.30")).isEqualTo(expected);

        String text = openssl(tls.caCertificateFile());
        assertThat(text)
                .contains("X509v3 Basic Constraints: critical\n CA:TRUE, pathlen:0")
                .contains("X509v3 Key Usage: critical\n Certificate Sign, CRL Sign")
                .contains("X509v3 Name Constraints: critical\n Permitted:\n IP:127.0.0.1/255.255.255.255\n"
                        + " IP:0:0:0:0:0:0:0:1/FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF\n DNS:localhost\n")
                .doesNotContain("Excluded")
                .contains("ASN1 OID: prime256v1");
    }

    @Test
    void whenFirstLoad_thenTheServerCertificateNamesOnlyTheLoopbackForTlsServers() throws Exception {
        LocalTls tls = LocalTls.loadOrCreate(dataDir, at(T0));
        X509Certificate leaf = tls.leafCertificate();

        assertThat(tls.renewed()).isTrue();
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(tls.caCertificate().getSubjectX500Principal());
        leaf.verify(tls.caCertificate().getPublicKey());
        assertThat(((ECPublicKey) leaf.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(LocalTls.matches(tls.leafKey(), leaf.getPublicKey())).isTrue();
        assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(397));
        assertThat(leaf.getNotBefore().toInstant()).isBefore(T0);

        assertThat(leaf.getCriticalExtensionOIDs()).containsExactly(Extension.keyUsage.getId());
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(count(leaf.getKeyUsage())).isEqualTo(1);
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_serverAuth.getId());
        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(
                List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"), List.of(2, "localhost"));
        assertThat(leaf.getExtensionValue(Extension.nameConstraints.getId())).isNull();

        Path leafPem = Tools.writePem(work.resolve("leaf.pem"), leaf);
        assertThat(openssl(leafPem))
                .contains("Subject: CN = localhost")
                .contains("X509v3 Key Usage: critical\n Digital Signature\n")
                .contains("X509v3 Extended Key Usage: \n TLS Web Server Authentication\n")
                .contains("X509v3 Subject Alternative Name: \n IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1,"
                        + " DNS:localhost\n")
                .doesNotContain("Basic Constraints");
        // openssl checks the CA's name constraints even on a trust anchor
        assertThat(Tools.ok("openssl", "verify", "-CAfile", tls.caCertificateFile().toString(), "-purpose", "sslserver",
                leafPem.toString())).contains(": OK");
    }

    @Test
    void whenPkixValidatedWithTheCaAsAnchor_thenTheServerCertificateIsValid() throws Exception {
        LocalTls tls = LocalTls.loadOrCreate(dataDir, at(T0));

        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(tls.caCertificate(), null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(T0));
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(tls.leafCertificate())), params);
    }

    @Test
    void whenTheCaKeySignsForAnotherName_thenTheNameConstraintsRejectIt() throws Exception {
        LocalTls tls = LocalTls.loadOrCreate(dataDir, at(T0));
        X509Certificate example = issueWithCaKey(tls, "example.com", null);
        X509Certificate lanIp = issueWithCaKey(tls, null, "10.0.0.1");

        // openssl applies the anchor's constraints
        for (X509Certificate evil : List.of(example, lanIp)) {
            Tools.Run r = Tools.run("openssl", "verify", "-CAfile", tls.caCertificateFile().toString(),
                    Tools.writePem(work.resolve("evil.pem"), evil).toString());
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.output()).contains("permitted subtree violation");
        }

        // the JDK ignores constraints on an anchor: make the same CA (name, key, constraints byte for
        // byte) an intermediate under a throwaway root
        KeyPair rootKey = p256();
        X509Certificate root = CertificateIssuer.builder()
                .withSubject(DistinguishedNames.builder().commonName("Throwaway root").build())
                .withPublicKey(rootKey.getPublic()).withSelfSigned(rootKey.getPrivate())
                .withValidity(T0.minus(Duration.ofDays(2)), T0.plus(Duration.ofDays(30)))
                .withCa().withKeyUsage(KeyUsage.keyCertSign).issue();
        X509CertificateHolder ca = new JcaX509CertificateHolder(tls.caCertificate());
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(root, BigInteger.valueOf(2),
                Date.from(T0.minus(Duration.ofDays(2))), Date.from(T0.plus(Duration.ofDays(30))),
                tls.caCertificate().getSubjectX500Principal(), tls.caCertificate().getPublicKey());
        b.copyAndAddExtension(Extension.basicConstraints, true, ca);
        b.copyAndAddExtension(Extension.keyUsage, true, ca);
        b.copyAndAddExtension(Extension.subjectKeyIdentifier, false, ca);
        b.copyAndAddExtension(Extension.nameConstraints, true, ca);
        X509Certificate intermediate = jdk(new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Bc.PROVIDER)
                        .build(rootKey.getPrivate()))));
        assertThat(extension(intermediate, "2.5.29.30")).isEqualTo(extension(tls.caCertificate(), "2.5.29.30"));

        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(jdk(root), null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(T0));
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        CertPathValidator v = CertPathValidator.getInstance("PKIX");

        v.validate(cf.generateCertPath(List.of(tls.leafCertificate(), intermediate)), params);
        for (X509Certificate evil : List.of(example, lanIp)) {
            assertThatThrownBy(() -> v.validate(cf.generateCertPath(List.of(jdk(evil), intermediate)), params))
                    .isInstanceOf(CertPathValidatorException.class)
                    .hasMessageContaining("name constraints");
        }
    }

    private X509Certificate issueWithCaKey(LocalTls tls, String dns, String ip) throws Exception {
        CertificateIssuer.Builder b = CertificateIssuer.builder()
                .withSubject(DistinguishedNames.builder().commonName(dns != null ? dns : ip).build())
                .withPublicKey(p256().getPublic())
                .withIssuer(tls.caCertificate(), tls.caKey())
                .withValidity(T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofDays(30)))
                .withKeyUsage(KeyUsage.digitalSignature)
                .withExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth.toOID());
        if (dns != null) {
            b.withSubjectAltNameDns(dns);
        } else {
            b.withSubjectAltNameIp(ip);
        }
        return b.issue();
    }

    @Test
    void whenCreated_thenTheDirectoryAndEveryFileAreOwnerOnlyAndHoldWhatTheySay() throws Exception {
        LocalTls tls = LocalTls.loadOrCreate(dataDir, at(T0));

        Path dir = dataDir.resolve("tls");
        assertThat(tls.directory()).isEqualTo(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("ca-key.pem", "ca.pem", "server.pem");
        }
        for (String f : List.of("ca.pem", "ca-key.pem", "server.pem")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls(f)))).as(f).isEqualTo("rw-------");
        }
        assertThat(tls.caCertificateFile()).isEqualTo(tls("ca.pem"));
        assertThat(Tools.ok("openssl", "x509", "-in", tls("ca.pem").toString(), "-outform", "DER", "-noout",
                "-fingerprint", "-sha256")).isNotBlank();
        // the key files open with openssl and hold the keys of the certificates
        String caKeyPub = Tools.ok("openssl", "pkey", "-in", tls("ca-key.pem").toString(), "-pubout");
        String caCertPub = Tools.ok("openssl", "x509", "-in", tls("ca.pem").toString(), "-pubkey", "-noout");
        assertThat(caKeyPub).isEqualTo(caCertPub);
        String serverKeyPub = Tools.ok("openssl", "pkey", "-in", tls("server.pem").toString(), "-pubout");
        String serverCertPub = Tools.ok("openssl", "x509", "-in", tls("server.pem").toString(), "-pubkey", "-noout");
        assertThat(serverKeyPub).isEqualTo(serverCertPub).isNotEqualTo(caKeyPub);
        assertThat(Files.readString(tls("server.pem"))).contains(Files.readString(tls("ca.pem")));
    }

    @Test
    void whenLoadedAgain_thenTheSameCaAndServerCertificateAreUsedAndNothingIsRenewed() throws Exception {
        LocalTls first = LocalTls.loadOrCreate(dataDir, at(T0));
        byte[] caKeyFile = Files.readAllBytes(tls("ca-key.pem"));
        byte[] serverFile = Files.readAllBytes(tls("server.pem"));

        LocalTls second = LocalTls.loadOrCreate(dataDir, at(T0.plus(Duration.ofDays(300))));

        assertThat(second.caCreated()).isFalse();
        assertThat(second.renewed()).isFalse();
        assertThat(second.caCertificate().getEncoded()).isEqualTo(first.caCertificate().getEncoded());
        assertThat(second.leafCertificate().getEncoded()).isEqualTo(first.leafCertificate().getEncoded());
        assertThat(second.leafKey().getEncoded()).isEqualTo(first.leafKey().getEncoded());
        assertThat(second.leafSpkiSha256Base64()).isEqualTo(first.leafSpkiSha256Base64());
        assertThat(Files.readAllBytes(tls("ca-key.pem"))).isEqualTo(caKeyFile);
        assertThat(Files.readAllBytes(tls("server.pem"))).isEqualTo(serverFile);
    }

    @Test
    void whenTheClockIs380DaysLater_thenTheServerCertificateIsRenewedAndTheCaKept() throws Exception {
        LocalTls first = LocalTls.loadOrCreate(dataDir, at(T0));
        byte[] caKeyFile = Files.readAllBytes(tls("ca-key.pem"));
        Instant later = T0.plus(Duration.ofDays(380));

        LocalTls renewed = LocalTls.loadOrCreate(dataDir, at(later));

        assertThat(renewed.renewed()).isTrue();
        assertThat(renewed.caCreated()).isFalse();
        assertThat(renewed.caCertificate().getEncoded()).isEqualTo(first.caCertificate().getEncoded());
        assertThat(Files.readAllBytes(tls("ca-key.pem"))).isEqualTo(caKeyFile);
        assertThat(renewed.leafCertificate().getSerialNumber()).isNotEqualTo(first.leafCertificate().getSerialNumber());
        assertThat(renewed.leafSpkiSha256Base64()).isNotEqualTo(first.leafSpkiSha256Base64());
        assertThat(renewed.leafCertificate().getNotBefore().toInstant()).isBefore(later);
        assertThat(renewed.leafCertificate().getNotAfter().toInstant()).isAfter(later.plus(Duration.ofDays(390)));
        renewed.leafCertificate().verify(first.caCertificate().getPublicKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls("server.pem")))).isEqualTo("rw-------");

        LocalTls again = LocalTls.loadOrCreate(dataDir, at(later));
        assertThat(again.renewed()).isFalse();
        assertThat(again.leafCertificate().getEncoded()).isEqualTo(renewed.leafCertificate().getEncoded());
    }

    @Test
    void whenTheServerCertificateExpiresWithin30Days_thenItIsRenewedAndNotADayEarlier() throws Exception {
        LocalTls.loadOrCreate(dataDir, at(T0));
        // valid until T0 - 1 h + 397 d: renewed from T0 + 367 d - 1 h on
        assertThat(LocalTls.loadOrCreate(dataDir, at(T0.plus(Duration.ofDays(366)))).renewed()).isFalse();
        assertThat(LocalTls.loadOrCreate(dataDir, at(T0.plus(Duration.ofDays(367)))).renewed()).isTrue();
    }

    @Test
    void whenTheClockIsBeforeTheServerCertificate_thenItIsRenewed() throws Exception {
        LocalTls.loadOrCreate(dataDir, at(T0));
        LocalTls earlier = LocalTls.loadOrCreate(dataDir, at(T0.minus(Duration.ofHours(2))));
        assertThat(earlier.renewed()).isTrue();
        assertThat(earlier.leafCertificate().getNotBefore().toInstant()).isBefore(T0.minus(Duration.ofHours(2)));
    }

    @Test
    void whenTheServerFileComesFromAnotherInstallation_thenTheServerCertificateIsReissuedByThisCa(
            @TempDir Path otherDataDir) throws Exception {
        LocalTls mine = LocalTls.loadOrCreate(dataDir, at(T0));
        LocalTls.loadOrCreate(otherDataDir, at(T0));
        Files.copy(otherDataDir.resolve("tls/server.pem"), tls("server.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        LocalTls again = LocalTls.loadOrCreate(dataDir, at(T0));

        assertThat(again.renewed()).isTrue();
        assertThat(again.caCertificate().getEncoded()).isEqualTo(mine.caCertificate().getEncoded());
        again.leafCertificate().verify(mine.caCertificate().getPublicKey());
    }

    @Test
    void whenTheServerFileIsDamaged_thenItIsReissuedAndTheCaKept() throws Exception {
        LocalTls mine = LocalTls.loadOrCreate(dataDir, at(T0));
        Files.writeString(tls("server.pem"), "-----BEGIN PRIVATE KEY-----\nnot base64 !\n-----END PRIVATE KEY-----\n");

        LocalTls again = LocalTls.loadOrCreate(dataDir, at(T0));

        assertThat(again.renewed()).isTrue();
        assertThat(again.caCertificate().getEncoded()).isEqualTo(mine.caCertificate().getEncoded());
        assertThat(Files.readString(tls("server.pem"))).contains("BEGIN CERTIFICATE");
    }

    @Test
    void whenTheCaCertificateFileIsDamaged_thenLoadingFailsNamingItAndNothingIsTouched() throws Exception {
        LocalTls.loadOrCreate(dataDir, at(T0));
        byte[] damaged = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII);
        Files.write(tls("ca.pem"), damaged);
        byte[] key = Files.readAllBytes(tls("ca-key.pem"));
        byte[] server = Files.readAllBytes(tls("server.pem"));

        assertThatThrownBy(() -> LocalTls.loadOrCreate(dataDir, at(T0)))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining(tls("ca.pem").toString())
                .hasMessageContaining("damaged");

        assertThat(Files.readAllBytes(tls("ca.pem"))).isEqualTo(damaged);
        assertThat(Files.readAllBytes(tls("ca-key.pem"))).isEqualTo(key);
        assertThat(Files.readAllBytes(tls("server.pem"))).isEqualTo(server);
    }

    @Test
    void whenTheCaCertificateFileHoldsAnotherCa_thenLoadingFailsNamingIt(@TempDir Path otherDataDir) throws Exception {
        LocalTls.loadOrCreate(dataDir, at(T0));
        LocalTls.loadOrCreate(otherDataDir, at(T0));
        Files.copy(otherDataDir.resolve("tls/ca.pem"), tls("ca.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> LocalTls.loadOrCreate(dataDir, at(T0)))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining(tls("ca.pem").toString());
    }

    @Test
    void whenTheCaKeyFileIsDamaged_thenLoadingFailsNamingItAndTheFileIsUntouched() throws Exception {
        LocalTls.loadOrCreate(dataDir, at(T0));
        byte[] original = Files.readAllBytes(tls("ca-key.pem"));
        byte[] truncated = Arrays.copyOf(original, original.length / 2);
        Files.write(tls("ca-key.pem"), truncated);
        byte[] caPem = Files.readAllBytes(tls("ca.pem"));

        assertThatThrownBy(() -> LocalTls.loadOrCreate(dataDir, at(T0)))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining(tls("ca-key.pem").toString())
                .hasMessageContaining("left as it is");

        assertThat(Files.readAllBytes(tls("ca-key.pem"))).isEqualTo(truncated);
        assertThat(Files.readAllBytes(tls("ca.pem"))).isEqualTo(caPem);
    }

    @Test
    void whenTheCaKeyFileHoldsAKeyOfAnotherCertificate_thenLoadingFails() throws Exception {
        LocalTls.loadOrCreate(dataDir, at(T0));
        String content = Files.readString(tls("ca-key.pem"));
        String otherKey = Pem.privateKey(p256().getPrivate());
        String swapped = otherKey + content.substring(content.indexOf("-----BEGIN CERTIFICATE-----"));
        Files.writeString(tls("ca-key.pem"), swapped);

        assertThatThrownBy(() -> LocalTls.loadOrCreate(dataDir, at(T0)))
                .hasMessageContaining(tls("ca-key.pem").toString())
                .hasMessageContaining("does not belong");
        assertThat(Files.readString(tls("ca-key.pem"))).isEqualTo(swapped);
    }

    @Test
    void whenTheCaKeyFileIsMissingButTheCertificateIsThere_thenLoadingFailsInsteadOfMakingANewCa() throws Exception {
        LocalTls.loadOrCreate(dataDir, at(T0));
        Files.delete(tls("ca-key.pem"));
        byte[] caPem = Files.readAllBytes(tls("ca.pem"));

        assertThatThrownBy(() -> LocalTls.loadOrCreate(dataDir, at(T0)))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining(tls("ca-key.pem").toString())
                .hasMessageContaining("missing");
        assertThat(tls("ca-key.pem")).doesNotExist();
        assertThat(Files.readAllBytes(tls("ca.pem"))).isEqualTo(caPem);
    }

    @Test
    void whenTheCaCertificateFileIsMissing_thenItIsWrittenAgainFromTheKeyFile() throws Exception {
        LocalTls first = LocalTls.loadOrCreate(dataDir, at(T0));
        byte[] caPem = Files.readAllBytes(tls("ca.pem"));
        Files.delete(tls("ca.pem"));

        LocalTls again = LocalTls.loadOrCreate(dataDir, at(T0));

        assertThat(again.caCreated()).isFalse();
        assertThat(Files.readAllBytes(tls("ca.pem"))).isEqualTo(caPem);
        assertThat(again.caCertificate().getEncoded()).isEqualTo(first.caCertificate().getEncoded());
    }

    @Test
    void whenFilesWereMadeReadableByOthers_thenLoadingNarrowsThemToTheOwner() throws Exception {
        LocalTls.loadOrCreate(dataDir, at(T0));
        Files.setPosixFilePermissions(tls("ca-key.pem"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dataDir.resolve("tls"), PosixFilePermissions.fromString("rwxr-xr-x"));

        LocalTls.loadOrCreate(dataDir, at(T0));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls("ca-key.pem")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("tls"))))
                .isEqualTo("rwx------");
    }

    @Test
    void whenTwoInstallations_thenTheirCasAndServerKeysDiffer(@TempDir Path otherDataDir) throws Exception {
        LocalTls a = LocalTls.loadOrCreate(dataDir, at(T0));
        LocalTls b = LocalTls.loadOrCreate(otherDataDir, at(T0));

        assertThat(a.caSpkiSha256Hex()).isNotEqualTo(b.caSpkiSha256Hex());
        assertThat(a.caCertificate().getSubjectX500Principal()).isNotEqualTo(b.caCertificate().getSubjectX500Principal());
        assertThat(a.caCertificate().getSerialNumber()).isNotEqualTo(b.caCertificate().getSerialNumber());
        assertThat(a.leafSpkiSha256Base64()).isNotEqualTo(b.leafSpkiSha256Base64());
        assertThat(TrustStores.nicknameFor(a.caCertificate())).isNotEqualTo(TrustStores.nicknameFor(b.caCertificate()));
    }

    @Test
    void whenTheCaHasExpired_thenLoadingFailsWithWhatToDo() throws Exception {
        LocalTls.loadOrCreate(dataDir, at(T0));
        assertThatThrownBy(() -> LocalTls.loadOrCreate(dataDir, at(T0.plus(Duration.ofDays(3660)))))
                .hasMessageContaining("expired")
                .hasMessageContaining("pechatka trust install");
    }

    @Test
    void whenTheCaExpiresWithinTheServerValidity_thenTheServerCertificateEndsWithTheCa() throws Exception {
        LocalTls first = LocalTls.loadOrCreate(dataDir, at(T0));
        Instant late = first.caCertificate().getNotAfter().toInstant().minus(Duration.ofDays(100));

        LocalTls tls = LocalTls.loadOrCreate(dataDir, at(late));

        assertThat(tls.renewed()).isTrue();
        assertThat(tls.leafCertificate().getNotAfter()).isEqualTo(tls.caCertificate().getNotAfter());
    }

    @Test
    void whenKeyStoreAsked_thenItHoldsTheServerKeyWithTheChainServerThenCa() throws Exception {
        LocalTls tls = LocalTls.loadOrCreate(dataDir, at(T0));
        char[] password = "jetty".toCharArray();

        KeyStore ks = tls.keyStore(password);

        assertThat(ks.getType()).isEqualToIgnoringCase("PKCS12");
        assertThat(java.util.Collections.list(ks.aliases())).containsExactly(LocalTls.KEY_ALIAS);
        assertThat(ks.isKeyEntry(LocalTls.KEY_ALIAS)).isTrue();
        Key key = ks.getKey(LocalTls.KEY_ALIAS, password);
        assertThat(key.getEncoded()).isEqualTo(tls.leafKey().getEncoded());
        Certificate[] chain = ks.getCertificateChain(LocalTls.KEY_ALIAS);
        assertThat(chain).hasSize(2);
        assertThat(chain[0].getEncoded()).isEqualTo(tls.leafCertificate().getEncoded());
        assertThat(chain[1].getEncoded()).isEqualTo(tls.caCertificate().getEncoded());
    }

    @Test
    void whenSpkiHashAsked_thenItEqualsWhatOpensslComputesForChromium() throws Exception {
        LocalTls tls = LocalTls.loadOrCreate(dataDir, at(T0));
        Path leafPem = Tools.writePem(work.resolve("leaf.pem"), tls.leafCertificate());
        Path spki = work.resolve("spki.der");
        Path pub = work.resolve("pub.pem");
        Files.writeString(pub, Tools.ok("openssl", "x509", "-in", leafPem.toString(), "-pubkey", "-noout"));
        Tools.ok("openssl", "pkey", "-pubin", "-in", pub.toString(), "-outform", "DER", "-out", spki.toString());
        String digest = Tools.ok("openssl", "dgst", "-sha256", "-binary", "-out", work.resolve("d.bin").toString(),
                spki.toString());
        assertThat(digest).isEmpty();

        assertThat(tls.leafSpkiSha256Base64())
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(work.resolve("d.bin"))));
    }

    private static int count(boolean[] bits) {
        int n = 0;
        for (boolean b : bits) {
            n += b ? 1 : 0;
        }
        return n;
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }
}
