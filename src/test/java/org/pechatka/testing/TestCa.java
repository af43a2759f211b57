package org.pechatka.testing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pechatka.cert.CertificateIssuer;
import org.pechatka.cert.DistinguishedNames;

/**
 * A throwaway certification authority for tests, on top of {@link CertificateIssuer}.
 *
 * <pre>{@code
 * TestCa ca = TestCa.create("Pechatka Test CA");
 * KeyPair key = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
 * X509Certificate cert = ca.issue(key.getPublic(), TestSubjects.belarusCitizen());
 * X509Certificate tls = ca.issue(key.getPublic(), name, b -> b
 *         .withKeyUsage(KeyUsage.digitalSignature)
 *         .withExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth.toOID()));
 * }</pre>
 *
 * Leaf defaults: keyUsage digitalSignature + nonRepudiation (critical), extendedKeyUsage clientAuth +
 * emailProtection, validity from one hour ago for two years (730 days), random serial. The
 * customiser runs after the defaults and may replace any of them. Failures are unchecked.
 */
public final class TestCa {

    /** Key types for the CA and for leaf keys. */
    public enum KeyType {
        EC_P256,
        RSA_2048
    }

    /** Leaf validity. */
    public static final Duration LEAF_VALIDITY = Duration.ofDays(730);

    private final KeyPair keyPair;
    private final X509Certificate certificate;

    private TestCa(KeyPair keyPair, X509Certificate certificate) {
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    /** A root CA with an EC P-256 key, subject {@code CN=<cn>, O=Pechatka Test, C=BY}. */
    public static TestCa create(String cn) {
        return create(cn, KeyType.EC_P256);
    }

    /** A self-signed root CA (cA, keyCertSign + cRLSign, valid from one hour ago for ten years). */
    public static TestCa create(String cn, KeyType keyType) {
        Objects.requireNonNull(cn, "cn");
        KeyPair keyPair = generateKeyPair(keyType);
        X500Name subject = DistinguishedNames.builder()
                .country("BY").organization("Pechatka Test").commonName(cn).build();
        Instant start = Instant.now().minus(Duration.ofHours(1));
        try {
            X509Certificate cert = CertificateIssuer.builder()
                    .withSubject(subject)
                    .withPublicKey(keyPair.getPublic())
                    .withSelfSigned(keyPair.getPrivate())
                    .withValidity(start, start.plus(Duration.ofDays(3650)))
                    .withCa()
                    .withKeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                    .issue();
            return new TestCa(keyPair, cert);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the test CA", e);
        }
    }

    /** A fresh key pair from the JDK providers. */
    public static KeyPair generateKeyPair(KeyType keyType) {
        try {
            return switch (keyType) {
                case EC_P256 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp256r1"));
                    yield g.generateKeyPair();
                }
                case RSA_2048 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                    yield g.generateKeyPair();
                }
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + keyType + " key", e);
        }
    }

    public X509Certificate caCertificate() {
        return certificate;
    }

    public PrivateKey caPrivateKey() {
        return keyPair.getPrivate();
    }

    public PublicKey caPublicKey() {
        return keyPair.getPublic();
    }

    /** A leaf certificate with the defaults. */
    public X509Certificate issue(PublicKey publicKey, X500Name subject) {
        return issue(publicKey, subject, b -> { });
    }

    /** A leaf certificate with the defaults. */
    public X509Certificate issue(SubjectPublicKeyInfo publicKey, X500Name subject) {
        return issue(publicKey, subject, b -> { });
    }

    /** A leaf certificate: the defaults, then {@code customiser}. */
    public X509Certificate issue(PublicKey publicKey, X500Name subject, Consumer<CertificateIssuer.Builder> customiser) {
        return issue(SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()), subject, customiser);
    }

    /** A leaf certificate: the defaults, then {@code customiser}. */
    public X509Certificate issue(SubjectPublicKeyInfo publicKey, X500Name subject,
            Consumer<CertificateIssuer.Builder> customiser) {
        Instant start = Instant.now().minus(Duration.ofHours(1));
        CertificateIssuer.Builder b = CertificateIssuer.builder()
                .withSubject(subject)
                .withPublicKey(publicKey)
                .withIssuer(certificate, keyPair.getPrivate())
                .withValidity(start, start.plus(LEAF_VALIDITY))
                .withKeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation)
                .withExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth.toOID(), KeyPurposeId.id_kp_emailProtection.toOID());
        customiser.accept(b);
        try {
            return b.issue();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue the test certificate", e);
        }
    }
}
