package org.pechatka.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pechatka.cert.NameOids;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.prompt.CsrRequest;
import org.pechatka.prompt.ImportRequest;
import org.pechatka.testing.DelegatingPrompter;
import org.pechatka.testing.Endpoint;
import org.pechatka.testing.ScriptedPrompter;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;
import org.pechatka.token.TokenCertificate;

/**
 * {@code csr.create} and {@code cert.import} over the real endpoint and a SoftHSM2 token: the request
 * verified by {@code openssl req -verify} and read field by field, the key found on the token as a
 * private, sensitive, non-extractable object, and the token's other objects left exactly as they were.
 */
class CsrAndImportTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    private static Endpoint endpoint;
    private static ScriptedPrompter person;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory(HSM.hsm().dir(), "work");
        person = new ScriptedPrompter();
        endpoint = Endpoint.start(Files.createTempDirectory(HSM.hsm().dir(), "data"), List.of(HSM.provider()),
                new DelegatingPrompter(() -> person),
                Endpoint.Options.defaults().withTrustAnchors(List.of(HSM.ca().caCertificate())));
    }

    @AfterAll
    static void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @BeforeEach
    void freshPerson() {
        person = new ScriptedPrompter();
    }

    private static JsonNode result(JsonNode response) {
        assertThat(response.has("error")).as(response.toString()).isFalse();
        return response.get("result");
    }

    private static int errorCode(JsonNode response) {
        assertThat(response.has("error")).as(response.toString()).isTrue();
        return response.get("error").get("code").asInt();
    }

    private static List<Map<String, String>> subject(String... typeValue) {
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 0; i < typeValue.length; i += 2) {
            out.add(Map.of("type", typeValue[i], "value", typeValue[i + 1]));
        }
        return out;
    }

    /** The token's objects as pkcs11-tool lists them after login, one block per object. */
    private static List<String> objects() throws Exception {
        String listing = HSM.hsm().pkcs11Tool(true, List.of("--list-objects"));
        List<String> blocks = new ArrayList<>();
        for (String block : listing.split("\n(?=\\S)")) {
            if (block.contains("Object;")) {
                blocks.add(block.strip());
            }
        }
        return blocks;
    }

    private static PKCS10CertificationRequest parse(String pem) throws Exception {
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            return (PKCS10CertificationRequest) p.readObject();
        }
    }

    /** {@code openssl req -verify} accepts the request; returns its text form. */
    private static String opensslVerify(String pem) throws Exception {
        Path file = Files.createTempFile(work, "req", ".pem");
        Files.writeString(file, pem);
        String out = HSM.hsm().run(List.of("openssl", "req", "-in", file.toString(), "-verify", "-noout", "-text"));
        assertThat(out).contains("verify OK");
        return out;
    }

    private static Map<String, Object> csrParams(String keyAlgorithm) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("keyAlgorithm", keyAlgorithm);
        return p;
    }

    @Test
    void whenCreatingANewRequest_thenTheKeyIsMadeOnTheTokenAndTheRequestHasTheSubjectInOrder() throws Exception {
        List<String> before = objects();
        Map<String, Object> params = csrParams("EC-P256");
        params.put("subject", subject("CN", "ALES LABADZENKA", "SN", TestSubjects.BY_CITIZEN_SURNAME,
                "G", TestSubjects.BY_CITIZEN_GIVEN_NAME, "SERIALNUMBER", "PNOBY-" + TestSubjects.BY_PERSONAL_NUMBER,
                "C", "BY", "L", "Мінск"));
        params.put("challengePassword", "/EPWD:0A1B2C/INFO:renewal");
        params.put("label", "my new key");
        JsonNode r;
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            r = result(c.call("csr.create", params));
        }
        String pem = r.get("csr").asText();
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        String text = opensslVerify(pem);
        assertThat(text).contains("prime256v1").contains("challengePassword");

        PKCS10CertificationRequest req = parse(pem);
        RDN[] rdns = req.getSubject().getRDNs();
        assertThat(rdns).extracting(rdn -> rdn.getFirst().getType()).containsExactly(NameOids.COMMON_NAME,
                NameOids.SURNAME, NameOids.GIVEN_NAME, NameOids.SERIAL_NUMBER, NameOids.COUNTRY, NameOids.LOCALITY);
        assertThat(rdns[1].getFirst().getValue().toString()).isEqualTo(TestSubjects.BY_CITIZEN_SURNAME);
        Attribute[] challenge = req.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_challengePassword);
        assertThat(challenge).hasSize(1);
        assertThat(challenge[0].getAttrValues().getObjectAt(0)).isInstanceOf(DERUTF8String.class);
        assertThat(challenge[0].getAttrValues().getObjectAt(0).toString()).isEqualTo("/EPWD:0A1B2C/INFO:renewal");
        assertThat(KeyInfo.of(req.getSubjectPublicKeyInfo()).protocolName()).isEqualTo("EC-P256");

        // the person saw the token, the key and the subject in order
        CsrRequest shown = (CsrRequest) person.shown("csr").get(0).request();
        assertThat(shown.keyAlgorithm()).isEqualTo("EC P-256");
        assertThat(shown.tokenLabel()).isEqualTo(HSM.hsm().label());
        assertThat(shown.subject()).extracting(CsrRequest.SubjectLine::type)
                .containsExactly("CN", "SN", "G", "SERIALNUMBER", "C", "L");
        assertThat(shown.challengePassword()).isTrue();
        assertThat(shown.renewal()).isNull();
        assertThat(person.shown("pin")).hasSize(1);

        // the key: on the token under the returned CKA_ID, private, sensitive, never extractable
        String keyId = r.get("keyId").asText();
        assertThat(keyId).matches("[0-9a-f]{32}");
        List<String> after = objects();
        assertThat(after).containsAll(before);
        List<String> added = after.stream().filter(o -> !before.contains(o)).toList();
        assertThat(added).hasSize(2);
        String privateKey = added.stream().filter(o -> o.startsWith("Private Key Object")).findFirst().orElseThrow();
        assertThat(privateKey).contains("ID:         " + keyId).contains("label:      my new key")
                .contains("sensitive").contains("never extractable");
        assertThat(added).anyMatch(o -> o.startsWith("Public Key Object") && o.contains(keyId));
        String withoutLogin = HSM.hsm().pkcs11Tool(false, List.of("--list-objects"));
        assertThat(withoutLogin).as("CKA_PRIVATE: hidden without login")
                .doesNotContain("Private Key Object; EC\n  label:      my new key");
    }

    @Test
    void whenRenewing_thenTheSubjectIsCopiedByteForByteFromTheCurrentCertificate() throws Exception {
        X509Certificate current = HSM.key("rsa").certificate();
        String certId = TokenCertificate.certId(current);
        List<String> before = objects();
        JsonNode r;
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            person.choosing(list -> list.stream().filter(x -> x.certId().equals(certId)).findFirst().orElse(null));
            result(c.call("certificates.select", Map.of("purpose", "auth")));
            Map<String, Object> params = csrParams("RSA-2048");
            params.put("renewOf", certId);
            r = result(c.call("csr.create", params));
        }
        String pem = r.get("csr").asText();
        assertThat(opensslVerify(pem)).contains("2048 bit");
        PKCS10CertificationRequest req = parse(pem);
        assertThat(req.getSubject().getEncoded()).isEqualTo(current.getSubjectX500Principal().getEncoded());
        assertThat(req.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_challengePassword)).isEmpty();
        assertThat(SubjectPublicKeyInfo.getInstance(current.getPublicKey().getEncoded()))
                .isNotEqualTo(req.getSubjectPublicKeyInfo());
        CsrRequest shown = (CsrRequest) person.shown("csr").get(0).request();
        assertThat(shown.renewal().certId()).isEqualTo(certId);
        List<String> after = objects();
        assertThat(after).containsAll(before);
        assertThat(after).hasSize(before.size() + 2);
    }

    @Test
    void whenRenewingACertificateNotGivenToTheSite_thenKeyNotFoundAndNothingAsked() throws Exception {
        String certId = TokenCertificate.certId(HSM.key("ec384").certificate());
        Map<String, Object> params = csrParams("EC-P384");
        params.put("renewOf", certId);
        try (Endpoint.Client c = endpoint.connect("https://portal.test")) {
            assertThat(errorCode(c.call("csr.create", params))).isEqualTo(4001);
        }
        assertThat(person.shown()).isEmpty();
    }

    @Test
    void whenTheParamsAreWrong_thenInvalidParams() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            assertThat(errorCode(c.call("csr.create", Map.of("keyAlgorithm", "DSA-1024",
                    "subject", subject("CN", "x"))))).isEqualTo(-32602);
            assertThat(errorCode(c.call("csr.create", Map.of("keyAlgorithm", "EC-P256")))).isEqualTo(-32602);
            assertThat(errorCode(c.call("csr.create", Map.of("keyAlgorithm", "EC-P256",
                    "subject", subject("NOPE", "x"))))).isEqualTo(-32602);
            assertThat(errorCode(c.call("csr.create", Map.of("keyAlgorithm", "EC-P256",
                    "subject", subject("CN", "a\u202Eb"))))).isEqualTo(-32602);
        }
        assertThat(person.shown()).isEmpty();
    }

    @Test
    void whenThePersonCancels_thenUserCancelledAndNoKeyIsMade() throws Exception {
        person.cancellingSigning();
        List<String> before = objects();
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            assertThat(errorCode(c.call("csr.create", Map.of("keyAlgorithm", "EC-P256",
                    "subject", subject("CN", "Cancelled"))))).isEqualTo(1001);
        }
        assertThat(objects()).isEqualTo(before);
    }

    // ---- cert.import ---------------------------------------------------------------------------------

    /** A new key and request through csr.create; returns the request. */
    private static PKCS10CertificationRequest newRequest(Endpoint.Client c, String cn) throws Exception {
        JsonNode r = result(c.call("csr.create", Map.of("keyAlgorithm", "EC-P256", "subject", subject("CN", cn))));
        return parse(r.get("csr").asText());
    }

    private static String b64(X509Certificate cert) throws Exception {
        return Base64.getEncoder().encodeToString(cert.getEncoded());
    }

    @Test
    void whenImportingTheCertificateOfANewKey_thenItIsStoredWithTheKeysIdOnceAndGrantedToTheSite() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            PKCS10CertificationRequest req = newRequest(c, "Imported Person");
            X509Certificate issued = HSM.ca().issue(req.getSubjectPublicKeyInfo(), req.getSubject());
            String certId = TokenCertificate.certId(issued);
            List<String> before = objects();

            JsonNode r = result(c.call("cert.import", Map.of("certificate", b64(issued))));
            assertThat(r.get("certId").asText()).isEqualTo(certId);
            String keyId = r.get("keyId").asText();
            List<String> after = objects();
            assertThat(after).containsAll(before).hasSize(before.size() + 1);
            String stored = after.stream().filter(o -> !before.contains(o)).findFirst().orElseThrow();
            assertThat(stored).startsWith("Certificate Object").contains("ID:         " + keyId)
                    .contains("Imported Person");
            ImportRequest shown = (ImportRequest) person.shown("import").get(0).request();
            assertThat(shown.certificate().certId()).isEqualTo(certId);
            assertThat(shown.caCertificates()).isEmpty();

            // the same certificate again: success, no second copy
            JsonNode again = result(c.call("cert.import", Map.of("certificate",
                    "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(issued.getEncoded())
                            + "\n-----END CERTIFICATE-----\n")));
            assertThat(again.get("certId").asText()).isEqualTo(certId);
            assertThat(objects()).isEqualTo(after);

            // the imported certificate is the site's to use now: it signs with it
            JsonNode signed = c.call("sign.cms", Map.of("certId", certId, "data",
                    Base64.getEncoder().encodeToString("x".getBytes()), "documentName", "x.txt"));
            assertThat(signed.has("error")).as(signed.toString()).isFalse();
        }
    }

    @Test
    void whenImportingAPkcs7Chain_thenTheLeafGoesNextToItsKeyAndTheCaIsNotStoredTwice() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            PKCS10CertificationRequest req = newRequest(c, "Chain Person");
            X509Certificate issued = HSM.ca().issue(req.getSubjectPublicKeyInfo(), req.getSubject());
            // the PKCS#7 holds the leaf and the root that is on the token already
            CMSSignedDataGenerator g = new CMSSignedDataGenerator();
            g.addCertificates(new JcaCertStore(List.of(issued, HSM.ca().caCertificate())));
            byte[] p7 = g.generate(new CMSProcessableByteArray(new byte[0]), false).getEncoded();
            List<String> before = objects();
            JsonNode r = result(c.call("cert.import", Map.of("certificate", Base64.getEncoder().encodeToString(p7))));
            assertThat(r.get("certId").asText()).isEqualTo(TokenCertificate.certId(issued));
            List<String> after = objects();
            assertThat(after).containsAll(before).hasSize(before.size() + 1);
            ImportRequest shown = (ImportRequest) person.shown("import").get(0).request();
            assertThat(shown.caCertificates()).extracting(v -> v.certId())
                    .containsExactly(TokenCertificate.certId(HSM.ca().caCertificate()));
        }
    }

    @Test
    void whenNoKeyMatches_thenKeyNotFoundAndNothingIsWritten() throws Exception {
        X509Certificate foreign = HSM.ca().issue(TestCa.generateKeyPair(TestCa.KeyType.EC_P256).getPublic(),
                new X500Name("CN=Someone Else"));
        List<String> before = objects();
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            assertThat(errorCode(c.call("cert.import", Map.of("certificate", b64(foreign))))).isEqualTo(4001);
        }
        assertThat(objects()).isEqualTo(before);
        assertThat(endpoint.grants().allowed(Endpoint.PORTAL, TokenCertificate.certId(foreign))).isFalse();
    }

    @Test
    void whenTheCertificateDoesNotChainToTheTrustStore_thenCertificateUnusableAndNothingIsWrittenOrAsked()
            throws Exception {
        TestCa stranger = TestCa.create("Stranger CA");
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            PKCS10CertificationRequest req = newRequest(c, "Untrusted Person");
            X509Certificate issued = stranger.issue(req.getSubjectPublicKeyInfo(), req.getSubject());
            person = new ScriptedPrompter();
            List<String> before = objects();
            // even with its CA in the chain: the protocol never adds a CA to the trust store
            assertThat(errorCode(c.call("cert.import", Map.of("certificate", b64(issued),
                    "chain", List.of(b64(stranger.caCertificate())))))).isEqualTo(4002);
            assertThat(objects()).isEqualTo(before);
            assertThat(person.shown()).isEmpty();
        }
    }

    @Test
    void whenTheCertificateIsNotACertificate_thenInvalidParams() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            assertThat(errorCode(c.call("cert.import", Map.of("certificate", "AAAA")))).isEqualTo(-32602);
            assertThat(errorCode(c.call("cert.import", Map.of("certificate", b64(HSM.ca().caCertificate())))))
                    .isEqualTo(-32602);
            assertThat(errorCode(c.call("cert.import", Map.of()))).isEqualTo(-32602);
        }
    }
}
