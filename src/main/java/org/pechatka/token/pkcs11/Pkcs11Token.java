package org.pechatka.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_LOGIN_REQUIRED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_PROTECTED_AUTHENTICATION_PATH;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_COUNT_LOW;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_FINAL_TRY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_LOCKED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_TO_BE_CHANGED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKS_RO_USER_FUNCTIONS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKS_RW_USER_FUNCTIONS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_ALREADY_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_USER;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_SO;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_PIN_INCORRECT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_WRITE_PROTECTED;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.KeyRef;
import org.pechatka.token.KeyWithoutCertificate;
import org.pechatka.token.PinRules;
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
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;

/**
 * A token in a slot of a PKCS#11 module. Operations on it are serialised by its lock: listing holds
 * it for the listing, a session from {@link #open} from login to logout. PIN prompts happen before
 * the lock is taken, so a dialog waiting for a person does not block the token.
 *
 * <p>One object lives for one insertion of the token. It remembers, for that insertion only: its
 * last certificate listing (reused by {@link #certificates(Duration)} until Pechatka writes to the
 * token), the private keys found (each checked again by handle, class and {@code CKA_ID} before it
 * is used), and, only when the admin policy turns the PIN cache on, one logged-in session until
 * the cache's deadline.
 */
final class Pkcs11Token implements Token {

    private static final System.Logger LOG = System.getLogger(Pkcs11Token.class.getName());

    private final Pkcs11Provider provider;
    private final Slot slot;
    private final String id;
    private final ReentrantLock lock = new ReentrantLock(true);
    private volatile TokenInfo lastInfo;
    private volatile boolean gone;
    private volatile Set<Long> mechanisms;

    /** The last listing: when it began, and the write generation it saw. */
    private record Listing(long startedNanos, long generation, List<TokenCertificate> certificates) {}

    private final AtomicLong generation = new AtomicLong();
    private volatile Listing listing;
    /** Private keys found in earlier sessions, by reference; guarded by {@link #lock}. */
    private final Map<KeyRef, Pkcs11Session.PrivateKeyObject> knownKeys = new HashMap<>();
    /** A logged-in session kept for the PIN cache, and its deadline; guarded by {@link #lock}. */
    private Session kept;
    private long keptDeadline;
    private long expiryScheduledFor;

    Pkcs11Token(Pkcs11Provider provider, Slot slot, String id, org.xipki.pkcs11.wrapper.TokenInfo info) {
        this.provider = provider;
        this.slot = slot;
        this.id = id;
        this.lastInfo = convert(info, true);
    }

    @Override
    public String id() {
        return id;
    }

    long slotId() {
        return slot.getSlotID();
    }

    boolean gone() {
        return gone || provider.closed();
    }

    void markGone() {
        gone = true;
        listing = null;
        lastInfo = withPresent(lastInfo, false);
    }

    /** Called when an operation found the token gone. */
    void goneDuringOperation() {
        markGone();
        provider.tokenGone(this);
    }

    TokenInfo lastKnownInfo() {
        return lastInfo;
    }

    Pkcs11Provider provider() {
        return provider;
    }

    ReentrantLock lock() {
        return lock;
    }

    @Override
    public TokenInfo info() throws PechatkaException {
        ensurePresent();
        try {
            org.xipki.pkcs11.wrapper.TokenInfo ti = provider.call(() -> slot.getToken().getTokenInfo());
            if (!Pkcs11Provider.tokenId(ti, slot).equals(id)) {
                // another token is in the slot now: this one is gone
                goneDuringOperation();
                throw new PechatkaException.TokenNotPresent();
            }
            TokenInfo info = convert(ti, true);
            lastInfo = info;
            return info;
        } catch (PKCS11Exception e) {
            throw fail(e, CkrMapper.Phase.START, "read the token");
        }
    }

