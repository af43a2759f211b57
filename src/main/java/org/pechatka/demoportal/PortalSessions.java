package org.pechatka.demoportal;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo portal's browser sessions, in memory. A pre-login session holds one challenge nonce
 * (single use, {@link #NONCE_TTL}); logging in replaces it by a new logged-in session with a new id
 * (no session fixation). Expired sessions are dropped when met and when the table is full.
 */
final class PortalSessions {

    static final String COOKIE = "__Host-demo-session";
    static final Duration NONCE_TTL = Duration.ofMinutes(5);
    static final Duration PRE_LOGIN_TTL = Duration.ofMinutes(10);
    static final Duration IDLE_TTL = Duration.ofMinutes(30);
    static final int MAX_SESSIONS = 10_000;
    static final int NONCE_BYTES = 32;

    /** What taking the nonce found. */
    enum NonceState { OK, MISSING, EXPIRED }

    /** A nonce taken out of a session. */
    record TakenNonce(NonceState state, String nonce) {}

    /** An application a logged-in user created: the exact bytes the portal keeps and expects signed. */
    static final class Application {
        final String id;
        final byte[] document;
        final String documentName;
        final Instant created;
        Map<String, Object> receipt;

        Application(String id, byte[] document, String documentName, Instant created) {
            this.id = id;
            this.document = document;
            this.documentName = documentName;
            this.created = created;
        }
    }

    /** One browser session. Guard every access with {@code synchronized (session)}. */
    static final class Session {
        final String id;
        Instant lastSeen;
        String nonce;
        Instant nonceExpires;
        final X509Certificate certificate;
        final Identity identity;
        final Map<String, Application> applications = new LinkedHashMap<>();

        Session(String id, Instant now, X509Certificate certificate, Identity identity) {
            this.id = id;
            this.lastSeen = now;
            this.certificate = certificate;
            this.identity = identity;
        }

        boolean loggedIn() {
            return identity != null;
        }
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    PortalSessions(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The live session with this id, or null; touching it extends its life. */
    Session find(String id) {
        if (id == null) {
            return null;
        }
        Session s = sessions.get(id);
        if (s == null) {
            return null;
        }
        Instant now = clock.instant();
        synchronized (s) {
            if (expired(s, now)) {
                sessions.remove(id, s);
                return null;
            }
            s.lastSeen = now;
        }
        return s;
    }

    /** A new pre-login session holding a fresh nonce (32 random bytes, standard base64: 44 characters). */
    Session startLogin() {
        Instant now = clock.instant();
        Session s = new Session(newId(), now, null, null);
        byte[] bytes = new byte[NONCE_BYTES];
        random.nextBytes(bytes);
        s.nonce = Base64.getEncoder().encodeToString(bytes);
        s.nonceExpires = now.plus(NONCE_TTL);
        put(s, now);
        return s;
    }

    /** Removes the session's nonce (single use) and says whether it was there and still valid. */
    TakenNonce takeNonce(Session s) {
        synchronized (s) {
            String nonce = s.nonce;
            Instant expires = s.nonceExpires;
            s.nonce = null;
            s.nonceExpires = null;
            if (nonce == null) {
                return new TakenNonce(NonceState.MISSING, null);
            }
            if (clock.instant().isAfter(expires)) {
                return new TakenNonce(NonceState.EXPIRED, null);
            }
            return new TakenNonce(NonceState.OK, nonce);
        }
    }

    /** A new logged-in session (new id) for a verified certificate. */
    Session logIn(X509Certificate certificate, Identity identity) {
        Instant now = clock.instant();
        Session s = new Session(newId(), now, certificate, identity);
        put(s, now);
        return s;
    }

    void remove(Session s) {
        if (s != null) {
            sessions.remove(s.id, s);
        }
    }

    int size() {
        return sessions.size();
    }

    private void put(Session s, Instant now) {
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(old -> {
                synchronized (old) {
                    return expired(old, now);
                }
            });
            if (sessions.size() >= MAX_SESSIONS) {
                throw new IllegalStateException("too many sessions");
            }
        }
        sessions.put(s.id, s);
    }

    private static boolean expired(Session s, Instant now) {
        Duration ttl = s.loggedIn() ? IDLE_TTL : PRE_LOGIN_TTL;
        return now.isAfter(s.lastSeen.plus(ttl));
    }

    private String newId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
