package org.pechatka.crypto.stb;

import java.io.OutputStream;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.pechatka.crypto.SignatureAlgorithms;

/**
 * A Bouncy Castle {@link ContentSigner} for a bign key held in memory (a key file, the demo CA):
 * bign-with-hbelt, belt-hash of the content, the raw 48-octet S0‖S1 that X.509, PKCS#10 and CMS
 * carry. The one-time key is derived deterministically (STB 34.101.45 alg. 6.3.3) with fresh random
 * additional data mixed in, so a broken random source cannot leak the private key and two
 * signatures of one message still differ. Level 128 only (bign-with-hbelt).
 */
public final class BignContentSigner implements ContentSigner {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final BignPrivateKey key;
    private final BeltHash hash = new BeltHash();
    private final OutputStream out = new java.security.DigestOutputStream(OutputStream.nullOutputStream(), hash);

    public BignContentSigner(BignPrivateKey key) {
        if (key.curve().level() != 128) {
            throw new IllegalArgumentException("bign-with-hbelt signs with level-128 keys only");
        }
        this.key = key;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return SignatureAlgorithms.BIGN_HBELT.x509Id();
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    @Override
    public byte[] getSignature() {
        byte[] t = new byte[32];
        RANDOM.nextBytes(t);
        return BignSignature.signDeterministic(key, BeltHash.oidDer(), hash.digest(), t);
    }
}
