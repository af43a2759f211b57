package org.pechatka.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The administrator's policy file: its fields, and the safe reading of a file that is wrong. */
class AdminPolicyTest {

    @TempDir
    Path dir;

    private AdminPolicy load(String json) throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return AdminPolicy.load(file);
    }

    @Test
    void whenThereIsNoFile_thenDefaultsWithoutPinCaching() {
        AdminPolicy p = AdminPolicy.load(dir.resolve("absent.json"));
        assertThat(p.error()).isNull();
        assertThat(p.source()).isEqualTo("defaults");
        assertThat(p.trustedOrigins()).isEmpty();
        assertThat(p.allowUserOrigins()).isTrue();
        assertThat(p.port()).isEqualTo(AdminPolicy.DEFAULT_PORT);
        assertThat(p.maxMessageBytes()).isEqualTo(AdminPolicy.MAX_MESSAGE_BYTES);
        assertThat(p.pinCache()).isZero();
    }

    @Test
    void whenEveryFieldIsGiven_thenEachIsRead() throws Exception {
        AdminPolicy p = load("""
                {"trustedOrigins": ["https://Portal.Gov.By:443", "https://e-pasluga.by"],
                 "allowUserOrigins": false, "port": 27400, "maxMessageBytes": 1048576, "pinCacheMinutes": 5}
                """);
        assertThat(p.error()).isNull();
        assertThat(p.trustedOrigins()).containsExactly("https://portal.gov.by", "https://e-pasluga.by");
        assertThat(p.allowUserOrigins()).isFalse();
        assertThat(p.port()).isEqualTo(27400);
        assertThat(p.maxMessageBytes()).isEqualTo(1048576);
        assertThat(p.pinCache()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void whenAutostartIsGiven_thenItIsFixedAndWhenAbsentItIsLeftToTheUser() throws Exception {
        assertThat(load("{\"autostart\": true}").autostart()).isTrue();
        assertThat(load("{\"autostart\": false}").autostart()).isFalse();
        assertThat(load("{}").autostart()).isNull();
        assertThat(AdminPolicy.defaults().autostart()).isNull();
        AdminPolicy wrong = load("{\"autostart\": \"yes\"}");
        assertThat(wrong.error()).isNotNull();
        assertThat(wrong.autostart()).as("a refused policy forces nothing").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"pinCacheMinutes\": 16}",
        "{\"pinCacheMinutes\": -1}",
        "{\"pinCacheMinutes\": \"5\"}",
        "{\"pinCacheMinutes\": 2.5}",
        "{\"pinCacheSeconds\": 60}",
        "{\"trustedOrigins\": [\"http://portal.gov.by\"]}",
        "{\"trustedOrigins\": [\"https://*.gov.by\"]}",
        "{\"port\": 70000}",
        "{\"maxMessageBytes\": 1024}",
        "{\"trustedOrigins\": [\"https://portal.gov.by\"], \"pinCacheMinutes\": 5",
        "null",
        ""
    })
    void whenTheFileIsWrong_thenNothingIsTrustedNoPinIsCachedAndTheErrorSaysWhy(String json) throws Exception {
        AdminPolicy p = load(json);
        assertThat(p.error()).as(json).isNotNull().contains("policy.json").contains("trusts no site");
        assertThat(p.trustedOrigins()).isEmpty();
        assertThat(p.allowUserOrigins()).isFalse();
        assertThat(p.pinCache()).isZero();
        assertThat(p.port()).isEqualTo(AdminPolicy.DEFAULT_PORT);
    }
}
