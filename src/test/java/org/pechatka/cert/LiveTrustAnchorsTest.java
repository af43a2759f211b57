package org.pechatka.cert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.cert.ChainValidation.Status;
import org.pechatka.cert.ChainValidation.Use;

/**
 * {@link LiveTrustAnchors}: a CA added to or removed from the trust store counts at the next call
 * without a restart (user and administrator folders), and an unchanged store is not read again.
 */
class LiveTrustAnchorsTest {

    @TempDir
    Path dir;

    private final TestPki.Ca root = TestPki.root("Live Root CA");
    private final TestPki.Ca sub = TestPki.intermediate(root, "Live Issuing CA");
    private final X509Certificate person = TestPki.leaf(sub, "Live Person");

    private TrustStore store() {
        return TrustStore.forDataDir(dir.resolve("data"), dir.resolve("admin"));
    }

    private Status status(LiveTrustAnchors live) {
        return live.get().validate(person, List.of(), TestPki.NOW, Use.ANY).status();
    }

    @Test
    void aRootAddedOrRemovedCountsAtTheNextCall() throws Exception {
        TrustStore store = store();
        LiveTrustAnchors live = new LiveTrustAnchors(store, List.of(), Duration.ofSeconds(1), Clock.systemUTC());
        assertThat(status(live)).isNotEqualTo(Status.VALID);

        store.add(TrustStore.pem(root.certificate()));
        store.add(TrustStore.pem(sub.certificate()));
        assertThat(status(live)).isEqualTo(Status.VALID);

        store.remove(TrustStore.certId(root.certificate()));
        assertThat(status(live)).isNotEqualTo(Status.VALID);
        assertThat(live.get().anchors()).doesNotContain(root.certificate());
    }

    @Test
    void anUnchangedStoreGivesTheSameAnchors() throws Exception {
        TrustStore store = store();
        store.add(TrustStore.pem(root.certificate()));
        LiveTrustAnchors live = new LiveTrustAnchors(store, List.of(), Duration.ofSeconds(1), Clock.systemUTC());
        TrustAnchors first = live.get();
        assertThat(live.get()).isSameAs(first);
        assertThat(first.anchors()).containsExactly(root.certificate());
    }

    @Test
    void theAdministratorsFolderIsWatchedToo() throws Exception {
        TrustStore store = store();
        LiveTrustAnchors live = new LiveTrustAnchors(store, List.of(sub.certificate()), Duration.ofSeconds(1),
                Clock.systemUTC());
        assertThat(live.get().anchors()).containsExactly(sub.certificate());
        Files.createDirectories(dir.resolve("admin"));
        Files.write(dir.resolve("admin/root.pem"), TrustStore.pem(root.certificate()));
        assertThat(live.get().anchors()).containsExactlyInAnyOrder(sub.certificate(), root.certificate());
    }
}
