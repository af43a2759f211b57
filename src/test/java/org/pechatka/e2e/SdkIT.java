package org.pechatka.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pechatka.testing.Endpoint;
import org.pechatka.testing.Node;
import org.pechatka.testing.ScriptedPrompter;
import org.pechatka.testing.SoftHsmExtension;

/**
 * The JavaScript SDK's integration tests (sdk/js/test/integration, Node's test runner) against the
 * real endpoint: Jetty with TLS over a SoftHSM2 token, a scripted person answering the dialogs.
 */
class SdkIT {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    @Test
    void whenTheSdkTalksToTheRealEndpoint_thenEveryIntegrationTestPasses() throws Exception {
        Path data = Files.createTempDirectory(HSM.hsm().dir(), "sdk");
        // the SDK's tests log in, sign CMS and verify with openssl: the person picks the EC P-256 certificate
        String certId = org.pechatka.token.TokenCertificate.certId(HSM.key("ec").certificate());
        ScriptedPrompter person = new ScriptedPrompter().choosing(list -> list.stream()
                .filter(c -> c.certId().equals(certId)).findFirst().orElse(null));
        try (Endpoint endpoint = Endpoint.start(data, List.of(HSM.provider()), person,
                Endpoint.Options.defaults().withTrustAnchors(List.of(HSM.ca().caCertificate())))) {
            Path root = Path.of("").toAbsolutePath();
            // the test CA as PEM files: the SDK's renewal test issues a certificate with openssl, as a CA would
            Path caCert = data.resolve("test-ca.pem");
            Path caKey = data.resolve("test-ca.key");
            try (var w = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(java.nio.file.Files.newBufferedWriter(caCert))) {
                w.writeObject(HSM.ca().caCertificate());
            }
            try (var w = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(java.nio.file.Files.newBufferedWriter(caKey))) {
                w.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(HSM.ca().caPrivateKey(), null));
            }
            Node.Run run = Node.run(root, Map.of(
                            "PECHATKA_URL", "https://127.0.0.1:" + endpoint.port(),
                            "PECHATKA_ORIGIN", Endpoint.PORTAL,
                            "PECHATKA_UNTRUSTED_ORIGIN", "https://evil.example",
                            "NODE_EXTRA_CA_CERTS", endpoint.tls().caCertificateFile().toString(),
                            "PECHATKA_TEST_CA_CERT", caCert.toString(),
                            "PECHATKA_TEST_CA_KEY", caKey.toString()),
                    300, Node.node("--test", "--test-reporter=tap", "sdk/js/test/integration/"));
            assertThat(run.exit()).as("node --test:%n%s%n%s", run.out(), run.err()).isZero();
            assertThat(run.out()).contains("# fail 0").containsPattern("# pass [1-9][0-9]*");
        }
        // the SDK's calls went through the person's dialogs, from the origin it connected with
        assertThat(person.shown("picker")).isNotEmpty().allSatisfy(s -> assertThat(s.origin()).isEqualTo(Endpoint.PORTAL));
        assertThat(person.shown("pin")).isNotEmpty();
        assertThat(person.shown("csr")).hasSize(1);
        assertThat(person.shown("import")).hasSize(3); // the new certificate, the same again, one without key
    }
}
