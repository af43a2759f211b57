package org.pechatka.token.file;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.pechatka.crypto.Bc;
import org.pechatka.crypto.NationalOids;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.crypto.stb.BignAsn1;
import org.pechatka.crypto.stb.BignPrivateKey;
import org.pechatka.crypto.stb.BignSignature;
import org.pechatka.error.PechatkaException;

/**
 * A private key from a key file, and how it signs: through the JCA for RSA, EC and EdDSA (the
 * JDK's providers) and GOST R 34.10-2012 (Bouncy Castle, passed explicitly), and with Pechatka's own
 * bign for bign keys (PKCS#8 as STB 34.101.78 wraps them). Signatures come out in the raw forms of
 * {@link org.pechatka.token.TokenSession#sign}.
 */
sealed interface FileKey permits FileKey.Jca, FileKey.Bign {

    /** The key of a decrypted key bag. */
    static FileKey of(PrivateKeyInfo info) throws PechatkaException {
        ASN1ObjectIdentifier alg = info.getPrivateKeyAlgorithm().getAlgorithm();
        String jdkName = Jca.JDK_NAMES.get(alg);
        try {
            if (jdkName != null) {
                return new Jca(KeyFactory.getInstance(jdkName).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded())));
            }
            if (NationalOids.BIGN_PUBKEY.equals(alg)) {
                return new Bign(BignAsn1.privateKey(info));
            }
            if (NationalOids.GOST3410_12_256.equals(alg) || NationalOids.GOST3410_12_512.equals(alg)) {
                return new Jca(KeyFactory.getInstance("ECGOST3410-2012", Bc.PROVIDER)
                        .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded())));
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new PechatkaException.TokenFailure(null, "A key in the key file cannot be read", e);
        }
        throw new PechatkaException.AlgorithmUnsupported("The key file holds a key Pechatka does not know ("
                + alg.getId() + ")");
    }

    /** Whether this is the private key of {@code certificate} (for files without localKeyId). */
    boolean matches(X509Certificate certificate);

    /**
     * Signs. {@code digest} is the hash for schemes that sign a hash (its length checked by the
     * caller), {@code data} the message for schemes that sign data (EdDSA).
     */
    byte[] sign(SignatureAlgorithm algorithm, byte[] digest, byte[] data) throws GeneralSecurityException;

    /** A key the JCA can sign with. */
    record Jca(PrivateKey key) implements FileKey {

        static final Map<ASN1ObjectIdentifier, String> JDK_NAMES = Map.of(
                PKCSObjectIdentifiers.rsaEncryption, "RSA",
                PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS",
                X9ObjectIdentifiers.id_ecPublicKey, "EC",
                EdECObjectIdentifiers.id_Ed25519, "Ed25519",
                EdECObjectIdentifiers.id_Ed448, "Ed448");

        @Override
        public boolean matches(X509Certificate certificate) {
            if (key instanceof RSAPrivateCrtKey rsa && certificate.getPublicKey() instanceof RSAPublicKey pub) {
                return rsa.getModulus().equals(pub.getModulus()) && rsa.getPublicExponent().equals(pub.getPublicExponent());
            }
            if (key instanceof ECPrivateKey ec && certificate.getPublicKey() instanceof java.security.interfaces.ECPublicKey pub) {
                return pub.getParams().getCurve().equals(ec.getParams().getCurve())
                        && multiply(ec).equals(pub.getW().getAffineX());
            }
            return false;
        }

        /** x of d·G, with Bouncy Castle's arithmetic. */
        private static BigInteger multiply(ECPrivateKey ec) {
            org.bouncycastle.jce.spec.ECParameterSpec spec =
                    org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util.convertSpec(ec.getParams());
            return spec.getG().multiply(ec.getS()).normalize().getAffineXCoord().toBigInteger();
        }

        @Override
        public byte[] sign(SignatureAlgorithm algorithm, byte[] digest, byte[] data) throws GeneralSecurityException {
            return switch (algorithm.scheme()) {
                case RSA_PKCS1 -> jca("NONEwithRSA", null, algorithm.hash().digestInfo(digest), false);
                case RSA_PSS -> {
                    String hash = algorithm.hash().protocolName();
                    yield jca("RAWRSASSA-PSS", new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash),
                            algorithm.hash().length(), 1), digest, true);
                }
                case ECDSA -> jca("NONEwithECDSAinP1363Format", null, digest, false);
                case EDDSA -> jca("Ed25519", null, data, false);
                // Bouncy Castle's GOST signature is s‖r, each half big-endian: the raw form as is;
                // the digest goes in Bouncy Castle's (Streebog output) byte order
                case GOST_2012 -> jca(algorithm.hash().length() == 64 ? "NONEWITHECGOST3410-2012-512"
                        : "NONEWITHECGOST3410-2012-256", null, digest, true);
                case BIGN -> throw new GeneralSecurityException("not a bign key");
            };
        }

        private byte[] jca(String name, PSSParameterSpec pss, byte[] input, boolean bc) throws GeneralSecurityException {
            Signature s = bc ? Signature.getInstance(name, Bc.PROVIDER) : Signature.getInstance(name);
            if (pss != null) {
                s.setParameter(pss);
            }
            s.initSign(key);
            s.update(input);
            return s.sign();
        }
    }

    /** A bign key (STB 34.101.45), signing a given hash. */
    record Bign(BignPrivateKey key) implements FileKey {

        private static final SecureRandom RANDOM = new SecureRandom();

        @Override
        public boolean matches(X509Certificate certificate) {
            try {
                return BignAsn1.publicKey(SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded()))
                        .equals(key.publicKey());
            } catch (InvalidKeyException | RuntimeException e) {
                return false;
            }
        }

        @Override
        public byte[] sign(SignatureAlgorithm algorithm, byte[] digest, byte[] data) throws GeneralSecurityException {
            if (algorithm.scheme() != org.pechatka.crypto.SignatureScheme.BIGN) {
                throw new GeneralSecurityException("a bign key signs bign only");
            }
            // deterministic one-time key (STB 34.101.45 alg. 6.3.3) with fresh additional data
            byte[] t = new byte[32];
            RANDOM.nextBytes(t);
            try {
                return BignSignature.signDeterministic(key, algorithm.hash().oid().getEncoded(), digest, t);
            } catch (IOException e) {
                throw new GeneralSecurityException(e);
            }
        }
    }
}
