package org.pechatka.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.desktop.LocalTrust;
import org.pechatka.server.tls.CommandRunner;
import org.pechatka.server.tls.LocalTls;
import org.pechatka.server.tls.TrustStores;

/** The local-trust port over the real certutil and an NSS database in a temporary home. */
class DesktopLocalTrustTest {

    @TempDir
    Path tmp;

    @Test
    void whenTheCaIsNotTrustedAndTheFixRuns_thenEveryStoreTrustsIt() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path db = Files.createDirectories(home.resolve(".pki/nssdb"));
        Process p = new ProcessBuilder("certutil", "-N", "--empty-password", "-d", "sql:" + db).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        LocalTls tls = LocalTls.loadOrCreate(tmp.resolve("data"), Clock.systemUTC());
        LocalTrust trust = new DesktopLocalTrust(new TrustStores(TrustStores.Settings.linuxUser(home,
                tls.caCertificateFile(), TrustStores.nicknameFor(tls.caCertificate())), CommandRunner.system()));

        LocalTrust.Status before = trust.status();
        assertThat(before.state()).isEqualTo(LocalTrust.State.NOT_TRUSTED);
        assertThat(before.stores()).containsExactly(new LocalTrust.Store("Chromium (~/.pki/nssdb)",
                LocalTrust.StoreState.NOT_TRUSTED));
        assertThat(before.details()).singleElement().asString().contains("not installed").contains(db.toString());

        LocalTrust.Status after = trust.install();
        assertThat(after.state()).isEqualTo(LocalTrust.State.TRUSTED);
        assertThat(after.stores()).containsExactly(new LocalTrust.Store("Chromium (~/.pki/nssdb)",
                LocalTrust.StoreState.TRUSTED));
        assertThat(trust.status().state()).isEqualTo(LocalTrust.State.TRUSTED);
    }

    @Test
    void whenNoStoreExists_thenNoStores() throws Exception {
        LocalTls tls = LocalTls.loadOrCreate(tmp.resolve("data"), Clock.systemUTC());
        LocalTrust trust = new DesktopLocalTrust(new TrustStores(TrustStores.Settings.linuxUser(
                Files.createDirectories(tmp.resolve("empty-home")), tls.caCertificateFile(), "Pechatka local CA test"),
                CommandRunner.system()));
        assertThat(trust.status().state()).isEqualTo(LocalTrust.State.NO_STORES);
        assertThat(trust.status().stores()).isEmpty();
    }

    @Test
    void whenSomeStoresTrustIt_thenPartly() {
        assertThat(DesktopLocalTrust.storeState(TrustStores.State.NEEDS_ROOT)).isEqualTo(LocalTrust.StoreState.NEEDS_ADMIN);
        assertThat(DesktopLocalTrust.storeState(TrustStores.State.NO_DATABASE))
                .isEqualTo(LocalTrust.StoreState.NOT_TRUSTED);
        TrustStores.Store a = new TrustStores.Store(TrustStores.Kind.NSS, "Chromium", Path.of("/a"));
        TrustStores.Store b = new TrustStores.Store(TrustStores.Kind.NSS, "Firefox profile x", Path.of("/b"));
        LocalTrust.Status s = DesktopLocalTrust.summarise(java.util.List.of(
                new TrustStores.Report(a, TrustStores.State.TRUSTED, TrustStores.Mark.OK, "trusted"),
                new TrustStores.Report(b, TrustStores.State.NOT_INSTALLED, TrustStores.Mark.PROBLEM, "not installed")));
        assertThat(s.state()).isEqualTo(LocalTrust.State.PARTLY);
    }
}
