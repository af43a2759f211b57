package org.pechatka.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.pechatka.protocol.ProtocolService;

/**
 * The local endpoint (PROTOCOL.md section 1): TLS only, on {@code 127.0.0.1} and {@code [::1]},
 * {@code GET /v1/info}, {@code GET /} (self-test page) and {@code wss://…/v1/ws}. Every request
 * passes the guard first: Host check (DNS rebinding), peer-user check, exact Origin allowlist with
 * CORS and Private Network Access answers only for trusted origins.
 */
public final class LocalServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LocalServer.class.getName());
    /**
     * Jetty's DEBUG output shows the first and last bytes of every WebSocket frame and decrypted TLS
     * buffer (document data, personal data, anything a page sends), so Jetty never logs below INFO,
     * whatever the log configuration says. Held here: java.util.logging keeps loggers only weakly.
     */
    private static final java.util.logging.Logger JETTY_LOG = java.util.logging.Logger.getLogger("org.eclipse.jetty");

    /**
     * Settings.
     *
     * @param port             the port; 0 picks a free one (tests)
     * @param keyStore         the TLS key and chain ({@code LocalTls})
     * @param keyStorePassword its password
     * @param origins          the trusted origins
     * @param maxMessageBytes  the largest text message (close 1009 above it)
     * @param idleTimeout      a connection with no request in progress closes after this long
     * @param maxConnections   open WebSocket connections in all
     * @param maxPerOrigin     open WebSocket connections per origin
     * @param checkPeerUser    refuse connections from other OS users' processes (Linux)
     * @param status           what the self-test page shows
     */
    public record Config(int port, KeyStore keyStore, char[] keyStorePassword, OriginPolicy origins,
            int maxMessageBytes, Duration idleTimeout, int maxConnections, int maxPerOrigin, boolean checkPeerUser,
            Supplier<StatusPage.Status> status) {}

    private final Config config;
    private final ProtocolService service;
    private final ServerEvents events;
    private final Server server;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final Map<String, AtomicInteger> perOrigin = new ConcurrentHashMap<>();
    private final PeerCredentials peers = PeerCredentials.system();
    private final int ownUid;
    private ServerConnector v4;
    private ServerConnector v6;

    public LocalServer(Config config, ProtocolService service, ServerEvents events) {
        this.config = config;
        this.service = service;
        this.events = events;
        JETTY_LOG.setLevel(java.util.logging.Level.INFO);
        int uid = -1;
        if (config.checkPeerUser()) {
            try {
                uid = PeerCredentials.ownUid();
            } catch (IOException | UnsupportedOperationException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot read this process's user id; peer check disabled");
            }
        }
        this.ownUid = uid;
        QueuedThreadPool pool = new QueuedThreadPool(64, 4);
        pool.setName("pechatka-http");
        this.server = new Server(pool);
    }

    /** Binds and starts; fails (never moves to another port) when the port is taken. */
    public void start() throws IOException {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        http.setRequestHeaderSize(16 * 1024);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // clients connect by IP literal; the Host check below does the work
        secure.setSniRequired(false);
        http.addCustomizer(secure);

        v4 = connector(http, "127.0.0.1", config.port());
        server.addConnector(v4);
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(config.maxMessageBytes());
            container.setMaxBinaryMessageSize(1024);
            container.setIdleTimeout(config.idleTimeout());
            container.addMapping("/v1/ws", (request, response, callback) -> {
                String origin = config.origins().trustedForm(request.getHeaders().get(HttpHeader.ORIGIN));
                if (origin == null) { // the guard let it through only with a trusted origin
                    Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403);
                    return null;
                }
                AtomicInteger count = perOrigin.computeIfAbsent(origin, o -> new AtomicInteger());
                if (openConnections.incrementAndGet() > config.maxConnections()
                        | count.incrementAndGet() > config.maxPerOrigin()) {
                    openConnections.decrementAndGet();
                    count.decrementAndGet();
                    Response.writeError(request, response, callback, HttpStatus.TOO_MANY_REQUESTS_429,
                            "Too many connections");
                    return null;
                }
                // no permessage-deflate: nothing to save on loopback, ~80 µs per 2.4 KB answer to spend, and
                // no compression of a page's own input alongside signatures and certificates
                response.setExtensions(List.of());
                return new RpcSocket(origin, service, workers, () -> {
                    openConnections.decrementAndGet();
                    count.decrementAndGet();
                });
            });
        });
        ws.setHandler(new Routes());
        server.setHandler(new Guard(ws));
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly();
            throw portTaken(e);
        } catch (Exception e) {
            stopQuietly();
            throw new IOException("the local endpoint could not start: " + e.getMessage(), e);
        }
        int port = v4.getLocalPort();
        try {
            v6 = connector(http, "::1", port);
            server.addConnector(v6);
            v6.start();
        } catch (Exception e) {
            // a machine without IPv6 loopback still works on 127.0.0.1; a taken port does not
            if (e instanceof BindException be && !String.valueOf(be.getMessage()).contains("Cannot assign")) {
                stopQuietly();
                throw portTaken(be);
            }
            LOG.log(System.Logger.Level.WARNING, "not listening on [::1]: {0}", e.getMessage());
            server.removeConnector(v6);
            v6 = null;
        }
    }

    /** The endpoint's port is held by another program; the app shows it rather than moving elsewhere. */
    public static final class PortTakenException extends IOException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static IOException portTaken(IOException e) {
        return new PortTakenException("the port is taken (" + e.getMessage() + "); another Pechatka may be running."
                + " Pechatka does not move to another port: portals expect this one", e);
    }

    private ServerConnector connector(HttpConfiguration http, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(config.keyStore());
        ssl.setKeyStorePassword(new String(config.keyStorePassword()));
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        ssl.setRenegotiationAllowed(false);
        ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(http));
        c.setHost(host);
        c.setPort(port);
        c.setIdleTimeout(Duration.ofSeconds(30).toMillis());
        c.setAcceptQueueSize(64);
        c.setReuseAddress(false);
        return c;
    }

    /** The port in use. */
    public int port() {
        return v4.getLocalPort();
    }

    /** Open WebSocket connections now. */
    public int openConnections() {
        return openConnections.get();
    }

    /** Whether the endpoint also listens on {@code [::1]}. */
    public boolean ipv6() {
        return v6 != null;
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            // nothing more to do
        }
    }

    @Override
    public void close() {
        stopQuietly();
        workers.shutdownNow();
    }

    // ---- the guard -------------------------------------------------------------------------------

    /** Host, peer and Origin checks for every route, CORS and PNA answers for trusted origins. */
    private final class Guard extends Handler.Wrapper {

        Guard(Handler next) {
            super(next);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put("X-Frame-Options", "DENY");
            if (!hostAllowed(request.getHeaders().get(HttpHeader.HOST))) {
                Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403, "Host not allowed");
                return true;
            }
            if (!samePeerUser(request)) {
                Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403,
                        "Connections from other users are refused");
                return true;
            }
            String origin = request.getHeaders().get(HttpHeader.ORIGIN);
            boolean upgrade = "websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE));
            if (origin != null) {
                if (!config.origins().trusted(origin)) {
                    events.originBlocked(printable(origin));
                    Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403, "Origin not allowed");
                    return true;
                }
                response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
                response.getHeaders().add(HttpHeader.VARY, "Origin");
                if (HttpMethod.OPTIONS.is(request.getMethod())) {
                    preflight(request, response);
                    callback.succeeded();
                    return true;
                }
            } else if (upgrade) {
                events.originBlocked("(none)");
                Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403, "Origin required");
                return true;
            }
            if (!HttpMethod.GET.is(request.getMethod())) {
                Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
                return true;
            }
            return super.handle(request, response, callback);
        }

        private void preflight(Request request, Response response) {
            response.setStatus(HttpStatus.NO_CONTENT_204);
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET");
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "content-type");
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
            if ("true".equalsIgnoreCase(request.getHeaders().get("Access-Control-Request-Private-Network"))) {
                response.getHeaders().put("Access-Control-Allow-Private-Network", "true");
            }
            if ("true".equalsIgnoreCase(request.getHeaders().get("Access-Control-Request-Local-Network"))) {
                response.getHeaders().put("Access-Control-Allow-Local-Network", "true");
            }
        }

        private boolean hostAllowed(String host) {
            if (host == null) {
                return false;
            }
            String h = host.toLowerCase(Locale.ROOT);
            int port = port();
            return h.equals("127.0.0.1:" + port) || h.equals("localhost:" + port) || h.equals("[::1]:" + port);
        }

        private boolean samePeerUser(Request request) {
            if (ownUid < 0) {
                return true;
            }
            if (!(request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress remote)
                    || !(request.getConnectionMetaData().getLocalSocketAddress() instanceof InetSocketAddress local)) {
                return false;
            }
            try {
                OptionalInt uid = peers.uidOf(remote, local);
                return uid.isPresent() && uid.getAsInt() == ownUid;
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** An attacker-chosen header, made safe for a log line and a notification. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 120; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }

    // ---- routes --------------------------------------------------------------------------------

    private final class Routes extends Handler.Abstract {

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            switch (path) {
                case "/v1/info" -> write(response, callback, "application/json",
                        "{\"name\":\"Pechatka\",\"version\":\"" + config.status().get().version() + "\",\"protocol\":1}");
                case "/" -> {
                    response.getHeaders().put("Content-Security-Policy",
                            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
                    write(response, callback, "text/html; charset=utf-8", StatusPage.render(config.status().get()));
                }
                default -> Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
            }
            return true;
        }

        private void write(Response response, Callback callback, String type, String body) {
            response.setStatus(HttpStatus.OK_200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        }
    }

    /** For tests and diagnostics: the trusted origins. */
    public List<String> trustedOrigins() {
        return config.origins().origins();
    }
}
