package org.pechatka.cert;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.pechatka.crypto.Bc;
import org.pechatka.crypto.NationalOids;

/**
 * The one place that checks X.509-style signatures (certificates, PKCS#10 requests, anything
 * signed with an AlgorithmIdentifier): RSA, RSA-PSS, ECDSA, EdDSA and GOST R 34.10-2012 through
 * Bouncy Castle, bign-with-hbelt through Pechatka's own bign. An algorithm nobody here knows is a
 * failed check, never a pass.
 */
public final class Signatures {

    /** Key algorithm → the Bouncy Castle KeyFactory that reads it. */
    private static final Map<ASN1ObjectIdentifier, String> KEY_FACTORIES = Map.of(
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS",
            X9ObjectIdentifiers.id_ecPublicKey, "EC",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448",
            NationalOids.GOST3410_12_256, "ECGOST3410-2012",
            NationalOids.GOST3410_12_512, "ECGOST3410-2012");

    private Signatures() {}

    /** A verifier provider for signatures made with {@code key}'s private key. */
    public static ContentVerifierProvider verifierProvider(SubjectPublicKeyInfo key) throws GeneralSecurityException {
        if (NationalOids.BIGN_PUBKEY.equals(key.getAlgorithm().getAlgorithm())) {
            return BignVerifiers.provider(key);
        }
        String factory = KEY_FACTORIES.get(key.getAlgorithm().getAlgorithm());
        if (factory == null) {
            throw new GeneralSecurityException("no verifier for keys of " + key.getAlgorithm().getAlgorithm().getId());
        }
        PublicKey publicKey;
        try {
            publicKey = KeyFactory.getInstance(factory, Bc.PROVIDER).generatePublic(new X509EncodedKeySpec(key.getEncoded()));
            return new JcaContentVerifierProviderBuilder().setProvider(Bc.PROVIDER).build(publicKey);
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException("the key cannot be used to verify", e);
        }
    }

    /** Whether {@code signature} over {@code signed} verifies with {@code key} under {@code algorithm}. */
    public static boolean verifies(AlgorithmIdentifier algorithm, SubjectPublicKeyInfo key, byte[] signed,
            byte[] signature) {
        try {
            ContentVerifier v = verifierProvider(key).get(algorithm);
            try (OutputStream out = v.getOutputStream()) {
                out.write(signed);
            }
            return v.verify(signature);
        } catch (GeneralSecurityException | OperatorCreationException | IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether {@code certificate} was signed with {@code issuerKey}. */
    public static boolean verifies(X509Certificate certificate, SubjectPublicKeyInfo issuerKey) {
        try {
            return new X509CertificateHolder(certificate.getEncoded()).isSignatureValid(verifierProvider(issuerKey));
        } catch (IOException | CertException | GeneralSecurityException
                | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether a verifier for {@code certificate}'s signature with {@code issuer}'s key exists here
     * (false for algorithms Pechatka does not implement, e.g. STB 1176.2 or a post-quantum scheme).
     */
    public static boolean canCheck(X509Certificate certificate, X509Certificate issuer) {
        try {
            verifierProvider(SubjectPublicKeyInfo.getInstance(issuer.getPublicKey().getEncoded()))
                    .get(new X509CertificateHolder(certificate.getEncoded()).getSignatureAlgorithm());
            return true;
        } catch (GeneralSecurityException | OperatorCreationException | IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether {@code certificate} was signed by the key of {@code issuer}. */
    public static boolean verifies(X509Certificate certificate, X509Certificate issuer) {
        return verifies(certificate, SubjectPublicKeyInfo.getInstance(issuer.getPublicKey().getEncoded()));
    }

    /** Whether a certificate request is signed with the key it carries. */
    public static boolean verifies(PKCS10CertificationRequest request) {
        try {
            return request.isSignatureValid(verifierProvider(request.getSubjectPublicKeyInfo()));
        } catch (PKCSException | GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * A Bouncy Castle CMS verifier for signatures by {@code signer}: every algorithm of
     * {@link #verifierProvider}, with belt-hash digests and bign-with-hbelt signatures (which Bouncy
     * Castle's own name tables do not know) added.
     */
    public static org.bouncycastle.cms.SignerInformationVerifier signerInformationVerifier(X509Certificate signer)
            throws GeneralSecurityException {
        SubjectPublicKeyInfo key = SubjectPublicKeyInfo.getInstance(signer.getPublicKey().getEncoded());
        org.bouncycastle.operator.DigestCalculatorProvider digests = digestCalculators();
        org.bouncycastle.cms.CMSSignatureAlgorithmNameGenerator bcNames =
                new org.bouncycastle.cms.DefaultCMSSignatureAlgorithmNameGenerator();
        org.bouncycastle.cms.CMSSignatureAlgorithmNameGenerator names = (digest, signature) ->
                NationalOids.BIGN_WITH_HBELT.equals(signature.getAlgorithm()) ? BIGN_HBELT_NAME
                        : bcNames.getSignatureName(digest, signature);
        org.bouncycastle.operator.SignatureAlgorithmIdentifierFinder bcFinder =
                new org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder();
        org.bouncycastle.operator.SignatureAlgorithmIdentifierFinder finder = name ->
                BIGN_HBELT_NAME.equals(name) ? org.pechatka.crypto.SignatureAlgorithms.BIGN_HBELT.x509Id()
                        : bcFinder.find(name);
        return new org.bouncycastle.cms.SignerInformationVerifier(names, finder, verifierProvider(key), digests);
    }

    /**
     * Digest calculators for CMS content: every digest Bouncy Castle knows, and belt-hash, which it
     * does not. For parsers that hash the content while reading it (large files).
     */
    public static org.bouncycastle.operator.DigestCalculatorProvider digestCalculators()
            throws GeneralSecurityException {
        org.bouncycastle.operator.DigestCalculatorProvider bcDigests;
        try {
            bcDigests = new org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder()
                    .setProvider(Bc.PROVIDER).build();
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
        org.bouncycastle.operator.DigestCalculatorProvider digests = algorithm -> {
            if (!NationalOids.BELT_HASH.equals(algorithm.getAlgorithm())) {
                return bcDigests.get(algorithm);
            }
            org.pechatka.crypto.stb.BeltHash hash = new org.pechatka.crypto.stb.BeltHash();
            return new org.bouncycastle.operator.DigestCalculator() {
                @Override
                public AlgorithmIdentifier getAlgorithmIdentifier() {
                    return algorithm;
                }

                @Override
                public OutputStream getOutputStream() {
                    return new java.security.DigestOutputStream(OutputStream.nullOutputStream(), hash);
                }

                @Override
                public byte[] getDigest() {
                    return hash.digest();
                }
            };
        };
        return digests;
    }

    private static final String BIGN_HBELT_NAME = "BIGN-WITH-HBELT";
}
