package org.pechatka.token.file;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.KeyStatus;
import org.pechatka.token.KeyWithoutCertificate;
import org.pechatka.token.PinCache;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinResponse;
import org.pechatka.token.PinSource;
import org.pechatka.token.PinStatus;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenInfo;
import org.pechatka.token.TokenKind;
import org.pechatka.token.TokenSession;

/**
 * A PKCS#12 key file as a token. The file's password plays the PIN. Certificates stored
 * unencrypted are listed without the password; encrypted ones appear after the first unlock in
 * this run. Key files are read-only here: Pechatka never rewrites a user's key file.
 */
final class KeyFileToken implements Token {

    private final Path file;
    private final String id;
    private final ReentrantLock lock = new ReentrantLock(true);
    private volatile List<X509Certificate> unlockedCertificates = List.of();
    private final Duration pinCache;

    /** The keys of the file, unlocked for the PIN cache until the deadline; guarded by {@link #lock}. */
    private record Unlocked(byte[] fileDigest, List<KeyFileSession.Entry> entries, long deadline) {}

    private Unlocked unlocked;

    KeyFileToken(Path file) {
        this(file, Duration.ZERO);
    }

    KeyFileToken(Path file, Duration pinCache) {
        this.file = file.toAbsolutePath().normalize();
        this.id = tokenId(this.file);
        this.pinCache = PinCache.check(pinCache);
    }

    static String tokenId(Path file) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(("file\0" + file).getBytes(StandardCharsets.UTF_8));
            return "p12-" + HexFormat.of().formatHex(h, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The key id Pechatka uses for a key in a key file: SHA-1 of the public key bits (RFC 5280
     * section 4.2.1.2, method 1), the same before and after the file is unlocked.
     */
    static byte[] keyId(X509Certificate certificate) {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded());
        try {
            return MessageDigest.getInstance("SHA-1").digest(spki.getPublicKeyData().getBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Path file() {
        return file;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public TokenInfo info() throws PechatkaException {
        return info(Files.isRegularFile(file));
    }

    TokenInfo info(boolean present) {
        return new TokenInfo(id, TokenKind.KEY_FILE, file.getFileName().toString(), "Pechatka", "PKCS#12 key file", "",
                present, true, false, PinStatus.OK, file.toString());
    }

    @Override
    public List<TokenCertificate> certificates() throws PechatkaException {
        byte[] pfx = read();
        Pkcs12Contents contents;
        try {
            contents = Pkcs12Contents.read(pfx);
        } catch (IOException e) {
            throw new PechatkaException.TokenFailure(null, "The key file is not a PKCS#12 file", e);
        }
        List<X509Certificate> certs = new ArrayList<>(contents.certificates());
        for (X509Certificate c : unlockedCertificates) {
            if (!certs.contains(c)) {
                certs.add(c);
            }
        }
        KeyStatus status = contents.hasKeys() ? KeyStatus.PROBABLE : KeyStatus.UNKNOWN;
        List<TokenCertificate> out = new ArrayList<>();
        for (X509Certificate c : certs) {
            KeyStatus s = unlockedCertificates.contains(c) ? KeyStatus.PRIVATE_KEY
                    : (c.getBasicConstraints() >= 0 ? KeyStatus.UNKNOWN : status);
            out.add(new TokenCertificate(id, c, keyId(c), "", s));
        }
        return out;
    }

    /**
     * The keys of the file no certificate belongs to, as seen without the password: most often the
     * key of a request made in a new key file, waiting for its certificate (imported with
     * {@link KeyFileImport}). Their id is the {@code localKeyId}; their algorithm is not known
     * before the file is opened.
     */
    @Override
    public List<KeyWithoutCertificate> keysWithoutCertificate() throws PechatkaException {
        Pkcs12Contents contents;
        try {
            contents = Pkcs12Contents.read(read());
        } catch (IOException e) {
            throw new PechatkaException.TokenFailure(null, "The key file is not a PKCS#12 file", e);
        }
        List<KeyWithoutCertificate> out = new ArrayList<>();
        for (Pkcs12Contents.LoneKey k : contents.loneKeys()) {
            boolean paired = unlockedCertificates.stream().anyMatch(c -> Arrays.equals(keyId(c), k.localKeyId()));
            if (!paired) {
                out.add(new KeyWithoutCertificate(id, k.localKeyId(), k.name(), ""));
            }
        }
        return out;
    }

    /** Whether part of the file is encrypted, so certificates may be hidden until the password is given. */
    boolean hidesCertificates() throws PechatkaException {
        try {
            return Pkcs12Contents.read(read()).encryptedPart() && unlockedCertificates.isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Set<SignatureAlgorithm> signatureAlgorithms() {
        return KeyFileSession.SUPPORTED;
    }

    @Override
    public List<String> mechanismNames() {
        return List.of();
    }

    @Override
    public TokenSession open(PinSource pins, TokenSession.Access access) throws PechatkaException {
        TokenInfo info = info();
        TokenSession cached = reuseUnlocked(info);
        if (cached != null) {
            return cached;
        }
        PinRequest request = new PinRequest(info, PinRequest.Kind.USER_LOGIN, null, false, null);
        while (true) {
            PinResponse answer = pins.requestPin(request);
            if (!(answer instanceof PinResponse.Pin pin)) {
                throw new PechatkaException.AlgorithmUnsupported("a key file has no PIN pad");
            }
            try {
                byte[] pfx = read();
                List<KeyFileSession.Entry> entries = Pkcs12Unlock.unlock(pfx, pin.value());
                lock.lock();
                List<X509Certificate> certs = new ArrayList<>();
                entries.forEach(e -> certs.add(e.certificate()));
                unlockedCertificates = Collections.unmodifiableList(certs);
                long deadline = PinCache.deadline(pinCache);
                if (deadline != 0) {
                    unlocked = new Unlocked(sha256(pfx), List.copyOf(entries), deadline);
                    PinCache.atDeadline(deadline, this::expire);
                }
                return new KeyFileSession(this, info, new ArrayList<>(entries));
            } catch (PechatkaException.PinIncorrect wrong) {
                request = request.afterFailure(info, wrong);
            } finally {
                pin.wipe();
            }
        }
    }

    void release() {
        lock.unlock();
    }

    /** The keys unlocked for the PIN cache, if its deadline has not passed and the file is unchanged. */
    private TokenSession reuseUnlocked(TokenInfo info) throws PechatkaException {
        if (pinCache.isZero()) {
            return null;
        }
        lock.lock();
        boolean handedOver = false;
        try {
            Unlocked u = unlocked;
            if (u == null) {
                return null;
            }
            if (PinCache.expired(u.deadline()) || !Arrays.equals(u.fileDigest(), sha256(read()))) {
                unlocked = null; // time is up, or the file was replaced: ask again
                return null;
            }
            handedOver = true;
            return new KeyFileSession(this, info, new ArrayList<>(u.entries()));
        } finally {
            if (!handedOver) {
                lock.unlock();
            }
        }
    }

    private void expire() {
        if (lock.tryLock()) {
            try {
                if (unlocked != null && PinCache.expired(unlocked.deadline())) {
                    unlocked = null;
                }
            } finally {
                lock.unlock();
            }
        }
        // else: the running session's next open sees the deadline
    }

    @Override
    public void forgetPin() {
        lock.lock();
        try {
            unlocked = null;
        } finally {
            lock.unlock();
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] read() throws PechatkaException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PechatkaException.TokenNotPresent();
        }
    }

    @Override
    public String toString() {
        return "KeyFileToken[" + file.getFileName() + "]";
    }
}
