package org.pechatka.token.file;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.KeyRef;
import org.pechatka.token.KeyStatus;
import org.pechatka.token.SignInput;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenInfo;
import org.pechatka.token.TokenSession;

/**
 * An unlocked key file: its keys are held in memory for the session and dropped on
 * {@link #close()}. Signatures come out in the same raw forms as from a PKCS#11 token.
 */
final class KeyFileSession implements TokenSession {

    /** The algorithms a key file can sign with. */
    static final Set<SignatureAlgorithm> SUPPORTED = SignatureAlgorithms.all().stream()
            .filter(a -> switch (a.scheme()) {
                case RSA_PKCS1, RSA_PSS, ECDSA -> true;
                case EDDSA -> a == SignatureAlgorithms.ED25519;
                case GOST_2012 -> true;
                case BIGN -> a == SignatureAlgorithms.BIGN_HBELT;
            })
            .collect(Collectors.toUnmodifiableSet());

    /** A key with its certificate. */
    record Entry(X509Certificate certificate, FileKey key, String alias) {}

    private final KeyFileToken token;
    private final TokenInfo info;
    private final List<Entry> entries;
    private boolean closed;

    KeyFileSession(KeyFileToken token, TokenInfo info, List<Entry> entries) {
        this.token = token;
        this.info = info;
        this.entries = new ArrayList<>(entries);
    }

    @Override
    public TokenInfo token() {
        return info;
    }

    @Override
    public List<TokenCertificate> certificates() {
        checkOpen();
        return entries.stream()
                .map(e -> new TokenCertificate(info.tokenId(), e.certificate(), KeyFileToken.keyId(e.certificate()),
                        e.alias(), KeyStatus.PRIVATE_KEY))
                .toList();
    }

    @Override
    public byte[] sign(KeyRef key, SignatureAlgorithm algorithm, SignInput input) throws PechatkaException {
        checkOpen();
        Entry entry = find(key);
        KeyInfo keyInfo;
        try {
            keyInfo = KeyInfo.of(key.publicKey());
        } catch (IOException e) {
            throw new PechatkaException.AlgorithmUnsupported("Pechatka does not know this key's algorithm");
        }
        if (!algorithm.fits(keyInfo) || !SUPPORTED.contains(algorithm)) {
            throw new PechatkaException.AlgorithmUnsupported("a key file cannot sign " + algorithm.name()
                    + " with a " + keyInfo.displayName() + " key");
        }
        byte[] digest = null;
        if (algorithm.scheme().signsHash()) {
            digest = input.isDigest() ? input.bytes() : algorithm.hash().digest(input.bytes());
            if (digest.length != algorithm.hash().length()) {
                throw new PechatkaException.InvalidParams("the hash must be " + algorithm.hash().length() + " bytes");
            }
        } else if (input.isDigest()) {
            throw new PechatkaException.AlgorithmUnsupported(algorithm.name() + " signs data, not a hash");
        }
        try {
            return entry.key().sign(algorithm, digest, input.isDigest() ? null : input.bytes());
        } catch (GeneralSecurityException e) {
            throw new PechatkaException.Internal("signing with a key file failed", e);
        }
    }

    private Entry find(KeyRef key) throws PechatkaException.KeyNotFound {
        for (Entry e : entries) {
            if (Arrays.equals(KeyFileToken.keyId(e.certificate()), key.keyId())
                    || SubjectPublicKeyInfo.getInstance(e.certificate().getPublicKey().getEncoded())
                            .equals(key.publicKey())) {
                return e;
            }
        }
        throw new PechatkaException.KeyNotFound("No private key for this certificate in the key file");
    }

    @Override
    public java.util.Optional<KeyRef> findKey(SubjectPublicKeyInfo publicKey) {
        checkOpen();
        for (Entry e : entries) {
            SubjectPublicKeyInfo own = SubjectPublicKeyInfo.getInstance(e.certificate().getPublicKey().getEncoded());
            if (org.pechatka.crypto.PublicKeys.same(own, publicKey)) {
                return java.util.Optional.of(new KeyRef(KeyFileToken.keyId(e.certificate()), own));
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public KeyRef generateKeyPair(KeyInfo keySpec, String label)
            throws PechatkaException.OperationNotAllowed {
        throw new PechatkaException.OperationNotAllowed("Pechatka does not change key files");
    }

    @Override
    public StoredCertificate storeCertificate(X509Certificate certificate, byte[] keyId, String label)
            throws PechatkaException.OperationNotAllowed {
        throw new PechatkaException.OperationNotAllowed("Pechatka does not change key files");
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("session closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        entries.clear();
        token.release();
    }
}
