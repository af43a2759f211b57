package org.pechatka.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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

    @Test
    void whenEveryMemberOfTheSchemaIsGiven_thenEachIsRead() throws Exception {
        AdminPolicy p = load("""
                {
                  "trustedOrigins": ["https://portal.gov.by"],
                  "allowUserOrigins": false,
                  "port": 27400,
                  "maxMessageBytes": 1048576,
                  "pinCacheMinutes": 5,
                  "autostart": true,
                  "pkcs11Modules": ["/opt/vendor/lib/libvendor-p11.so", "/opt/vendor/lib/../lib/libvendor-p11.so"],
                  "dialogTimeoutSeconds": 300,
                  "allowedKeyAlgorithms": ["BIGN-128", "EC-P256"],
                  "trustedCertificates": ["/etc/pechatka/ca/root.pem"],
                  "logLevel": "DEBUG"
                }
                """);
        assertThat(p.error()).isNull();
        assertThat(p.present()).isTrue();
        assertThat(p.pkcs11Modules()).as("normalised, once").containsExactly("/opt/vendor/lib/libvendor-p11.so");
        assertThat(p.dialogTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(p.allowedKeyAlgorithms()).containsExactly("BIGN-128", "EC-P256");
        assertThat(p.allowsKeyAlgorithm("BIGN-128")).isTrue();
        assertThat(p.allowsKeyAlgorithm("RSA-2048")).isFalse();
        assertThat(p.trustedCertificates()).containsExactly(Path.of("/etc/pechatka/ca/root.pem"));
        assertThat(p.logLevel()).isEqualTo(AdminPolicy.LogLevel.DEBUG);
        assertThat(p.logLevel().julLevel()).isEqualTo(java.util.logging.Level.FINE);
        assertThat(p.warnings()).as("the module file does not exist here")
                .containsExactly("The admin policy's PKCS#11 module /opt/vendor/lib/libvendor-p11.so does not exist"
                        + " on this computer.");
    }

    @Test
    void whenTheNewMembersAreAbsent_thenTheirDefaults() throws Exception {
        for (AdminPolicy p : new AdminPolicy[] {load("{}"), AdminPolicy.defaults()}) {
            assertThat(p.pkcs11Modules()).isEmpty();
            assertThat(p.dialogTimeout()).isEqualTo(Duration.ofSeconds(120));
            assertThat(p.allowedKeyAlgorithms()).as("absent: every algorithm").isNull();
            assertThat(p.allowsKeyAlgorithm("RSA-4096")).isTrue();
            assertThat(p.trustedCertificates()).isEmpty();
            assertThat(p.logLevel()).isEqualTo(AdminPolicy.LogLevel.INFO);
        }
        AdminPolicy none = load("{\"allowedKeyAlgorithms\": []}");
        assertThat(none.error()).isNull();
        assertThat(none.allowsKeyAlgorithm("EC-P256")).as("an empty list allows no new key").isFalse();
    }

    /** A wrong document, the path and line its error must name, and a word of the reason. */
    static Stream<Arguments> wrongMembers() {
        return Stream.of(
                Arguments.of("{\n \"trustedOrigins\": [\n  \"https://a.by\",\n  \"http://b.by\"]}",
                        "trustedOrigins[1] (line 4)", "http://b.by"),
                Arguments.of("{\n\n \"port\": 0}", "port (line 3)", "0 is outside 1–65535"),
                Arguments.of("{\"maxMessageBytes\": 100}", "maxMessageBytes (line 1)", "65536–16777216"),
                Arguments.of("{\n \"pinCacheMinutes\": 16}", "pinCacheMinutes (line 2)", "0–15"),
                Arguments.of("{\n \"pkcs11Modules\": [\"libvendor.so\"]}", "pkcs11Modules[0] (line 2)",
                        "not an absolute path"),
                Arguments.of("{\n \"dialogTimeoutSeconds\": 10}", "dialogTimeoutSeconds (line 2)", "15–600"),
                Arguments.of("{\n \"dialogTimeoutSeconds\": 601}", "dialogTimeoutSeconds (line 2)", "15–600"),
                Arguments.of("{\n \"allowedKeyAlgorithms\": [\"EC-P256\", \"DSA-1024\"]}",
                        "allowedKeyAlgorithms[1] (line 2)", "DSA-1024"),
                Arguments.of("{\n \"trustedCertificates\": [\"ca/root.pem\"]}", "trustedCertificates[0] (line 2)",
                        "not an absolute path"),
                Arguments.of("{\n \"trustedCertificates\": [null]}", "trustedCertificates[0]", "null"),
                Arguments.of("{\n \"logLevel\": \"VERBOSE\"}", "logLevel (line 2)", "ERROR, WARNING, INFO, DEBUG"),
                Arguments.of("{\n \"logLevel\": \"info\"}", "logLevel (line 2)", "ERROR, WARNING, INFO, DEBUG"),
                Arguments.of("{\n \"dialogTimeoutSeconds\": \"60\"}", "dialogTimeoutSeconds", "line 2"),
                Arguments.of("{\n \"pkcs11Modules\": \"/opt/a.so\"}", "pkcs11Modules", "line 2"),
                Arguments.of("{\n \"trustedOrigins\": [\"https://a.by\"],\n \"logLevl\": \"INFO\"}",
                        "unknown member \"logLevl\"", "line 3"));
    }

    @ParameterizedTest
    @MethodSource("wrongMembers")
    void whenAMemberIsWrong_thenTheErrorNamesItsPathAndLineAndThePolicyIsTheSafeOne(String json, String where,
            String why) throws Exception {
        AdminPolicy p = load(json);
        assertThat(p.error()).as(json).isNotNull().contains(where).contains(why)
                .contains("policy.json").contains("trusts no site");
        assertThat(p.trustedOrigins()).isEmpty();
        assertThat(p.allowUserOrigins()).isFalse();
        assertThat(p.pkcs11Modules()).isEmpty();
        assertThat(p.trustedCertificates()).isEmpty();
        assertThat(p.dialogTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(p.logLevel()).isEqualTo(AdminPolicy.LogLevel.INFO);
    }

    @Test
    void whenSeveralMembersAreWrong_thenEachIsNamedInOneMessage() throws Exception {
        AdminPolicy p = load("""
                {
                  "port": 70000,
                  "logLevel": "LOUD",
                  "pkcs11Modules": ["/ok.so", "relative.so"]
                }
                """);
        assertThat(p.error()).contains("port (line 2)").contains("logLevel (line 3)")
                .contains("pkcs11Modules[1] (line 4)").doesNotContain("pkcs11Modules[0]");
    }

    @Test
    void whenTheFileCannotBeRead_thenTheSafePolicySaysSo() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("policy.json")); // reading a folder fails, even for root
        AdminPolicy p = AdminPolicy.load(folder);
        assertThat(p.error()).contains("cannot be read").contains("trusts no site");
        assertThat(p.present()).isTrue();
        assertThat(p.trustedOrigins()).isEmpty();
        assertThat(p.allowUserOrigins()).isFalse();
    }

    @Test
    void whenGivenAFileOrNone_thenThatFileOrTheSystemPolicy() throws Exception {
        Path file = dir.resolve("p.json");
        Files.writeString(file, "{\"port\": 27555}");
        assertThat(AdminPolicy.loadOrSystem(file).port()).isEqualTo(27555);
        assertThat(AdminPolicy.loadOrSystem(null).source())
                .isIn(AdminPolicy.DEFAULTS, AdminPolicy.systemLocation().toString());
    }
}
