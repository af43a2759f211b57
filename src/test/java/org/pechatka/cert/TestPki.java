package org.pechatka.cert;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.pechatka.crypto.Bc;
import org.pechatka.testing.TestCa;

/** A small EC P-256 PKI for the trust store and validation tests: CAs, leaves and CRLs of any shape. */
final class TestPki {

    static final Instant NOW = Instant.now();

    /** A CA: its certificate and key. */
    record Ca(X509Certificate certificate, KeyPair key) {
        ContentSigner signer() {
            try {
                return new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Bc.PROVIDER).build(key.getPrivate());
            } catch (OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private TestPki() {}

    static X500Name name(String cn) {
        return DistinguishedNames.builder().country("BY").organization("Pechatka Test").commonName(cn).build();
    }

    static Ca root(String cn) {
        return root(cn, b -> { });
    }

    static Ca root(String cn, Consumer<CertificateIssuer.Builder> custom) {
        KeyPair key = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        CertificateIssuer.Builder b = CertificateIssuer.builder().withSubject(name(cn)).withPublicKey(key.getPublic())
                .withSelfSigned(key.getPrivate())
                .withValidity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3650)))
                .withCa().withKeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign);
        custom.accept(b);
        return new Ca(issue(b), key);
    }

    /** An intermediate CA under {@code parent}: defaults, then {@code custom}. */
    static Ca intermediate(Ca parent, String cn, Consumer<CertificateIssuer.Builder> custom) {
        KeyPair key = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        CertificateIssuer.Builder b = CertificateIssuer.builder().withSubject(name(cn)).withPublicKey(key.getPublic())
                .withIssuer(parent.certificate(), parent.key().getPrivate())
                .withValidity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1825)))
                .withCa().withKeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign);
        custom.accept(b);
        return new Ca(issue(b), key);
    }

    static Ca intermediate(Ca parent, String cn) {
        return intermediate(parent, cn, b -> { });
    }

    /** A person's certificate under {@code issuer}: digitalSignature + nonRepudiation, then {@code custom}. */
    static X509Certificate leaf(Ca issuer, String cn, Consumer<CertificateIssuer.Builder> custom) {
        KeyPair key = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        CertificateIssuer.Builder b = CertificateIssuer.builder().withSubject(name(cn)).withPublicKey(key.getPublic())
                .withIssuer(issuer.certificate(), issuer.key().getPrivate())
                .withValidity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)))
                .withEndEntityBasicConstraints()
                .withKeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation);
        custom.accept(b);
        return issue(b);
    }

    static X509Certificate leaf(Ca issuer, String cn) {
        return leaf(issuer, cn, b -> { });
    }

    /** The CRL distribution point extension with one URL. */
    static void distributionPoint(CertificateIssuer.Builder b, String url) {
        DistributionPoint dp = new DistributionPoint(new DistributionPointName(new GeneralNames(
                new GeneralName(GeneralName.uniformResourceIdentifier, url))), null, null);
        b.withExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {dp}));
    }

    /** A CRL of {@code issuer} signed by {@code signer}, current for a week, listing {@code revoked}. */
    static X509CRL crl(X509Certificate issuer, ContentSigner signer, Instant thisUpdate, Instant nextUpdate,
            BigInteger... revoked) {
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(new X509CertificateHolder(issuer.getEncoded()).getSubject(),
                    Date.from(thisUpdate));
            b.setNextUpdate(Date.from(nextUpdate));
            for (BigInteger serial : revoked) {
                b.addCRLEntry(serial, Date.from(thisUpdate), CRLReason.keyCompromise);
            }
            return CrlRevocation.readCrl(b.build(signer).getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static X509CRL crl(Ca ca, BigInteger... revoked) {
        return crl(ca.certificate(), ca.signer(), NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(7)),
                revoked);
    }

    private static X509Certificate issue(CertificateIssuer.Builder b) {
        try {
            return b.issue();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate reread(byte[] der) throws CertificateException {
        return TrustAnchors.read(der);
    }
}
