package org.pechatka.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pechatka.testing.RpcAssert.error;
import static org.pechatka.testing.RpcAssert.result;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pechatka.platform.NativeEnvironment;
import org.pechatka.testing.Endpoint;
import org.pechatka.testing.LogCapture;
import org.pechatka.testing.P11Shim;
import org.pechatka.testing.ScriptedPrompter;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.pkcs11.Pkcs11Provider;

/**
 * The JSON-RPC envelope and params errors of PROTOCOL.md section 2.2 over the real endpoint, each
 * with its exact code, the id echoed when it could be read and {@code null} otherwise, and an error
 * object of {@code code}, a safe {@code message} and {@code data.reason} (security catalogue
 * threats 7, 8 and 18). The token is the fault-injection module, which counts every {@code C_Login}.
 */
class ProtocolErrorsTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    private static final String NONCE = Base64.getEncoder().encodeToString(new byte[33]);

    private static P11Shim shim;
    private static Pkcs11Provider provider;
    private static Endpoint endpoint;
    private static ScriptedPrompter person;
    private Endpoint.Client client;
    private int shownAtStart;

    @BeforeAll
    static void start() throws Exception {
        shim = new P11Shim(HSM.hsm().dir().resolve("shim"));
        shim.clearControl();
        NativeEnvironment.set(P11Shim.ENV_TARGET, SoftHsm.library().toString());
        NativeEnvironment.set(P11Shim.ENV_DIR, shim.dir().toString());
        HSM.hsm().activateInProcess();
        provider = Pkcs11Provider.load(P11Shim.library().toString(), Pkcs11Provider.Options.DEFAULT);
        assertThat(provider.status().loaded()).as(provider.status().description()).isTrue();
        person = new ScriptedPrompter();
        endpoint = Endpoint.start(Files.createTempDirectory(HSM.hsm().dir(), "data"), List.of(provider), person,
                new Endpoint.Options(List.of(Endpoint.PORTAL), 16 * 1024 * 1024, 32, 4, Duration.ofSeconds(120),
                        true, Clock.systemUTC(), List.of(HSM.ca().caCertificate())));
    }

    @AfterAll
    static void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @BeforeEach
    void connect() throws Exception {
        client = endpoint.connect(Endpoint.PORTAL);
        shownAtStart = person.shown().size();
    }

    /** Nothing of this test reached the person. */
    private void assertNoDialog() {
        assertThat(person.shown()).hasSize(shownAtStart);
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    /** Sends a text frame as it is and returns the one answer. */
    private JsonNode send(String text) throws Exception {
        client.sendRaw(text);
        JsonNode reply = client.nextUnmatched(15);
        assertThat(reply).as("an answer to %s", cut(text)).isNotNull();
        return reply;
    }

    private static String cut(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    private static String request(String id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}";
    }

    // ---- -32700 ------------------------------------------------------------------------------------

    @Test
    void whenTheTextIsNotJson_thenParseErrorWithANullId() throws Exception {
        for (String text : List.of("not json", "{", "{\"jsonrpc\":\"2.0\",\"id\":1,", "{'jsonrpc':'2.0'}", "NaN",
                "\u0000", "", "   \n", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"app.info\"} trailing",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"app.info\"}{\"jsonrpc\":\"2.0\",\"id\":2}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"app.info\",}", "{\"id\":01}", "\uFEFF{}",
                "{\"jsonrpc\":\"2.0\",\"id\":" + "9".repeat(40) + ",\"method\":\"app.info\"}")) {
            JsonNode r = send(text);
            error(r, -32700, "{\"reason\":\"PARSE_ERROR\"}");
            assertThat(r.get("id").isNull()).as(cut(text)).isTrue();
            assertThat(r.get("error").get("message").asText()).isEqualTo("Not valid JSON");
        }
    }

    // ---- -32600 ------------------------------------------------------------------------------------

    @Test
    void whenTheJsonIsNoRequestObject_thenInvalidRequestWithANullId() throws Exception {
        for (String text : List.of("[]", "42", "null", "\"app.info\"", "true", "{}",
                "[" + request("1", "app.info", null) + "]",
                "{\"jsonrpc\":\"2.0\",\"method\":\"app.info\"}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"app.info\",\"params\":{}}",
                request("null", "app.info", null), request("1.5", "app.info", null), request("1e3", "app.info", null),
                request("true", "app.info", null), request("{}", "app.info", null), request("[1]", "app.info", null),
                request("\"" + "x".repeat(129) + "\"", "app.info", null),
                request("18446744073709551616", "app.info", null))) {
            JsonNode r = send(text);
            error(r, -32600, "{\"reason\":\"INVALID_REQUEST\"}");
            assertThat(r.get("id").isNull()).as(cut(text)).isTrue();
        }
    }

    @Test
    void whenTheEnvelopeIsWrongButTheIdReadable_thenInvalidRequestEchoingTheId() throws Exception {
        Map<String, String> cases = Map.of(
                "{\"jsonrpc\":\"1.0\",\"id\":5,\"method\":\"app.info\"}", "5",
                "{\"id\":\"a\",\"method\":\"app.info\"}", "\"a\"",
                "{\"jsonrpc\":2.0,\"id\":\"b\",\"method\":\"app.info\"}", "\"b\"",
                "{\"jsonrpc\":\"2.0\",\"id\":\"c\",\"method\":\"app.info\",\"extra\":1}", "\"c\"",
                "{\"jsonrpc\":\"2.0\",\"id\":\"d\",\"method\":\"app.info\",\"origin\":\"https://evil.example\"}", "\"d\"",
                "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":5}", "6",
                "{\"jsonrpc\":\"2.0\",\"id\":7}", "7",
                "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"" + "m".repeat(65) + "\"}", "8");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            JsonNode r = send(c.getKey());
            error(r, -32600, "{\"reason\":\"INVALID_REQUEST\"}");
            assertThat(r.get("id").toString()).as(c.getKey()).isEqualTo(c.getValue());
        }
    }

    // ---- -32601 ------------------------------------------------------------------------------------

    @Test
    void whenTheMethodIsUnknown_thenMethodNotFoundEchoingStringAndIntegerIds() throws Exception {
        List<String> ids = List.of("\"abc\"", "7", "0", "-1", "9007199254740993", "\"\"", "\"ид-1\"");
        List<String> methods = List.of("exec", "download", "openFile", "update", "install", "APP.INFO", "app.info ",
                "app.info\\u0000", "sign", "__proto__", "constructor", "tokens.list.x", "");
        for (String id : ids) {
            for (String method : methods) {
                JsonNode r = send(request(id, method, null));
                JsonNode e = error(r, -32601, "{\"reason\":\"METHOD_NOT_FOUND\"}");
                assertThat(r.get("id").toString()).as("%s %s", id, method).isEqualTo(id);
                assertThat(e.get("message").asText()).isEqualTo("Unknown method");
            }
        }
        assertNoDialog();
    }

    // ---- -32602 ------------------------------------------------------------------------------------

    @Test
    void whenParamsIsNotAnObject_thenInvalidParams() throws Exception {
        for (String params : List.of("[]", "[{}]", "\"x\"", "1", "true")) {
            for (String method : List.of("app.info", "certificates.select", "sign.cms")) {
                JsonNode r = send(request("\"p\"", method, params));
                error(r, -32602, "{\"reason\":\"INVALID_PARAMS\"}");
                assertThat(r.get("id").asText()).isEqualTo("p");
            }
        }
        assertNoDialog();
    }

    @Test
    void whenAParamIsUnknown_thenInvalidParamsNamingIt() throws Exception {
        JsonNode e = error(send(request("1", "app.info", "{\"verbose\":true}")), -32602);
        assertThat(e.get("message").asText()).isEqualTo("Unknown field: verbose");
        error(send(request("2", "tokens.list", "{\"all\":1}")), -32602);
        error(send(request("3", "certificates.select", "{\"purpose\":\"auth\",\"origin\":\"https://evil.example\"}")),
                -32602);
        error(send(request("4", "sign.batch", "{\"certId\":\"" + "0".repeat(64)
                + "\",\"items\":[{\"documentName\":\"a\",\"data\":\"AA==\",\"detached\":true}]}")), -32602);
        assertNoDialog();
    }

    @Test
    void whenThePageSendsAPin_thenInvalidParamsAndNoLoginAtAll() throws Exception {
        String certId = TokenCertificate.certId(HSM.key("ec").certificate());
        P11Shim.Stats before = shim.snapshot();
        JsonNode e = error(send(request("1", "auth.authenticate",
                "{\"challengeNonce\":\"" + NONCE + "\",\"pin\":\"1234\"}")), -32602, "{\"reason\":\"INVALID_PARAMS\"}");
        assertThat(e.get("message").asText()).isEqualTo("Unknown field: pin");
        error(send(request("2", "sign.cms", "{\"certId\":\"" + certId
                + "\",\"documentName\":\"a.txt\",\"data\":\"AAAA\",\"pin\":\"1234\"}")), -32602);
        error(send(request("3", "certificates.select", "{\"purpose\":\"auth\",\"pin\":\"1234\"}")), -32602);
        error(send(request("4", "sign.hash", "{\"certId\":\"" + certId + "\",\"documentName\":\"a\",\"hash\":\""
                + Base64.getEncoder().encodeToString(new byte[32])
                + "\",\"hashAlgorithm\":\"SHA-256\",\"PIN\":\"1234\"}")), -32602);
        error(send(request("5", "auth.authenticate", "{\"challengeNonce\":\"" + NONCE
                + "\",\"filter\":{\"pin\":\"1234\"}}")), -32602);
        assertThat(shim.stats().minus(before).get("C_Login")).isZero();
        assertNoDialog();

        // the same request without the PIN reaches the person and exactly one login
        person.choosing(list -> list.stream().filter(c -> c.certId().equals(certId)).findFirst().orElse(null));
        JsonNode ok = result(send(request("6", "auth.authenticate", "{\"challengeNonce\":\"" + NONCE + "\"}")));
        assertThat(ok.get("authToken").get("format").asText()).isEqualTo("web-eid:1.0");
        assertThat(shim.stats().minus(before).get("C_Login")).isEqualTo(1);
        assertThat(person.shown().subList(shownAtStart, person.shown().size()))
                .extracting(ScriptedPrompter.Shown::dialog).containsExactly("picker", "pin");
    }

    @Test
    void whenParamsCarryPolymorphicTypeHints_thenInvalidParamsAndNothingIsFetched() throws Exception {
        try (ServerSocket canary = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            canary.setSoTimeout(50);
            String url = "http://127.0.0.1:" + canary.getLocalPort() + "/canary";
            List<String> params = List.of(
                    "{\"@class\":\"java.net.URL\",\"val\":\"" + url + "\"}",
                    "{\"purpose\":\"auth\",\"filter\":{\"@class\":\"java.net.URL\",\"val\":\"" + url + "\"}}",
                    "{\"purpose\":\"auth\",\"filter\":[\"java.net.URL\",\"" + url + "\"]}",
                    "{\"purpose\":\"auth\",\"@type\":\"java.net.URL\"}",
                    "{\"purpose\":\"auth\",\"reason\":{\"@class\":\"java.net.URL\",\"val\":\"" + url + "\"}}",
                    "{\"purpose\":\"auth\",\"attributes\":[\"java.net.URL\",\"" + url + "\"]}",
                    "{\"purpose\":\"auth\",\"filter\":{\"certIds\":[{\"@class\":\"java.net.URL\"}]}}");
            for (String p : params) {
                error(send(request("\"t\"", "certificates.select", p)), -32602, "{\"reason\":\"INVALID_PARAMS\"}");
            }
            AtomicInteger hits = new AtomicInteger();
            for (int i = 0; i < 4; i++) {
                try (Socket s = canary.accept()) {
                    hits.incrementAndGet();
                    s.shutdownOutput();
                } catch (SocketTimeoutException e) {
                    // nobody came
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
            assertThat(hits).hasValue(0);
        }
        assertNoDialog();
    }

    @Test
    void whenAValueHasTheWrongJsonType_thenInvalidParamsNotACoercion() throws Exception {
        String certId = "0".repeat(64);
        List<String[]> cases = List.of(
                new String[] {"sign.cms", "{\"certId\":\"" + certId
                        + "\",\"documentName\":\"a\",\"data\":\"AAAA\",\"detached\":\"true\"}", "Wrong type for detached"},
                new String[] {"sign.cms", "{\"certId\":\"" + certId
                        + "\",\"documentName\":\"a\",\"data\":\"AAAA\",\"detached\":1}", "Wrong type for detached"},
                new String[] {"sign.cms", "{\"certId\":\"" + certId
                        + "\",\"documentName\":5,\"data\":\"AAAA\"}", "Wrong type for documentName"},
                new String[] {"sign.cms", "{\"certId\":\"" + certId
                        + "\",\"documentName\":true,\"data\":\"AAAA\"}", "Wrong type for documentName"},
                new String[] {"sign.cms", "{\"certId\":\"" + certId
                        + "\",\"documentName\":\"a\",\"data\":1.5}", "Wrong type for data"},
                new String[] {"certificates.select", "{\"purpose\":1}", "Wrong type for purpose"},
                new String[] {"certificates.select", "{\"purpose\":\"auth\",\"reason\":12}", "Wrong type for reason"},
                new String[] {"certificates.select", "{\"purpose\":\"auth\",\"attributes\":[1]}",
                        "Wrong type for attributes.[0]"},
                new String[] {"certificates.select", "{\"purpose\":\"auth\",\"filter\":{\"validOnly\":\"false\"}}",
                        "Wrong type for filter.validOnly"},
                new String[] {"certificates.select", "{\"purpose\":\"auth\",\"filter\":{\"certIds\":[7]}}",
                        "Wrong type for filter.certIds.[0]"},
                new String[] {"certificates.select", "{\"purpose\":\"auth\",\"filter\":{\"keyUsage\":[null]}}",
                        "filter.keyUsage: unknown key usage"},
                new String[] {"auth.authenticate", "{\"challengeNonce\":" + "1".repeat(30) + "}",
                        "Wrong type for challengeNonce"},
                new String[] {"sign.batch", "{\"certId\":\"" + certId + "\",\"items\":{\"documentName\":\"a\"}}",
                        "Wrong type for items"},
                new String[] {"sign.batch", "{\"certId\":\"" + certId + "\",\"items\":[\"a\"]}",
                        "Wrong type for items.[0]"});
        for (String[] c : cases) {
            JsonNode e = error(send(request("\"w\"", c[0], c[1])), -32602, "{\"reason\":\"INVALID_PARAMS\"}");
            assertThat(e.get("message").asText()).as(c[1]).isEqualTo(c[2]);
        }
        assertNoDialog();
    }

    @Test
    void whenKeysRepeat_thenParseError() throws Exception {
        for (String text : List.of(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"app.info\",\"method\":\"exec\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"app.info\"}",
                request("3", "certificates.select", "{\"purpose\":\"auth\",\"purpose\":\"sign\"}"),
                request("4", "certificates.select", "{\"purpose\":\"auth\",\"filter\":{\"validOnly\":true,"
                        + "\"validOnly\":false}}"))) {
            JsonNode r = send(text);
            error(r, -32700, "{\"reason\":\"PARSE_ERROR\"}");
            assertThat(r.get("id").isNull()).isTrue();
        }
    }

    @Test
    void whenNestingIsTenThousandDeep_thenAnErrorReplyAndNoStackOverflow() throws Exception {
        try (LogCapture log = LogCapture.asConfigured()) {
            int depth = 10_000;
            List<String> texts = List.of("[".repeat(depth) + "]".repeat(depth),
                    "{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
                    request("1", "certificates.select", "{\"purpose\":\"auth\",\"filter\":{\"certIds\":"
                            + "[".repeat(depth) + "]".repeat(depth) + "}}"),
                    request("2", "app.info", "[".repeat(depth)),
                    "{\"jsonrpc\":\"2.0\",\"id\":" + "[".repeat(depth));
            for (String text : texts) {
                JsonNode r = send(text);
                error(r, -32700, "{\"reason\":\"PARSE_ERROR\"}");
                assertThat(r.get("id").isNull()).isTrue();
            }
            // the depth the protocol needs is fine: 4 levels below the request
            error(send(request("3", "certificates.select",
                    "{\"purpose\":\"auth\",\"filter\":{\"certIds\":[[[\"x\"]]]}}")), -32602);
            assertThat(result(send(request("4", "app.info", "{}"))).get("name").asText()).isEqualTo("Pechatka");
            assertThat(log.entries()).noneSatisfy(e -> assertThat(e.text()).contains("StackOverflowError"));
            assertThat(log.entries().stream().filter(e -> e.atLeast(java.util.logging.Level.WARNING)
                    && e.logger() != null && (e.logger().startsWith("org.pechatka.protocol")
                            || e.logger().startsWith("org.pechatka.server") || e.logger().startsWith("org.eclipse.jetty")))
                    .map(LogCapture.Entry::toString)).isEmpty();
        }
    }
}
