package org.pechatka.demoportal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pechatka.cert.CertificateIssuer;
import org.pechatka.cert.DistinguishedNames;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;

class DemoPortalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char[] TLS_PASSWORD = "test-only".toCharArray();
    private static final String PECHATKA_URL = "https://127.0.0.1:27321";

    private static KeyStore tls;
    private static HttpClient http;
    private static TestCa ca;
    private static KeyPair userKey;
    private static X509Certificate userCert;

    private MutableClock clock;
    private DemoPortal portal;

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    @BeforeAll
    static void tlsAndUsers() throws Exception {
        KeyPair tlsKey = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        Instant start = Instant.now().minus(Duration.ofHours(1));
        X509Certificate tlsCert = CertificateIssuer.builder()
                .withSubject(DistinguishedNames.builder().commonName("localhost").build())
                .withPublicKey(tlsKey.getPublic())
                .withSelfSigned(tlsKey.getPrivate())
                .withValidity(start, start.plus(Duration.ofDays(2)))
                .withKeyUsage(KeyUsage.digitalSignature)
                .withExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth.toOID())
                .withSubjectAltNameDns("localhost")
                .withSubjectAltNameIp("127.0.0.1")
                .issue();
        tls = KeyStore.getInstance("PKCS12");
        tls.load(null, null);
        tls.setKeyEntry("tls", tlsKey.getPrivate(), TLS_PASSWORD, new Certificate[] {tlsCert});

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("portal", tlsCert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(ssl).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();

        ca = TestCa.create("Pechatka Demo Portal Test CA");
        userKey = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        userCert = ca.issue(userKey.getPublic(), TestSubjects.belarusCitizen());
    }

    @BeforeEach
    void startPortal() throws IOException {
        clock = new MutableClock();
        portal = new DemoPortal(new DemoPortal.Config(0, tls, TLS_PASSWORD, PECHATKA_URL,
                List.of(ca.caCertificate()), clock));
        portal.start();
    }

    @AfterEach
    void stopPortal() {
        portal.close();
    }

    // ---- HTTP helpers ---------------------------------------------------------------------------

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String cookie, String body, String origin, String type)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(portal.origin() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (cookie != null) {
            b.header("Cookie", PortalSessions.COOKIE + "=" + cookie);
        }
        return send(b);
    }

    private HttpResponse<String> post(String path, String cookie, Object body) throws IOException, InterruptedException {
        return post(path, cookie, JSON.writeValueAsString(body), portal.origin(), "application/json");
    }

    private HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(portal.origin() + path)).GET();
        if (cookie != null) {
            b.header("Cookie", PortalSessions.COOKIE + "=" + cookie);
        }
        return send(b);
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    /** The session cookie a response sets, checking its attributes. */
    private static String sessionCookie(HttpResponse<String> r) {
        String header = r.headers().allValues("set-cookie").stream()
                .filter(h -> h.startsWith(PortalSessions.COOKIE + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + r.headers().map()));
        assertThat(header).contains("HttpOnly", "Secure", "SameSite=Strict", "Path=/");
        return header.substring(PortalSessions.COOKIE.length() + 1, header.indexOf(';'));
    }

    private record Challenge(String cookie, String nonce) {}

    private Challenge challenge() throws Exception {
        HttpResponse<String> r = post("/api/challenge", null, JSON.createObjectNode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String nonce = json(r).get("nonce").asText();
        assertThat(nonce).hasSize(44);
        assertThat(Base64.getDecoder().decode(nonce)).hasSize(32);
        return new Challenge(sessionCookie(r), nonce);
    }

    private ObjectNode loginBody(String token) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.set("authToken", JSON.readTree(token));
        return body;
    }

    private String token(String nonce) {
        return WebEidTokens.token(userCert, userKey.getPrivate(), "ES256", portal.origin(), nonce);
    }

    /** Challenge + login; returns the logged-in session cookie. */
    private String logIn() throws Exception {
        Challenge c = challenge();
        HttpResponse<String> r = post("/api/login", c.cookie(), loginBody(token(c.nonce())));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return sessionCookie(r);
    }

    private record Application(String id, byte[] document, String documentName, String description) {}

    private Application apply(String cookie) throws Exception {
        ObjectNode form = JSON.createObjectNode().put("reason", "Для банка / For a bank")
                .put("address", "г. Мінск, вул. Прыкладная, 1").put("email", "ales@example.by");
        HttpResponse<String> r = post("/api/application", cookie, form);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode a = json(r);
        return new Application(a.get("id").asText(), Base64.getDecoder().decode(a.get("document").asText()),
                a.get("documentName").asText(), a.get("description").asText());
    }

    private HttpResponse<String> submitSignature(String cookie, String id, byte[] cms) throws Exception {
        return post("/api/application/" + id + "/signature", cookie,
                JSON.createObjectNode().put("cms", Base64.getEncoder().encodeToString(cms)));
    }

    private static void assertError(HttpResponse<String> r, int status, String error) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).get("error").asText()).isEqualTo(error);
        assertThat(json(r).get("message").asText()).isNotBlank();
    }

    // ---- login ----------------------------------------------------------------------------------

    @Test
    void whenLoggingInWithAValidToken_thenMeShowsTheNameFromTheCertificate() throws Exception {
        assertThat(portal.origin()).isEqualTo("https://localhost:" + portal.port());
        Challenge c = challenge();
        HttpResponse<String> login = post("/api/login", c.cookie(), loginBody(token(c.nonce())));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String cookie = sessionCookie(login);
        assertThat(cookie).as("a new session id after login").isNotEqualTo(c.cookie());
        JsonNode identity = json(login).get("identity");
        assertThat(identity.get("name").asText()).isEqualTo(TestSubjects.BY_CITIZEN_FULL_NAME);
        assertThat(identity.get("personalNumber").asText()).isEqualTo(TestSubjects.BY_PERSONAL_NUMBER);
        String certId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(userCert.getEncoded()));
        assertThat(identity.get("certId").asText()).isEqualTo(certId);

        HttpResponse<String> me = get("/api/me", cookie);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json(me).at("/identity/name").asText()).isEqualTo(TestSubjects.BY_CITIZEN_FULL_NAME);
        assertThat(me.headers().firstValue("cache-control")).hasValue("no-store");
        assertError(get("/api/me", c.cookie()), 401, "not-logged-in");
    }

    @Test
    void whenThePageSendsAttributes_thenTheIdentityStillComesFromTheCertificate() throws Exception {
        Challenge c = challenge();
        ObjectNode body = loginBody(token(c.nonce()));
        body.putObject("attributes").put("fullName", "SOMEONE ELSE").put("personalNumber", "0000000A000PB0");
        HttpResponse<String> r = post("/api/login", c.cookie(), body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).at("/identity/name").asText()).isEqualTo(TestSubjects.BY_CITIZEN_FULL_NAME);
        assertThat(json(r).at("/identity/personalNumber").asText()).isEqualTo(TestSubjects.BY_PERSONAL_NUMBER);
    }

    @Test
    void whenTheSameTokenIsReplayed_thenItIsRefused() throws Exception {
        Challenge c = challenge();
        ObjectNode body = loginBody(token(c.nonce()));
        HttpResponse<String> first = post("/api/login", c.cookie(), body);
        assertThat(first.statusCode()).isEqualTo(200);
        String loggedIn = sessionCookie(first);
        assertError(post("/api/login", c.cookie(), body), 401, "no-session");
        assertError(post("/api/login", loggedIn, body), 401, "no-challenge");
    }

    @Test
    void whenALoginAttemptFails_thenTheNonceIsUsedUpAnyway() throws Exception {
        Challenge c = challenge();
        KeyPair other = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        String wrong = WebEidTokens.token(userCert, other.getPrivate(), "ES256", portal.origin(), c.nonce());
        HttpResponse<String> r = post("/api/login", c.cookie(), loginBody(wrong));
        assertError(r, 401, "auth-token-invalid");
        assertThat(json(r).get("reason").asText()).isEqualTo("SIGNATURE_INVALID");
        assertError(post("/api/login", c.cookie(), loginBody(token(c.nonce()))), 401, "no-challenge");
    }

    @Test
    void whenTheNonceIsOlderThanFiveMinutes_thenLoginFails() throws Exception {
        Challenge c = challenge();
        clock.advance(Duration.ofMinutes(6));
        assertError(post("/api/login", c.cookie(), loginBody(token(c.nonce()))), 401, "challenge-expired");
    }

    @Test
    void whenTheNonceIsFourMinutesOld_thenLoginWorks() throws Exception {
        Challenge c = challenge();
        clock.advance(Duration.ofMinutes(4));
        assertThat(post("/api/login", c.cookie(), loginBody(token(c.nonce()))).statusCode()).isEqualTo(200);
    }

    @Test
    void whenLoginHasNoSessionCookie_thenItFails() throws Exception {
        Challenge c = challenge();
        assertError(post("/api/login", null, loginBody(token(c.nonce()))), 401, "no-session");
        assertError(post("/api/login", "forged-session-id", loginBody(token(c.nonce()))), 401, "no-session");
    }

    @Test
    void whenTheTokenIsBoundToAnotherOrigin_thenLoginFails() throws Exception {
        Challenge c = challenge();
        String phished = WebEidTokens.token(userCert, userKey.getPrivate(), "ES256",
                "https://127.0.0.1:" + portal.port(), c.nonce());
        HttpResponse<String> r = post("/api/login", c.cookie(), loginBody(phished));
        assertError(r, 401, "auth-token-invalid");
        assertThat(json(r).get("reason").asText()).isEqualTo("SIGNATURE_INVALID");
    }

    @Test
    void whenTheUserCertificateIsFromAnotherCa_thenLoginFails() throws Exception {
        TestCa other = TestCa.create("Not the demo CA");
        KeyPair key = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        X509Certificate cert = other.issue(key.getPublic(), TestSubjects.belarusCitizen());
        Challenge c = challenge();
        HttpResponse<String> r = post("/api/login", c.cookie(), loginBody(
                WebEidTokens.token(cert, key.getPrivate(), "ES256", portal.origin(), c.nonce())));
        assertError(r, 401, "auth-token-invalid");
        assertThat(json(r).get("reason").asText()).isEqualTo("CERTIFICATE_NOT_TRUSTED");
    }

    // ---- CSRF -----------------------------------------------------------------------------------

    @Test
    void whenAPostComesFromAForeignOriginOrWithoutOne_thenItIsRefused() throws Exception {
        assertError(post("/api/challenge", null, "{}", "https://evil.example", "application/json"), 403, "origin");
        assertError(post("/api/challenge", null, "{}", null, "application/json"), 403, "origin");
        assertError(post("/api/challenge", null, "{}", "https://127.0.0.1:" + portal.port(), "application/json"),
                403, "origin");
        String cookie = logIn();
        assertError(post("/api/logout", cookie, "{}", "https://evil.example", "application/json"), 403, "origin");
        assertThat(get("/api/me", cookie).statusCode()).as("the foreign logout did nothing").isEqualTo(200);
    }

    @Test
    void whenAPostIsTextPlainOrAForm_thenItIsRefused() throws Exception {
        assertError(post("/api/challenge", null, "{}", portal.origin(), "text/plain"), 415, "content-type");
        assertError(post("/api/challenge", null, "a=b", portal.origin(), "application/x-www-form-urlencoded"), 415,
                "content-type");
        assertError(post("/api/challenge", null, "{}", portal.origin(), null), 415, "content-type");
        assertThat(post("/api/challenge", null, "{}", portal.origin(), "application/json; charset=utf-8").statusCode())
                .isEqualTo(200);
    }

    @Test
    void whenLoggingOut_thenTheSessionIsGone() throws Exception {
        String cookie = logIn();
        HttpResponse<String> r = post("/api/logout", cookie, JSON.createObjectNode());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().allValues("set-cookie")).anySatisfy(h -> assertThat(h).contains("Max-Age=0"));
        assertError(get("/api/me", cookie), 401, "not-logged-in");
    }

    // ---- signing an application -----------------------------------------------------------------

    @Test
    void whenTheReturnedDocumentIsSigned_thenAReceiptWithTheSignerFromTheCertificate() throws Exception {
        String cookie = logIn();
        Application a = apply(cookie);
        String text = new String(a.document(), StandardCharsets.UTF_8);
        assertThat(text).contains("ЗАЯВА НА АТРЫМАННЕ ДАВЕДКІ", TestSubjects.BY_CITIZEN_FULL_NAME,
                TestSubjects.BY_PERSONAL_NUMBER, "Для банка / For a bank", "ales@example.by", a.id());
        assertThat(a.documentName()).contains(a.id()).hasSizeLessThanOrEqualTo(256);
        assertThat(a.description()).isNotBlank().hasSizeLessThanOrEqualTo(256);

        byte[] cms = TestCms.detached(a.document(), userCert, userKey.getPrivate(), clock.instant());
        HttpResponse<String> r = submitSignature(cookie, a.id(), cms);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode receipt = json(r);
        assertThat(receipt.get("id").asText()).isEqualTo(a.id());
        assertThat(receipt.get("status").asText()).isEqualTo("accepted");
        assertThat(receipt.get("signer").asText()).isEqualTo(TestSubjects.BY_CITIZEN_FULL_NAME);
        assertThat(receipt.get("documentSha256").asText()).isEqualTo(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(a.document())));
        assertThat(Instant.parse(receipt.get("receivedAt").asText())).isEqualTo(clock.instant());

        assertError(submitSignature(cookie, a.id(), cms), 409, "already-signed");
    }

    @Test
    void whenTheCmsIsOverOtherBytes_thenItIsRejected() throws Exception {
        String cookie = logIn();
        Application a = apply(cookie);
        byte[] other = "a different document".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = submitSignature(cookie, a.id(),
                TestCms.detached(other, userCert, userKey.getPrivate(), clock.instant()));
        assertError(r, 422, "signature-rejected");
        assertThat(json(r).get("reason").asText()).isEqualTo("DIGEST_MISMATCH");
    }

    @Test
    void whenTheCmsIsByAnotherCertificateThanTheLoggedInOne_thenItIsRejected() throws Exception {
        String cookie = logIn();
        Application a = apply(cookie);
        KeyPair otherKey = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        X509Certificate otherCert = ca.issue(otherKey.getPublic(), TestSubjects.belarusHeadOfOrganisation());
        HttpResponse<String> r = submitSignature(cookie, a.id(),
                TestCms.detached(a.document(), otherCert, otherKey.getPrivate(), clock.instant()));
        assertError(r, 422, "signature-rejected");
        assertThat(json(r).get("reason").asText()).isEqualTo("SIGNER_MISMATCH");
    }

    @Test
    void whenTheCmsLacksAnAttributeIsAttachedOrIsOld_thenItIsRejectedWithItsReason() throws Exception {
        String cookie = logIn();
        Application a = apply(cookie);
        record Case(String reason, byte[] cms) {}
        X509Certificate otherCert = ca.issue(TestCa.generateKeyPair(TestCa.KeyType.EC_P256).getPublic(),
                TestSubjects.belarusCitizen());
        List<Case> cases = List.of(
                new Case("MISSING_ATTRIBUTE", TestCms.sign(a.document(), userCert, userKey.getPrivate(),
                        clock.instant(), false, false, userCert)),
                new Case("NOT_DETACHED", TestCms.sign(a.document(), userCert, userKey.getPrivate(),
                        clock.instant(), true, true, userCert)),
                new Case("SIGNING_TIME", TestCms.detached(a.document(), userCert, userKey.getPrivate(),
                        clock.instant().minus(Duration.ofMinutes(10)))),
                new Case("SIGNING_CERTIFICATE_MISMATCH", TestCms.sign(a.document(), userCert, userKey.getPrivate(),
                        clock.instant(), true, false, otherCert)),
                new Case("MALFORMED", "not a CMS".getBytes(StandardCharsets.UTF_8)));
        for (Case c : cases) {
            HttpResponse<String> r = submitSignature(cookie, a.id(), c.cms());
            assertThat(r.statusCode()).as(c.reason() + ": " + r.body()).isEqualTo(422);
            assertThat(json(r).get("reason").asText()).isEqualTo(c.reason());
        }
        // none of these consumed the application: a good signature is still accepted
        assertThat(submitSignature(cookie, a.id(),
                TestCms.detached(a.document(), userCert, userKey.getPrivate(), clock.instant())).statusCode())
                .isEqualTo(200);
    }

    @Test
    void whenNotLoggedInOrAnotherSessionsApplication_thenNoApplicationNorSignature() throws Exception {
        ObjectNode form = JSON.createObjectNode().put("reason", "x").put("address", "y").put("email", "a@b.by");
        assertError(post("/api/application", null, form), 401, "not-logged-in");
        String alice = logIn();
        String bob = logIn();
        Application a = apply(alice);
        byte[] cms = TestCms.detached(a.document(), userCert, userKey.getPrivate(), clock.instant());
        assertError(submitSignature(bob, a.id(), cms), 404, "no-application");
        assertError(submitSignature(null, a.id(), cms), 401, "not-logged-in");
    }

    @Test
    void whenAFieldHasALineBreakOrIsMissing_thenTheApplicationIsRefused() throws Exception {
        String cookie = logIn();
        ObjectNode forged = JSON.createObjectNode().put("reason", "x")
                .put("address", "Мінск\nЗаяўнік / Applicant: SOMEONE ELSE").put("email", "a@b.by");
        HttpResponse<String> r = post("/api/application", cookie, forged);
        assertError(r, 400, "invalid-field");
        assertThat(json(r).get("reason").asText()).isEqualTo("address");
        ObjectNode bidi = JSON.createObjectNode().put("reason", "x\u202Ey").put("address", "y").put("email", "a@b.by");
        assertError(post("/api/application", cookie, bidi), 400, "invalid-field");
        assertError(post("/api/application", cookie, JSON.createObjectNode().put("reason", "x").put("address", "y")),
                400, "invalid-field");
        ObjectNode badEmail = JSON.createObjectNode().put("reason", "x").put("address", "y").put("email", "nope");
        assertError(post("/api/application", cookie, badEmail), 400, "invalid-field");
    }

    // ---- pages ----------------------------------------------------------------------------------

    @Test
    void whenThePageIsRequested_thenItHasTheStableIdsThePechatkaUrlAndAStrictCsp() throws Exception {
        HttpResponse<String> r = get("/", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        for (String id : List.of("login", "status", "identity", "application-form", "sign", "receipt", "error")) {
            assertThat(r.body()).contains("id=\"" + id + "\"");
        }
        assertThat(r.body()).contains("content=\"" + PECHATKA_URL + "\"").doesNotContain("{{");
        assertThat(r.body()).contains("Дэманстрацыйны партал электронных паслуг", "Demo e-services portal");
        String csp = r.headers().firstValue("content-security-policy").orElseThrow();
        assertThat(csp).contains("connect-src 'self' https://127.0.0.1:27321 wss://127.0.0.1:27321",
                "script-src 'self'", "frame-ancestors 'none'");
        assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    }

    @Test
    void whenTheSdkAndScriptsAreRequested_thenTheyAreServedFromTheClasspath() throws Exception {
        HttpResponse<String> sdk = get("/sdk/pechatka.js", null);
        assertThat(sdk.statusCode()).isEqualTo(200);
        assertThat(sdk.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/javascript"));
        assertThat(sdk.body()).contains("export async function connect(", "export const PermissionDeniedError",
                "loopback-network");
        assertThat(get("/sdk/pechatka.d.ts", null).body()).contains("export declare function connect(");
        HttpResponse<String> js = get("/portal.js", null);
        assertThat(js.body()).contains("from '/sdk/pechatka.js'", "PermissionDeniedError", "dataset.error");
        assertThat(get("/portal.css", null).statusCode()).isEqualTo(200);
        assertThat(get("/nothing-here", null).statusCode()).isEqualTo(404);
        assertThat(get("/../pom.xml", null).statusCode()).isIn(400, 404);
    }

    @Test
    void whenVisitedBy127001_thenRedirectedToTheLocalhostOrigin() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + portal.port() + "/index.html")).GET());
        assertThat(r.statusCode()).isEqualTo(308);
        assertThat(r.headers().firstValue("location")).hasValue(portal.origin() + "/index.html");
    }

    // ---- logging --------------------------------------------------------------------------------

    @Test
    void whenLoggingInAndSigning_thenNothingPersonalIsLogged() throws Exception {
        Logger logger = Logger.getLogger("org.pechatka.demoportal");
        Level previous = logger.getLevel();
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (records) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        capture.setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
        try {
            Challenge c = challenge();
            String token = token(c.nonce());
            HttpResponse<String> login = post("/api/login", c.cookie(), loginBody(token));
            String cookie = sessionCookie(login);
            Application a = apply(cookie);
            submitSignature(cookie, a.id(), TestCms.detached(a.document(), userCert, userKey.getPrivate(),
                    clock.instant()));
            post("/api/login", c.cookie(), loginBody(token)); // a refused replay logs too

            List<String> secrets = List.of(c.nonce(), c.cookie(), cookie, TestSubjects.BY_CITIZEN_FULL_NAME,
                    TestSubjects.BY_PERSONAL_NUMBER, "ALES", JSON.readTree(token).get("signature").asText(),
                    "ales@example.by");
            synchronized (records) {
                assertThat(records).as("the test sees the portal's debug log").isNotEmpty();
                for (LogRecord rec : records) {
                    String text = new java.util.logging.SimpleFormatter().formatMessage(rec);
                    for (String secret : secrets) {
                        assertThat(text).doesNotContain(secret);
                    }
                }
            }
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(previous);
        }
    }

    // ---- remote re-issue ------------------------------------------------------------------------

    /** The portal again, with the test CA as its re-issue CA. */
    private void withReissuer() throws IOException {
        portal.close();
        portal = new DemoPortal(new DemoPortal.Config(0, tls, TLS_PASSWORD, PECHATKA_URL,
                List.of(ca.caCertificate()), clock, Reissuer.ca(ca.caCertificate(), ca.caPrivateKey(), clock)));
        portal.start();
    }

    /** A PEM request for {@code key}'s public key, signed with {@code signer}. */
    private static String csr(org.bouncycastle.asn1.x500.X500Name subject, java.security.PublicKey key,
            java.security.PrivateKey signer) throws Exception {
        var request = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(subject, key)
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(signer));
        java.io.StringWriter out = new java.io.StringWriter();
        try (var w = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(out)) {
            w.writeObject(request);
        }
        return out.toString();
    }

    private static org.bouncycastle.asn1.x500.X500Name subjectOf(X509Certificate c) {
        return org.bouncycastle.asn1.x500.X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
    }

    @Test
    void whenTheRequestNamesTheCurrentSubjectWithANewKey_thenTheCaIssuesTheSameSubjectAndUsage() throws Exception {
        withReissuer();
        String cookie = logIn();
        KeyPair next = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        HttpResponse<String> r = post("/api/renewal", cookie, JSON.createObjectNode()
                .put("csr", csr(subjectOf(userCert), next.getPublic(), next.getPrivate())));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        X509Certificate issued = org.pechatka.testing.SoftHsm.certificate(
                Base64.getDecoder().decode(body.get("certificate").asText()));
        issued.verify(ca.caPublicKey());
        assertThat(issued.getSubjectX500Principal().getEncoded()).isEqualTo(userCert.getSubjectX500Principal().getEncoded());
        assertThat(issued.getPublicKey()).isEqualTo(next.getPublic());
        assertThat(issued.getKeyUsage()).isEqualTo(userCert.getKeyUsage());
        assertThat(issued.getExtendedKeyUsage()).isEqualTo(userCert.getExtendedKeyUsage());
        assertThat(body.get("chain").get(0).asText())
                .isEqualTo(Base64.getEncoder().encodeToString(ca.caCertificate().getEncoded()));
        assertThat(body.get("certId").asText()).isEqualTo(org.pechatka.token.TokenCertificate.certId(issued));
        assertThat(json(get("/api/me", cookie)).get("renewal").asBoolean()).isTrue();
    }

    @Test
    void whenTheRequestDiffersFromTheCurrentCertificate_thenItIsRefusedLikeTheReissueService() throws Exception {
        withReissuer();
        String cookie = logIn();
        KeyPair next = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        KeyPair other = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        // another subject (the same names in another order is another subject too)
        HttpResponse<String> r = post("/api/renewal", cookie, JSON.createObjectNode().put("csr",
                csr(org.pechatka.cert.CertificateRequests.belarusOrder(TestSubjects.belarusHeadOfOrganisation()),
                        next.getPublic(), next.getPrivate())));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r).get("reason").asText()).isEqualTo("SUBJECT_MISMATCH");
        // the old key again
        r = post("/api/renewal", cookie, JSON.createObjectNode()
                .put("csr", csr(subjectOf(userCert), userKey.getPublic(), userKey.getPrivate())));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r).get("reason").asText()).isEqualTo("SAME_KEY");
        // signed by another key than the one it names
        r = post("/api/renewal", cookie, JSON.createObjectNode()
                .put("csr", csr(subjectOf(userCert), next.getPublic(), other.getPrivate())));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r).get("reason").asText()).isEqualTo("SIGNATURE");
        // not a request
        r = post("/api/renewal", cookie, JSON.createObjectNode().put("csr", "hello"));
        assertThat(r.statusCode()).isEqualTo(400);
    }

    @Test
    void whenThePortalHasNoReissuerOrNobodyIsLoggedIn_thenNoRenewal() throws Exception {
        KeyPair next = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        String request = csr(subjectOf(userCert), next.getPublic(), next.getPrivate());
        String cookie = logIn();
        assertThat(json(get("/api/me", cookie)).get("renewal").asBoolean()).isFalse();
        assertThat(post("/api/renewal", cookie, JSON.createObjectNode().put("csr", request)).statusCode())
                .isEqualTo(404);
        withReissuer();
        assertThat(post("/api/renewal", null, JSON.createObjectNode().put("csr", request)).statusCode())
                .isEqualTo(401);
    }
}
