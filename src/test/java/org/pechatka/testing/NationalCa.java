package org.pechatka.testing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
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
import org.pechatka.crypto.stb.BignAsn1;
import org.pechatka.crypto.stb.BignContentSigner;
import org.pechatka.crypto.stb.BignCurve;
import org.pechatka.crypto.stb.BignPrivateKey;

/**
 * A test CA with a national key: bign (level 128, bign-with-hbelt) or GOST R 34.10-2012 256
 * (Streebog-256), issuing end-entity certificates for fresh keys of the same kind. Test-only.
 */
public final class NationalCa {

    /** The kind of keys. */
    public enum Kind { BIGN, GOST_256, GOST_512 }

    /** A fresh key: its PKCS#8 form (for key files), its public key and its certificate. */
    public record Leaf(PrivateKeyInfo privateKey, SubjectPublicKeyInfo publicKey, X509Certificate certificate) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Kind kind;
    private final X509Certificate certificate;
    private final BignPrivateKey bignKey;
    private final KeyPair gostKey;

    private NationalCa(Kind kind, X509Certificate certificate, BignPrivateKey bignKey, KeyPair gostKey) {
        this.kind = kind;
        this.certificate = certificate;
        this.bignKey = bignKey;
        this.gostKey = gostKey;
    }

    public static NationalCa create(Kind kind, String commonName) {
        try {
            Instant now = Instant.now();
            X500Name subject = DistinguishedNames.builder().commonName(commonName).organization("Pechatka Test")
                    .country(kind == Kind.BIGN ? "BY" : "RU").build();
            CertificateIssuer.Builder b = CertificateIssuer.builder().withSubject(subject)
                    .withValidity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(3650)))
                    .withCa(0).withKeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign);
            if (kind == Kind.BIGN) {
                BignPrivateKey key = BignPrivateKey.generate(BignCurve.BIGN_CURVE256V1, RANDOM);
                X509Certificate c = b.withPublicKey(BignAsn1.subjectPublicKeyInfo(key.publicKey()))
                        .withSelfSigned(new BignContentSigner(key)).issue();
                return new NationalCa(kind, c, key, null);
            }
            KeyPair pair = gostPair(kind);
            X509Certificate c = b.withPublicKey(pair.getPublic()).withSelfSigned(pair.getPrivate()).issue();
            return new NationalCa(kind, c, null, pair);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public Kind kind() {
        return kind;
    }

    /** A certificate for a key made elsewhere (a token's); the leaf has no private key. */
    public Leaf issue(X500Name subject, SubjectPublicKeyInfo publicKey) {
        try {
            return new Leaf(null, publicKey, certificate(subject, publicKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh key of this CA's kind and its certificate for {@code subject}, for signing and logging in. */
    public Leaf issue(X500Name subject) {
        try {
            PrivateKeyInfo privateKey;
            SubjectPublicKeyInfo publicKey;
            if (kind == Kind.BIGN) {
                BignPrivateKey key = BignPrivateKey.generate(BignCurve.BIGN_CURVE256V1, RANDOM);
                privateKey = BignAsn1.privateKeyInfo(key);
                publicKey = BignAsn1.subjectPublicKeyInfo(key.publicKey());
            } else {
                KeyPair pair = gostPair(kind);
                privateKey = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
                publicKey = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
            }
            return new Leaf(privateKey, publicKey, certificate(subject, publicKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private X509Certificate certificate(X500Name subject, SubjectPublicKeyInfo publicKey)
            throws GeneralSecurityException {
        Instant now = Instant.now();
        return CertificateIssuer.builder().withSubject(subject).withPublicKey(publicKey)
                .withIssuer(certificate, signer())
                .withValidity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(730)))
                .withEndEntityBasicConstraints()
                .withKeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation)
                .withExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth.toOID(), KeyPurposeId.id_kp_emailProtection.toOID())
                .issue();
    }

    /** A signer with the CA's key (for certificates of other shapes). */
    public ContentSigner signer() throws GeneralSecurityException {
        if (kind == Kind.BIGN) {
            return new BignContentSigner(bignKey);
        }
        try {
            return new JcaContentSignerBuilder(kind == Kind.GOST_512 ? "GOST3411-2012-512WITHECGOST3410-2012-512"
                    : "GOST3411-2012-256WITHECGOST3410-2012-256").setProvider(Bc.PROVIDER).build(gostKey.getPrivate());
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair gostPair(Kind kind) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("ECGOST3410-2012", Bc.PROVIDER);
        g.initialize(new ECGenParameterSpec(kind == Kind.GOST_512 ? "Tc26-Gost-3410-12-512-paramSetA"
                : "Tc26-Gost-3410-12-256-paramSetB"));
        return g.generateKeyPair();
    }
}
