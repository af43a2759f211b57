package org.pechatka.ui.truststore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pechatka.cert.CertificateIssuer;
import org.pechatka.testing.TestCa;

/**
 * A small PKI for the import and trust store tests: a root, an intermediate it issued, and leaf
 * certificates the intermediate issues for given public keys (e.g. keys on a SoftHSM2 token);
 * files in DER, PEM and PKCS#7.
 */
public final class TestChain {

    public final TestCa root;
    public final X509Certificate intermediate;
    private final KeyPair intermediateKey;

    public TestChain(String name) throws Exception {
        root = TestCa.create(name + " Root CA");
        intermediateKey = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        Instant start = Instant.now().minus(Duration.ofHours(1));
        intermediate = CertificateIssuer.builder()
                .withSubject(new X500Name("CN=" + name + " Issuing CA,O=Pechatka Test,C=BY"))
                .withPublicKey(intermediateKey.getPublic())
                .withIssuer(root.caCertificate(), root.caPrivateKey())
                .withValidity(start, start.plus(Duration.ofDays(3650)))
                .withCa(0)
                .issue();
    }

    /** A person's certificate from the intermediate. */
    public X509Certificate leaf(SubjectPublicKeyInfo key, String cn) throws Exception {
        Instant start = Instant.now().minus(Duration.ofHours(1));
        return CertificateIssuer.builder()
                .withSubject(new X500Name("CN=" + cn + ",O=Pechatka Test,C=BY"))
                .withPublicKey(key)
                .withIssuer(intermediate, intermediateKey.getPrivate())
                .withValidity(start, start.plus(Duration.ofDays(365)))
                .withKeyUsage(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature)
                .issue();
    }

    /** A PKCS#7 certificate bundle (.p7b, DER) of the certificates. */
    public static Path p7b(Path file, X509Certificate... certificates) throws Exception {
        byte[] der = CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificates)).getEncoded("PKCS7");
        return Files.write(file, der);
    }

    /** PEM text of the certificates, one block each. */
    public static Path pem(Path file, X509Certificate... certificates) throws Exception {
        StringBuilder out = new StringBuilder();
        for (X509Certificate c : certificates) {
            out.append("-----BEGIN CERTIFICATE-----\n")
                    .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return Files.writeString(file, out, StandardCharsets.US_ASCII);
    }

    /** One certificate, DER. */
    public static Path der(Path file, X509Certificate c) throws Exception {
        return Files.write(file, c.getEncoded());
    }

    /** All regular files under a folder, relative names (for comparing before and after). */
    public static List<String> filesUnder(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (var s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p).toString()));
        }
        out.sort(null);
        return out;
    }
}
