package org.pechatka.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pechatka.testing.RpcAssert.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pechatka.testing.DelegatingPrompter;
import org.pechatka.testing.Endpoint;
import org.pechatka.testing.RawWebSocket;
import org.pechatka.testing.RpcAssert;
import org.pechatka.testing.ScriptedPrompter;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.token.TokenCertificate;

/**
 * Hostile input (security catalogue threats 8, 14, 18): more than 10,000 malformed or hostile
 * messages, generated from a fixed seed, over four connections at once. Every message gets exactly
 * one answer, an error of the right kind with a well-formed error object, the server stays up and
 * no dialog is ever shown. Frames that break RFC 6455 close the connection with 1002 or 1007.
 */
class FuzzTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    private static final long SEED = 0x5EC0_2026_1123L;
    private static final int MESSAGES = 10_400;
    private static final int CONNECTIONS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = List.of("app.info", "tokens.list", "certificates.select",
            "auth.authenticate", "sign.cms", "sign.hash", "sign.batch");
    /** Every answer a request can get without the person. */
    private static final Set<Integer> ANY = Set.of(-32700, -32600, -32601, -32602, 4001, 4002, 4003, 4004);
    private static final String NONCE = Base64.getEncoder().encodeToString(new byte[33]);

    private static Endpoint endpoint;
    private static volatile ScriptedPrompter person;
    private static String granted;

    @BeforeAll
    static void start() throws Exception {
        person = new ScriptedPrompter();
        endpoint = Endpoint.start(Files.createTempDirectory(HSM.hsm().dir(), "data"), List.of(HSM.provider()),
                new DelegatingPrompter(() -> person), new Endpoint.Options(List.of(Endpoint.PORTAL),
                        16 * 1024 * 1024, 32, 4, Duration.ofSeconds(120), true, Clock.systemUTC(),
                        List.of(HSM.ca().caCertificate())));
        // the portal has a certificate, so the signing methods' checks are reached, not only "unknown certificate"
        granted = TokenCertificate.certId(HSM.key("ec").certificate());
        person.choosing(list -> list.stream().filter(c -> c.certId().equals(granted)).findFirst().orElse(null));
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            assertThat(result(c.call("certificates.select", Map.of("purpose", "sign"))).get("certId").asText())
                    .isEqualTo(granted);
        }
        person = new ScriptedPrompter(); // from now on, any dialog is a failure
    }

    @AfterAll
    static void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    /**
     * One hostile message and what may come back.
     *
     * @param text       the frame's text
     * @param codes      the error codes allowed
     * @param id         the id the answer must carry, as JSON text ("null" included); null: not checked
     * @param maySucceed whether a result (instead of an error) is acceptable
     */
    record Msg(String text, Set<Integer> codes, String id, boolean maySucceed) {}

    @Test
    void whenTenThousandHostileMessagesArrive_thenEachGetsExactlyOneErrorAndNoDialogIsShown() throws Exception {
        long start = System.nanoTime();
        List<Msg> messages = generate(new Random(SEED));
        assertThat(messages).hasSizeGreaterThanOrEqualTo(10_000);
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<int[]>> runs = new ArrayList<>();
            for (int k = 0; k < CONNECTIONS; k++) {
                int offset = k;
                List<Msg> share = IntStream.range(0, messages.size()).filter(i -> i % CONNECTIONS == offset)
                        .mapToObj(messages::get).toList();
                runs.add(pool.submit(() -> run(share)));
            }
            int errors = 0;
            int results = 0;
            for (Future<int[]> f : runs) {
                int[] counts = f.get(120, TimeUnit.SECONDS);
                errors += counts[0];
                results += counts[1];
            }
            assertThat(errors + results).isEqualTo(messages.size());
            assertThat(errors).isGreaterThan(messages.size() * 9 / 10);
        } finally {
            pool.shutdownNow();
        }
        assertThat(person.shown()).as("no hostile message may reach a dialog").isEmpty();
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            assertThat(result(c.call("app.info", null)).get("name").asText()).isEqualTo("Pechatka");
        }
        assertThat(endpoint.server().openConnections()).isLessThanOrEqualTo(1);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(60);
    }

    /** Sends each message and waits for its one answer; returns {errors, results}. */
    private static int[] run(List<Msg> share) throws Exception {
        int errors = 0;
        int results = 0;
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            for (Msg m : share) {
                c.sendRaw(m.text());
                JsonNode reply = c.nextUnmatched(15);
                String what = cut(m.text());
                assertThat(reply).as("an answer to %s", what).isNotNull();
                assertThat(reply.has("unparsable")).as("answer to %s is JSON: %s", what, reply).isFalse();
                assertThat(reply.path("jsonrpc").asText()).as(what).isEqualTo("2.0");
                if (m.id() != null) {
                    assertThat(reply.has("id")).as(what).isTrue();
                    assertThat(reply.get("id").toString()).as("id of the answer to %s", what).isEqualTo(m.id());
                }
                if (reply.has("result")) {
                    assertThat(m.maySucceed()).as("%s succeeded: %s", what, reply).isTrue();
                    results++;
                } else {
                    JsonNode error = reply.get("error");
                    assertThat(error).as(what).isNotNull();
                    assertThat(m.codes()).as("code of the answer to %s: %s", what, reply)
                            .contains(error.path("code").asInt());
                    RpcAssert.assertWellFormed(error);
                    errors++;
                }
            }
            // exactly one answer each: nothing more arrives
            assertThat(c.nextUnmatched(1)).isNull();
            assertThat(c.nextNotification(0)).isNull();
            assertThat(c.closed()).isNotDone();
        }
        return new int[] {errors, results};
    }

    private static String cut(String s) {
        String t = s.length() <= 100 ? s : s.substring(0, 100) + "…(" + s.length() + ")";
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    // ---- generation ------------------------------------------------------------------------------

    private enum Kind { S, B, LS, O, LO }

    private static final Map<Kind, List<Object>> WRONG = Map.of(
            Kind.S, List.of(true, false, 0, 7, -1, 1.5, 1e300, new java.math.BigInteger("123456789012345678901234"),
                    List.of(), List.of("x"), Map.of(), Map.of("a", "b"), java.util.Arrays.asList((Object) null)),
            Kind.B, List.of("true", "false", "", "yes", 0, 1, 1.0, List.of(), List.of(true), Map.of(), "null"),
            Kind.LS, List.of("x", "", 1, true, Map.of(), List.of(1), List.of(true), List.of(1.5), List.of(List.of()),
                    List.of(Map.of()), List.of("x", 2), Map.of("0", "x"), java.util.Arrays.asList((Object) null)),
            Kind.O, List.of("x", "", 1, true, List.of(), List.of(Map.of()), List.of("java.net.URL", "http://x"), 1.5),
            Kind.LO, List.of("x", "", 1, true, Map.of(), List.of(1), List.of("x"), List.of(List.of()), List.of(true),
                    Map.of("documentName", "a"), java.util.Arrays.asList((Object) null)));

    private static final Map<String, Kind> FILTER = linked("issuerContains", Kind.S, "subjectContains", Kind.S,
            "keyUsage", Kind.LS, "extKeyUsage", Kind.LS, "policyOids", Kind.LS, "certIds", Kind.LS,
            "validOnly", Kind.B, "trustedOnly", Kind.B);
    private static final Map<String, Kind> ITEM = linked("data", Kind.S, "hash", Kind.S, "hashAlgorithm", Kind.S,
            "documentName", Kind.S);

    private static Map<String, Kind> linked(Object... kv) {
        Map<String, Kind> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Kind) kv[i + 1]);
        }
        return m;
    }

    /** Valid params of each method (those of the interactive ones would open a dialog). */
    private static Map<String, Object> base(String method) {
        String hash = Base64.getEncoder().encodeToString(new byte[32]);
        Map<String, Object> p = new LinkedHashMap<>();
        switch (method) {
            case "certificates.select" -> p.put("purpose", "auth");
            case "auth.authenticate" -> p.put("challengeNonce", NONCE);
            case "sign.cms" -> {
                p.put("certId", granted);
                p.put("documentName", "a.txt");
                p.put("data", "AAAA");
            }
            case "sign.hash" -> {
                p.put("certId", granted);
                p.put("documentName", "a.txt");
                p.put("hash", hash);
                p.put("hashAlgorithm", "SHA-256");
            }
            case "sign.batch" -> {
                p.put("certId", granted);
                p.put("items", List.of(Map.of("documentName", "a.txt", "data", "AAAA")));
            }
            default -> { }
        }
        return p;
    }

    private static Map<String, Kind> fields(String method) {
        return switch (method) {
            case "certificates.select" -> linked("purpose", Kind.S, "filter", Kind.O, "attributes", Kind.LS,
                    "reason", Kind.S);
            case "auth.authenticate" -> linked("challengeNonce", Kind.S, "filter", Kind.O, "attributes", Kind.LS);
            case "sign.cms" -> linked("certId", Kind.S, "data", Kind.S, "hash", Kind.S, "hashAlgorithm", Kind.S,
                    "detached", Kind.B, "documentName", Kind.S, "description", Kind.S);
            case "sign.hash" -> linked("certId", Kind.S, "hash", Kind.S, "hashAlgorithm", Kind.S,
                    "documentName", Kind.S, "description", Kind.S);
            case "sign.batch" -> linked("certId", Kind.S, "items", Kind.LO, "detached", Kind.B);
            default -> Map.of();
        };
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String request(String idJson, String method, Object params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"method\":" + json(method)
                + (params == null ? "" : ",\"params\":" + (params instanceof String s ? s : json(params))) + "}";
    }

    private static List<Msg> generate(Random r) {
        List<Msg> out = new ArrayList<>();
        int[] n = {0};
        java.util.function.Supplier<String> id = () -> "\"f" + (n[0]++) + "\"";

        // wrong JSON types in every param of every method, nested ones included: -32602, always
        for (String method : METHODS) {
            Map<String, Kind> fields = new LinkedHashMap<>(fields(method));
            if (fields.isEmpty()) {
                for (Kind k : Kind.values()) {
                    for (Object v : WRONG.get(k)) {
                        String i = id.get();
                        out.add(new Msg(request(i, method, Map.of("x", v)), Set.of(-32602), i, false));
                    }
                }
                continue;
            }
            for (Map.Entry<String, Kind> f : fields.entrySet()) {
                for (Object v : WRONG.get(f.getValue())) {
                    Map<String, Object> p = base(method);
                    p.put(f.getKey(), v);
                    String i = id.get();
                    out.add(new Msg(request(i, method, p), Set.of(-32602), i, false));
                }
            }
            Map<String, Kind> nested = fields.containsKey("filter") ? FILTER : fields.containsKey("items") ? ITEM
                    : Map.of();
            for (Map.Entry<String, Kind> f : nested.entrySet()) {
                for (Object v : WRONG.get(f.getValue())) {
                    Map<String, Object> p = base(method);
                    if (fields.containsKey("filter")) {
                        Map<String, Object> filter = new LinkedHashMap<>();
                        filter.put(f.getKey(), v);
                        p.put("filter", filter);
                    } else {
                        Map<String, Object> item = new LinkedHashMap<>(Map.of("documentName", "a.txt", "data", "AAAA"));
                        item.put(f.getKey(), v);
                        p.put("items", List.of(item));
                    }
                    String i = id.get();
                    out.add(new Msg(request(i, method, p), Set.of(-32602), i, false));
                }
            }
        }

        // values of the right type but wrong: -32602 before any dialog (the certificate is the portal's)
        for (String bad : List.of("A", "A===", "-_-_", "AA AA", "AA\nAA", "Zm9v!", "ЙЙЙЙ", "AAAA====", "=AAA")) {
            for (String field : List.of("data", "hash")) {
                Map<String, Object> p = base("sign.cms");
                p.remove("data");
                p.put(field, bad);
                if (field.equals("hash")) {
                    p.put("hashAlgorithm", "SHA-256");
                }
                String i = id.get();
                out.add(new Msg(request(i, "sign.cms", p), Set.of(-32602), i, false));
            }
        }
        for (int len : new int[] {0, 1, 20, 31, 33, 48, 64, 65}) {
            for (String alg : List.of("SHA-256", "MD5", "SHA-1", "sha-256", "", "SHA256")) {
                if (len == 32 && alg.equals("SHA-256")) {
                    continue;
                }
                Map<String, Object> p = base("sign.hash");
                p.put("hash", Base64.getEncoder().encodeToString(new byte[len]));
                p.put("hashAlgorithm", alg);
                String i = id.get();
                out.add(new Msg(request(i, "sign.hash", p), Set.of(-32602), i, false));
            }
        }
        for (String nonce : List.of("a".repeat(43), "a".repeat(129), "a".repeat(43) + " ", "а".repeat(50),
                "a".repeat(40) + "\u0000aaaa", "")) {
            String i = id.get();
            out.add(new Msg(request(i, "auth.authenticate", Map.of("challengeNonce", nonce)), Set.of(-32602), i,
                    false));
        }
        {
            Map<String, Object> both = base("sign.cms");
            both.put("hash", Base64.getEncoder().encodeToString(new byte[32]));
            both.put("hashAlgorithm", "SHA-256");
            Map<String, Object> neither = base("sign.cms");
            neither.remove("data");
            Map<String, Object> attachedHash = base("sign.cms");
            attachedHash.remove("data");
            attachedHash.put("hash", Base64.getEncoder().encodeToString(new byte[32]));
            attachedHash.put("hashAlgorithm", "SHA-256");
            attachedHash.put("detached", false);
            for (Map<String, Object> p : List.of(both, neither, attachedHash)) {
                String i = id.get();
                out.add(new Msg(request(i, "sign.cms", p), Set.of(-32602), i, false));
            }
        }

        List<String> hostileMethods = List.of("exec", "download", "openFile", "update", "install", "shell", "eval",
                "file.read", "system.exec", "app.update", "app.install", "tokens.delete", "cert.delete", "debug",
                "rpc.discover", "__proto__", "App.Info", "sign.raw", "pin.set", "settings.addOrigin");

        while (out.size() < MESSAGES) {
            int kind = r.nextInt(16);
            switch (kind) {
                case 0 -> { // random bytes as text
                    byte[] b = new byte[r.nextInt(300)];
                    r.nextBytes(b);
                    out.add(new Msg(new String(b, StandardCharsets.ISO_8859_1), ANY, null, false));
                }
                case 1 -> // random unicode
                    out.add(new Msg(randomUnicode(r, r.nextInt(200)), ANY, null, false));
                case 2 -> { // truncated requests
                    String method = METHODS.get(r.nextInt(METHODS.size()));
                    String full = request("\"t\"", method, base(method));
                    out.add(new Msg(full.substring(0, 1 + r.nextInt(full.length() - 1)), Set.of(-32700), "null",
                            false));
                }
                case 3 -> { // deep nesting
                    int depth = 17 + r.nextInt(20_000);
                    boolean arrays = r.nextBoolean();
                    String open = arrays ? "[" : "{\"a\":";
                    String close = arrays ? "]" : "}";
                    String nest = open.repeat(depth) + (arrays ? "" : "1") + close.repeat(depth);
                    String text = switch (r.nextInt(3)) {
                        case 0 -> nest;
                        case 1 -> request("\"d\"", "certificates.select", "{\"purpose\":\"auth\",\"filter\":" + nest + "}");
                        default -> request(nest, "app.info", null);
                    };
                    out.add(new Msg(text, Set.of(-32700), "null", false));
                }
                case 4 -> { // huge numbers as ids
                    String number = switch (r.nextInt(4)) {
                        case 0 -> "9".repeat(20 + r.nextInt(12));
                        case 1 -> "1e" + (300 + r.nextInt(1000));
                        case 2 -> "-0.0";
                        default -> r.nextInt(10) + "." + r.nextInt(1000);
                    };
                    out.add(new Msg(request(number, "app.info", null), Set.of(-32600), "null", false));
                }
                case 5 -> { // numbers too long to read
                    String number = "1".repeat(33 + r.nextInt(100));
                    out.add(new Msg(r.nextBoolean() ? request(number, "app.info", null)
                            : request("\"n\"", "certificates.select", "{\"purpose\":\"auth\",\"reason\":" + number
                                    + "}"), Set.of(-32700), "null", false));
                }
                case 6 -> { // unknown methods
                    String method = r.nextBoolean() ? hostileMethods.get(r.nextInt(hostileMethods.size()))
                            : randomAscii(r, 1 + r.nextInt(64));
                    if (METHODS.contains(method)) {
                        method = method + "!";
                    }
                    String i = r.nextBoolean() ? id.get() : String.valueOf(r.nextLong());
                    out.add(new Msg(request(i, method, r.nextBoolean() ? null : Map.of("path", "/etc/passwd")),
                            Set.of(-32601), i, false));
                }
                case 7 -> { // ids too long, or of a type JSON-RPC does not allow
                    String bad = switch (r.nextInt(6)) {
                        case 0 -> json("i".repeat(129 + r.nextInt(r.nextBoolean() ? 100 : 100_000)));
                        case 1 -> "null";
                        case 2 -> r.nextBoolean() ? "true" : "false";
                        case 3 -> "{}";
                        case 4 -> "[" + r.nextInt() + "]";
                        default -> "{\"id\":1}";
                    };
                    out.add(new Msg(request(bad, "app.info", null), Set.of(-32600), "null", false));
                }
                case 8 -> { // duplicate keys
                    String i = id.get();
                    String text = switch (r.nextInt(3)) {
                        case 0 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"app.info\",\"method\":\"exec\"}";
                        case 1 -> request(i, "certificates.select", "{\"purpose\":\"auth\",\"purpose\":\"sign\"}");
                        default -> request(i, "sign.cms", "{\"certId\":\"" + granted + "\",\"data\":\"AAAA\","
                                + "\"documentName\":\"a\",\"documentName\":\"b\"}");
                    };
                    out.add(new Msg(text, Set.of(-32700), "null", false));
                }
                case 9 -> { // envelope broken, id readable
                    String i = id.get();
                    String text = switch (r.nextInt(6)) {
                        case 0 -> "{\"id\":" + i + ",\"method\":\"app.info\"}";
                        case 1 -> "{\"jsonrpc\":\"1.0\",\"id\":" + i + ",\"method\":\"app.info\"}";
                        case 2 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"app.info\",\""
                                + randomAscii(r, 1 + r.nextInt(20)).replace("\"", "").replace("\\", "") + "_\":1}";
                        case 3 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":" + r.nextInt() + "}";
                        case 4 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + "}";
                        default -> "{\"jsonrpc\":2,\"id\":" + i + ",\"method\":\"sign.cms\"}";
                    };
                    out.add(new Msg(text, Set.of(-32600), i, false));
                }
                case 10 -> { // params not an object
                    String i = id.get();
                    String params = List.of("[]", "\"x\"", "1", "true", "[{}]", "[\"auth\"]").get(r.nextInt(6));
                    out.add(new Msg(request(i, METHODS.get(r.nextInt(METHODS.size())), params), Set.of(-32602), i,
                            false));
                }
                case 11 -> { // random JSON trees with random member names
                    String i = id.get();
                    String method = METHODS.get(r.nextInt(METHODS.size()));
                    Map<String, Object> params = new LinkedHashMap<>();
                    for (int k = 1 + r.nextInt(4); k > 0; k--) {
                        params.put("z" + randomAscii(r, 1 + r.nextInt(10)), randomValue(r, 3));
                    }
                    out.add(new Msg(request(i, method, params), Set.of(-32602), i, false));
                }
                case 12 -> { // dialog texts an attacker would like, on a certificate the portal was not given
                    String i = id.get();
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("certId", HexFormat.of().formatHex(randomBytes(r, 32)));
                    p.put("data", "AAAA");
                    p.put("documentName", nastyText(r));
                    if (r.nextBoolean()) {
                        p.put("description", nastyText(r));
                    }
                    out.add(new Msg(request(i, "sign.cms", p), Set.of(-32602, 4001), i, false));
                }
                case 13 -> { // a picker request with a bad purpose and any reason
                    String i = id.get();
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("purpose", List.of("", "AUTH", "login", "sign ", "signing", "auth\u0000").get(r.nextInt(6)));
                    p.put("reason", nastyText(r));
                    out.add(new Msg(request(i, "certificates.select", p), Set.of(-32602), i, false));
                }
                case 14 -> { // random unicode inside a request
                    String i = id.get();
                    out.add(new Msg(request(i, randomUnicode(r, 1 + r.nextInt(30)), Map.of("v",
                            randomUnicode(r, r.nextInt(100)))), Set.of(-32601, -32600), i, false));
                }
                default -> { // ordinary requests in between
                    String i = id.get();
                    String method = r.nextBoolean() ? "app.info" : "tokens.list";
                    out.add(new Msg(request(i, method, r.nextBoolean() ? null : Map.of()), Set.of(), i, true));
                }
            }
        }
        return out;
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static String randomAscii(Random r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) (0x21 + r.nextInt(0x5e)));
        }
        return sb.toString();
    }

    /** Random code points from all planes, never a lone surrogate. */
    private static String randomUnicode(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int cp;
            do {
                cp = switch (r.nextInt(4)) {
                    case 0 -> r.nextInt(0x80);
                    case 1 -> r.nextInt(0x800);
                    case 2 -> r.nextInt(0x10000);
                    default -> 0x10000 + r.nextInt(0x100000);
                };
            } while (cp >= 0xD800 && cp <= 0xDFFF);
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static String nastyText(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> "x".repeat(257 + r.nextInt(1000));
            case 1 -> "invoice\u202E" + randomAscii(r, 5) + ".exe";
            case 2 -> "a\nb" + randomAscii(r, 3);
            case 3 -> "<script>alert(1)</script>\u2066";
            case 4 -> randomUnicode(r, r.nextInt(300));
            default -> "\u001B]8;;https://evil.example\u0007click";
        };
    }

    private static Object randomValue(Random r, int depth) {
        int k = depth <= 0 ? r.nextInt(5) : r.nextInt(7);
        return switch (k) {
            case 0 -> r.nextInt();
            case 1 -> r.nextBoolean();
            case 2 -> randomUnicode(r, r.nextInt(20));
            case 3 -> r.nextDouble();
            case 4 -> "";
            case 5 -> {
                List<Object> l = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    l.add(randomValue(r, depth - 1));
                }
                yield l;
            }
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    m.put(randomUnicode(r, 1 + r.nextInt(8)), randomValue(r, depth - 1));
                }
                yield m;
            }
        };
    }

    // ---- frames that break RFC 6455 ---------------------------------------------------------------

    private interface FrameAttack {
        void send(RawWebSocket ws) throws Exception;
    }

    @Test
    void whenFramesBreakTheWebSocketRules_thenTheConnectionClosesWith1002Or1007() throws Exception {
        byte[] badUtf8 = {'{', '"', (byte) 0xC3, 0x28, '"', '}'};
        Map<String, FrameAttack> protocolErrors = new LinkedHashMap<>();
        protocolErrors.put("unmasked text frame", ws -> ws.frame(true, 0, RawWebSocket.TEXT, bytes("{}"), false));
        protocolErrors.put("RSV1 without an extension", ws -> ws.frame(true, 4, RawWebSocket.TEXT, bytes("{}"), true));
        protocolErrors.put("RSV3", ws -> ws.frame(true, 1, RawWebSocket.TEXT, bytes("{}"), true));
        protocolErrors.put("reserved data opcode 3", ws -> ws.frame(true, 0, 0x3, bytes("{}"), true));
        protocolErrors.put("reserved control opcode B", ws -> ws.frame(true, 0, 0xB, bytes("{}"), true));
        protocolErrors.put("continuation without a start", ws -> ws.frame(true, 0, RawWebSocket.CONTINUATION,
                bytes("{}"), true));
        protocolErrors.put("ping over 125 bytes", ws -> ws.frame(true, 0, RawWebSocket.PING, new byte[126], true));
        protocolErrors.put("fragmented ping", ws -> ws.frame(false, 0, RawWebSocket.PING, bytes("x"), true));
        protocolErrors.put("new text inside a fragmented one", ws -> {
            ws.frame(false, 0, RawWebSocket.TEXT, bytes("{\"a\":"), true);
            ws.frame(true, 0, RawWebSocket.TEXT, bytes("1}"), true);
        });
        protocolErrors.put("close with a one-byte payload", ws -> ws.frame(true, 0, RawWebSocket.CLOSE,
                new byte[] {3}, true));
        protocolErrors.put("close with code 999", ws -> ws.frame(true, 0, RawWebSocket.CLOSE,
                new byte[] {0x03, (byte) 0xE7}, true));
        Map<String, FrameAttack> badData = new LinkedHashMap<>();
        badData.put("invalid UTF-8 in a text frame", ws -> ws.frame(true, 0, RawWebSocket.TEXT, badUtf8, true));
        badData.put("invalid UTF-8 across continuation frames", ws -> {
            ws.frame(false, 0, RawWebSocket.TEXT, new byte[] {'"', (byte) 0xE2, (byte) 0x82}, true);
            ws.frame(true, 0, RawWebSocket.CONTINUATION, new byte[] {'"'}, true);
        });
        badData.put("an unpaired surrogate encoded in UTF-8", ws -> ws.frame(true, 0, RawWebSocket.TEXT,
                new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, true));
        badData.put("overlong encoding", ws -> ws.frame(true, 0, RawWebSocket.TEXT,
                new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'}, true));

        for (Map.Entry<String, FrameAttack> a : protocolErrors.entrySet()) {
            assertThat(attack(a.getValue())).as(a.getKey()).isEqualTo(1002);
        }
        for (Map.Entry<String, FrameAttack> a : badData.entrySet()) {
            assertThat(attack(a.getValue())).as(a.getKey()).isEqualTo(1007);
        }
        assertThat(person.shown()).isEmpty();
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            assertThat(result(c.call("app.info", null)).get("name").asText()).isEqualTo("Pechatka");
        }
    }

    private static int attack(FrameAttack attack) throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(endpoint.sslContext().getSocketFactory(), endpoint.port(),
                Endpoint.PORTAL)) {
            attack.send(ws);
            return ws.awaitClose(5);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
