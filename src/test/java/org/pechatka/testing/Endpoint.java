package org.pechatka.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.pechatka.cert.TrustAnchors;
import org.pechatka.config.AdminPolicy;
import org.pechatka.prompt.Prompter;
import org.pechatka.protocol.Grants;
import org.pechatka.protocol.OriginIds;
import org.pechatka.protocol.ProtocolService;
import org.pechatka.server.LocalServer;
import org.pechatka.server.OriginPolicy;
import org.pechatka.server.ServerEvents;
import org.pechatka.server.StatusPage;
import org.pechatka.server.tls.LocalTls;
import org.pechatka.token.TokenProvider;
import org.pechatka.token.TokenRegistry;

/**
 * The real local endpoint for tests: Jetty with TLS on a free port, the protocol service over real
 * tokens, and a {@link Prompter} standing in for the person. Clients connect with the JDK's
 * WebSocket client, which may set the {@code Origin} header.
 */
public final class Endpoint implements AutoCloseable {

    public static final String PORTAL = "https://portal.test";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalTls tls;
    private final LocalServer server;
    private final ProtocolService service;
    private final TokenRegistry registry;
    private OriginPolicy origins;
    private Grants grants;
    private final List<String> blocked = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Endpoint(LocalTls tls, LocalServer server, ProtocolService service, TokenRegistry registry) {
        this.tls = tls;
        this.server = server;
        this.service = service;
        this.registry = registry;
    }

    /** Options for {@link #start}. */
    public record Options(List<String> trustedOrigins, int maxMessageBytes, int maxConnections, int maxPerOrigin,
            Duration dialogTimeout, boolean checkPeerUser, Clock clock, List<X509Certificate> trustAnchors,
            org.pechatka.cert.Revocation revocation) {

        /** Options without revocation checks. */
        public Options(List<String> trustedOrigins, int maxMessageBytes, int maxConnections, int maxPerOrigin,
                Duration dialogTimeout, boolean checkPeerUser, Clock clock, List<X509Certificate> trustAnchors) {
            this(trustedOrigins, maxMessageBytes, maxConnections, maxPerOrigin, dialogTimeout, checkPeerUser, clock,
                    trustAnchors, org.pechatka.cert.Revocation.NONE);
        }

        /** The same options with revocation checked by {@code revocation}. */
        public Options withRevocation(org.pechatka.cert.Revocation revocation) {
            return new Options(trustedOrigins, maxMessageBytes, maxConnections, maxPerOrigin, dialogTimeout,
                    checkPeerUser, clock, trustAnchors, revocation);
        }

        public static Options defaults() {
            return new Options(List.of(PORTAL), AdminPolicy.MAX_MESSAGE_BYTES, 32, 4, Duration.ofSeconds(120), true,
                    Clock.systemUTC(), List.of());
        }

        public Options withTrustAnchors(List<X509Certificate> anchors) {
            return new Options(trustedOrigins, maxMessageBytes, maxConnections, maxPerOrigin, dialogTimeout,
                    checkPeerUser, clock, anchors, revocation);
        }

        public Options withLimits(int maxMessage, int maxConn, int perOrigin) {
            return new Options(trustedOrigins, maxMessage, maxConn, perOrigin, dialogTimeout, checkPeerUser, clock,
                    trustAnchors, revocation);
        }

        public Options withDialogTimeout(Duration timeout) {
            return new Options(trustedOrigins, maxMessageBytes, maxConnections, maxPerOrigin, timeout, checkPeerUser,
                    clock, trustAnchors, revocation);
        }
    }

    /** Starts the endpoint over the given token providers (not closed by {@link #close()}). */
    public static Endpoint start(Path dataDir, List<? extends TokenProvider> providers, Prompter prompter,
            Options options) throws IOException {
        return start(dataDir, providers, prompter, options, 0);
    }

    /** Starts the endpoint on a given port (0: any free port). */
    public static Endpoint start(Path dataDir, List<? extends TokenProvider> providers, Prompter prompter,
            Options options, int port) throws IOException {
        return start(dataDir, providers, prompter, options, port, name -> true);
    }

    /** Starts the endpoint with the key algorithms {@code csr.create} may use (the admin policy's). */
    public static Endpoint start(Path dataDir, List<? extends TokenProvider> providers, Prompter prompter,
            Options options, int port, java.util.function.Predicate<String> keyAlgorithms) throws IOException {
        LocalTls tls = LocalTls.loadOrCreate(dataDir, Clock.systemUTC());
        TokenRegistry registry = new TokenRegistry(providers);
        Grants grants = Grants.load(dataDir);
        ProtocolService service = new ProtocolService(registry, prompter, OriginIds.load(dataDir), grants,
                new TrustAnchors(options.trustAnchors(), List.of(), options.revocation()), new ProtocolService.Config("0.1.0-test",
                        "https://pechatka.org/releases/0.1.0-test", options.dialogTimeout(), options.clock(),
                        keyAlgorithms));
        char[] password = "test".toCharArray();
        OriginPolicy origins = OriginPolicy.of(AdminPolicy.defaults(), List.of(), options.trustedOrigins());
        AtomicReference<Endpoint> self = new AtomicReference<>();
        LocalServer server = new LocalServer(new LocalServer.Config(port, tls.keyStore(password), password, origins,
                options.maxMessageBytes(), Duration.ofMinutes(10), options.maxConnections(), options.maxPerOrigin(),
                options.checkPeerUser(), () -> new StatusPage.Status("0.1.0-test", origins.origins().size(),
                        registry.tokens().size())),
                service, origin -> self.get().blocked.add(origin));
        server.start();
        Endpoint e = new Endpoint(tls, server, service, registry);
        e.origins = origins;
        e.grants = grants;
        self.set(e);
        return e;
    }

