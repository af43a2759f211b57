package org.pechatka.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pechatka.testing.Endpoint;
import org.pechatka.testing.RawHttp;
import org.pechatka.testing.RawWebSocket;
import org.pechatka.testing.ScriptedPrompter;

/**
 * Who may connect (PROTOCOL.md section 1.1; security catalogue section 6, threats 1, 2, 3 and the
 * peer-user check): requests written by hand over TLS, so {@code Host} and {@code Origin} can be
 * forged as no browser would, with the exact status line the server sent.
 */
class HandshakeSecurityTest {

    private static final String EVIL = "https://evil.example";

    private static Endpoint endpoint;
    private static ScriptedPrompter person;
    private static SSLSocketFactory tls;
    private static int port;
    /** Every response of this class, checked for {@code Access-Control-Allow-Origin: *}. */
    private static final List<RawHttp.Response> RESPONSES = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path base = Path.of(System.getProperty("pechatka.test.tmp", "target/tmp"));
        Files.createDirectories(base);
        person = new ScriptedPrompter();
        endpoint = Endpoint.start(Files.createTempDirectory(base, "handshake-"), List.of(), person,
                Endpoint.Options.defaults());
        tls = endpoint.sslContext().getSocketFactory();
        port = endpoint.port();
    }

    @AfterAll
    static void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        // threat 3: no response of any kind ever allowed every origin
        assertThat(RESPONSES).isNotEmpty().allSatisfy(r ->
                assertThat(r.all("Access-Control-Allow-Origin")).as(r.statusLine()).doesNotContain("*"));
        assertThat(person.shown()).as("no request of this class may reach a dialog").isEmpty();
    }

    @BeforeEach
    void clearBlocked() {
        endpoint.blocked().clear();
    }

    private static String host() {
        return "127.0.0.1:" + port;
    }

    private static RawHttp.Response send(String request) throws IOException {
        return send(tls, "127.0.0.1", request);
    }

    private static RawHttp.Response send(SocketFactory factory, String address, String request) throws IOException {
        RawHttp.Response r = RawHttp.exchange(factory, address, port, request);
        synchronized (RESPONSES) {
            RESPONSES.add(r);
        }
        assertThat(r.all("Access-Control-Allow-Origin")).as("ACAO on %s", r.statusLine()).doesNotContain("*");
        return r;
    }

    private static RawHttp.Response upgrade(String hostHeader, String origin) throws IOException {
        return send(RawWebSocket.upgradeRequest(hostHeader, origin));
    }

    private static String get(String path, String hostHeader, String... more) {
        List<String> headers = new ArrayList<>();
        if (hostHeader != null) {
            headers.add("Host: " + hostHeader);
        }
        headers.addAll(List.of(more));
        headers.add("Connection: close");
        return RawHttp.request("GET " + path + " HTTP/1.1", headers, null);
    }

    // ---- threat 1: Origin ------------------------------------------------------------------------

    @Test
    void whenTheUpgradeComesFromAnOriginNotExactlyOnTheList_then403AndTheTrayIsTold() throws Exception {
        List<String> refused = List.of(EVIL, "null", "http://portal.test", "https://portal.test:444",
                "https://portal.test.evil.example", "https://evilportal.test", "https://portal.test/",
                "https://user@portal.test", "https://xn--prtal-xxx.test", "https://portal.test:443/",
                "https://*.test", "https://portal.test.", "https://portal.test:0443x");
        for (String origin : refused) {
            RawHttp.Response r = upgrade(host(), origin);
            assertThat(r.statusLine()).as(origin).isEqualTo("HTTP/1.1 403 Forbidden");
            assertThat(r.first("Upgrade")).as(origin).isEmpty();
            assertThat(r.first("Sec-WebSocket-Accept")).as(origin).isEmpty();
        }
        assertThat(endpoint.blocked()).containsExactlyElementsOf(refused);
        assertThat(endpoint.server().openConnections()).isZero();
    }

    @Test
    void whenTheUpgradeHasNoOrigin_then403AndTheTrayIsTold() throws Exception {
        RawHttp.Response r = upgrade(host(), null);
        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(endpoint.blocked()).containsExactly("(none)");
    }

    @Test
    void whenTheOriginIsTheTrustedOneInAnotherSpelling_thenNormalisedAndSwitched() throws Exception {
        for (String origin : List.of(Endpoint.PORTAL, "https://PORTAL.test", "https://portal.test:443",
                "HTTPS://Portal.Test")) {
            try (RawWebSocket ws = RawWebSocket.open(tls, port, origin)) {
                // a real WebSocket: a request over it is answered
                ws.text("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"app.info\"}");
                RawWebSocket.Frame reply = ws.read();
                assertThat(reply.opcode()).as(origin).isEqualTo(RawWebSocket.TEXT);
                assertThat(reply.text()).as(origin).contains("\"id\":1", "\"name\":\"Pechatka\"");
            }
        }
        assertThat(endpoint.blocked()).isEmpty();
    }

    @Test
    void whenTheUpgradeIsAccepted_thenTheStatusLineIs101() throws Exception {
        try (Socket s = tls.createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(RawWebSocket.upgradeRequest(host(), "https://PORTAL.test")
                    .getBytes(StandardCharsets.US_ASCII));
            RawHttp.Response r = RawHttp.read(s.getInputStream(), false);
            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(r.first("Sec-WebSocket-Accept")).contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        }
    }

    @Test
    void whenTheBrowserOffersCompression_thenNoExtensionIsNegotiated() throws Exception {
        // what Chromium sends; compressing a page's input next to signatures buys nothing on loopback
        String upgrade = RawHttp.request("GET /v1/ws HTTP/1.1", List.of("Host: " + host(), "Upgrade: websocket",
                "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
                "Origin: https://portal.test",
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"), null);
        try (Socket s = tls.createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(upgrade.getBytes(StandardCharsets.US_ASCII));
            RawHttp.Response r = RawHttp.read(s.getInputStream(), false);
            RESPONSES.add(r);
            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(r.all("Sec-WebSocket-Extensions")).isEmpty();
        }
    }

    @Test
    void whenAnHttpRouteIsAskedFromAnUntrustedOrigin_then403() throws Exception {
        for (String path : List.of("/v1/info", "/")) {
            RawHttp.Response r = send(get(path, host(), "Origin: " + EVIL));
            assertThat(r.statusLine()).as(path).isEqualTo("HTTP/1.1 403 Forbidden");
            assertThat(r.bodyText()).as(path).doesNotContain("Pechatka\",\"version");
        }
        assertThat(endpoint.blocked()).containsExactly(EVIL, EVIL);
    }

    // ---- threat 2: Host (DNS rebinding) ------------------------------------------------------------

    @Test
    void whenTheHostIsNotTheLoopbackWithThisPort_then403OnEveryRoute() throws Exception {
        List<String> hosts = List.of("attacker.example:" + port, "127.0.0.1.nip.io:" + port, "localhost.:" + port,
                "foo.localhost:" + port, "127.0.0.1", "localhost", "127.0.0.1:" + (port == 65535 ? 1 : port + 1),
                "127.0.0.2:" + port, "[::1]", "0.0.0.0:" + port, "127.0.0.1:0" + port, "[::ffff:127.0.0.1]:" + port,
                "[0:0:0:0:0:0:0:1]:" + port, "2130706433:" + port);
        for (String host : hosts) {
            for (String path : List.of("/v1/info", "/")) {
                RawHttp.Response r = send(get(path, host));
                assertThat(r.statusLine()).as("%s %s", host, path).isEqualTo("HTTP/1.1 403 Forbidden");
                assertThat(r.bodyText()).as("%s %s", host, path).doesNotContain("\"protocol\":1", "id=\"tokens\"");
            }
            RawHttp.Response up = upgrade(host, Endpoint.PORTAL);
            assertThat(up.statusLine()).as("upgrade with %s", host).isEqualTo("HTTP/1.1 403 Forbidden");
        }
        assertThat(endpoint.server().openConnections()).isZero();
    }

    @Test
    void whenTheHostHeaderIsMissingOrMalformed_then400FromJetty() throws Exception {
        RawHttp.Response r = send(get("/v1/info", null));
        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
        RawHttp.Response malformed = send(get("/v1/info", "127.0.0.1:" + port + ".attacker.example"));
        assertThat(malformed.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
        RawHttp.Response up = send(RawHttp.request("GET /v1/ws HTTP/1.1", List.of("Upgrade: websocket",
                "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
                "Origin: " + Endpoint.PORTAL), null));
        assertThat(up.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
    }

    @Test
    void whenTheHostIsALoopbackNameWithThisPort_then200() throws Exception {
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "LOCALHOST:" + port)) {
            RawHttp.Response r = send(get("/v1/info", host));
            assertThat(r.statusLine()).as(host).isEqualTo("HTTP/1.1 200 OK");
            assertThat(r.bodyText()).as(host).isEqualTo(
                    "{\"name\":\"Pechatka\",\"version\":\"0.1.0-test\",\"protocol\":1}");
            assertThat(send(get("/", host)).statusLine()).as(host).isEqualTo("HTTP/1.1 200 OK");
        }
        // over the IPv6 loopback too (peer check through /proc/net/tcp6)
        String address = endpoint.server().ipv6() ? "::1" : "127.0.0.1";
        RawHttp.Response v6 = send(tls, address, get("/v1/info", "[::1]:" + port));
        assertThat(v6.statusLine()).isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void whenPlainHttpIsSentToThePort_thenNoHttpAnswerOnlyATlsAlertOrClose() throws Exception {
        for (String request : List.of(get("/v1/info", host()),
                RawWebSocket.upgradeRequest(host(), Endpoint.PORTAL))) {
            byte[] answer;
            try (Socket s = SocketFactory.getDefault().createSocket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                answer = readAll(s.getInputStream());
            }
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            assertThat(text).doesNotContain("HTTP/").doesNotContain("Pechatka");
            if (answer.length > 0) {
                assertThat(answer[0]).as("a TLS alert record").isEqualTo((byte) 0x15);
            }
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            in.transferTo(out);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed within 10 s", e);
        } catch (IOException e) {
            // reset by the server: a close
        }
        return out.toByteArray();
    }

    // ---- threat 3: CORS, Private Network Access, CSRF ---------------------------------------------

    @Test
    void whenAnUntrustedOriginSendsAPrivateNetworkPreflight_then403WithoutAnyCorsHeader() throws Exception {
        RawHttp.Response r = send(RawHttp.request("OPTIONS /v1/info HTTP/1.1", List.of("Host: " + host(),
                "Origin: " + EVIL, "Access-Control-Request-Method: GET",
                "Access-Control-Request-Private-Network: true", "Access-Control-Request-Local-Network: true",
                "Connection: close"), null));
        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(r.first("Access-Control-Allow-Origin")).isEmpty();
        assertThat(r.first("Access-Control-Allow-Private-Network")).isEmpty();
        assertThat(r.first("Access-Control-Allow-Local-Network")).isEmpty();
        assertThat(r.first("Access-Control-Allow-Methods")).isEmpty();
        assertThat(endpoint.blocked()).containsExactly(EVIL);
    }

    @Test
    void whenTheTrustedOriginSendsAPrivateNetworkPreflight_then204WithExactlyItsOrigin() throws Exception {
        RawHttp.Response r = send(RawHttp.request("OPTIONS /v1/info HTTP/1.1", List.of("Host: " + host(),
                "Origin: " + Endpoint.PORTAL, "Access-Control-Request-Method: GET",
                "Access-Control-Request-Private-Network: true", "Connection: close"), null));
        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 204 No Content");
        assertThat(r.all("Access-Control-Allow-Origin")).containsExactly(Endpoint.PORTAL);
        assertThat(r.all("Vary")).anySatisfy(v -> assertThat(v).containsIgnoringCase("Origin"));
        assertThat(r.all("Access-Control-Allow-Private-Network")).containsExactly("true");
        assertThat(r.first("Access-Control-Allow-Credentials")).isEmpty();

        // without the PNA request header, no PNA answer
        RawHttp.Response plain = send(RawHttp.request("OPTIONS /v1/info HTTP/1.1", List.of("Host: " + host(),
                "Origin: " + Endpoint.PORTAL, "Access-Control-Request-Method: GET", "Connection: close"), null));
        assertThat(plain.statusLine()).isEqualTo("HTTP/1.1 204 No Content");
        assertThat(plain.first("Access-Control-Allow-Private-Network")).isEmpty();

        // a simple GET from the portal gets exactly its origin back
        RawHttp.Response info = send(get("/v1/info", host(), "Origin: " + Endpoint.PORTAL));
        assertThat(info.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(info.all("Access-Control-Allow-Origin")).containsExactly(Endpoint.PORTAL);
        assertThat(info.all("Vary")).anySatisfy(v -> assertThat(v).containsIgnoringCase("Origin"));
        assertThat(endpoint.blocked()).isEmpty();
    }

    @Test
    void whenAFormPostArrivesFromAnUntrustedOrigin_then403AndFromThePortal405() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sign.cms\"}";
        for (String path : List.of("/v1/info", "/sign", "/v1/ws")) {
            RawHttp.Response evil = send(RawHttp.request("POST " + path + " HTTP/1.1", List.of("Host: " + host(),
                    "Origin: " + EVIL, "Content-Type: text/plain", "Content-Length: " + body.length(),
                    "Connection: close"), body));
            assertThat(evil.statusLine()).as(path).isEqualTo("HTTP/1.1 403 Forbidden");
            assertThat(evil.first("Access-Control-Allow-Origin")).as(path).isEmpty();
            RawHttp.Response portal = send(RawHttp.request("POST " + path + " HTTP/1.1", List.of("Host: " + host(),
                    "Origin: " + Endpoint.PORTAL, "Content-Type: text/plain", "Content-Length: " + body.length(),
                    "Connection: close"), body));
            assertThat(portal.statusLine()).as(path).isEqualTo("HTTP/1.1 405 Method Not Allowed");
            // a form post without Origin (older browsers, a navigation) is no better
            RawHttp.Response none = send(RawHttp.request("POST " + path + " HTTP/1.1", List.of("Host: " + host(),
                    "Content-Type: application/x-www-form-urlencoded", "Content-Length: " + body.length(),
                    "Connection: close"), body));
            assertThat(none.statusLine()).as(path).isEqualTo("HTTP/1.1 405 Method Not Allowed");
        }
        assertThat(endpoint.blocked()).containsExactly(EVIL, EVIL, EVIL);
    }

    @Test
    void whenAStateChangingGetIsTried_then404AndNoDialog() throws Exception {
        for (String path : List.of("/sign?dataToSign=AAAA&digestAlgo=SHA256&tokenId=1&keyId=1",
                "/authenticate?challenge=AAAA", "/v1/sign", "/v1/info/", "/v1/ws/x", "/v2/info", "/certificates")) {
            assertThat(send(get(path, host())).statusLine()).as(path).isEqualTo("HTTP/1.1 404 Not Found");
            assertThat(send(get(path, host(), "Origin: " + Endpoint.PORTAL)).statusLine()).as(path)
                    .isEqualTo("HTTP/1.1 404 Not Found");
            assertThat(send(get(path, host(), "Origin: " + EVIL)).statusLine()).as(path)
                    .isEqualTo("HTTP/1.1 403 Forbidden");
        }
        // paths Jetty itself finds ambiguous never reach a route either
        for (String path : List.of("/..%2fv1/info", "/v1/%2e%2e/sign", "/v1//info")) {
            RawHttp.Response r = send(get(path, host(), "Origin: " + Endpoint.PORTAL));
            assertThat(r.status()).as(path).isIn(400, 404);
            assertThat(r.bodyText()).as(path).doesNotContain("\"protocol\":1");
        }
        assertThat(person.shown()).isEmpty();
    }

    // ---- PROTOCOL.md 1.1: the peer must be this OS user ---------------------------------------------

    @Test
    void whenAProcessOfAnotherUserConnects_then403WhileTheOwnUserGets200() throws Exception {
        int own = PeerCredentials.ownUid();
        List<String> curl = List.of("curl", "-q", "-k", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--max-time", "10", "https://127.0.0.1:" + port + "/v1/info");
        assertThat(run(curl)).isEqualTo("200");
        if (own == 0) {
            List<String> asNobody = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
                    "--clear-groups"));
            asNobody.addAll(curl);
            assertThat(run(asNobody)).isEqualTo("403");
            if (endpoint.server().ipv6()) { // over [::1] the owner is found in /proc/net/tcp6
                List<String> v6 = new ArrayList<>(asNobody.subList(0, asNobody.size() - 1));
                v6.addAll(List.of("-g", "https://[::1]:" + port + "/v1/info"));
                assertThat(run(v6)).isEqualTo("403");
                List<String> v6Own = new ArrayList<>(curl.subList(0, curl.size() - 1));
                v6Own.addAll(List.of("-g", "https://[::1]:" + port + "/v1/info"));
                assertThat(run(v6Own)).isEqualTo("200");
            }
            // the WebSocket upgrade too, with the trusted origin
            List<String> upgrade = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
                    "--clear-groups", "curl", "-q", "-k", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                    "--max-time", "10", "-H", "Origin: " + Endpoint.PORTAL, "-H", "Upgrade: websocket",
                    "-H", "Connection: Upgrade", "-H", "Sec-WebSocket-Version: 13",
                    "-H", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "--http1.1",
                    "https://127.0.0.1:" + port + "/v1/ws"));
            assertThat(run(upgrade)).isEqualTo("403");
        }
        assertThat(endpoint.server().openConnections()).isZero();
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.UTF_8).strip();
    }

    @Test
    void whenThisProcessConnects_thenPeerCredentialsFindsItsOwnUid() throws Exception {
        int own = PeerCredentials.ownUid();
        List<String> addresses = new ArrayList<>(List.of("127.0.0.1"));
        if (endpoint.server().ipv6()) {
            addresses.add("::1");
        }
        for (String address : addresses) {
            try (Socket s = SocketFactory.getDefault().createSocket(address, port)) {
                InetSocketAddress client = (InetSocketAddress) s.getLocalSocketAddress();
                InetSocketAddress server = (InetSocketAddress) s.getRemoteSocketAddress();
                OptionalInt uid = PeerCredentials.system().uidOf(client, server);
                assertThat(uid).as(address).hasValue(own);
                // the listening socket's own end is not a client: no match with the ends swapped
                assertThat(PeerCredentials.system().uidOf(new InetSocketAddress(server.getAddress(), 1), server))
                        .as(address).isEmpty();
            }
        }
    }

    // ---- PeerCredentials on sample tables -----------------------------------------------------------

    private static final String TCP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:6AE9 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 11 1 0 100 0 0 10 0
               1: 0100007F:D431 0100007F:6AE9 01 00000000:00000000 00:00000000 00000000  1001        0 12 1 0 20 4 30 10 -1
               2: 0100007F:6AE9 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 13 1 0 20 4 30 10 -1
            """;
    private static final String TCP6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000001000000:6AE9 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 21 1 0 100 0 0 10 0
               1: 00000000000000000000000001000000:C350 00000000000000000000000001000000:6AE9 01 00000000:00000000 00:00000000 00000000  1002        0 22 1 0 20 4 30 10 -1
               2: 0000000000000000FFFF00000100007F:EA60 0000000000000000FFFF00000100007F:6AE9 01 00000000:00000000 00:00000000 00000000  1003        0 23 1 0 20 4 30 10 -1
            """;

    @Test
    void whenEncodingAddresses_thenTheKernelsHexForms() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress("127.0.0.1", 54321);
        assertThat(PeerCredentials.encodings(v4, false)).containsExactly("0100007F:D431");
        assertThat(PeerCredentials.encodings(v4, true)).containsExactly("0000000000000000FFFF00000100007F:D431");
        InetSocketAddress v6 = new InetSocketAddress("::1", 50000);
        assertThat(PeerCredentials.encodings(v6, true)).containsExactly("00000000000000000000000001000000:C350");
        assertThat(PeerCredentials.encodings(v6, false)).isEmpty();
        InetSocketAddress port1 = new InetSocketAddress("10.1.2.3", 1);
        assertThat(PeerCredentials.encodings(port1, false)).containsExactly("0302010A:0001");
    }

    @Test
    void whenSearchingSampleTables_thenTheClientEndsOwnerIsFound() throws Exception {
        List<String> tcp = TCP.lines().toList();
        // the client end (local = peer, remote = server), not the server's accepted end
        assertThat(PeerCredentials.find(tcp, "0100007F:D431", "0100007F:6AE9")).hasValue(1001);
        assertThat(PeerCredentials.find(tcp, "0100007f:d431", "0100007f:6ae9")).hasValue(1001);
        assertThat(PeerCredentials.find(tcp, "0100007F:6AE9", "0100007F:D431")).hasValue(1000);
        assertThat(PeerCredentials.find(tcp, "0100007F:D432", "0100007F:6AE9")).isEmpty();
        // the header line is never a match
        assertThat(PeerCredentials.find(tcp, "local_address", "rem_address")).isEmpty();
        List<String> tcp6 = TCP6.lines().toList();
        assertThat(PeerCredentials.find(tcp6, "00000000000000000000000001000000:C350",
                "00000000000000000000000001000000:6AE9")).hasValue(1002);
        assertThat(PeerCredentials.find(tcp6, "0000000000000000FFFF00000100007F:EA60",
                "0000000000000000FFFF00000100007F:6AE9")).hasValue(1003);

        Path proc = Files.createTempDirectory(Path.of(System.getProperty("pechatka.test.tmp", "target/tmp")), "proc");
        Files.writeString(proc.resolve("tcp"), TCP);
        Files.writeString(proc.resolve("tcp6"), TCP6);
        PeerCredentials sample = new PeerCredentials(proc);
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", 0x6AE9);
        assertThat(sample.uidOf(new InetSocketAddress("127.0.0.1", 54321), server)).hasValue(1001);
        // an IPv4 client of a dual-stack socket is listed in tcp6 as ::ffff:127.0.0.1
        assertThat(sample.uidOf(new InetSocketAddress("127.0.0.1", 60000), server)).hasValue(1003);
        assertThat(sample.uidOf(new InetSocketAddress("::1", 50000), new InetSocketAddress("::1", 0x6AE9)))
                .hasValue(1002);
        assertThat(sample.uidOf(new InetSocketAddress("127.0.0.1", 1234), server)).isEmpty();
    }
}
