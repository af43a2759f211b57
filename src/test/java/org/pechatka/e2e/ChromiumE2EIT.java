package org.pechatka.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pechatka.demoportal.DemoPortal;
import org.pechatka.testing.NationalCa;
import org.pechatka.testing.SoftHsm;
import org.pechatka.token.file.KeyFileProvider;
import org.pechatka.token.file.Pkcs12Writer;
import org.pechatka.server.tls.LocalTls;
import org.pechatka.testing.DelegatingPrompter;
import org.pechatka.testing.Endpoint;
import org.pechatka.testing.Node;
import org.pechatka.testing.ScriptedPrompter;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.testing.TestSubjects;

/**
 * The whole path in a real browser: Debian's headless Chromium opens the demo portal (its own
 * origin), the page uses the SDK to reach Pechatka's endpoint, Pechatka shows its dialogs (answered
 * by a scripted person in this JVM), the portal's server verifies the login token and the signed
 * application. Then again with the portal treated as a public site, where Chrome's Local Network
 * Access permission decides.
 */
class ChromiumE2EIT {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FLOW = Path.of("src/test/node/e2e").toAbsolutePath();

    private static Endpoint endpoint;
    private static DemoPortal portal;
    private static ScriptedPrompter person;
    private static String spki;
    private static NationalCa bignCa;
    private static NationalCa gostCa;
    private static NationalCa.Leaf bign;
    private static NationalCa.Leaf gost;
    private static KeyFileProvider keyFiles;

    @BeforeAll
    static void start() throws Exception {
        Node.install(FLOW);
        Path data = Files.createTempDirectory(HSM.hsm().dir(), "e2e");
        // a key file with a Belarusian bign identity and a Russian GOST one, each from its own CA
        bignCa = NationalCa.create(NationalCa.Kind.BIGN, "E2E bign CA");
        gostCa = NationalCa.create(NationalCa.Kind.GOST_256, "E2E GOST CA");
        bign = bignCa.issue(TestSubjects.belarusCitizen());
        gost = gostCa.issue(TestSubjects.russianCitizen());
        Path keyFile = data.resolve("national.p12");
        Files.write(keyFile, Pkcs12Writer.write(List.of(new Pkcs12Writer.Entry("bign", bign.privateKey(),
                bign.certificate()), new Pkcs12Writer.Entry("gost", gost.privateKey(), gost.certificate())),
                List.of(bignCa.certificate(), gostCa.certificate()), SoftHsm.USER_PIN.toCharArray()));
        keyFiles = new KeyFileProvider(List.of(keyFile), null, java.time.Duration.ofSeconds(1));
        List<java.security.cert.X509Certificate> cas = List.of(HSM.ca().caCertificate(), bignCa.certificate(),
                gostCa.certificate());
        LocalTls tls = LocalTls.loadOrCreate(data, Clock.systemUTC());
        spki = tls.leafSpkiSha256Base64();
        int pechatkaPort = Endpoint.freePort();
        char[] password = "e2e".toCharArray();
        // the portal's demo CA re-issues with the test CA that issued the token's certificates
        portal = new DemoPortal(new DemoPortal.Config(0, tls.keyStore(password), password,
                "https://127.0.0.1:" + pechatkaPort, cas, Clock.systemUTC(),
                org.pechatka.demoportal.Reissuer.ca(HSM.ca().caCertificate(), HSM.ca().caPrivateKey(),
                        Clock.systemUTC())));
        portal.start();
        person = new ScriptedPrompter();
        Endpoint.Options options = new Endpoint.Options(List.of(portal.origin()), 16 * 1024 * 1024, 32, 4,
                java.time.Duration.ofSeconds(60), true, Clock.systemUTC(), cas);
        endpoint = Endpoint.start(data, List.of(HSM.provider(), keyFiles), new DelegatingPrompter(() -> person), options,
                pechatkaPort);
    }

