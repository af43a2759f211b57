package org.pechatka.demoportal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
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

/**
 * A small HTTPS site that looks like a government e-services portal ("Дэманстрацыйны партал
 * электронных паслуг") and shows a complete Pechatka integration: login with a Web eID token
 * ({@link AuthTokenValidator}) and a signed application ({@link DetachedCmsVerifier}). Pages are in
 * {@code static/} next to this class; the SDK is served from the classpath at
 * {@code /sdk/pechatka.js}.
 *
 * <h2>API (JSON; every POST needs {@code Content-Type: application/json} and {@code Origin} = the
 * portal's origin)</h2>
 * <ul>
 *   <li>{@code POST /api/challenge} → {@code {nonce, expiresAt}}, and a new pre-login session cookie;</li>
 *   <li>{@code POST /api/login} {@code {authToken}} → {@code {identity}} from the verified certificate,
 *       and a new logged-in session cookie;</li>
 *   <li>{@code GET /api/me} → {@code {identity}}; {@code POST /api/logout};</li>
 *   <li>{@code POST /api/application} {@code {reason, address, email}} → {@code {id, document, documentName,
 *       description}} (document = base64 of the UTF-8 text the portal keeps);</li>
 *   <li>{@code POST /api/application/{id}/signature} {@code {cms}} → the receipt;</li>
 *   <li>{@code POST /api/renewal} {@code {csr}} (PEM PKCS#10 from Pechatka's {@code csr.create} with
 *       {@code renewOf}) → {@code {certificate, chain, certId}}: the remote re-issue of the logged-in
 *       certificate. As the Belarus re-issue service does, the request must be signed by its key and
 *       name exactly the current certificate's subject, with a new key; only when the portal has a
 *       {@link Reissuer} (404 otherwise).</li>
 * </ul>
 * Errors are {@code {error, message[, reason]}} with a 4xx status. Nothing about users is logged at
 * INFO.
 */
