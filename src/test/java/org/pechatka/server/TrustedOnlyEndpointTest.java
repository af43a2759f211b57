package org.pechatka.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pechatka.cert.ChainValidation;
import org.pechatka.cert.CrlRevocation;
import org.pechatka.crypto.Bc;
import org.pechatka.prompt.CertificateChoice;
import org.pechatka.testing.DelegatingPrompter;
import org.pechatka.testing.Endpoint;
import org.pechatka.testing.ScriptedPrompter;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.testing.TestCa;
import org.pechatka.token.TokenCertificate;

/**
 * {@code certificates.select} with {@code trustedOnly} over the real endpoint and a SoftHSM2 token:
 * the trust store and its CRL decide what the picker offers, and every offered row carries the
 * status the picker shows.
 */
class TrustedOnlyEndpointTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    /** Starts an endpoint whose trust store has {@code roots} and, when given, a CRL revoking {@code revoked}. */
    private static Endpoint endpoint(ScriptedPrompter[] person, List<X509Certificate> roots, X509Certificate revoked)
            throws Exception {
        Path data = Files.createTempDirectory(HSM.hsm().dir(), "data");
        Endpoint.Options options = Endpoint.Options.defaults().withTrustAnchors(roots);
        if (revoked != null) {
            options = options.withRevocation(new CrlRevocation(List.of(crlRevoking(HSM.ca(), revoked)), List.of(),
                    Duration.ofSeconds(1), Clock.systemUTC()));
        }
        return Endpoint.start(data, List.of(HSM.provider()), new DelegatingPrompter(() -> person[0]), options);
    }

    private static X509CRL crlRevoking(TestCa ca, X509Certificate revoked) throws Exception {
        Instant now = Instant.now();
        X509v2CRLBuilder b = new X509v2CRLBuilder(new X509CertificateHolder(ca.caCertificate().getEncoded())
                .getSubject(), Date.from(now.minus(Duration.ofHours(1))));
        b.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
        b.addCRLEntry(revoked.getSerialNumber(), Date.from(now.minus(Duration.ofHours(1))), CRLReason.keyCompromise);
        return CrlRevocation.readCrl(b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Bc.PROVIDER)
                .build(ca.caPrivateKey())).getEncoded());
    }

    /** Calls certificates.select; returns what the picker offered (the person takes {@code take}, or cancels). */
    private static List<CertificateChoice> select(Endpoint endpoint, ScriptedPrompter[] person, boolean trustedOnly,
            String take, List<JsonNode> responses) throws Exception {
        List<CertificateChoice> offered = new ArrayList<>();
        String certId = take == null ? null : TokenCertificate.certId(HSM.key(take).certificate());
        person[0] = new ScriptedPrompter().choosing(list -> {
            offered.addAll(list);
            return list.stream().filter(c -> c.certId().equals(certId)).findFirst().orElse(null);
        });
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            responses.add(c.call("certificates.select", Map.of("purpose", "sign",
                    "filter", Map.of("trustedOnly", trustedOnly))));
        }
        return offered;
    }

    private static String id(String key) {
        return TokenCertificate.certId(HSM.key(key).certificate());
    }

    @Test
    void whenTheStoreTrustsTheCaAndItsCrlRevokesOne_thenTrustedOnlyLeavesTheRevokedOneOut() throws Exception {
        ScriptedPrompter[] person = new ScriptedPrompter[1];
        X509Certificate revoked = HSM.key("ec").certificate();
        try (Endpoint e = endpoint(person, List.of(HSM.ca().caCertificate()), revoked)) {
            List<JsonNode> responses = new ArrayList<>();
            List<CertificateChoice> trusted = select(e, person, true, "rsa", responses);
            assertThat(trusted).extracting(CertificateChoice::certId).contains(id("rsa")).doesNotContain(id("ec"));
            assertThat(trusted).extracting(CertificateChoice::chain).containsOnly(ChainValidation.Status.VALID);
            assertThat(responses.get(0).has("result")).as(responses.get(0).toString()).isTrue();
            assertThat(responses.get(0).get("result").get("certId").asText()).isEqualTo(id("rsa"));

            List<CertificateChoice> all = select(e, person, false, "rsa", responses);
            assertThat(all).filteredOn(c -> c.certId().equals(id("ec"))).singleElement()
                    .extracting(CertificateChoice::chain).isEqualTo(ChainValidation.Status.REVOKED);
            assertThat(all).filteredOn(c -> c.certId().equals(id("rsa"))).singleElement()
                    .extracting(CertificateChoice::chain).isEqualTo(ChainValidation.Status.VALID);
        }
    }

    @Test
    void whenTheStoreHoldsAnotherRoot_thenTrustedOnlyOffersNothingAndTheRowsSayWhy() throws Exception {
        ScriptedPrompter[] person = new ScriptedPrompter[1];
        try (Endpoint e = endpoint(person, List.of(TestCa.create("Another Root").caCertificate()), null)) {
            List<JsonNode> responses = new ArrayList<>();
            assertThat(select(e, person, true, "rsa", responses)).isEmpty();
            assertThat(responses.get(0).get("error").get("code").asInt()).isEqualTo(1001); // USER_CANCELLED
            List<CertificateChoice> all = select(e, person, false, "rsa", responses);
            assertThat(all).isNotEmpty();
            assertThat(all).extracting(CertificateChoice::chain).doesNotContain(ChainValidation.Status.VALID)
                    .doesNotContainNull();
        }
    }

    @Test
    void whenTheStoreIsEmpty_thenNothingIsCheckedAndTrustedOnlyOffersNothing() throws Exception {
        ScriptedPrompter[] person = new ScriptedPrompter[1];
        try (Endpoint e = endpoint(person, List.of(), null)) {
            List<JsonNode> responses = new ArrayList<>();
            List<CertificateChoice> all = select(e, person, false, "rsa", responses);
            assertThat(all).isNotEmpty().extracting(CertificateChoice::chain).containsOnlyNulls();
            assertThat(select(e, person, true, "rsa", responses)).isEmpty();
        }
    }
}