    @AfterAll
    static void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (portal != null) {
            portal.close();
        }
        if (keyFiles != null) {
            keyFiles.close();
        }
    }

    @BeforeEach
    void freshPerson() {
        // the person picks the Belarusian citizen's RSA certificate (it has a personal number)
        String certId = org.pechatka.token.TokenCertificate.certId(HSM.key("rsa").certificate());
        person = new ScriptedPrompter().choosing(list -> list.stream().filter(c -> c.certId().equals(certId))
                .findFirst().orElse(null));
    }

    private static JsonNode flow(String mode) throws Exception {
        Path shots = Path.of("target/screenshots").toAbsolutePath();
        Files.createDirectories(shots);
        Node.Run run = Node.run(FLOW, Map.of("SCREENSHOTS", shots.toString()), 240,
                List.of("node", "portal-flow.mjs", portal.origin() + "/", spki, mode));
        assertThat(run.exit()).as("%s%n%s", run.out(), run.err()).isZero();
        String last = run.out().strip().lines().reduce((a, b) -> b).orElse("{}");
        JsonNode result = JSON.readTree(last);
        assertThat(result.has("failure")).as(result.toString()).isFalse();
        return result;
    }

    @Test
    void whenThePortalIsLocal_thenLoginAndSigningSucceedThroughPechatka() throws Exception {
        JsonNode r = flow("trusted");
        assertThat(r.get("login").asText()).as(r.toString()).isEqualTo("identity");
        assertThat(r.get("name").asText()).isEqualTo(TestSubjects.BY_CITIZEN_FULL_NAME);
        assertThat(r.get("personalNumber").asText()).isEqualTo(TestSubjects.BY_PERSONAL_NUMBER);
        assertThat(r.get("sign").asText()).as(r.toString()).isEqualTo("receipt");
        assertThat(r.get("receiptSigner").asText()).contains(TestSubjects.BY_CITIZEN_FULL_NAME);
        // Pechatka's dialogs named the portal, and the signing confirmation showed its document
        assertThat(person.shown()).extracting(ScriptedPrompter.Shown::origin).containsOnly(portal.origin());
        assertThat(person.shown()).extracting(ScriptedPrompter.Shown::dialog)
                .containsSubsequence("picker", "consent", "pin", "confirm", "pin");
    }

    @Test
    void whenThePersonRenewsOnThePortal_thenANewKeyAndRequestTheIssuedCertificateImportedAndTheNewLogin()
            throws Exception {
        String old = org.pechatka.token.TokenCertificate.certId(HSM.key("rsa").certificate());
        // the person logs in with the RSA certificate; after the renewal only the new one is offered
        person = new ScriptedPrompter().choosing(list -> list.stream().filter(c -> c.certId().equals(old))
                .findFirst().orElse(list.isEmpty() ? null : list.get(0)));
        Path shots = Path.of("target/screenshots").toAbsolutePath();
        Files.createDirectories(shots);
        Node.Run run = Node.run(FLOW, Map.of("SCREENSHOTS", shots.toString()), 300,
                List.of("node", "renewal-flow.mjs", portal.origin() + "/", spki));
        assertThat(run.exit()).as("%s%n%s", run.out(), run.err()).isZero();
        JsonNode r = JSON.readTree(run.out().strip().lines().reduce((a, b) -> b).orElse("{}"));
        assertThat(r.has("failure")).as(r.toString()).isFalse();
        assertThat(r.get("certIdBefore").asText()).as(r.toString()).isEqualTo(old);
        assertThat(r.get("renewalOffered").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.get("renewal").asText()).as(r.toString()).isEqualTo("renewed");
        String renewed = r.get("renewedCertId").asText();
        assertThat(renewed).isNotEqualTo(old).isEqualTo(r.get("shownCertId").asText())
                .isEqualTo(r.get("certIdAfter").asText());
        assertThat(r.get("nameAfter").asText()).isEqualTo(TestSubjects.BY_CITIZEN_FULL_NAME);

        // the new certificate: on the token, same subject as the old one, a new key, issued by the CA
        java.security.cert.X509Certificate newCert = endpoint.registry().tokens().stream().flatMap(t -> {
            try {
                return t.certificates().stream();
            } catch (org.pechatka.error.PechatkaException e) {
                throw new AssertionError(e);
            }
        }).filter(c -> c.certId().equals(renewed)).findFirst().orElseThrow().certificate();
        assertThat(newCert.getSubjectX500Principal().getEncoded())
                .isEqualTo(HSM.key("rsa").certificate().getSubjectX500Principal().getEncoded());
        assertThat(newCert.getPublicKey()).isNotEqualTo(HSM.key("rsa").certificate().getPublicKey());
        newCert.verify(HSM.ca().caCertificate().getPublicKey());
        // the person saw: login, the request (renewal of the old certificate), its PIN, the import, the new login
        assertThat(person.shown()).extracting(ScriptedPrompter.Shown::dialog)
                .containsSubsequence("picker", "pin", "csr", "pin", "import", "pin", "picker", "pin");
        org.pechatka.prompt.CsrRequest csr = (org.pechatka.prompt.CsrRequest) person.shown("csr").get(0).request();
        assertThat(csr.renewal().certId()).isEqualTo(old);
        assertThat(csr.keyAlgorithm()).isEqualTo("RSA 2048");
        assertThat(person.shown()).extracting(ScriptedPrompter.Shown::origin).containsOnly(portal.origin());
    }

    @Test
    void whenThePortalIsPublicAndLoopbackIsNotAllowed_thenTheSdkReportsTheBrowsersRefusal() throws Exception {
        JsonNode r = flow("public-denied");
        assertThat(r.get("login").asText()).as(r.toString()).isEqualTo("error");
        assertThat(r.get("error").asText()).isEqualTo("PermissionDeniedError");
        assertThat(person.shown()).as("the browser blocked the request before it reached Pechatka").isEmpty();
    }

    @Test
    void whenThePortalIsPublicAndLoopbackIsAllowed_thenTheSameFlowSucceeds() throws Exception {
        JsonNode r = flow("public-granted");
        assertThat(r.get("login").asText()).as(r.toString()).isEqualTo("identity");
        assertThat(r.get("sign").asText()).as(r.toString()).isEqualTo("receipt");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(value = NationalCa.Kind.class, names = {"BIGN", "GOST_256"})
    void whenTheCertificateIsBignOrGost_thenTheSameFlowLogsInAndSigns(NationalCa.Kind kind) throws Exception {
        NationalCa.Leaf leaf = kind == NationalCa.Kind.BIGN ? bign : gost;
        String certId = org.pechatka.token.TokenCertificate.certId(leaf.certificate());
        person = new ScriptedPrompter().choosing(list -> list.stream().filter(c -> c.certId().equals(certId))
                .findFirst().orElse(null));
        JsonNode r = flow("trusted");
        assertThat(r.get("login").asText()).as(r.toString()).isEqualTo("identity");
        String expectedName = kind == NationalCa.Kind.BIGN ? TestSubjects.BY_CITIZEN_FULL_NAME : "Иванов Иван Иванович";
        assertThat(r.get("name").asText()).as(r.toString()).isEqualTo(expectedName);
        assertThat(r.get("sign").asText()).as(r.toString()).isEqualTo("receipt");
        assertThat(r.get("receiptSigner").asText()).contains(expectedName);
        assertThat(person.shown()).extracting(ScriptedPrompter.Shown::dialog)
                .containsSubsequence("picker", "pin", "confirm", "pin");
    }
}
