package org.pechatka.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.TrustAnchors;
import org.pechatka.error.PechatkaException;
import org.pechatka.prompt.Interaction;
import org.pechatka.prompt.Prompter;
import org.pechatka.token.PinStatus;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenEvent;
import org.pechatka.token.TokenInfo;
import org.pechatka.token.TokenRegistry;
import org.pechatka.token.TokenSession;

/**
 * Protocol v1 without a transport: takes one text message of a connection, answers one text
 * message. Methods that need the person go through the {@link Prompter}; only one such request runs
 * at a time across all connections (the others get {@code ACTION_PENDING}). Thread-safe: the server
 * calls {@link #handle} from a worker thread per message.
 */
public final class ProtocolService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ProtocolService.class.getName());

    /**
     * Settings.
     *
     * @param version       the application version for {@code app.info}
     * @param appVersionUrl the {@code appVersion} of authentication tokens
     * @param dialogTimeout how long a dialog waits for the person
     * @param clock         the clock (signing time, validity checks)
     * @param keyAlgorithms which protocol key names {@code csr.create} may use (the admin policy's
     *                      {@code allowedKeyAlgorithms}); another is refused before any dialog
     */
    public record Config(String version, String appVersionUrl, Duration dialogTimeout, Clock clock,
            java.util.function.Predicate<String> keyAlgorithms) {

        /** Every key algorithm allowed. */
        public Config(String version, String appVersionUrl, Duration dialogTimeout, Clock clock) {
            this(version, appVersionUrl, dialogTimeout, clock, name -> true);
        }
    }

    /** A protocol method. */
    @FunctionalInterface
    interface Method {
        Object call(Connection connection, ObjectNode params) throws PechatkaException;
    }

    private final TokenRegistry registry;
    private final Prompter prompter;
    private final OriginIds originIds;
    private final Grants grants;
    private final Supplier<TrustAnchors> trust;
    /** The anchors the memoised chains were checked against (a change of the trust store drops them). */
    private final AtomicReference<TrustAnchors> chainsChecked = new AtomicReference<>();
    private final Config config;
    private final Map<String, Method> methods = new LinkedHashMap<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Interaction> current = new AtomicReference<>();
    private final Map<Interaction, String> interactionTokens = new ConcurrentHashMap<>();
    private final Consumer<TokenEvent> tokenListener = this::onTokenEvent;
    /** Certificates read for the person, and chains, by certId (bounded; chains dropped on token events). */
    private static final int MEMO_LIMIT = 4096;
    private final Map<String, CertificateView> views = new ConcurrentHashMap<>();
    private final Map<String, Chain> chains = new ConcurrentHashMap<>();

    public ProtocolService(TokenRegistry registry, Prompter prompter, OriginIds originIds, Grants grants,
            TrustAnchors trust, Config config) {
        this(registry, prompter, originIds, grants, () -> trust, config);
    }

    /**
     * @param trust the trust anchors as they are at each request (e.g. {@link org.pechatka.cert.LiveTrustAnchors},
     *              so a change of the trust store applies without a restart)
     */
    public ProtocolService(TokenRegistry registry, Prompter prompter, OriginIds originIds, Grants grants,
            Supplier<TrustAnchors> trust, Config config) {
        this.registry = registry;
        this.prompter = prompter;
        this.originIds = originIds;
        this.grants = grants;
        this.trust = trust;
        this.config = config;
        CertificateMethods certificates = new CertificateMethods(this);
        SigningMethods signing = new SigningMethods(this);
        LifecycleMethods lifecycle = new LifecycleMethods(this);
        methods.put("app.info", (c, p) -> {
            Params.read(p, Params.None.class);
            return new Results.Info("Pechatka", config.version(), 1, List.copyOf(methods.keySet()));
        });
        methods.put("tokens.list", (c, p) -> {
            Params.read(p, Params.None.class);
            return new Results.Tokens(tokens(c.origin()));
        });
        methods.put("certificates.select", certificates::select);
        methods.put("auth.authenticate", certificates::authenticate);
        methods.put("sign.cms", signing::signCms);
        methods.put("sign.hash", signing::signHash);
        methods.put("sign.batch", signing::signBatch);
        methods.put("csr.create", lifecycle::createCsr);
        methods.put("cert.import", lifecycle::importCertificate);
        registry.addListener(tokenListener);
    }

    /** The methods this version offers ({@code app.info} capabilities). */
    public List<String> capabilities() {
        return List.copyOf(methods.keySet());
    }

    /** A page connected; {@code sender} delivers notifications to it. */
    public Connection open(String origin, Consumer<String> sender) {
        Connection c = new Connection(origin, sender);
        connections.add(c);
        return c;
    }

    /** The page went away: its dialogs close with {@code USER_CANCELLED}. */
    public void close(Connection connection) {
        connections.remove(connection);
        connection.close();
    }

    /** Answers one message. Never throws. */
    public String handle(Connection connection, String text) {
        RpcRequest request;
        try {
            request = RpcCodec.parse(text);
        } catch (RpcCodec.BadRequest bad) {
            return RpcCodec.error(bad.id(), ErrorMapper.toWire(bad.error()));
        }
        Method method = methods.get(request.method());
        if (method == null) {
            return RpcCodec.error(request.id(), ErrorMapper.toWire(new PechatkaException.MethodNotFound(
                    "Unknown method")));
        }
        try {
            return RpcCodec.result(request.id(), method.call(connection, request.params()));
        } catch (PechatkaException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0} from {1}: {2}", request.method(), connection.origin(),
                    e.reason());
            return RpcCodec.error(request.id(), ErrorMapper.toWire(e));
        } catch (RuntimeException | Error e) { // an Error too: the page must still get its one answer
            return RpcCodec.error(request.id(), ErrorMapper.internal(e));
        }
    }

    // ---- shared by the methods ---------------------------------------------------------------

    TokenRegistry registry() {
        return registry;
    }

    Prompter prompter() {
        return prompter;
    }

    Grants grants() {
        return grants;
    }

    TrustAnchors trust() {
        TrustAnchors now = trust.get();
        if (chainsChecked.getAndSet(now) != now) {
            chains.clear(); // checked against other anchors
        }
        return now;
    }

    Config config() {
        return config;
    }

    String originTokenId(String origin, String tokenId) {
        return originIds.tokenId(origin, tokenId);
    }

    /**
     * Runs a request that needs the person: one at a time across all connections. The interaction
     * ends when the connection closes.
     */
    <T> T interact(Connection connection, InteractionBody<T> body) throws PechatkaException {
        Interaction interaction = new Interaction(connection.origin(), config.dialogTimeout());
        if (!current.compareAndSet(null, interaction)) {
            throw new PechatkaException.ActionPending();
        }
        connection.track(interaction);
        try {
            interaction.checkNotAborted();
            return body.run(interaction);
        } finally {
            connection.untrack(interaction);
            interactionTokens.remove(interaction);
            current.compareAndSet(interaction, null);
            interaction.finish();
        }
    }

    /** The body of an interaction. */
    @FunctionalInterface
    interface InteractionBody<T> {
        T run(Interaction interaction) throws PechatkaException;
    }

    /**
     * From now on, removing this token ends the interaction with {@code TOKEN_REMOVED}. Returns the
     * token, present now.
     */
    Token bindToToken(Interaction interaction, String tokenId) throws PechatkaException {
        interactionTokens.put(interaction, tokenId);
        Optional<Token> token = registry.token(tokenId);
        if (token.isEmpty()) {
            interaction.abort(new PechatkaException.TokenRemoved());
        }
        interaction.checkNotAborted();
        return token.orElseThrow(PechatkaException.TokenRemoved::new);
    }

    /**
     * Like {@link #bindToToken(Interaction, String)} for a token found present a moment ago in this
     * request, without scanning the slots again: a removal in between shows when the session opens
     * ({@link #removedIfAbsent}).
     */
    void bindToToken(Interaction interaction, Token token) throws PechatkaException {
        interactionTokens.put(interaction, token.id());
        interaction.checkNotAborted();
    }

    /** Inside an interaction bound to a token, its absence means it was removed during the request. */
    static PechatkaException removedIfAbsent(PechatkaException e) {
        return e instanceof PechatkaException.TokenNotPresent ? new PechatkaException.TokenRemoved() : e;
    }

    /**
     * Opens a session on {@code token} for this interaction (the PIN asked through the prompter),
     * mapping "not present" to "removed"; closes it again if the request was aborted meanwhile, so a
     * cancelled request never keeps a logged-in session.
     */
    TokenSession openSession(Interaction interaction, Token token, TokenSession.Access access)
            throws PechatkaException {
        TokenSession session;
        try {
            session = token.open(prompter().pinSource(interaction), access);
        } catch (PechatkaException e) {
            throw removedIfAbsent(e);
        }
        try {
            interaction.checkNotAborted();
        } catch (PechatkaException e) {
            session.close();
            throw e;
        }
        return session;
    }

    /** A certificate with its token, found by certId among the tokens present now. */
    record Located(Token token, TokenCertificate certificate, CertificateView view) {}

    /**
     * How old a token's listing may be to find a certificate by its certId: a hit is the right
     * certificate whatever the age (the certId is its hash), and its key is found again at signing;
     * a miss lists the tokens afresh.
     */
    static final Duration LOOKUP_LISTING_AGE = Duration.ofMinutes(10);
    /** How old a listing may be to collect CA certificates for chains. */
    static final Duration CA_LISTING_AGE = Duration.ofSeconds(30);

    /** Finds a certificate on the tokens present; {@code TOKEN_NOT_PRESENT} when its token is absent. */
    Located locate(String certId) throws PechatkaException {
        List<Token> present = registry.tokens();
        Located found = find(present, certId, LOOKUP_LISTING_AGE);
        if (found == null) {
            found = find(present, certId, Duration.ZERO);
        }
        if (found == null) {
            throw new PechatkaException.TokenNotPresent();
        }
        return found;
    }

    private Located find(List<Token> tokens, String certId, Duration listingAge) throws PechatkaException {
        for (Token t : tokens) {
            List<TokenCertificate> certs;
            try {
                certs = t.certificates(listingAge);
            } catch (PechatkaException e) {
                continue;
            }
            for (TokenCertificate c : certs) {
                if (c.certId().equals(certId)) {
                    return new Located(t, c, view(c));
                }
            }
        }
        return null;
    }

    /** The certificate as shown to the person, read once per certificate (a pure function of it). */
    CertificateView view(TokenCertificate c) throws PechatkaException {
        CertificateView known = views.get(c.certId());
        if (known != null) {
            return known;
        }
        CertificateView v;
        try {
            v = CertificateView.of(c.certificate());
        } catch (CertificateException e) {
            throw new PechatkaException.Internal("a certificate on the token cannot be read", e);
        }
        if (views.size() >= MEMO_LIMIT) {
            views.clear();
        }
        views.put(c.certId(), v);
        return v;
    }

    /**
     * The chain of CA certificates above a certificate, from the tokens' CA certificates and the
     * trust store; built again when older than {@link #CA_LISTING_AGE} or after a token event.
     */
    List<X509Certificate> chain(TokenCertificate c) {
        TrustAnchors anchors = trust(); // first: a changed trust store drops the memo
        Chain known = chains.get(c.certId());
        if (known != null && System.nanoTime() - known.builtNanos() <= CA_LISTING_AGE.toNanos()) {
            return known.certificates();
        }
        long built = System.nanoTime();
        List<X509Certificate> chain = List.copyOf(anchors.chain(c.certificate(), caCertificatesOnTokens()));
        if (chains.size() >= MEMO_LIMIT) {
            chains.clear();
        }
        chains.put(c.certId(), new Chain(built, chain));
        return chain;
    }

    private record Chain(long builtNanos, List<X509Certificate> certificates) {}

    /** The CA certificates on the tokens present now (to build chains). */
    List<X509Certificate> caCertificatesOnTokens() {
        List<X509Certificate> pool = new ArrayList<>();
        for (Token t : registry.tokens()) {
            try {
                for (TokenCertificate c : t.certificates(CA_LISTING_AGE)) {
                    if (c.certificate().getBasicConstraints() >= 0) {
                        pool.add(c.certificate());
                    }
                }
            } catch (PechatkaException e) {
                // an unreadable token adds nothing
            }
        }
        return pool;
    }

    static String base64(X509Certificate c) {
        try {
            return Base64.getEncoder().encodeToString(c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    void remember(String origin, String certId) throws PechatkaException {
        try {
            grants.grant(origin, certId);
        } catch (IOException e) {
            throw new PechatkaException.Internal("cannot save the list of certificates given to sites", e);
        }
    }

    // ---- tokens ------------------------------------------------------------------------------

    List<Results.TokenJson> tokens(String origin) {
        List<Results.TokenJson> out = new ArrayList<>();
        for (Token t : registry.tokens()) {
            TokenInfo info;
            try {
                info = t.info();
            } catch (PechatkaException e) {
                continue;
            }
            PinStatus pin = info.pin();
            out.add(new Results.TokenJson(originTokenId(origin, info.tokenId()), info.label(), info.manufacturer(),
                    info.model(), info.present(), info.loginRequired(), info.protectedAuthPath(),
                    new Results.PinJson(pin.countLow(), pin.finalTry(), pin.locked())));
        }
        return out;
    }

    private void onTokenEvent(TokenEvent event) {
        chains.clear();
        if (event instanceof TokenEvent.Removed removed) {
            interactionTokens.forEach((interaction, tokenId) -> {
                if (tokenId.equals(removed.tokenId())) {
                    interaction.abort(new PechatkaException.TokenRemoved());
                }
            });
        }
        for (Connection c : connections) {
            try {
                c.send(RpcCodec.notification("tokens.changed", new Results.Tokens(tokens(c.origin()))));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "notification not delivered", e);
            }
        }
    }

    @Override
    public void close() {
        registry.removeListener(tokenListener);
        connections.forEach(this::close);
    }
}