    public int port() {
        return server.port();
    }

    /** A free port on the loopback interface (for servers that must know each other's address). */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public URI ws() {
        return URI.create("wss://127.0.0.1:" + port() + "/v1/ws");
    }

    public URI https(String path) {
        return URI.create("https://127.0.0.1:" + port() + path);
    }

    public LocalTls tls() {
        return tls;
    }

    public ProtocolService service() {
        return service;
    }

    public TokenRegistry registry() {
        return registry;
    }

    public LocalServer server() {
        return server;
    }

    /** The live origin policy (its user part can be replaced, as Settings does). */
    public OriginPolicy origins() {
        return origins;
    }

    /** The certificates the person has given to each site. */
    public Grants grants() {
        return grants;
    }

    /** Origins the server refused, as reported to the app (the tray). */
    public List<String> blocked() {
        return blocked;
    }

    /** A TLS context that trusts exactly the installation's local CA. */
    public SSLContext sslContext() {
        return trusting(tls.caCertificate());
    }

    /** A TLS context that trusts exactly {@code ca} (an installation's local CA). */
    public static SSLContext trusting(X509Certificate ca) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpClient http() {
        return HttpClient.newBuilder().sslContext(sslContext()).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Connects as a page of {@code origin}. */
    public Client connect(String origin) throws Exception {
        return connect(http(), ws(), origin);
    }

    /**
     * Connects as a page of {@code origin} to any Pechatka endpoint, for example the packaged
     * application running as its own process ({@code http} trusting that installation's local CA).
     */
    public static Client connect(HttpClient http, URI ws, String origin) throws Exception {
        Client client = new Client();
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (origin != null) {
            b.header("Origin", origin);
        }
        client.socket = b.buildAsync(ws, client).get(15, TimeUnit.SECONDS);
        return client;
    }

    @Override
    public void close() {
        server.close();
        service.close();
    }

    /** A page's WebSocket client: requests by id, notifications in a queue. */
    public static final class Client implements WebSocket.Listener, AutoCloseable {
        private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final BlockingQueue<JsonNode> notifications = new LinkedBlockingQueue<>();
        private final BlockingQueue<JsonNode> unmatched = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        /** Sends a request and waits for its response (the whole response object). */
        public JsonNode call(String method, Object params) throws Exception {
            return callAsync(method, params).get(60, TimeUnit.SECONDS);
        }

        public CompletableFuture<JsonNode> callAsync(String method, Object params) throws Exception {
            String id = "r" + ids.incrementAndGet();
            ObjectNode request = JSON.createObjectNode();
            request.put("jsonrpc", "2.0");
            request.put("id", id);
            request.put("method", method);
            if (params != null) {
                request.set("params", JSON.valueToTree(params));
            }
            CompletableFuture<JsonNode> f = new CompletableFuture<>();
            pending.put(id, f);
            socket.sendText(JSON.writeValueAsString(request), true).get(10, TimeUnit.SECONDS);
            return f;
        }

        /** Sends raw text; the answer (if any) goes to {@link #nextUnmatched}. */
        public void sendRaw(String text) throws Exception {
            socket.sendText(text, true).get(30, TimeUnit.SECONDS);
        }

        public JsonNode nextUnmatched(long seconds) throws InterruptedException {
            return unmatched.poll(seconds, TimeUnit.SECONDS);
        }

        public JsonNode nextNotification(long seconds) throws InterruptedException {
            return notifications.poll(seconds, TimeUnit.SECONDS);
        }

        /** The close code the server sent, once the connection is closed. */
        public CompletableFuture<Integer> closed() {
            return closed;
        }

        public WebSocket socket() {
            return socket;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode node = JSON.readTree(text);
                    JsonNode id = node.get("id");
                    if (id == null) {
                        notifications.add(node);
                    } else {
                        CompletableFuture<JsonNode> f = id.isTextual() ? pending.remove(id.asText()) : null;
                        if (f != null) {
                            f.complete(node);
                        } else {
                            unmatched.add(node);
                        }
                    }
                } catch (IOException e) {
                    unmatched.add(JSON.createObjectNode().put("unparsable", text));
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            pending.values().forEach(f -> f.completeExceptionally(new IOException("closed " + statusCode)));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
            pending.values().forEach(f -> f.completeExceptionally(error));
        }

        @Override
        public void close() {
            if (socket != null && !socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            }
        }
    }
}
