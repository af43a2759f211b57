package org.pechatka.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pechatka.testing.RpcAssert.error;
import static org.pechatka.testing.RpcAssert.result;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pechatka.error.PechatkaException;
import org.pechatka.protocol.Limits;
import org.pechatka.prompt.SigningRequest;
import org.pechatka.testing.DelegatingPrompter;
import org.pechatka.testing.Endpoint;
import org.pechatka.testing.RawWebSocket;
import org.pechatka.testing.ScriptedPrompter;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.token.TokenCertificate;

/**
 * The limits of PROTOCOL.md section 1.1 over the real endpoint (security catalogue threat 8):
 * message size (close 1009), binary frames (1003), connections per origin and in all (HTTP 429),
 * dialog texts, document sizes and batch lengths ({@code -32602} before any dialog).
 */
class LimitsTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    private static final int SMALL = 64 * 1024;
    private static final List<String> ORIGINS = List.of(Endpoint.PORTAL, "https://a.test", "https://b.test",
            "https://c.test", "https://d.test", "https://e.test", "https://f.test", "https://g.test",
            "https://h.test");

    /** The shipped limits: 16 MiB messages, 32 connections, 4 per origin. */
    private static Endpoint endpoint;
    /** Messages of at most 64 KiB. */
    private static Endpoint small;
    private static volatile ScriptedPrompter person;
    private static SSLSocketFactory tls;

    @BeforeAll
    static void start() throws Exception {
        person = new ScriptedPrompter();
        Endpoint.Options options = new Endpoint.Options(ORIGINS, 16 * 1024 * 1024, 32, 4, Duration.ofSeconds(120),
                true, Clock.systemUTC(), List.of(HSM.ca().caCertificate()));
        endpoint = Endpoint.start(Files.createTempDirectory(HSM.hsm().dir(), "data"), List.of(HSM.provider()),
                new DelegatingPrompter(() -> person), options);
        small = Endpoint.start(Files.createTempDirectory(HSM.hsm().dir(), "small"), List.of(HSM.provider()),
                new DelegatingPrompter(() -> person), options.withLimits(SMALL, 32, 4));
        tls = endpoint.sslContext().getSocketFactory();
    }

    @AfterAll
    static void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (small != null) {
            small.close();
        }
    }

    @BeforeEach
    void freshPerson() throws Exception {
        person = new ScriptedPrompter();
        awaitOpen(endpoint, 0);
        awaitOpen(small, 0);
    }

    private static void awaitOpen(Endpoint e, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (e.server().openConnections() != n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(e.server().openConnections()).isEqualTo(n);
    }

    /** A request of exactly {@code bytes} bytes (ASCII): app.info with padding in an unknown param. */
    private static String requestOfSize(int bytes) {
        String head = "{\"jsonrpc\":\"2.0\",\"id\":\"big\",\"method\":\"app.info\",\"params\":{\"pad\":\"";
        String tail = "\"}}";
        return head + "a".repeat(bytes - head.length() - tail.length()) + tail;
    }

    private static int closeCode(Endpoint.Client c) throws Exception {
        return c.closed().get(5, TimeUnit.SECONDS);
    }

    private static void assertServerAnswers(Endpoint e) throws Exception {
        try (Endpoint.Client c = e.connect(Endpoint.PORTAL)) {
            assertThat(result(c.call("app.info", null)).get("name").asText()).isEqualTo("Pechatka");
        }
    }

    // ---- message size ------------------------------------------------------------------------------

    @Test
    void whenATextMessageIsOverTheLimit_thenClose1009AndTheServerGoesOn() throws Exception {
        try (Endpoint.Client c = small.connect(Endpoint.PORTAL)) {
            // exactly at the limit: read and answered
            c.sendRaw(requestOfSize(SMALL));
            error(c.nextUnmatched(10), -32602);
            // one byte over: the connection is closed as too big
            long start = System.nanoTime();
            trySend(c, requestOfSize(SMALL + 1), true);
            assertThat(closeCode(c)).isEqualTo(1009);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3_000);
        }
        assertServerAnswers(small);
    }

    @Test
    void whenTheShippedLimitOf16MiBIsPassed_thenClose1009() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            trySend(c, requestOfSize(16 * 1024 * 1024 + 1), true);
            assertThat(closeCode(c)).isEqualTo(1009);
        }
        assertServerAnswers(endpoint);
    }

    /**
     * A page that sends a message in fragments and pings after each one: nothing of its own is left
     * unread when the server closes, so the server's close frame is never lost to a reset.
     */
    private static final class Fragments implements WebSocket.Listener {
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        volatile CompletableFuture<Void> pong = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            pong.complete(null);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

    @Test
    void whenTenMegabytesArriveAsOneKilobyteContinuationFrames_thenClose1009() throws Exception {
        Fragments listener = new Fragments();
        WebSocket ws = small.http().newWebSocketBuilder().header("Origin", Endpoint.PORTAL)
                .buildAsync(small.ws(), listener).get(15, TimeUnit.SECONDS);
        String part = "a".repeat(1024);
        int sent = 0;
        for (int i = 0; i < 10_000 && !listener.closed.isDone(); i++) {
            listener.pong = new CompletableFuture<>();
            try {
                ws.sendText(i == 0 ? "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + part.substring(36) : part,
                        i == 9_999).get(10, TimeUnit.SECONDS);
                sent++;
                ws.sendPing(ByteBuffer.wrap(new byte[] {(byte) i})).get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                break; // the client already took the server's close: output is closed
            }
            CompletableFuture.anyOf(listener.pong, listener.closed).get(10, TimeUnit.SECONDS);
        }
        assertThat(listener.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1009);
        // the server closed as soon as the limit was passed, not at the end of the 10 MB
        assertThat(sent).isEqualTo(SMALL / 1024 + 1);
        assertServerAnswers(small);
    }

    @Test
    void whenOneTenMegabyteFrameIsAnnounced_thenClose1009BeforeItAllArrives() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(small.sslContext().getSocketFactory(), small.port(),
                Endpoint.PORTAL)) {
            ws.frameHeader(true, 0, RawWebSocket.TEXT, 10_000_000L, true);
            ws.raw(new byte[4]); // a zero mask: the payload goes as it is
            byte[] payload = new byte[SMALL + 1]; // one byte over the limit, then the sender waits
            Arrays.fill(payload, (byte) 'a');
            ws.raw(payload);
            ws.socket().getOutputStream().flush();
            assertThat(ws.awaitClose(5)).isEqualTo(1009);
        }
        assertServerAnswers(small);
    }

    /** Sends (part of) a message; false when the connection is already closed. */
    private static boolean trySend(Endpoint.Client c, String text, boolean last) {
        try {
            c.socket().sendText(text, last).get(30, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void whenABinaryFrameArrives_thenClose1003() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            c.socket().sendBinary(ByteBuffer.wrap("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"app.info\"}"
                    .getBytes(StandardCharsets.UTF_8)), true).get(10, TimeUnit.SECONDS);
            assertThat(closeCode(c)).isEqualTo(1003);
        }
        assertServerAnswers(endpoint);
    }

    // ---- connections -------------------------------------------------------------------------------

    @Test
    void whenAnOriginOpensAFifthConnection_then429WhileTheFourWorkAndAClosedOneFreesItsPlace() throws Exception {
        List<Endpoint.Client> four = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                four.add(endpoint.connect(Endpoint.PORTAL));
            }
            RawWebSocket.UpgradeRefused refused = refusedUpgrade(Endpoint.PORTAL);
            assertThat(refused.response().statusLine()).isEqualTo("HTTP/1.1 429 Too Many Requests");
            assertThat(refused.response().first("Sec-WebSocket-Accept")).isEmpty();
            for (Endpoint.Client c : four) {
                assertThat(result(c.call("app.info", null)).get("protocol").asInt()).isEqualTo(1);
            }
            // another origin is not affected
            try (Endpoint.Client a = endpoint.connect("https://a.test")) {
                assertThat(result(a.call("app.info", null)).get("protocol").asInt()).isEqualTo(1);
            }
            four.remove(0).close();
            awaitOpen(endpoint, 3);
            four.add(endpoint.connect(Endpoint.PORTAL));
            assertThat(result(four.get(3).call("app.info", null)).get("protocol").asInt()).isEqualTo(1);
            assertThat(endpoint.server().openConnections()).isEqualTo(4);
        } finally {
            four.forEach(Endpoint.Client::close);
        }
    }

    private static RawWebSocket.UpgradeRefused refusedUpgrade(String origin) {
        try (RawWebSocket ws = RawWebSocket.open(tls, endpoint.port(), origin)) {
            throw new AssertionError("the upgrade was accepted: " + ws);
        } catch (RawWebSocket.UpgradeRefused r) {
            return r;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void whenThirtyThreeConnectionsComeFromNineOrigins_thenTheThirtyThirdIsRefused() throws Exception {
        List<RawWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 32; i++) {
                open.add(RawWebSocket.open(tls, endpoint.port(), ORIGINS.get(i / 4)));
            }
            assertThat(endpoint.server().openConnections()).isEqualTo(32);
            assertThat(refusedUpgrade(ORIGINS.get(8)).response().statusLine())
                    .isEqualTo("HTTP/1.1 429 Too Many Requests");
            // the refused attempt took nothing: still 32, and each of them is served
            assertThat(endpoint.server().openConnections()).isEqualTo(32);
            for (RawWebSocket ws : List.of(open.get(0), open.get(31))) {
                ws.text("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"app.info\"}");
                assertThat(ws.read().text()).contains("\"id\":9", "\"protocol\":1");
            }
        } finally {
            for (RawWebSocket ws : open) {
                ws.close();
            }
        }
        awaitOpen(endpoint, 0);
        assertServerAnswers(endpoint);
    }

    @Test
    void whenConnectionsDropWithoutAClosingHandshake_thenTheirPlacesAreFreed() throws Exception {
        for (int round = 0; round < 3; round++) {
            List<RawWebSocket> four = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                four.add(RawWebSocket.open(tls, endpoint.port(), Endpoint.PORTAL));
            }
            for (RawWebSocket ws : four) {
                ws.socket().close(); // no close frame
            }
            awaitOpen(endpoint, 0);
        }
        assertServerAnswers(endpoint);
    }

    // ---- texts shown in dialogs ---------------------------------------------------------------------

    private String grant(Endpoint.Client c, String key) throws Exception {
        String id = TokenCertificate.certId(HSM.key(key).certificate());
        person.choosing(list -> list.stream().filter(x -> x.certId().equals(id)).findFirst().orElse(null));
        assertThat(result(c.call("certificates.select", Map.of("purpose", "sign"))).get("certId").asText())
                .isEqualTo(id);
        person = new ScriptedPrompter();
        return id;
    }

    @Test
    void whenADialogTextIsTooLongOrHasControlOrBidiCharacters_thenInvalidParamsAndNoDialog() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            String id = grant(c, "ec");
            List<String> bad = List.of("x".repeat(257), "invoice\u202Efdp.exe", "line\nbreak", "tab\there",
                    "nul\u0000", "isolate\u2066x\u2069", "rlm\u200F", "alm\u061C", "bom\uFEFF", "", "   ",
                    "\u001B[31mred");
            for (String name : bad) {
                Map<String, Object> params = new LinkedHashMap<>(Map.of("certId", id, "data", "AAAA"));
                params.put("documentName", name);
                error(c.call("sign.cms", params), -32602, "{\"reason\":\"INVALID_PARAMS\"}");
                error(c.call("sign.cms", Map.of("certId", id, "data", "AAAA", "documentName", "ok.txt",
                        "description", name.isBlank() ? name + "\u202E" : name)), -32602);
                error(c.call("sign.batch", Map.of("certId", id, "items", List.of(Map.of("documentName", name,
                        "data", "AAAA")))), -32602);
                error(c.call("certificates.select", Map.of("purpose", "sign", "reason",
                        name.isBlank() ? name + "\n" : name)), -32602);
            }
            assertThat(person.shown()).isEmpty();

            // at the limit, with the characters a name may have, the dialog shows it as it is
            String longest = "Заява-" + "я".repeat(246) + ".pdf";
            assertThat(longest).hasSize(256);
            result(c.call("sign.cms", Map.of("certId", id, "data", "AAAA", "documentName", longest)));
            String emoji = "\uD83D\uDCC4".repeat(256); // 256 characters, 512 UTF-16 units
            result(c.call("sign.cms", Map.of("certId", id, "data", "AAAA", "documentName", emoji,
                    "description", "Ліст ад ТАА «Прыклад» — з\u200Dлучэнне")));
        }
        List<ScriptedPrompter.Shown> confirms = person.shown("confirm");
        assertThat(confirms).hasSize(2);
        assertThat(((SigningRequest) confirms.get(0).request()).documents().get(0).name())
                .isEqualTo("Заява-" + "я".repeat(246) + ".pdf");
        assertThat(((SigningRequest) confirms.get(1).request()).documents().get(0).name())
                .isEqualTo("\uD83D\uDCC4".repeat(256));
    }

    // ---- document sizes and batch length -----------------------------------------------------------

    @Test
    void whenDataDecodesToMoreThan12MiB_thenRefused() throws Exception {
        int max = Limits.MAX_DOCUMENT_BYTES;
        String over = Base64.getEncoder().encodeToString(new byte[max + 1]);
        // the check itself
        assertThatThrownBy(() -> Limits.base64(over, "data", max))
                .isInstanceOfSatisfying(PechatkaException.InvalidParams.class,
                        e -> assertThat(e.reason().code()).isEqualTo(-32602));
        assertThat(Limits.base64(Base64.getEncoder().encodeToString(new byte[max]), "data", max)).hasSize(max);
        // over the endpoint: base64 of 12 MiB + 1 is 16 MiB + 4 characters, so such a document can only
        // arrive in a message over the 16 MiB limit, and the connection is closed as too big
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            String id = grant(c, "ec");
            trySend(c, "{\"jsonrpc\":\"2.0\",\"id\":\"d\",\"method\":\"sign.cms\",\"params\":{\"certId\":\"" + id
                    + "\",\"documentName\":\"big.bin\",\"data\":\"" + over + "\"}}", true);
            assertThat(closeCode(c)).isEqualTo(1009);
        }
        // the largest document that fits a message is signed
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            String id = grant(c, "ec");
            int bytes = (16 * 1024 * 1024 - 256) / 4 * 3;
            JsonNode r = result(c.call("sign.cms", Map.of("certId", id, "documentName", "big.bin",
                    "data", Base64.getEncoder().encodeToString(new byte[bytes]))));
            assertThat(r.get("cms").asText()).isNotEmpty();
        }
        assertThat(person.shown("confirm")).singleElement().satisfies(s -> assertThat(
                ((SigningRequest) s.request()).documents().get(0).size()).isEqualTo((16 * 1024 * 1024 - 256) / 4 * 3));
    }

    @Test
    void whenABatchHasMoreThan1000Items_thenInvalidParamsAndAt1000ItSigns() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            String id = grant(c, "ec");
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < 1001; i++) {
                items.add(Map.of("documentName", "doc-" + i + ".txt", "data",
                        Base64.getEncoder().encodeToString(("document " + i).getBytes(StandardCharsets.UTF_8))));
            }
            JsonNode e = error(c.call("sign.batch", Map.of("certId", id, "items", items)), -32602,
                    "{\"reason\":\"INVALID_PARAMS\"}");
            assertThat(e.get("message").asText()).isEqualTo("items holds more than 1000 documents");
            error(c.call("sign.batch", Map.of("certId", id, "items", List.of())), -32602);
            assertThat(person.shown()).isEmpty();

            JsonNode r = result(c.call("sign.batch", Map.of("certId", id, "items", items.subList(0, 1000))));
            assertThat(r.get("results")).hasSize(1000);
        }
        assertThat(person.shown("confirm")).singleElement().satisfies(
                s -> assertThat(((SigningRequest) s.request()).documents()).hasSize(1000));
        assertThat(person.shown("pin")).hasSize(1);
    }
}