    @Override
    public List<TokenCertificate> certificates() throws PechatkaException {
        ensurePresent();
        lock.lock();
        try {
            long started = System.nanoTime();
            long seen = generation.get();
            Session session = openSession(false);
            try {
                P11Objects objects = new P11Objects(provider, session);
                List<P11Objects.CertObject> certs = objects.certificates();
                List<P11Objects.KeyObject> priv = objects.keys(CKO_PRIVATE_KEY);
                List<P11Objects.KeyObject> pub = objects.keys(CKO_PUBLIC_KEY);
                List<TokenCertificate> paired = List.copyOf(objects.pair(id, certs, priv, pub, false));
                listing = new Listing(started, seen, paired);
                return paired;
            } catch (PKCS11Exception e) {
                throw fail(e, CkrMapper.Phase.DURING, "read certificates");
            } finally {
                closeQuietly(session);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<KeyWithoutCertificate> keysWithoutCertificate() throws PechatkaException {
        ensurePresent();
        lock.lock();
        try {
            Session session = openSession(false);
            try {
                return new P11Housekeeping(provider, session).uncertified(id);
            } catch (PKCS11Exception e) {
                throw fail(e, CkrMapper.Phase.DURING, "read keys");
            } finally {
                closeQuietly(session);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public PinRules pinRules() {
        try {
            org.xipki.pkcs11.wrapper.TokenInfo ti = provider.call(() -> slot.getToken().getTokenInfo());
            boolean writable = (ti.getFlags() & CKF_WRITE_PROTECTED) == 0;
            return new PinRules((int) Math.min(Integer.MAX_VALUE, ti.getMinPinLen()),
                    (int) Math.min(Integer.MAX_VALUE, ti.getMaxPinLen()), writable, writable);
        } catch (PKCS11Exception e) {
            return PinRules.NONE;
        }
    }

    @Override
    public void changePin(char[] oldPin, char[] newPin) throws PechatkaException {
        if (info().pin().locked()) {
            throw new PechatkaException.PinLocked();
        }
        lock.lock();
        Session session = null;
        try {
            dropKept();
            session = openSession(true);
            Session s = session;
            provider.run(() -> s.setPIN(oldPin, newPin));
            LOG.log(System.Logger.Level.INFO, "{0}: the user PIN was changed", id);
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() == CKR_PIN_INCORRECT) {
                TokenInfo refreshed = info();
                if (refreshed.pin().locked()) {
                    throw new PechatkaException.PinLocked();
                }
                throw new PechatkaException.PinIncorrect(refreshed.pin().retriesLeft(), refreshed.pin().finalTry());
            }
            throw fail(e, CkrMapper.Phase.DURING, "change the PIN");
        } finally {
            closeQuietly(session);
            lock.unlock();
        }
    }

    @Override
    public void unblockPin(char[] soPin, char[] newPin) throws PechatkaException {
        lock.lock();
        Session session = null;
        boolean loggedIn = false;
        try {
            dropKept();
            session = openSession(true);
            Session s = session;
            provider.run(() -> s.login(CKU_SO, soPin));
            loggedIn = true;
            provider.run(() -> s.initPIN(newPin));
            LOG.log(System.Logger.Level.INFO, "{0}: a new user PIN was set with the SO PIN", id);
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() == CKR_PIN_INCORRECT) {
                throw new PechatkaException.PinIncorrect(null, false, "The SO PIN is wrong");
            }
            throw fail(e, CkrMapper.Phase.DURING, loggedIn ? "set the new PIN" : "log in with the SO PIN");
        } finally {
            if (session != null && loggedIn) {
                endLogin(session);
            } else {
                closeQuietly(session);
            }
            lock.unlock();
        }
    }

    @Override
    public List<TokenCertificate> certificates(Duration maxAge) throws PechatkaException {
        ensurePresent();
        Listing last = listing;
        if (last != null && last.generation() == generation.get()
                && System.nanoTime() - last.startedNanos() <= maxAge.toNanos()) {
            return last.certificates();
        }
        return certificates();
    }

    /** Pechatka wrote to the token (a session holding the lock): forget what was read before. */
    void changed() {
        generation.incrementAndGet();
        listing = null;
        knownKeys.clear();
    }

    /** A private key found in an earlier session of this insertion; the caller holds the lock. */
    Pkcs11Session.PrivateKeyObject knownKey(KeyRef ref) {
        return knownKeys.get(ref);
    }

    /** Remembers a private key found by its {@code CKA_ID}; the caller holds the lock. */
    void rememberKey(KeyRef ref, Pkcs11Session.PrivateKeyObject key) {
        knownKeys.put(ref, key);
    }

    void forgetKey(KeyRef ref) {
        knownKeys.remove(ref);
    }

    @Override
    public Set<SignatureAlgorithm> signatureAlgorithms() {
        Set<Long> mechs = mechanisms();
        Set<SignatureAlgorithm> out = new LinkedHashSet<>();
        for (SignatureAlgorithm a : SignatureAlgorithms.all()) {
            if (MechanismTable.supports(a, mechs)) {
                out.add(a);
            }
        }
        return out;
    }

    @Override
    public boolean canGenerate(org.pechatka.crypto.KeyInfo key) {
        return MechanismTable.keyType(key.family(), key.bits())
                .map(row -> mechanisms().contains(row.keyGen())).orElse(false);
    }

    @Override
    public List<String> mechanismNames() {
        List<String> names = new ArrayList<>();
        for (long m : mechanisms()) {
            String name = MechanismTable.extraName(m);
            if (name == null) {
                name = PKCS11Constants.ckmCodeToName(m);
            }
            names.add(name != null ? name : String.format("0x%08X", m));
        }
        return names;
    }

    /** The token's mechanisms, read once per insertion. */
    Set<Long> mechanisms() {
        Set<Long> m = mechanisms;
        if (m == null) {
            Set<Long> read = new LinkedHashSet<>();
            try {
                long[] list = provider.call(() -> {
                    try {
                        return provider.module().getPKCS11Module().C_GetMechanismList(slotId());
                    } catch (iaik.pkcs.pkcs11.wrapper.PKCS11Exception e) {
                        throw provider.module().convertException(e);
                    }
                });
                for (long code : list) {
                    read.add(code);
                }
            } catch (PKCS11Exception e) {
                LOG.log(System.Logger.Level.WARNING, "C_GetMechanismList failed: {0}", CkrMapper.name(e.getErrorCode()));
                return Set.of(); // not cached: try again next time
            }
            m = Set.copyOf(read);
            mechanisms = m;
        }
        return m;
    }

    @Override
    public TokenSession open(PinSource pins, TokenSession.Access access) throws PechatkaException {
        TokenInfo info = info();
        if (!info.loginRequired()) {
            lock.lock();
            try {
                return new Pkcs11Session(this, openSession(access == TokenSession.Access.READ_WRITE), info, pins, false,
                        0);
            } catch (PechatkaException | RuntimeException e) {
                lock.unlock();
                throw e;
            }
        }
        if (info.pin().locked()) {
            forgetPin();
            pins.pinLocked(new PinRequest(info, PinRequest.Kind.USER_LOGIN, null, info.protectedAuthPath(), null));
            throw new PechatkaException.PinLocked();
        }
        TokenSession cached = reuseLogin(info, pins, access);
        if (cached != null) {
            return cached;
        }
        PinRequest request = new PinRequest(info, PinRequest.Kind.USER_LOGIN, null, info.protectedAuthPath(), null);
        while (true) {
            if (request.token().pin().locked()) {
                pins.pinLocked(request);
                throw new PechatkaException.PinLocked();
            }
            PinResponse answer = pins.requestPin(request);
            lock.lock();
            Session session = null;
            boolean success = false;
            try {
                // a login kept from before would make C_Login answer "already logged in" to any PIN
                dropKept();
                session = openSession(access == TokenSession.Access.READ_WRITE);
                login(session, CKU_USER, answer);
                success = true;
                return new Pkcs11Session(this, session, info, pins, true,
                        PinCache.deadline(provider.options().pinCache()));
            } catch (PechatkaException.PinLocked locked) {
                pins.pinLocked(request.afterFailure(info(), request.previousFailure()));
                throw locked;
            } catch (PechatkaException.PinIncorrect wrong) {
                TokenInfo refreshed = info();
                PechatkaException.PinIncorrect failure = new PechatkaException.PinIncorrect(
                        refreshed.pin().retriesLeft(), refreshed.pin().finalTry(), wrong.getMessage());
                if (info.protectedAuthPath()) {
                    throw failure; // a PIN pad cannot be asked again from here
                }
                request = request.afterFailure(refreshed, failure);
            } finally {
                if (answer instanceof PinResponse.Pin pin) {
                    pin.wipe();
                } else {
                    pins.pinPadFinished();
                }
                if (!success) {
                    closeQuietly(session);
                    lock.unlock();
                }
            }
        }
    }

    /**
     * The session kept for the PIN cache, when its deadline has not passed and the module still
     * reports it logged in; null otherwise. A read-write request on a read-only kept session gets
     * a new session, which shares the application's login.
     */
    private TokenSession reuseLogin(TokenInfo info, PinSource pins, TokenSession.Access access)
            throws PechatkaException {
        if (provider.options().pinCache().isZero()) {
            return null;
        }
        lock.lock();
        boolean handedOver = false;
        try {
            Session session = kept;
            long deadline = keptDeadline;
            if (session == null) {
                return null;
            }
            kept = null;
            if (gone() || PinCache.expired(deadline)) {
                endLogin(session);
                return null;
            }
            long state;
            try {
                state = provider.call(() -> session.getSessionInfo().getState());
            } catch (PKCS11Exception e) {
                if (CkrMapper.tokenGone(e.getErrorCode())) {
                    throw fail(e, CkrMapper.Phase.START, "open a session");
                }
                closeQuietly(session); // the module ended it: log in again
                return null;
            }
            if (state != CKS_RO_USER_FUNCTIONS && state != CKS_RW_USER_FUNCTIONS) {
                endLogin(session); // logged out behind our back (a token reset): log in again
                return null;
            }
            Session use = session;
            if (access == TokenSession.Access.READ_WRITE && state != CKS_RW_USER_FUNCTIONS) {
                try {
                    use = openSession(true);
                } catch (PechatkaException e) {
                    endLogin(session);
                    throw e;
                }
                closeQuietly(session); // the new session keeps the login
            }
            handedOver = true;
            LOG.log(System.Logger.Level.DEBUG, "{0}: login reused from the PIN cache", id);
            return new Pkcs11Session(this, use, info, pins, true, deadline);
        } finally {
            if (!handedOver) {
                lock.unlock();
            }
        }
    }

    /**
     * Called by a closing logged-in session (holding the lock): keeps it for the PIN cache until
     * {@code deadline}. False when there is no cache or its time is up: the caller logs out.
     */
    boolean keep(Session session, long deadline) {
        if (PinCache.expired(deadline) || gone()) {
            return false;
        }
        if (kept != null && kept != session) {
            endLogin(kept);
        }
        kept = session;
        keptDeadline = deadline;
        if (expiryScheduledFor != deadline) { // once per login, not once per request
            expiryScheduledFor = deadline;
            PinCache.atDeadline(deadline, this::expire);
        }
        return true;
    }

    /** At the deadline: ends the kept login unless a session is using the token (its close does). */
    private void expire() {
        if (!lock.tryLock()) {
            return; // the running session sees the deadline when it closes
        }
        try {
            if (kept != null && (PinCache.expired(keptDeadline) || gone())) {
                dropKept();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void forgetPin() {
        lock.lock();
        try {
            dropKept();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the kept login, if any; the caller holds the lock. */
    private void dropKept() {
        Session session = kept;
        kept = null;
        if (session != null) {
            endLogin(session);
        }
    }

    /** {@code C_Logout} and {@code C_CloseSession}, skipped for a removed token. */
    void endLogin(Session session) {
        if (gone()) {
            return;
        }
        try {
            provider.run(session::logout);
        } catch (PKCS11Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "C_Logout: {0}", CkrMapper.name(e.getErrorCode()));
        }
        closeQuietly(session);
    }

    /**
     * One {@code C_Login} for one PIN answer. {@code CKR_USER_ALREADY_LOGGED_IN} counts as success:
     * the login state is shared by the application's sessions.
     */
    void login(Session session, long userType, PinResponse answer) throws PechatkaException {
        char[] pin = answer instanceof PinResponse.Pin p ? p.value() : null;
        try {
            provider.run(() -> session.login(userType, pin));
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() == CKR_USER_ALREADY_LOGGED_IN && userType == CKU_USER) {
                return;
            }
            throw fail(e, CkrMapper.Phase.DURING, "log in");
        }
    }

    /** Opens a session; maps an absent token to TOKEN_NOT_PRESENT. */
    Session openSession(boolean readWrite) throws PechatkaException {
        ensurePresent();
        try {
            return provider.call(() -> slot.getToken().openSession(readWrite));
        } catch (PKCS11Exception e) {
            throw fail(e, CkrMapper.Phase.START, "open a session");
        }
    }

    void closeQuietly(Session session) {
        if (session == null || gone()) {
            return; // a session of a removed token is dead; calling it again would reuse a stale handle
        }
        try {
            provider.run(() -> session.closeSession());
        } catch (PKCS11Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "C_CloseSession: {0}", CkrMapper.name(e.getErrorCode()));
        }
    }

    /** Maps a PKCS#11 error, noting a removal. */
    PechatkaException fail(PKCS11Exception e, CkrMapper.Phase phase, String operation) {
        if (CkrMapper.tokenGone(e.getErrorCode())) {
            goneDuringOperation();
        }
        return CkrMapper.map(e, phase, operation);
    }

    private void ensurePresent() throws PechatkaException.TokenNotPresent {
        if (gone()) {
            throw new PechatkaException.TokenNotPresent();
        }
    }

    private TokenInfo convert(org.xipki.pkcs11.wrapper.TokenInfo ti, boolean present) {
        long f = ti.getFlags();
        PinStatus pin = new PinStatus(
                (f & CKF_USER_PIN_COUNT_LOW) != 0,
                (f & CKF_USER_PIN_FINAL_TRY) != 0,
                (f & CKF_USER_PIN_LOCKED) != 0,
                (f & CKF_USER_PIN_TO_BE_CHANGED) != 0);
        return new TokenInfo(id, TokenKind.PKCS11, ti.getLabel().strip(), ti.getManufacturerID().strip(),
                ti.getModel().strip(), ti.getSerialNumber().strip(), present, (f & CKF_LOGIN_REQUIRED) != 0,
                (f & CKF_PROTECTED_AUTHENTICATION_PATH) != 0, pin, provider.path());
    }

    private static TokenInfo withPresent(TokenInfo i, boolean present) {
        return new TokenInfo(i.tokenId(), i.kind(), i.label(), i.manufacturer(), i.model(), i.serialNumber(), present,
                i.loginRequired(), i.protectedAuthPath(), i.pin(), i.source());
    }

    @Override
    public String toString() {
        return "Pkcs11Token[" + id + ", " + lastInfo.label() + "]";
    }
}
