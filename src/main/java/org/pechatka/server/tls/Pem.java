package org.pechatka.server.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** PEM text for the TLS files: PKCS#8 private keys and X.509 certificates, read back strictly. */
final class Pem {

    static final String CERTIFICATE = "CERTIFICATE";
    /** The PKCS#8 block type. */
    static final String PRIVATE_KEY = "PRIVATE KEY";

    private Pem() {}

    /** One PEM block: {@code -----BEGIN type-----}, base64 in lines of 64, {@code -----END type-----}. */
    static String block(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    static String certificate(X509Certificate certificate) throws CertificateException {
        return block(CERTIFICATE, certificate.getEncoded());
    }

    static String privateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("the key has no PKCS#8 encoding");
        }
        return block(PRIVATE_KEY, key.getEncoded());
    }

    /** The PEM blocks in a text, in order; {@link IOException} on a malformed block. */
    static List<PemObject> read(byte[] content) throws IOException {
        List<PemObject> objects = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(new String(content, StandardCharsets.US_ASCII)))) {
            PemObject o;
            while ((o = reader.readPemObject()) != null) {
                objects.add(o);
            }
        } catch (RuntimeException e) {
            // Bouncy Castle reports bad base64 unchecked
            throw new IOException("malformed PEM: " + e.getMessage(), e);
        }
        return objects;
    }

    /** A DER certificate parsed by the JDK (never Bouncy Castle, so JSSE gets its own type). */
    static X509Certificate parseCertificate(byte[] der) throws CertificateException {
        CertificateFactory f = CertificateFactory.getInstance("X.509");
        return (X509Certificate) f.generateCertificate(new ByteArrayInputStream(der));
    }

    /** A DER PKCS#8 EC private key parsed by the JDK. */
    static PrivateKey parseEcPrivateKey(byte[] der) throws GeneralSecurityException {
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}
