package org.pechatka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.pechatka.error.ErrorReason;

/** Checks of JSON-RPC responses against PROTOCOL.md section 2.2. */
public final class RpcAssert {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What must never be in a message sent to a page: stack frames, class names, file paths. */
    private static final Pattern UNSAFE = Pattern.compile(
            "(?s).*(\\bat [a-z][\\w$]*\\.[\\w.$]+\\(|\\.java:\\d+|\\w+Exception|\\w+Error\\b|java\\.|org\\.pechatka"
                    + "|com\\.fasterxml|org\\.eclipse|/home/|/tmp/|/work/|/usr/|/etc/|/root|target/|\\b[A-Za-z]:\\\\[A-Za-z]).*");

    private RpcAssert() {}

    /** The reason whose protocol code is {@code code}. */
    public static ErrorReason reason(int code) {
        return Arrays.stream(ErrorReason.values()).filter(r -> r.code() == code).findFirst()
                .orElseThrow(() -> new AssertionError("no ErrorReason with code " + code));
    }

    /**
     * Asserts a well-formed error response with exactly this code: {@code jsonrpc} 2.0, an {@code id},
     * {@code code}, a short safe {@code message}, {@code data.reason} the reason's name, no result.
     * Returns the error object.
     */
    public static JsonNode error(JsonNode response, int code) {
        assertThat(response).as("no response").isNotNull();
        assertThat(response.has("error")).as("an error response: %s", response).isTrue();
        assertThat(response.has("result")).as(response.toString()).isFalse();
        assertThat(response.path("jsonrpc").asText()).as(response.toString()).isEqualTo("2.0");
        assertThat(response.has("id")).as("id present (null when unknown): %s", response).isTrue();
        JsonNode error = response.get("error");
        assertThat(error.path("code").isInt()).as(response.toString()).isTrue();
        assertThat(error.get("code").asInt()).as(response.toString()).isEqualTo(code);
        assertWellFormed(error);
        return error;
    }

    /** Asserts an error object has code, a safe message, and data.reason matching the code. */
    public static void assertWellFormed(JsonNode error) {
        assertThat(error.path("message").isTextual()).as(error.toString()).isTrue();
        String message = error.get("message").asText();
        assertThat(message).as(error.toString()).isNotBlank().hasSizeLessThan(300);
        assertSafe(message);
        assertThat(error.path("data").isObject()).as(error.toString()).isTrue();
        assertThat(error.get("data").path("reason").asText()).as(error.toString())
                .isEqualTo(reason(error.get("code").asInt()).name());
        error.get("data").properties().forEach(e -> {
            if (e.getValue().isTextual()) {
                assertSafe(e.getValue().asText());
            }
        });
    }

    /** A message a page may see: no stack trace, no class or package name, no file path. */
    public static void assertSafe(String text) {
        assertThat(UNSAFE.matcher(text).matches()).as("unsafe text sent to a page: %s", text).isFalse();
    }

    /** Asserts an error response whose data is exactly {@code dataJson}; returns the error object. */
    public static JsonNode error(JsonNode response, int code, String dataJson) {
        JsonNode error = error(response, code);
        try {
            assertThat(error.get("data")).as(response.toString()).isEqualTo(JSON.readTree(dataJson));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return error;
    }

    /** Asserts a success response and returns its result. */
    public static JsonNode result(JsonNode response) {
        assertThat(response).as("no response").isNotNull();
        assertThat(response.has("error")).as(response.toString()).isFalse();
        assertThat(response.has("result")).as(response.toString()).isTrue();
        return response.get("result");
    }
}
