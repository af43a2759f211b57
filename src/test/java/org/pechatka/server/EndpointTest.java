package org.pechatka.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pechatka.cert.PersonalAttribute;
import org.pechatka.crypto.Bc;
import org.pechatka.prompt.ConsentRequest;
import org.pechatka.prompt.PickerRequest;
import org.pechatka.prompt.SigningRequest;
import org.pechatka.testing.DelegatingPrompter;
import org.pechatka.testing.Endpoint;
import org.pechatka.testing.ScriptedPrompter;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.testing.TestSubjects;

/**
 * Every method of protocol v1 over the real endpoint: Jetty with TLS, the protocol service, the
 * token layer over a SoftHSM2 token, a scripted person at the dialogs.
 */
class EndpointTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    private static final String OTHER = "https://other.test";
    private static final String NONCE = Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'n');

    private static Endpoint endpoint;
    private static ScriptedPrompter person;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory(HSM.hsm().dir(), "data");
        person = new ScriptedPrompter();
        endpoint = Endpoint.start(data, List.of(HSM.provider()), new DelegatingPrompter(() -> person),
                new Endpoint.Options(List.of(Endpoint.PORTAL, OTHER), 16 * 1024 * 1024, 32, 4,
                        java.time.Duration.ofSeconds(120), true, java.time.Clock.systemUTC(),
                        List.of(HSM.ca().caCertificate())));
    }

    @AfterAll
    static void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @BeforeEach
    void freshPerson() {
        // by default the person takes the "ec" certificate: never the "mismatched" one, which one
        // test relies on the portal never having been given
        String ec = org.pechatka.token.TokenCertificate.certId(HSM.key("ec").certificate());
        person = new ScriptedPrompter().choosing(list -> list.stream().filter(c -> c.certId().equals(ec))
                .findFirst().orElse(null));
    }

    private static JsonNode result(JsonNode response) {
        assertThat(response.has("error")).as(response.toString()).isFalse();
        return response.get("result");
    }

    private static JsonNode error(JsonNode response) {
        assertThat(response.has("error")).as(response.toString()).isTrue();
        return response.get("error");
    }

    /** Selects the certificate of a fixture key for the portal, as a person would. */
    private static JsonNode select(Endpoint.Client client, String key, String purpose, List<String> attributes)
            throws Exception {
        String certId = org.pechatka.token.TokenCertificate.certId(HSM.key(key).certificate());
        person.choosing(list -> list.stream().filter(c -> c.certId().equals(certId)).findFirst().orElse(null));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("purpose", purpose);
        if (attributes != null) {
            params.put("attributes", attributes);
        }
        return client.call("certificates.select", params);
    }

    @Test
    void whenAskingForInfo_thenNameVersionProtocolAndMethods() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            JsonNode info = result(c.call("app.info", null));
            assertThat(info.get("name").asText()).isEqualTo("Pechatka");
            assertThat(info.get("protocol").asInt()).isEqualTo(1);
            assertThat(info.get("version").asText()).isEqualTo("0.1.0-test");
            assertThat(info.get("capabilities")).extracting(JsonNode::asText).containsExactlyInAnyOrder("app.info",
                    "tokens.list", "certificates.select", "auth.authenticate", "sign.cms", "sign.hash", "sign.batch",
                    "csr.create", "cert.import");
        }
    }

    @Test
    void whenListingTokens_thenEachSiteSeesItsOwnIdAndNoSerial() throws Exception {
        JsonNode a;
        JsonNode b;
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            a = result(c.call("tokens.list", Map.of())).get("tokens");
        }
        try (Endpoint.Client c = endpoint.connect(OTHER)) {
            b = result(c.call("tokens.list", null)).get("tokens");
        }
        assertThat(a).hasSize(1);
        JsonNode t = a.get(0);
        assertThat(t.get("label").asText()).isEqualTo("Pechatka Test");
        assertThat(t.get("manufacturer").asText()).isEqualTo("SoftHSM project");
        assertThat(t.get("present").asBoolean()).isTrue();
        assertThat(t.get("loginRequired").asBoolean()).isTrue();
        assertThat(t.get("pin").get("locked").asBoolean()).isFalse();
        assertThat(t.has("serialNumber")).isFalse();
        assertThat(t.toString()).doesNotContain(HSM.provider().tokens().get(0).info().serialNumber());
        assertThat(t.get("tokenId").asText()).hasSize(32).isNotEqualTo(b.get(0).get("tokenId").asText());
        // stable for one site
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            assertThat(result(c.call("tokens.list", null)).get("tokens").get(0).get("tokenId").asText())
                    .isEqualTo(t.get("tokenId").asText());
        }
    }

    @Test
    void whenSelectingWithAttributes_thenConsentShowsValuesAndResultCarriesThem() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            JsonNode r = result(select(c, "rsa", "auth", List.of("fullName", "personalNumber", "unp")));
            X509Certificate cert = HSM.key("rsa").certificate();
            assertThat(r.get("certificate").asText()).isEqualTo(Base64.getEncoder().encodeToString(cert.getEncoded()));
            assertThat(r.get("certId").asText()).isEqualTo(org.pechatka.token.TokenCertificate.certId(cert));
            assertThat(r.get("chain")).hasSize(1);
            assertThat(r.get("chain").get(0).asText()).isEqualTo(
                    Base64.getEncoder().encodeToString(HSM.ca().caCertificate().getEncoded()));
            assertThat(r.get("attributes").get("fullName").asText()).isEqualTo(TestSubjects.BY_CITIZEN_FULL_NAME);
            assertThat(r.get("attributes").get("personalNumber").asText()).isEqualTo(TestSubjects.BY_PERSONAL_NUMBER);
            assertThat(r.get("attributes").has("unp")).isFalse(); // the certificate lacks it: omitted
            assertThat(r.get("tokenId").asText()).hasSize(32);
        }
        assertThat(person.shown("picker")).singleElement().satisfies(s -> {
            assertThat(s.origin()).isEqualTo(Endpoint.PORTAL);
            assertThat(((PickerRequest) s.request()).purpose()).isEqualTo(PickerRequest.Purpose.AUTH);
        });
        ConsentRequest consent = (ConsentRequest) person.shown("consent").get(0).request();
        assertThat(consent.attributes()).containsEntry(PersonalAttribute.PERSONAL_NUMBER,
                TestSubjects.BY_PERSONAL_NUMBER);
        assertThat(consent.missing()).containsExactly(PersonalAttribute.UNP);
    }

    @Test
    void whenThePersonRefusesConsentOrCancelsThePicker_thenUserCancelled() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            person.refusingConsent();
            JsonNode e = error(select(c, "ec", "auth", List.of("fullName")));
            assertThat(e.get("code").asInt()).isEqualTo(1001);
            assertThat(e.get("data").get("reason").asText()).isEqualTo("USER_CANCELLED");
            person = new ScriptedPrompter().choosing(list -> null);
            assertThat(error(c.call("certificates.select", Map.of("purpose", "sign"))).get("code").asInt())
                    .isEqualTo(1001);
        }
    }

    @Test
    void whenAuthenticating_thenTheTokenIsBoundToTheConnectionsOrigin() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            String certId = org.pechatka.token.TokenCertificate.certId(HSM.key("ec").certificate());
            person.choosing(list -> list.stream().filter(x -> x.certId().equals(certId)).findFirst().orElseThrow());
            JsonNode r = result(c.call("auth.authenticate", Map.of("challengeNonce", NONCE,
                    "attributes", List.of("fullName", "inn"))));
            JsonNode token = r.get("authToken");
            assertThat(token.get("format").asText()).isEqualTo("web-eid:1.0");
            assertThat(token.get("algorithm").asText()).isEqualTo("ES256");
            assertThat(token.get("appVersion").asText()).isEqualTo("https://pechatka.org/releases/0.1.0-test");
            byte[] der = Base64.getDecoder().decode(token.get("unverifiedCertificate").asText());
            assertThat(der).isEqualTo(HSM.key("ec").certificate().getEncoded());
            byte[] sig = Base64.getDecoder().decode(token.get("signature").asText());
            assertThat(sig).hasSize(64);
            assertThat(verify(HSM.key("ec").certificate(), Endpoint.PORTAL, NONCE, sig)).isTrue();
            assertThat(verify(HSM.key("ec").certificate(), "https://portal2.test", NONCE, sig)).isFalse();
            assertThat(verify(HSM.key("ec").certificate(), Endpoint.PORTAL, NONCE + "x", sig)).isFalse();
            assertThat(r.get("attributes").get("inn").asText()).isEqualTo(TestSubjects.RU_CITIZEN_INN);
        }
        assertThat(person.shown("pin")).hasSize(1);
    }

    private static boolean verify(X509Certificate cert, String origin, String nonce, byte[] raw) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] message = concat(sha.digest(origin.getBytes(StandardCharsets.US_ASCII)),
                sha.digest(nonce.getBytes(StandardCharsets.US_ASCII)));
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initVerify(cert.getPublicKey());
        s.update(message);
        return s.verify(raw);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void whenTheNonceIsTooShortOrTooLong_thenInvalidParamsWithoutAnyDialog() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            for (String nonce : List.of("a".repeat(43), "a".repeat(129))) {
                JsonNode e = error(c.call("auth.authenticate", Map.of("challengeNonce", nonce)));
                assertThat(e.get("code").asInt()).isEqualTo(-32602);
            }
        }
        assertThat(person.shown()).isEmpty();
    }

    @Test
    void whenSigningCms_thenTheSignatureVerifiesAndTheDialogShowedTheDocument() throws Exception {
        byte[] document = "Заява на атрыманне даведкі".getBytes(StandardCharsets.UTF_8);
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            String certId = result(select(c, "ec384", "sign", null)).get("certId").asText();
            JsonNode r = result(c.call("sign.cms", Map.of("certId", certId, "documentName", "zayava.txt",
                    "description", "Заява для дэманстрацыі", "data", Base64.getEncoder().encodeToString(document))));
            assertThat(r.get("signatureAlgorithm").asText()).isEqualTo("SHA384withECDSA");
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(document),
                    Base64.getDecoder().decode(r.get("cms").asText()));
            SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
            assertThat(signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.PROVIDER)
                    .build(HSM.key("ec384").certificate()))).isTrue();
            assertThat(cms.getSignedContent()).isNotNull(); // the detached content supplied for verification

            JsonNode attached = result(c.call("sign.cms", Map.of("certId", certId, "documentName", "zayava.txt",
                    "detached", false, "data", Base64.getEncoder().encodeToString(document))));
            CMSSignedData att = new CMSSignedData(Base64.getDecoder().decode(attached.get("cms").asText()));
            assertThat((byte[]) att.getSignedContent().getContent()).isEqualTo(document);

            byte[] hash = MessageDigest.getInstance("SHA-256").digest(document);
            JsonNode fromHash = result(c.call("sign.cms", Map.of("certId", certId, "documentName", "zayava.txt",
                    "hash", Base64.getEncoder().encodeToString(hash), "hashAlgorithm", "SHA-256")));
            CMSSignedData h = new CMSSignedData(new CMSProcessableByteArray(document),
                    Base64.getDecoder().decode(fromHash.get("cms").asText()));
            assertThat(h.getSignerInfos().getSigners().iterator().next().verify(new JcaSimpleSignerInfoVerifierBuilder()
                    .setProvider(Bc.PROVIDER).build(HSM.key("ec384").certificate()))).isTrue();
        }
        List<ScriptedPrompter.Shown> confirms = person.shown("confirm");
        assertThat(confirms).hasSize(3);
        SigningRequest first = (SigningRequest) confirms.get(0).request();
        assertThat(confirms.get(0).origin()).isEqualTo(Endpoint.PORTAL);
        assertThat(first.description()).isEqualTo("Заява для дэманстрацыі");
        assertThat(first.documents()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("zayava.txt");
            assertThat(d.size()).isEqualTo(document.length);
            assertThat(d.fingerprint()).startsWith("SHA-256 ");
        });
        assertThat(((SigningRequest) confirms.get(2).request()).documents().get(0).size()).isEqualTo(-1);
    }

    @Test
    void whenACertificateWasNotGivenToThisSite_thenKeyNotFoundLikeAnUnknownOne() throws Exception {
        String certId;
        try (Endpoint.Client c = endpoint.connect(OTHER)) {
            // a certificate no test gives to the portal
            certId = result(select(c, "mismatched", "sign", null)).get("certId").asText();
        }
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            // a certificate of another site, and one that does not exist: the same answer
            for (String id : List.of(certId, "0".repeat(64))) {
                JsonNode e = error(c.call("sign.cms", Map.of("certId", id, "documentName", "x",
                        "data", "AAAA")));
                assertThat(e.get("code").asInt()).isEqualTo(4001);
                assertThat(e.get("message").asText()).isEqualTo("Unknown certificate");
            }
        }
    }

    @Test
    void whenSigningAHashWithALoginCapableCertificate_thenRefused() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            String certId = result(select(c, "ec", "sign", null)).get("certId").asText();
            JsonNode e = error(c.call("sign.hash", Map.of("certId", certId, "documentName", "x",
                    "hash", Base64.getEncoder().encodeToString(new byte[32]), "hashAlgorithm", "SHA-256")));
            assertThat(e.get("code").asInt()).isEqualTo(4004);
            assertThat(e.get("data").get("reason").asText()).isEqualTo("OPERATION_NOT_ALLOWED");
        }
        assertThat(person.shown("confirm")).isEmpty();
    }

    @Test
    void whenSigningABatch_thenOneConfirmationOnePinAndEveryResultInOrder() throws Exception {
        List<byte[]> docs = List.of("адзін".getBytes(StandardCharsets.UTF_8), "два".getBytes(StandardCharsets.UTF_8),
                "three".getBytes(StandardCharsets.UTF_8));
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            String certId = result(select(c, "rsa", "sign", null)).get("certId").asText();
            List<Map<String, Object>> items = new java.util.ArrayList<>();
            for (int i = 0; i < docs.size(); i++) {
                items.add(Map.of("documentName", "doc-" + i, "data", Base64.getEncoder().encodeToString(docs.get(i))));
            }
            JsonNode r = result(c.call("sign.batch", Map.of("certId", certId, "items", items)));
            assertThat(r.get("results")).hasSize(3);
            for (int i = 0; i < docs.size(); i++) {
                CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(docs.get(i)),
                        Base64.getDecoder().decode(r.get("results").get(i).get("cms").asText()));
                assertThat(cms.getSignerInfos().getSigners().iterator().next().verify(
                        new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.PROVIDER)
                                .build(HSM.key("rsa").certificate()))).as("item %d", i).isTrue();
            }
        }
        assertThat(person.shown("confirm")).singleElement()
                .satisfies(s -> assertThat(((SigningRequest) s.request()).documents()).hasSize(3));
        assertThat(person.shown("pin")).hasSize(1);
    }

    @Test
    void whenAnotherDialogIsOpen_thenActionPendingForEveryConnection() throws Exception {
        person.holdingPicker();
        try (Endpoint.Client a = endpoint.connect(Endpoint.PORTAL); Endpoint.Client b = endpoint.connect(OTHER)) {
            CompletableFuture<JsonNode> first = a.callAsync("certificates.select", Map.of("purpose", "auth"));
            assertThat(person.awaitPicker(10)).isTrue();
            JsonNode e = error(b.call("certificates.select", Map.of("purpose", "sign")));
            assertThat(e.get("code").asInt()).isEqualTo(1004);
            JsonNode e2 = error(a.call("auth.authenticate", Map.of("challengeNonce", NONCE)));
            assertThat(e2.get("code").asInt()).isEqualTo(1004);
            // a request without the person is still answered
            assertThat(result(b.call("app.info", null)).get("name").asText()).isEqualTo("Pechatka");
            person.release();
            assertThat(result(first.get(30, TimeUnit.SECONDS)).get("certId").asText()).hasSize(64);
        }
    }

    @Test
    void whenThePageGoesAwayDuringADialog_thenTheDialogClosesAndTheNextRequestRuns() throws Exception {
        person.holdingPicker();
        Endpoint.Client a = endpoint.connect(Endpoint.PORTAL);
        a.callAsync("certificates.select", Map.of("purpose", "auth"));
        assertThat(person.awaitPicker(10)).isTrue();
        a.close();
        // the aborted picker returns; the gate is free again
        freshPerson();
        try (Endpoint.Client b = endpoint.connect(Endpoint.PORTAL)) {
            JsonNode r = null;
            for (int i = 0; i < 50; i++) {
                // "ec", not the first usable one: SoftHSM2 lists objects in no fixed order, and another
                // test relies on the portal never being given the "mismatched" certificate
                r = select(b, "ec", "sign", null);
                if (!r.has("error") || r.get("error").get("code").asInt() != 1004) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(result(r).get("certId").asText()).hasSize(64);
        }
    }

    @Test
    void whenTheSelfTestPageAndInfoAreFetched_thenNoPersonalData() throws Exception {
        HttpResponse<String> info = endpoint.http().send(HttpRequest.newBuilder(endpoint.https("/v1/info")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.body()).isEqualTo("{\"name\":\"Pechatka\",\"version\":\"0.1.0-test\",\"protocol\":1}");
        HttpResponse<String> page = endpoint.http().send(HttpRequest.newBuilder(endpoint.https("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Pechatka", "0.1.0-test", "id=\"tokens\">1<", "id=\"trusted\">2<")
                .doesNotContain("Лабадзенка", "PNOBY", "Pechatka Test");
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().contains("default-src 'none'");
    }
}