public final class DemoPortal implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DemoPortal.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 1024 * 1024;
    private static final Duration SIGNING_TIME_SKEW = Duration.ofMinutes(5);
    private static final Pattern SIGNATURE_PATH = Pattern.compile("/api/application/([A-Za-z0-9-]{1,40})/signature");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{2,63}");
    static final String DESCRIPTION = "Дэманстрацыйны партал электронных паслуг / Demo e-services portal";
    static final String DOCUMENT_TITLE = "Заява на атрыманне даведкі";

    /**
     * Settings.
     *
     * @param port                port; 0 picks a free one (tests)
     * @param tlsKeyStore         the TLS key and certificate (a localhost leaf)
     * @param tlsKeyStorePassword its password
     * @param pechatkaUrl         Pechatka's endpoint as the page should use it, e.g. {@code https://127.0.0.1:27321}
     * @param trustedCas          CA certificates users' certificates must chain to (the demo CA)
     * @param clock               the time for nonces, sessions and certificate checks
     * @param reissuer            the demo CA for the re-issue flow, or null for none
     */
    public record Config(int port, KeyStore tlsKeyStore, char[] tlsKeyStorePassword, String pechatkaUrl,
            List<X509Certificate> trustedCas, Clock clock, Reissuer reissuer) {

        /** Without re-issue. */
        public Config(int port, KeyStore tlsKeyStore, char[] tlsKeyStorePassword, String pechatkaUrl,
                List<X509Certificate> trustedCas, Clock clock) {
            this(port, tlsKeyStore, tlsKeyStorePassword, pechatkaUrl, trustedCas, clock, null);
        }

        public Config {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            Objects.requireNonNull(tlsKeyStore, "tlsKeyStore");
            tlsKeyStorePassword = Objects.requireNonNull(tlsKeyStorePassword, "tlsKeyStorePassword").clone();
            pechatkaUrl = normalizeEndpoint(pechatkaUrl);
            trustedCas = List.copyOf(trustedCas);
            if (trustedCas.isEmpty()) {
                throw new IllegalArgumentException("no trusted certification authority");
            }
            Objects.requireNonNull(clock, "clock");
        }

        /** Defaults: Pechatka's default address and the system clock. */
        public static Config of(int port, KeyStore tlsKeyStore, char[] password, List<X509Certificate> trustedCas) {
            return new Config(port, tlsKeyStore, password, "https://127.0.0.1:27321", trustedCas, Clock.systemUTC());
        }
    }

    private final Config config;
    private final PortalSessions sessions;
    private final DetachedCmsVerifier cmsVerifier;
    private final AtomicLong applicationNumbers = new AtomicLong();
    private Server server;
    private ServerConnector connector;
    private volatile String origin;
    private volatile AuthTokenValidator validator;

    public DemoPortal(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.sessions = new PortalSessions(config.clock());
        this.cmsVerifier = new DetachedCmsVerifier(config.trustedCas(), config.clock(), SIGNING_TIME_SKEW);
    }

    /** Binds 127.0.0.1 (and [::1] where there is one) and starts; the origin is known from then on. */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        QueuedThreadPool pool = new QueuedThreadPool(32, 2);
        pool.setName("demo-portal");
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // localhost: Java clients send no SNI for a name without a dot
        http.addCustomizer(secure);
        connector = connector(http, "127.0.0.1", config.port());
        server.addConnector(connector);
        server.setHandler(new Routes());
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IOException("the demo portal could not start: " + e.getMessage(), e);
        }
        // browsers may try localhost as [::1] first: listen there too when the machine has it
        ServerConnector v6 = connector(http, "::1", connector.getLocalPort());
        try {
            server.addConnector(v6);
            v6.start();
        } catch (Exception e) {
            server.removeConnector(v6);
            LOG.log(System.Logger.Level.DEBUG, "demo portal: not listening on [::1]: {0}", e.getMessage());
        }
        origin = "https://localhost:" + connector.getLocalPort();
        validator = AuthTokenValidator.builder()
                .withSiteOrigin(origin)
                .withTrustedCertificateAuthorities(config.trustedCas())
                .withClock(config.clock())
                .build();
        LOG.log(System.Logger.Level.INFO, "demo portal at {0}/", origin);
    }

    private ServerConnector connector(HttpConfiguration http, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(config.tlsKeyStore());
        ssl.setKeyStorePassword(new String(config.tlsKeyStorePassword()));
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(http));
        c.setHost(host);
        c.setPort(port);
        return c;
    }

    /** {@code https://localhost:<port>}: what browsers send as Origin and what tokens must be bound to. */
    public String origin() {
        if (origin == null) {
            throw new IllegalStateException("not started");
        }
        return origin;
    }

    /** The port in use. */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "stopping the demo portal", e);
            }
        }
    }

    static String normalizeEndpoint(String url) {
        Objects.requireNonNull(url, "pechatkaUrl");
        try {
            URI u = new URI(url);
            if (!"https".equals(u.getScheme()) || u.getHost() == null || u.getRawQuery() != null
                    || u.getRawFragment() != null || !(u.getRawPath() == null || u.getRawPath().isEmpty()
                    || u.getRawPath().equals("/"))) {
                throw new IllegalArgumentException("the Pechatka URL must be https://host:port: " + url);
            }
            return "https://" + u.getHost().toLowerCase(Locale.ROOT) + (u.getPort() == -1 ? "" : ":" + u.getPort());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the Pechatka URL is not a URL: " + url, e);
        }
    }

    // ---- HTTP ------------------------------------------------------------------------------------

    /** An error answer: status, stable code, message safe for a page. */
    private static final class ApiError extends Exception {
        final int status;
        final String code;
        final String reason;

        ApiError(int status, String code, String message) {
            this(status, code, message, null);
        }

        ApiError(int status, String code, String message, String reason) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.reason = reason;
        }
    }

    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            var headers = response.getHeaders();
            headers.put("X-Content-Type-Options", "nosniff");
            headers.put("Referrer-Policy", "no-referrer");
            headers.put("X-Frame-Options", "DENY");
            String path = Request.getPathInContext(request);
            try {
                String host = request.getHeaders().get(HttpHeader.HOST);
                String expectedHost = "localhost:" + port();
                if (host == null || !host.equalsIgnoreCase(expectedHost)) {
                    // tokens are bound to https://localhost:<port>: send 127.0.0.1 visitors there
                    if (HttpMethod.GET.is(request.getMethod()) && !path.startsWith("/api/")) {
                        Response.sendRedirect(request, response, callback, HttpStatus.PERMANENT_REDIRECT_308,
                                origin() + path, true);
                        return true;
                    }
                    throw new ApiError(HttpStatus.MISDIRECTED_REQUEST_421, "wrong-host",
                            "Use " + origin() + "/");
                }
                if (path.startsWith("/api/")) {
                    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
                    api(request, response, callback, path);
                } else if (HttpMethod.GET.is(request.getMethod()) || HttpMethod.HEAD.is(request.getMethod())) {
                    staticFile(request, response, callback, path);
                } else {
                    throw new ApiError(HttpStatus.METHOD_NOT_ALLOWED_405, "method-not-allowed", "Method not allowed");
                }
            } catch (ApiError e) {
                writeJson(response, callback, e.status, error(e));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "demo portal: internal error on " + path + ": " + e);
                writeJson(response, callback, 500, jsonObject("error", "internal", "message", "Internal error"));
            }
            return true;
        }
    }

    private static Map<String, Object> error(ApiError e) {
        return jsonObject("error", e.code, "message", e.getMessage(), "reason", e.reason);
    }

    private void api(Request request, Response response, Callback callback, String path) throws ApiError {
        boolean post = HttpMethod.POST.is(request.getMethod());
        boolean get = HttpMethod.GET.is(request.getMethod());
        Matcher signature = SIGNATURE_PATH.matcher(path);
        // read the body first, even for a request about to be refused: an unread body would cost the
        // client its kept-alive connection
        byte[] body = post ? readBody(request) : null;
        if (post) {
            checkCsrf(request);
        }
        if (post && path.equals("/api/challenge")) {
            challenge(request, response, callback);
        } else if (post && path.equals("/api/login")) {
            login(request, response, callback, json(body));
        } else if (get && path.equals("/api/me")) {
            PortalSessions.Session s = loggedIn(request);
            writeJson(response, callback, 200, jsonObject("identity", identityJson(s.identity),
                    "renewal", config.reissuer() != null));
        } else if (post && path.equals("/api/logout")) {
            sessions.remove(sessions.find(cookie(request)));
            response.getHeaders().add(HttpHeader.SET_COOKIE, PortalSessions.COOKIE
                    + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
            writeJson(response, callback, 200, jsonObject("loggedOut", true));
        } else if (post && path.equals("/api/application")) {
            newApplication(request, response, callback, json(body));
        } else if (post && path.equals("/api/renewal")) {
            renewal(response, callback, loggedIn(request), json(body));
        } else if (post && signature.matches()) {
            signature(request, response, callback, signature.group(1), json(body));
        } else if (path.equals("/api/challenge") || path.equals("/api/login") || path.equals("/api/me")
                || path.equals("/api/logout") || path.equals("/api/application") || path.equals("/api/renewal")
                || signature.matches()) {
            throw new ApiError(HttpStatus.METHOD_NOT_ALLOWED_405, "method-not-allowed", "Method not allowed");
        } else {
            throw new ApiError(404, "not-found", "No such API");
        }
    }

    /** CSRF: a JSON body (a form or text/plain needs no preflight; JSON does) from our own origin. */
    private void checkCsrf(Request request) throws ApiError {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String mime = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mime.equals("application/json")) {
            throw new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, "content-type",
                    "Requests must be sent as application/json");
        }
        String requestOrigin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (!origin().equals(requestOrigin)) {
            throw new ApiError(HttpStatus.FORBIDDEN_403, "origin", "Requests must come from " + origin());
        }
    }

    private void challenge(Request request, Response response, Callback callback) throws ApiError {
        sessions.remove(sessions.find(cookie(request))); // every login starts from a fresh session
        PortalSessions.Session s;
        try {
            s = sessions.startLogin();
        } catch (IllegalStateException full) {
            throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE_503, "busy", "Too many sessions; try again later");
        }
        setSessionCookie(response, s);
        Instant expires;
        String nonce;
        synchronized (s) {
            expires = s.nonceExpires;
            nonce = s.nonce;
        }
        writeJson(response, callback, 200, jsonObject("nonce", nonce, "expiresAt", expires.toString()));
    }

    private void login(Request request, Response response, Callback callback, JsonNode body) throws ApiError {
        PortalSessions.Session s = sessions.find(cookie(request));
        if (s == null) {
            throw new ApiError(401, "no-session", "No login in progress in this browser: start again");
        }
        PortalSessions.TakenNonce taken = sessions.takeNonce(s); // single use, whatever happens next
        switch (taken.state()) {
            case MISSING -> throw new ApiError(401, "no-challenge", "No login challenge: start again");
            case EXPIRED -> throw new ApiError(401, "challenge-expired", "The login challenge has expired: start again");
            case OK -> { }
        }
        X509Certificate certificate;
        try {
            certificate = validator.validate(body.get("authToken"), taken.nonce());
        } catch (AuthTokenException e) {
            LOG.log(System.Logger.Level.DEBUG, "demo portal: login refused: {0}", e.reason());
            throw new ApiError(401, "auth-token-invalid", "Login refused: " + e.getMessage(), e.reason().name());
        }
        Identity identity;
        try {
            identity = Identity.of(certificate);
        } catch (CertificateException e) {
            throw new ApiError(401, "auth-token-invalid", "The certificate cannot be read");
        }
        sessions.remove(s);
        PortalSessions.Session loggedIn;
        try {
            loggedIn = sessions.logIn(certificate, identity);
        } catch (IllegalStateException full) {
            throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE_503, "busy", "Too many sessions; try again later");
        }
        setSessionCookie(response, loggedIn);
        LOG.log(System.Logger.Level.DEBUG, "demo portal: login");
        writeJson(response, callback, 200, jsonObject("identity", identityJson(identity),
                "renewal", config.reissuer() != null));
    }

    private PortalSessions.Session loggedIn(Request request) throws ApiError {
        PortalSessions.Session s = sessions.find(cookie(request));
        if (s == null || !s.loggedIn()) {
            throw new ApiError(401, "not-logged-in", "Log in first");
        }
        return s;
    }

    private void newApplication(Request request, Response response, Callback callback, JsonNode body)
            throws ApiError {
        PortalSessions.Session s = loggedIn(request);
        String reason = field(body, "reason", 500);
        String address = field(body, "address", 300);
        String email = field(body, "email", 254);
        if (!EMAIL.matcher(email).matches()) {
            throw new ApiError(400, "invalid-field", "The e-mail address is not valid", "email");
        }
        Instant now = config.clock().instant();
        String id = now.atZone(ZoneOffset.UTC).getYear() + "-"
                + String.format(Locale.ROOT, "%06d", applicationNumbers.incrementAndGet());
        Identity who = s.identity;
        List<String> lines = new ArrayList<>();
        lines.add("ЗАЯВА НА АТРЫМАННЕ ДАВЕДКІ / APPLICATION FOR A CERTIFICATE");
        lines.add("Нумар / Number: " + id);
        lines.add("Дата / Date: " + now);
        lines.add("Партал / Portal: " + origin());
        lines.add("Заяўнік / Applicant: " + who.name());
        if (who.personalNumber() != null) {
            lines.add("Ідэнтыфікацыйны нумар / Personal number: " + who.personalNumber());
        }
        if (who.unp() != null) {
            lines.add("УНП / UNP: " + who.unp());
        }
        if (who.organization() != null) {
            lines.add("Арганізацыя / Organisation: " + who.organization());
        }
        lines.add("Сертыфікат / Certificate: " + who.certId());
        lines.add("Прычына / Reason: " + reason);
        lines.add("Адрас / Address: " + address);
        lines.add("E-mail: " + email);
        byte[] document = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        String documentName = DOCUMENT_TITLE + " № " + id;
        synchronized (s) {
            if (s.applications.size() >= 100) {
                throw new ApiError(429, "too-many", "Too many applications in this session");
            }
            s.applications.put(id, new PortalSessions.Application(id, document, documentName, now));
        }
        writeJson(response, callback, 200, jsonObject("id", id, "document", Base64.getEncoder().encodeToString(document),
                "documentName", documentName, "description", DESCRIPTION));
    }

    private void signature(Request request, Response response, Callback callback, String id, JsonNode body)
            throws ApiError {
        PortalSessions.Session s = loggedIn(request);
        PortalSessions.Application application;
        synchronized (s) {
            application = s.applications.get(id);
            if (application == null) {
                throw new ApiError(404, "no-application", "No such application");
            }
            if (application.receipt != null) {
                throw new ApiError(409, "already-signed", "This application is already signed");
            }
        }
        JsonNode cmsNode = body.get("cms");
        if (cmsNode == null || !cmsNode.isTextual()) {
            throw new ApiError(400, "invalid-field", "'cms' must be a base64 string", "cms");
        }
        byte[] cms;
        try {
            cms = Base64.getDecoder().decode(cmsNode.textValue());
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "invalid-field", "'cms' is not base64", "cms");
        }
        DetachedCmsVerifier.Verified verified;
        try {
            verified = cmsVerifier.verify(cms, application.document, s.certificate);
        } catch (SignatureRejectedException e) {
            LOG.log(System.Logger.Level.DEBUG, "demo portal: signature refused: {0}", e.reason());
            throw new ApiError(422, "signature-rejected", "Signature refused: " + e.getMessage(), e.reason().name());
        }
        String signer;
        try {
            signer = Identity.of(verified.signer()).name();
        } catch (CertificateException e) {
            throw new ApiError(422, "signature-rejected", "The signer's certificate cannot be read");
        }
        Map<String, Object> receipt = jsonObject(
                "id", application.id,
                "status", "accepted",
                "receivedAt", config.clock().instant().toString(),
                "signedAt", verified.signingTime().toString(),
                "signer", signer,
                "documentName", application.documentName,
                "documentSha256", sha256Hex(application.document));
        synchronized (s) {
            if (application.receipt != null) {
                throw new ApiError(409, "already-signed", "This application is already signed");
            }
            application.receipt = receipt;
        }
        writeJson(response, callback, 200, receipt);
    }

    /**
     * The remote re-issue: the request must verify with its own key, name exactly the subject of
     * the certificate the person logged in with (byte for byte, as the Belarus service compares),
     * and carry a new key; then the demo CA issues the certificate and the page imports it.
     */
    private void renewal(Response response, Callback callback, PortalSessions.Session s, JsonNode body)
            throws ApiError {
        Reissuer reissuer = config.reissuer();
        if (reissuer == null) {
            throw new ApiError(404, "renewal-unavailable", "This portal does not re-issue certificates");
        }
        JsonNode csrNode = body.get("csr");
        if (csrNode == null || !csrNode.isTextual() || csrNode.textValue().length() > 64 * 1024) {
            throw new ApiError(400, "invalid-field", "'csr' must be a PEM certificate request", "csr");
        }
        String text = csrNode.textValue(); // PEM: several lines
        org.bouncycastle.pkcs.PKCS10CertificationRequest csr;
        try (org.bouncycastle.openssl.PEMParser parser = new org.bouncycastle.openssl.PEMParser(
                new java.io.StringReader(text))) {
            Object read = parser.readObject();
            if (!(read instanceof org.bouncycastle.pkcs.PKCS10CertificationRequest r)) {
                throw new ApiError(400, "invalid-field", "'csr' is not a PEM certificate request", "csr");
            }
            csr = r;
        } catch (IOException | RuntimeException e) {
            throw new ApiError(400, "invalid-field", "'csr' is not a PEM certificate request", "csr");
        }
        if (!org.pechatka.cert.Signatures.verifies(csr)) {
            throw new ApiError(422, "csr-rejected", "The request's signature does not verify", "SIGNATURE");
        }
        X509Certificate current = s.certificate;
        byte[] subject;
        try {
            subject = csr.getSubject().getEncoded();
        } catch (IOException e) {
            throw new ApiError(400, "invalid-field", "The request's subject cannot be read", "csr");
        }
        if (!java.util.Arrays.equals(subject, current.getSubjectX500Principal().getEncoded())) {
            throw new ApiError(422, "csr-rejected", "The request's data differ from your current certificate",
                    "SUBJECT_MISMATCH");
        }
        var currentKey = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(current.getPublicKey().getEncoded());
        if (org.pechatka.crypto.PublicKeys.same(currentKey, csr.getSubjectPublicKeyInfo())) {
            throw new ApiError(422, "csr-rejected", "A renewed certificate needs a new key", "SAME_KEY");
        }
        X509Certificate issued;
        try {
            issued = reissuer.reissue(csr.getSubjectPublicKeyInfo(), current);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "demo portal: the demo CA could not issue: " + e);
            throw new ApiError(500, "ca-failed", "The certification authority could not issue the certificate");
        }
        List<String> chain = new ArrayList<>();
        for (X509Certificate ca : config.trustedCas()) {
            if (ca.getSubjectX500Principal().equals(issued.getIssuerX500Principal())) {
                chain.add(der64(ca));
            }
        }
        String certId = sha256Hex(der(issued));
        LOG.log(System.Logger.Level.DEBUG, "demo portal: certificate re-issued");
        writeJson(response, callback, 200, jsonObject("certificate", der64(issued), "chain", chain, "certId", certId,
                "notAfter", issued.getNotAfter().toInstant().toString()));
    }

    private static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String der64(X509Certificate c) {
        return Base64.getEncoder().encodeToString(der(c));
    }

    private static String field(JsonNode body, String name, int max) throws ApiError {
        JsonNode v = body.get(name);
        if (v == null || !v.isTextual()) {
            throw new ApiError(400, "invalid-field", "'" + name + "' is required", name);
        }
        String s = Normalizer.normalize(v.textValue().strip(), Normalizer.Form.NFC);
        if (s.isEmpty() || s.length() > max) {
            throw new ApiError(400, "invalid-field", "'" + name + "' must be 1 to " + max + " characters", name);
        }
        for (int i = 0; i < s.length(); i++) {
            int type = Character.getType(s.charAt(i));
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                // no line breaks (they would forge lines of the document) and no bidi overrides
                throw new ApiError(400, "invalid-field", "'" + name + "' contains control characters", name);
            }
        }
        return s;
    }

    private static Map<String, Object> identityJson(Identity i) {
        return jsonObject(
                "name", i.name(),
                "personalNumber", i.personalNumber(),
                "unp", i.unp(),
                "organization", i.organization(),
                "position", i.position(),
                "inn", i.inn(),
                "snils", i.snils(),
                "email", i.email(),
                "country", i.country(),
                "certId", i.certId(),
                "serialNumber", i.serialNumber(),
                "issuer", i.issuer(),
                "notAfter", i.notAfter().toString(),
                "keyAlgorithm", i.keyAlgorithm());
    }

    /** Keys and values alternately; null values are left out. */
    private static Map<String, Object> jsonObject(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                m.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return m;
    }

    private static String cookie(Request request) {
        for (HttpCookie c : Request.getCookies(request)) {
            if (PortalSessions.COOKIE.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }

    private static void setSessionCookie(Response response, PortalSessions.Session s) {
        response.getHeaders().add(HttpHeader.SET_COOKIE,
                PortalSessions.COOKIE + "=" + s.id + "; Path=/; Secure; HttpOnly; SameSite=Strict");
    }

    private static byte[] readBody(Request request) throws ApiError {
        long declared = request.getLength();
        if (declared > MAX_BODY) {
            throw new ApiError(HttpStatus.PAYLOAD_TOO_LARGE_413, "too-large", "Request too large");
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new ApiError(HttpStatus.PAYLOAD_TOO_LARGE_413, "too-large", "Request too large");
            }
            return body;
        } catch (IOException e) {
            throw new ApiError(400, "bad-request", "The request body could not be read");
        }
    }

    private static JsonNode json(byte[] body) throws ApiError {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new ApiError(400, "bad-json", "The request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new ApiError(400, "bad-json", "The request body is not JSON");
        }
    }

    private static void writeJson(Response response, Callback callback, int status, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    // ---- pages -----------------------------------------------------------------------------------

    private static final Map<String, String> STATIC = Map.of(
            "/index.html", "static/index.html",
            "/portal.js", "static/portal.js",
            "/portal.css", "static/portal.css",
            "/sdk/pechatka.js", "static/sdk/pechatka.js",
            "/sdk/pechatka.d.ts", "static/sdk/pechatka.d.ts");

    private void staticFile(Request request, Response response, Callback callback, String path) throws ApiError {
        String resource = STATIC.get(path.equals("/") ? "/index.html" : path);
        byte[] bytes = resource == null ? null : resource(resource);
        if (bytes == null) {
            throw new ApiError(404, "not-found", "Not found");
        }
        String type;
        if (resource.endsWith(".html")) {
            type = "text/html; charset=utf-8";
            String endpoint = config.pechatkaUrl();
            String wss = "wss" + endpoint.substring("https".length());
            response.getHeaders().put("Content-Security-Policy", "default-src 'none'; script-src 'self'; "
                    + "style-src 'self'; img-src 'self' data:; connect-src 'self' " + endpoint + " " + wss
                    + "; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
            bytes = new String(bytes, StandardCharsets.UTF_8)
                    .replace("{{PECHATKA_URL}}", htmlEscape(endpoint))
                    .getBytes(StandardCharsets.UTF_8);
        } else if (resource.endsWith(".js")) {
            type = "text/javascript; charset=utf-8";
        } else if (resource.endsWith(".css")) {
            type = "text/css; charset=utf-8";
        } else {
            type = "text/plain; charset=utf-8";
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes),
                callback);
    }

    private static byte[] resource(String name) {
        try (InputStream in = DemoPortal.class.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String htmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
