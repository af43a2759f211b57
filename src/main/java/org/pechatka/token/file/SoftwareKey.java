package org.pechatka.token.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.DestroyFailedException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.pechatka.crypto.Bc;
import org.pechatka.crypto.KeyFamily;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.NationalOids;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.crypto.stb.BignAsn1;
import org.pechatka.crypto.stb.BignCurve;
import org.pechatka.crypto.stb.BignPrivateKey;
import org.pechatka.error.PechatkaException;

/**
 * A key pair made in memory for a new key file: the only place Pechatka makes a private key outside
 * a token. It signs (a certificate request) with the same code a key file signs with, and leaves
 * memory only encrypted, as a PKCS#12 file ({@link Pkcs12Writer#writeKeyOnly}). {@link #close()}
 * overwrites the key bytes Pechatka holds; the JCA's own copies (RSA, EC, GOST key objects) cannot
 * be wiped from Java and are left to the garbage collector.
 */
public final class SoftwareKey implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] pkcs8;
    private final SubjectPublicKeyInfo publicKey;
    private final FileKey key;
    private final BignPrivateKey bign;
    private final java.security.PrivateKey jca;
    private boolean closed;

    private SoftwareKey(byte[] pkcs8, SubjectPublicKeyInfo publicKey, FileKey key, BignPrivateKey bign,
            java.security.PrivateKey jca) {
        this.pkcs8 = pkcs8;
        this.publicKey = publicKey;
        this.key = key;
        this.bign = bign;
        this.jca = jca;
    }

    /**
     * Whether a key of this kind can be made and used in a key file: RSA 2048–4096, EC P-256/P-384/P-521,
     * bign 128 (bign-curve256v1, the curve key files sign with) and GOST R 34.10-2012 256/512.
     */
    public static boolean canGenerate(KeyInfo key) {
        return switch (key.family()) {
            case RSA -> key.bits() >= 2048 && key.bits() <= 4096;
            case EC -> key.protocolName() != null;
            case BIGN -> NationalOids.BIGN_CURVE256V1.equals(key.curveOid());
            case GOST_2012 -> key.curveName() != null;
            case EDDSA -> false;
        };
    }

    /** Generates a key pair of this kind. */
    public static SoftwareKey generate(KeyInfo spec) throws PechatkaException {
        Objects.requireNonNull(spec, "spec");
        if (!canGenerate(spec)) {
            throw new PechatkaException.AlgorithmUnsupported("a key file cannot hold a new " + spec.displayName() + " key");
        }
        try {
            if (spec.family() == KeyFamily.BIGN) {
                BignPrivateKey b = BignPrivateKey.generate(BignCurve.BIGN_CURVE256V1, RANDOM);
                PrivateKeyInfo info = BignAsn1.privateKeyInfo(b);
                return new SoftwareKey(info.getEncoded(), BignAsn1.subjectPublicKeyInfo(b.publicKey()), FileKey.of(info),
                        b, null);
            }
            KeyPair pair = jcaPair(spec);
            byte[] encoded = pair.getPrivate().getEncoded();
            return new SoftwareKey(encoded, SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()),
                    FileKey.of(PrivateKeyInfo.getInstance(encoded)), null, pair.getPrivate());
        } catch (GeneralSecurityException | IOException e) {
            throw new PechatkaException.Internal("cannot generate a " + spec.displayName() + " key", e);
        }
    }

    private static KeyPair jcaPair(KeyInfo spec) throws GeneralSecurityException {
        return switch (spec.family()) {
            case RSA -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(new RSAKeyGenParameterSpec(spec.bits(), RSAKeyGenParameterSpec.F4), RANDOM);
                yield g.generateKeyPair();
            }
            case EC -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(spec.curveOid().getId()), RANDOM);
                yield g.generateKeyPair();
            }
            case GOST_2012 -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("ECGOST3410-2012", Bc.PROVIDER);
                g.initialize(new ECGenParameterSpec(spec.curveName()), RANDOM);
                yield g.generateKeyPair();
            }
            default -> throw new GeneralSecurityException("not a JCA key: " + spec.displayName());
        };
    }

    /** The public key. */
    public SubjectPublicKeyInfo publicKey() {
        return publicKey;
    }

    /** The key's id in the file ({@code localKeyId}: SHA-1 of the public key bits). */
    public byte[] keyId() {
        return Pkcs12Writer.localKeyId(publicKey);
    }

    /**
     * A signer for Bouncy Castle (a certificate request): hashes what is written, signs with this
     * key and returns the X.509 encoding of the signature.
     */
    public ContentSigner signer(SignatureAlgorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        checkOpen();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return algorithm.x509Id();
            }

            @Override
            public OutputStream getOutputStream() {
                return buffer;
            }

            @Override
            public byte[] getSignature() {
                byte[] data = buffer.toByteArray();
                buffer.reset();
                try {
                    byte[] digest = algorithm.scheme().signsHash() ? algorithm.hash().digest(data) : null;
                    return algorithm.toX509(key.sign(algorithm, digest, data));
                } catch (GeneralSecurityException | PechatkaException e) {
                    throw new IllegalStateException("signing with the new key failed", e);
                }
            }
        };
    }

    /** The new key file's bytes: this key alone, encrypted with {@code password} (PBES2, AES-256). */
    public byte[] keyFile(String name, char[] password) throws IOException {
        checkOpen();
        return Pkcs12Writer.writeKeyOnly(name, PrivateKeyInfo.getInstance(pkcs8), publicKey, password);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the key was closed");
        }
    }

    /** Overwrites the key bytes held here; the key cannot be used afterwards. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Arrays.fill(pkcs8, (byte) 0);
        if (bign != null) {
            bign.destroy();
        }
        if (key instanceof FileKey.Bign b) {
            b.key().destroy();
        }
        if (jca != null) {
            try {
                jca.destroy();
            } catch (DestroyFailedException e) {
                // the JDK's RSA and EC keys cannot be destroyed: left to the garbage collector
            }
        }
    }
}
