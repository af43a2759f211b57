package org.pechatka.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pechatka.testing.RpcAssert.error;
import static org.pechatka.testing.RpcAssert.result;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pechatka.testing.DelegatingPrompter;
import org.pechatka.testing.Endpoint;
import org.pechatka.testing.LogCapture;
import org.pechatka.testing.ScriptedPrompter;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.testing.TestSubjects;
import org.pechatka.token.TokenCertificate;

/**
 * No secrets in the log (security catalogue threat 12): every {@code java.util.logging} record of
 * the JVM, DEBUG and TRACE included, is captured while a person logs in and signs with sentinel
 * values. Nothing secret or personal appears at INFO or above; the PIN and the document never
 * appear at any level.
 */
class LogSecrecyTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    /** The token's PIN is changed to this, so a match can never be a coincidence (unlike "1234"). */
    private static final String PIN = "913579";
    private static final String WRONG_PIN = "864209";
    private static final String DOC_NAME = "SENTINEL-DOC.pdf";
    private static final String DESCRIPTION = "SENTINEL-DESCRIPTION of the application";
    private static final String NONCE = "SENTINELNONCE-" + Base64.getEncoder().encodeToString(
            "thirty-two bytes of a nonce!!!!!".getBytes(StandardCharsets.US_ASCII));
    private static final byte[] DOCUMENT = ("%PDF-1.7 application form SENTINELDATA of Алесь Лабадзенка, "
            + "born 1990, passport MP1234567").getBytes(StandardCharsets.UTF_8);

    @Test
    void whenAPersonLogsInAndSigns_thenNoSecretOrPersonalDataIsLoggedAtInfoAndNoPinOrDocumentAtAll()
            throws Exception {
        HSM.hsm().pkcs11Tool(true, List.of("--change-pin", "--new-pin", PIN));
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(DOCUMENT));
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("PIN", PIN);
        secrets.put("PIN as hex", HexFormat.of().formatHex(PIN.getBytes(StandardCharsets.US_ASCII)));
        secrets.put("PIN as base64", Base64.getEncoder().encodeToString(PIN.getBytes(StandardCharsets.US_ASCII)));
        secrets.put("wrong PIN", WRONG_PIN);
        secrets.put("document bytes", "SENTINELDATA");
        secrets.put("document as base64", Base64.getEncoder().encodeToString(DOCUMENT));
        secrets.put("document as hex", HexFormat.of().formatHex(DOCUMENT, 0, 24));
        Map<String, String> personal = new LinkedHashMap<>();
        personal.put("document name", "SENTINEL-DOC");
        personal.put("description", "SENTINEL-DESCRIPTION");
        personal.put("nonce", "SENTINELNONCE");
        personal.put("document digest (hex)", digest);
        personal.put("document digest (base64)", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(digest)));
        personal.put("personal number", TestSubjects.BY_PERSONAL_NUMBER);
        personal.put("surname", "ЛАБАДЗЕНКА");
        personal.put("surname (Latin)", "LABADZENKA");

        ScriptedPrompter person = new ScriptedPrompter();
        try (LogCapture log = LogCapture.everything()) {
            Endpoint endpoint = Endpoint.start(Files.createTempDirectory(HSM.hsm().dir(), "data"),
                    List.of(HSM.provider()), new DelegatingPrompter(() -> person), new Endpoint.Options(
                            List.of(Endpoint.PORTAL), 16 * 1024 * 1024, 32, 4, Duration.ofSeconds(120), true,
                            Clock.systemUTC(), List.of(HSM.ca().caCertificate())));
            try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
                String certId = TokenCertificate.certId(HSM.key("rsa").certificate());
                person.choosing(list -> list.stream().filter(x -> x.certId().equals(certId)).findFirst().orElse(null))
                        .typing(false, WRONG_PIN, PIN);

                // log in: picker, consent to personal data, a wrong PIN and then the right one
                JsonNode auth = result(c.call("auth.authenticate", Map.of("challengeNonce", NONCE,
                        "attributes", List.of("fullName", "personalNumber"))));
                assertThat(auth.get("attributes").get("personalNumber").asText())
                        .isEqualTo(TestSubjects.BY_PERSONAL_NUMBER);
                // sign: confirmation and PIN, attached and detached, and a batch
                String data = Base64.getEncoder().encodeToString(DOCUMENT);
                // the document last and first in the message (Jetty's DEBUG log shows a frame's both ends)
                Map<String, Object> last = new LinkedHashMap<>();
                last.put("certId", certId);
                last.put("documentName", DOC_NAME);
                last.put("description", DESCRIPTION);
                last.put("data", data);
                result(c.call("sign.cms", last));
                c.sendRaw("{\"params\":{\"data\":\"" + data + "\",\"certId\":\"" + certId
                        + "\",\"documentName\":\"" + DOC_NAME + "\"},\"method\":\"sign.cms\",\"jsonrpc\":\"2.0\","
                        + "\"id\":\"first\"}");
                result(c.nextUnmatched(30));
                result(c.call("sign.cms", Map.of("certId", certId, "documentName", DOC_NAME, "data", data,
                        "detached", false)));
                result(c.call("sign.cms", Map.of("certId", certId, "documentName", DOC_NAME,
                        "hash", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(digest)),
                        "hashAlgorithm", "SHA-256")));
                result(c.call("sign.batch", Map.of("certId", certId, "items", List.of(
                        Map.of("documentName", DOC_NAME, "data", data)))));
                // failures carrying the sentinels: a PIN offered by the page, a refused name, a bad nonce
                Map<String, Object> withPin = new LinkedHashMap<>(last);
                withPin.put("pin", PIN); // last in the message, where Jetty's DEBUG log would show it
                error(c.call("sign.cms", withPin), -32602);
                error(c.call("sign.cms", Map.of("certId", certId, "documentName", DOC_NAME + "\u202E", "data",
                        data)), -32602);
                error(c.call("auth.authenticate", Map.of("challengeNonce", NONCE + "\u0000")), -32602);
                c.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"sign.cms\",\"params\":{\"data\":\""
                        + data + "\",\"documentName\":\"" + DOC_NAME + "\"");
                error(c.nextUnmatched(10), -32700);
                // the person cancels with the PIN dialog open
                person.typing(true);
                error(c.call("sign.cms", Map.of("certId", certId, "documentName", DOC_NAME, "data", data)), 1001);
            } finally {
                endpoint.close();
            }
            assertThat(person.shown("pin")).hasSize(8);
            assertThat(person.shown("confirm")).hasSize(6);

            List<LogCapture.Entry> entries = log.entries();
            assertThat(entries).as("the capture works: records at DEBUG and below exist")
                    .anySatisfy(e -> assertThat(e.atLeast(Level.INFO)).isFalse());
            Map<String, String> all = new LinkedHashMap<>(secrets);
            all.putAll(personal);
            for (Map.Entry<String, String> s : all.entrySet()) {
                assertThat(offending(entries, s.getValue(), Level.INFO)).as("%s at INFO or above", s.getKey())
                        .isEmpty();
            }
            for (Map.Entry<String, String> s : secrets.entrySet()) {
                assertThat(offending(entries, s.getValue(), Level.ALL)).as("%s at any level", s.getKey()).isEmpty();
            }
            // not even a piece of the document: no 12 characters of its base64 in a row
            String b64 = Base64.getEncoder().encodeToString(DOCUMENT);
            for (int i = 0; i + 12 <= b64.length(); i++) {
                String piece = b64.substring(i, i + 12);
                assertThat(offending(entries, piece, Level.ALL)).as("document piece %s at any level", piece).isEmpty();
            }
            // what DEBUG and TRACE do mention, for the record (surefire keeps this output)
            System.out.printf("%d log records captured, %d at INFO or above%n", entries.size(),
                    entries.stream().filter(e -> e.atLeast(Level.INFO)).count());
            for (Map.Entry<String, String> s : personal.entrySet()) {
                List<LogCapture.Entry> hits = entries.stream().filter(e -> e.text().contains(s.getValue())).toList();
                System.out.printf("below INFO, %s: %d record(s)%n", s.getKey(), hits.size());
                hits.stream().limit(3).forEach(e -> System.out.println("    " + e.level() + " " + e.logger()
                        + ": " + e.text().substring(0, Math.min(600, e.text().length()))));
            }
        }
        assertThat(SoftHsm.USER_PIN).isNotEqualTo(PIN);
    }

    /** The records at {@code level} or above that contain {@code needle}, shortened for a message. */
    private static List<String> offending(List<LogCapture.Entry> entries, String needle, Level level) {
        return entries.stream().filter(e -> e.atLeast(level) && e.text().contains(needle)).map(e -> {
            String t = e.toString();
            int at = t.indexOf(needle);
            return e.level() + " " + e.logger() + ": …" + t.substring(Math.max(0, at - 120),
                    Math.min(t.length(), at + needle.length() + 40)) + "…";
        }).toList();
    }
}
