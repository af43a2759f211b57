package org.pechatka.demoportal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;

/**
 * The algorithms of the Web eID allow-list, all from the JDK's own providers: ES256/384/512
 * (ECDSA, signature as raw r‖s, verified with {@code SHAxxxwithECDSAinP1363Format}), RS256/384/512
 * (RSA PKCS#1 v1.5) and PS256/384/512 (RSA-PSS, MGF1 with the same hash, salt = hash length, as JOSE).
 * {@code NONE} and anything else are not here and so are refused.
 */
public final class WebEidAlgorithms {

    private WebEidAlgorithms() {}

    /** The nine standard algorithms. */
    public static List<TokenSignatureAlgorithm> standard() {
        return List.of(
                ecdsa("ES256", "SHA-256", "SHA256withECDSAinP1363Format"),
                ecdsa("ES384", "SHA-384", "SHA384withECDSAinP1363Format"),
                ecdsa("ES512", "SHA-512", "SHA512withECDSAinP1363Format"),
                plain("RS256", "SHA-256", "SHA256withRSA", "RSA"),
                plain("RS384", "SHA-384", "SHA384withRSA", "RSA"),
                plain("RS512", "SHA-512", "SHA512withRSA", "RSA"),
                pss("PS256", "SHA-256", MGF1ParameterSpec.SHA256, 32),
                pss("PS384", "SHA-384", MGF1ParameterSpec.SHA384, 48),
                pss("PS512", "SHA-512", MGF1ParameterSpec.SHA512, 64));
    }

    /**
     * The national algorithms of PROTOCOL.md: BIGN-HBELT (belt-hash, bign S0‖S1) and
     * GOST-2012-256/512 (Streebog, GOST R 34.10-2012 s‖r), each the algorithm's ordinary signature
     * over H(origin) ‖ H(nonce) with its own hash H, checked with Pechatka's verifiers.
     */
    public static List<TokenSignatureAlgorithm> national() {
        return List.of(national(org.pechatka.crypto.SignatureAlgorithms.BIGN_HBELT),
                national(org.pechatka.crypto.SignatureAlgorithms.GOST_2012_256),
                national(org.pechatka.crypto.SignatureAlgorithms.GOST_2012_512));
    }

    private static TokenSignatureAlgorithm national(org.pechatka.crypto.SignatureAlgorithm algorithm) {
        return new TokenSignatureAlgorithm() {
            @Override
            public String name() {
                return algorithm.webEidName();
            }

            @Override
            public byte[] hash(byte[] data) throws GeneralSecurityException {
                try {
                    return algorithm.hash().digest(data);
                } catch (org.pechatka.error.PechatkaException.AlgorithmUnsupported e) {
                    throw new GeneralSecurityException(e.getMessage(), e);
                }
            }

            @Override
            public boolean verify(PublicKey key, byte[] message, byte[] signatureValue) {
                org.bouncycastle.asn1.x509.SubjectPublicKeyInfo spki =
                        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(key.getEncoded());
                try {
                    if (!algorithm.fits(org.pechatka.crypto.KeyInfo.of(spki))) {
                        return false; // a GOST-2012-512 token from a 256-bit certificate and the like
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    return false;
                }
                return org.pechatka.cert.Signatures.verifies(algorithm.x509Id(), spki, message, signatureValue);
            }

            @Override
            public String toString() {
                return algorithm.webEidName();
            }
        };
    }

    private static TokenSignatureAlgorithm ecdsa(String name, String hash, String jca) {
        return plain(name, hash, jca, "EC");
    }

    private static TokenSignatureAlgorithm plain(String name, String hash, String jca, String keyAlgorithm) {
        return new JdkAlgorithm(name, hash, keyAlgorithm) {
            @Override
            Signature signature() throws GeneralSecurityException {
                return Signature.getInstance(jca);
            }
        };
    }

    private static TokenSignatureAlgorithm pss(String name, String hash, MGF1ParameterSpec mgf, int saltLength) {
        return new JdkAlgorithm(name, hash, "RSA") {
            @Override
            Signature signature() throws GeneralSecurityException {
                Signature s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec(hash, "MGF1", mgf, saltLength, PSSParameterSpec.TRAILER_FIELD_BC));
                return s;
            }
        };
    }

    private abstract static class JdkAlgorithm implements TokenSignatureAlgorithm {
        private final String name;
        private final String hash;
        private final String keyAlgorithm;

        JdkAlgorithm(String name, String hash, String keyAlgorithm) {
            this.name = name;
            this.hash = hash;
            this.keyAlgorithm = keyAlgorithm;
        }

        abstract Signature signature() throws GeneralSecurityException;

        @Override
        public String name() {
            return name;
        }

        @Override
        public byte[] hash(byte[] data) throws GeneralSecurityException {
            return MessageDigest.getInstance(hash).digest(data);
        }

        @Override
        public boolean verify(PublicKey key, byte[] message, byte[] signatureValue) throws GeneralSecurityException {
            if (!keyAlgorithm.equals(key.getAlgorithm()) && !("RSA".equals(keyAlgorithm)
                    && "RSASSA-PSS".equals(key.getAlgorithm()))) {
                return false; // an ES token from an RSA certificate and the like
            }
            Signature s = signature();
            s.initVerify(key);
            s.update(message);
            return s.verify(signatureValue);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
