package org.pechatka.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pechatka doctor --json} over the real demo token (SoftHSM2 and a key file): one JSON
 * document with the environment, the policy as read and its problem, the endpoint, the local TLS,
 * modules with slots, tokens with mechanism counts; certificates' subjects only with
 * {@code --include-certificates}.
 */
class DoctorJsonTest {

    @TempDir
    static Path dir;

    private static Path policy;
    /** The surname in the demo token's Belarusian citizen certificate. */
    private static final String DEMO_SURNAME = "Лабадзенка";

    @BeforeAll
    static void writePolicy() throws Exception {
        policy = Files.writeString(dir.resolve("policy.json"), """
                {
                  "trustedOrigins": ["https://portal.gov.by"],
                  "dialogTimeoutSeconds": 700
                }
                """, StandardCharsets.UTF_8);
    }

    private static JsonNode doctor(String... more) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[6 + more.length];
        args[0] = "doctor";
        args[1] = "--json";
        args[2] = "--demo";
        args[3] = "--data-dir";
        args[4] = dir.resolve("data").toString();
        args[5] = "--policy=" + policy;
        System.arraycopy(more, 0, args, 6, more.length);
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(err.toString()).isEqualTo(1); // the policy's problem is a problem
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void whenAskedForJson_thenEverythingIsOneDocumentWithoutPersonalData() throws Exception {
        JsonNode d = doctor();
        assertThat(d.path("schema").asText()).isEqualTo("pechatka-doctor/1");
        assertThat(d.path("version").asText()).isEqualTo(Version.current());
        assertThat(d.path("os").path("name").asText()).isEqualTo(System.getProperty("os.name"));
        assertThat(d.path("java").path("version").asText()).isEqualTo(Runtime.version().toString());
        assertThat(d.path("directories").path("data").asText()).isEqualTo(dir.resolve("data").toString());
        assertThat(d.path("directories").has("config")).isTrue();
        assertThat(d.path("directories").has("logs")).isTrue();

        JsonNode p = d.path("policy");
        assertThat(p.path("source").asText()).isEqualTo(policy.toString());
        assertThat(p.path("valid").asBoolean()).isFalse();
        assertThat(p.path("problem").asText()).contains("dialogTimeoutSeconds (line 3)").contains("15–600");
        assertThat(p.path("effective").path("trustedOrigins")).isEmpty(); // the safe reading
        assertThat(p.path("effective").path("allowUserOrigins").asBoolean()).isFalse();
        assertThat(p.path("effective").path("dialogTimeoutSeconds").asInt()).isEqualTo(120);
        assertThat(d.path("problems").toString()).contains("dialogTimeoutSeconds");

        assertThat(d.path("endpoint").path("port").asInt()).isEqualTo(27321);
        assertThat(d.path("endpoint").path("portState").asText()).isIn("free", "in-use");
        assertThat(d.path("localTls").has("created")).isTrue();
        assertThat(d.path("localTls").path("browserStores").isArray()).isTrue();

        JsonNode softhsm = null;
        for (JsonNode m : d.path("pkcs11Modules")) {
            if (m.path("path").asText().contains("softhsm")) {
                softhsm = m;
            }
        }
        assertThat(softhsm).as(d.path("pkcs11Modules").toString()).isNotNull();
        assertThat(softhsm.path("loaded").asBoolean()).isTrue();
        assertThat(softhsm.path("slots").size()).isPositive();
        assertThat(softhsm.path("slots").get(0).has("slotId")).isTrue();

        JsonNode tokens = d.path("tokens");
        assertThat(tokens.size()).isEqualTo(2);
        JsonNode hsm = tokens.get(0).path("kind").asText().equals("PKCS11") ? tokens.get(0) : tokens.get(1);
        JsonNode keyFile = hsm == tokens.get(0) ? tokens.get(1) : tokens.get(0);
        assertThat(hsm.path("mechanismCount").asInt()).isPositive();
        assertThat(hsm.path("signatureAlgorithms").size()).isPositive();
        assertThat(hsm.path("certificateCount").asInt()).isPositive();
        assertThat(hsm.has("certificates")).isFalse();
        assertThat(keyFile.path("kind").asText()).isEqualTo("KEY_FILE");
        assertThat(keyFile.path("label").isNull()).as("a key file's name may name the person").isTrue();
        assertThat(d.path("certificatesIncluded").asBoolean()).isFalse();

        String all = d.toString();
        assertThat(all).doesNotContain(DEMO_SURNAME).doesNotContain("CN=")
                .doesNotContain("SERIALNUMBER").doesNotContain("\"" + System.getProperty("user.name") + "\"")
                .doesNotContain(System.getProperty("user.home") + "/");
    }

    @Test
    void whenCertificatesAreIncluded_thenOnlyTheirSubjectIssuerValidityAndSerialAreAdded() throws Exception {
        JsonNode d = doctor("--include-certificates");
        assertThat(d.path("certificatesIncluded").asBoolean()).isTrue();
        com.fasterxml.jackson.databind.node.ArrayNode certs = new ObjectMapper().createArrayNode();
        for (JsonNode t : d.path("tokens")) {
            assertThat(t.path("certificates").size()).as(t.toString()).isEqualTo(t.path("certificateCount").asInt());
            t.path("certificates").forEach(certs::add);
        }
        assertThat(certs.toString()).contains(DEMO_SURNAME);
        JsonNode first = certs.get(0);
        assertThat(first.path("subject").asText()).contains("CN=");
        assertThat(first.path("issuer").asText()).contains("CN=");
        assertThat(first.path("notBefore").asText()).isNotEmpty();
        assertThat(first.path("notAfter").asText()).isNotEmpty();
        assertThat(first.path("serial").asText()).matches("[0-9a-f]+");
        assertThat(first.size()).as("nothing else about the certificate").isEqualTo(5);
    }
}
