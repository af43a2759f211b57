package org.pechatka.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.cert.ChainValidation;
import org.pechatka.cert.LiveTrustAnchors;
import org.pechatka.cert.TrustStore;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.token.TokenRegistry;
import org.pechatka.ui.common.PendingRequests;

/**
 * The app's wiring of the file tools and trust marks: Sign file and Verify file are connected (the
 * Certificates window enables their buttons), and the chain check reads the app's trust store as it
 * is now: unknown root until the CA is added, trusted after.
 */
class FileToolsTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    @TempDir
    Path dataDir;

    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        work.shutdownNow();
    }

    @Test
    void whenWired_thenTheFileToolsAreConnectedAndTheChainFollowsTheTrustStore() throws Exception {
        TrustStore store = TrustStore.forDataDir(dataDir, dataDir.resolve("no-admin"));
        CertificateToolsWiring wiring = new CertificateToolsWiring(new TokenRegistry(List.of(HSM.provider())), dataDir,
                store, new LiveTrustAnchors(store, List.of(), Duration.ofSeconds(3), Clock.systemUTC()), algorithm -> true,
                new PendingRequests(), work, Clock.systemUTC());
        // every button of the Certificates window is connected (a null tool shows disabled), and the reminder's Renew…
        assertThat(wiring.tools().createRequest()).isNotNull();
        assertThat(wiring.tools().importCertificate()).isNotNull();
        assertThat(wiring.tools().signFile()).isNotNull();
        assertThat(wiring.tools().verifyFile()).isNotNull();
        assertThat(wiring.tools().trustStore()).isNotNull();
        assertThat(wiring.renewal()).isNotNull();

        var chains = wiring.chains();
        var leaf = HSM.key("rsa").certificate();
        assertThat(chains.validate(leaf, List.of(HSM.ca().caCertificate())).status())
                .isEqualTo(ChainValidation.Status.UNTRUSTED_ROOT);
        store.add(HSM.ca().caCertificate().getEncoded());
        assertThat(Files.list(dataDir.resolve("trust")).count()).isPositive();
        ChainValidation trusted = chains.validate(leaf, List.of());
        assertThat(trusted.status()).isEqualTo(ChainValidation.Status.VALID);
        assertThat(trusted.path()).containsExactly(leaf, HSM.ca().caCertificate());
    }
}
