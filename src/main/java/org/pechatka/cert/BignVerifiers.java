package org.pechatka.cert;

import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.pechatka.crypto.NationalOids;
import org.pechatka.crypto.stb.BeltHash;
import org.pechatka.crypto.stb.BignAsn1;
import org.pechatka.crypto.stb.BignPublicKey;
import org.pechatka.crypto.stb.BignSignature;

/**
 * Bouncy Castle verifiers for bign keys: bign-with-hbelt (STB 34.101.45 Д.2), the raw S0‖S1 over
 * belt-hash of the signed bytes. Any other algorithm with a bign key is refused.
 */
final class BignVerifiers {

    private BignVerifiers() {}

    static ContentVerifierProvider provider(SubjectPublicKeyInfo spki) throws GeneralSecurityException {
        BignPublicKey key;
        try {
            key = BignAsn1.publicKey(spki);
        } catch (InvalidKeyException e) {
            throw new GeneralSecurityException("not a valid bign public key", e);
        }
        return new ContentVerifierProvider() {
            @Override
            public boolean hasAssociatedCertificate() {
                return false;
            }

            @Override
            public X509CertificateHolder getAssociatedCertificate() {
                return null;
            }

            @Override
            public ContentVerifier get(AlgorithmIdentifier algorithm) throws OperatorCreationException {
                if (!NationalOids.BIGN_WITH_HBELT.equals(algorithm.getAlgorithm())) {
                    throw new OperatorCreationException("a bign key verifies bign-with-hbelt, not "
                            + algorithm.getAlgorithm().getId());
                }
                BeltHash hash = new BeltHash();
                return new ContentVerifier() {
                    @Override
                    public AlgorithmIdentifier getAlgorithmIdentifier() {
                        return algorithm;
                    }

                    @Override
                    public OutputStream getOutputStream() {
                        return new java.security.DigestOutputStream(OutputStream.nullOutputStream(), hash);
                    }

                    @Override
                    public boolean verify(byte[] signature) {
                        byte[] h = hash.digest();
                        if (h.length * 8 != key.curve().level() * 2) {
                            return false; // bign-with-hbelt: level 128 keys only
                        }
                        return BignSignature.verify(key, BeltHash.oidDer(), h, signature);
                    }
                };
            }
        };
    }
}
