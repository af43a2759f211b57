package org.pechatka.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pechatka.config.AdminPolicy;
import org.pechatka.desktop.TrustedSites;
import org.pechatka.testing.DelegatingPrompter;
import org.pechatka.testing.Endpoint;
import org.pechatka.testing.ScriptedPrompter;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.pkcs11.ModuleDiscovery;

/**
 * Trusted sites changed in Settings act on the running endpoint at once, with no restart: a site
 * added is accepted on its next connection; a site removed loses its open connections (1008), even
 * one waiting in a dialog, is refused on its next connection, and the certificates it was given
 * are forgotten. The real endpoint (Jetty, TLS, SoftHSM2 token) and the real Settings adapters.
 */
class LiveTrustedSitesTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    private static final String SITE = "https://new-portal.test";

    private static Endpoint endpoint;
    private static volatile ScriptedPrompter person = new ScriptedPrompter();
    private static TrustedSites sites;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory(HSM.hsm().dir(), "data");
        endpoint = Endpoint.start(data, List.of(HSM.provider()), new DelegatingPrompter(() -> person),
                new Endpoint.Options(List.of(), 16 * 1024 * 1024, 32, 4, Duration.ofSeconds(120), true,
                        java.time.Clock.systemUTC(), List.of(HSM.ca().caCertificate())));
        DesktopSettings settings = new DesktopSettings(new DesktopSettings.Config(
                Files.createTempDirectory(HSM.hsm().dir(), "config"), AdminPolicy.defaults(), endpoint.origins(),
                endpoint.grants(), List.of(), new ModuleDiscovery(ModuleDiscovery.Settings.system()), null,
                HSM.hsm().dir().resolve("logs")));
        sites = settings.sites();
    }

    @AfterAll
    static void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private static void assertRefused(String origin) {
        assertThatThrownBy(() -> endpoint.connect(origin)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
    }

    @Test
    void whenASiteIsAddedAndRemoved_thenTheEndpointFollowsAtOnceAndItsGrantsAreForgotten() throws Exception {
        assertRefused(SITE);

        assertThat(sites.add(SITE)).isEmpty();
        String certId = TokenCertificate.certId(HSM.key("ec").certificate());
        person = new ScriptedPrompter().choosing(l -> l.stream().filter(c -> c.certId().equals(certId)).findFirst()
                .orElse(null));
        Endpoint.Client client = endpoint.connect(SITE);
        JsonNode selected = client.call("certificates.select", Map.of("purpose", "sign"));
        assertThat(selected.get("result").get("certId").asText()).isEqualTo(certId);
        assertThat(endpoint.grants().allowed(SITE, certId)).isTrue();

        assertThat(sites.remove(SITE)).isEmpty();
        assertThat(client.closed().get(10, TimeUnit.SECONDS)).as("closed as a policy violation").isEqualTo(1008);
        assertThat(endpoint.grants().allowed(SITE, certId)).isFalse();
        assertRefused(SITE);
        for (int i = 0; i < 100 && endpoint.server().openConnections() > 0; i++) {
            Thread.sleep(20);
        }
        assertThat(endpoint.server().openConnections()).isZero();

        // trusted again later: it must ask for the certificate again
        assertThat(sites.add(SITE)).isEmpty();
        try (Endpoint.Client again = endpoint.connect(SITE)) {
            JsonNode refused = again.call("sign.cms", Map.of("certId", certId, "documentName", "zayava.txt",
                    "data", "AAAA"));
            assertThat(refused.get("error").get("code").asInt()).isEqualTo(4001);
        }
        assertThat(sites.remove(SITE)).isEmpty();
    }

    @Test
    void whenASiteIsRemovedWhileItsDialogIsOpen_thenTheDialogIsAbortedAndTheConnectionClosed() throws Exception {
        assertThat(sites.add("https://waiting.test")).isEmpty();
        person = new ScriptedPrompter().holdingPicker();
        ScriptedPrompter waiting = person;
        Endpoint.Client client = endpoint.connect("https://waiting.test");
        CompletableFuture<JsonNode> pending = client.callAsync("certificates.select", Map.of("purpose", "auth"));
        assertThat(waiting.awaitPicker(10)).as("the picker is open").isTrue();

        assertThat(sites.remove("https://waiting.test")).isEmpty();
        assertThat(client.closed().get(10, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        waiting.release();
        assertRefused("https://waiting.test");
    }

    @Test
    void whenAnotherSiteIsRemoved_thenConnectionsOfSitesStillTrustedStayOpen() throws Exception {
        assertThat(sites.add("https://stays.test")).isEmpty();
        assertThat(sites.add("https://goes.test")).isEmpty();
        try (Endpoint.Client stays = endpoint.connect("https://stays.test")) {
            assertThat(sites.remove("https://goes.test")).isEmpty();
            JsonNode info = stays.call("app.info", null);
            assertThat(info.get("result").get("name").asText()).isEqualTo("Pechatka");
            assertThat(stays.closed()).isNotDone();
        }
        assertThat(sites.remove("https://stays.test")).isEmpty();
    }
}
