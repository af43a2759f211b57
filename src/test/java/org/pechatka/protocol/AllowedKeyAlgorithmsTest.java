package org.pechatka.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.config.AdminPolicy;
import org.pechatka.testing.Endpoint;
import org.pechatka.testing.ScriptedPrompter;

/**
 * The admin policy's {@code allowedKeyAlgorithms} over the real endpoint: {@code csr.create} with
 * another key name is refused with 4004 OPERATION_NOT_ALLOWED before any dialog, an allowed one goes
 * on to the dialog's steps (here it stops at the missing token, which shows that the policy let it by).
 */
class AllowedKeyAlgorithmsTest {

    @TempDir
    Path dir;

    private Endpoint endpoint;
    private final ScriptedPrompter person = new ScriptedPrompter();

    @BeforeEach
    void start() throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "{\"allowedKeyAlgorithms\": [\"BIGN-128\", \"EC-P256\"]}", StandardCharsets.UTF_8);
        AdminPolicy policy = AdminPolicy.load(file);
        assertThat(policy.error()).isNull();
        endpoint = Endpoint.start(Files.createDirectories(dir.resolve("data")), List.of(), person,
                Endpoint.Options.defaults(), 0, policy::allowsKeyAlgorithm);
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void whenTheKeyAlgorithmIsNotAllowed_thenCsrCreateIsRefusedBeforeAnyDialog() throws Exception {
        JsonNode r;
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            r = c.call("csr.create", Map.of("keyAlgorithm", "RSA-2048", "subject",
                    List.of(Map.of("type", "CN", "value", "Test"))));
        }
        assertThat(r.path("error").path("code").asInt()).as(r.toString()).isEqualTo(4004);
        assertThat(r.path("error").path("data").path("reason").asText()).isEqualTo("OPERATION_NOT_ALLOWED");
        assertThat(person.shown()).as("nothing was shown to the person").isEmpty();
    }

    @Test
    void whenTheKeyAlgorithmIsAllowed_thenThePolicyDoesNotStopIt() throws Exception {
        JsonNode r;
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            r = c.call("csr.create", Map.of("keyAlgorithm", "EC-P256", "subject",
                    List.of(Map.of("type", "CN", "value", "Test"))));
        }
        assertThat(r.path("error").path("code").asInt()).as(r.toString()).isNotEqualTo(4004).isEqualTo(3001);
    }
}
