package org.pechatka.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.server.tls.CommandRunner;
import org.pechatka.server.tls.TrustStores;
import picocli.CommandLine;

/** {@code pechatka trust}: the real certutil on an NSS database in a temporary home. */
class TrustCommandTest {

    @TempDir
    Path tmp;

    private Path home;
    private Path dataDir;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        dataDir = tmp.resolve("data");
        Path db = Files.createDirectories(home.resolve(".pki/nssdb"));
        Process p = new ProcessBuilder("certutil", "-N", "--empty-password", "-d", "sql:" + db)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private record Outcome(int exitCode, String out, String err) {}

    private Outcome run(UnaryOperator<TrustStores.Settings> adjust, CommandRunner runner, String... args) {
        TrustCommand command = new TrustCommand();
        // this home, not the one of whoever runs the tests; never the machine's system store
        command.adjustSettings = s -> adjust.apply(s.withOs(org.pechatka.platform.Os.LINUX).withHome(home)
                .withRoot(false).withSystemAnchors(null).withCreateChromiumDatabase(false));
        command.runner = runner;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        return new Outcome(cl.execute(all), out.toString(), err.toString());
    }

    private Outcome run(String... args) {
        return run(UnaryOperator.identity(), CommandRunner.system(), args);
    }

    @Test
    void whenInstallStatusRemove_thenEachStoreGetsOneLineAndTheExitCodeIsZero() {
        Outcome status = run("status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("Local CA: Pechatka local CA (")
                .contains("✘ Chromium (~/.pki/nssdb): not installed");
        assertThat(dataDir.resolve("tls/ca.pem")).isRegularFile();

        Outcome install = run("install");
        assertThat(install.exitCode()).as(install.out() + install.err()).isZero();
        assertThat(install.out()).contains("✔ Chromium (~/.pki/nssdb): trusted for TLS servers (C,,)")
                .contains("Restart your browsers");

        assertThat(run().out()).contains("✔ Chromium (~/.pki/nssdb): trusted for TLS servers (C,,)");

        Outcome remove = run("REMOVE");
        assertThat(remove.exitCode()).isZero();
        assertThat(remove.out()).contains("✔ Chromium (~/.pki/nssdb): removed");
        assertThat(run("status").out()).contains("✘ Chromium (~/.pki/nssdb): not installed");
    }

    @Test
    void whenTheSameDataDirIsUsedAgain_thenTheNicknameStaysTheSame() {
        String first = run("status").out().lines().filter(l -> l.contains("name in the trust stores")).findFirst()
                .orElseThrow();
        String second = run("status").out().lines().filter(l -> l.contains("name in the trust stores")).findFirst()
                .orElseThrow();
        assertThat(second).isEqualTo(first).contains("\"Pechatka local CA ").contains("SHA-256 fingerprint");
    }

    @Test
    void whenNotRootAndTheSystemStoreExists_thenTheSudoCommandsArePrintedAndTheExitCodeIsZero() throws Exception {
        Path anchors = Files.createDirectories(tmp.resolve("anchors"));
        Outcome install = run(s -> s.withSystemAnchors(anchors), CommandRunner.system(), "install");

        assertThat(install.exitCode()).isZero();
        assertThat(install.out()).containsPattern("(?m)^system store: needs root: sudo install -m 644 .*ca\\.pem "
                + ".*pechatka-local-ca-[0-9a-f]{8}\\.crt && sudo update-ca-certificates$");
        assertThat(anchors).isEmptyDirectory();
    }

    @Test
    void whenCertutilIsMissing_thenInstallSaysWhatToInstallAndFailsWithoutAStackTrace(@TempDir Path emptyPath) {
        Outcome install = run(UnaryOperator.identity(),
                CommandRunner.system(Map.of("PATH", emptyPath.toString()), Duration.ofSeconds(30)), "install");

        assertThat(install.exitCode()).isEqualTo(1);
        assertThat(install.out()).contains("✘ Chromium (~/.pki/nssdb): certutil not found: install libnss3-tools");
        assertThat(install.out() + install.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void whenNoStoreExists_thenInstallExplainsHowToCreateOne() throws Exception {
        Files.walk(home.resolve(".pki")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());

        Outcome install = run("install");

        assertThat(install.exitCode()).isEqualTo(1);
        assertThat(install.out()).contains("No browser trust store was found").contains("--create-nssdb");
        assertThat(run("status").exitCode()).isZero();

        Outcome created = run(s -> s.withCreateChromiumDatabase(true), CommandRunner.system(), "install");
        assertThat(created.exitCode()).isZero();
        assertThat(created.out()).contains("✔ Chromium (~/.pki/nssdb): trusted for TLS servers (C,,)");
    }

    @Test
    void whenTheActionIsUnknown_thenPicocliRefusesIt() {
        Outcome bad = run("trust-everything");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("expected status, install or remove");
        assertThat(List.of(bad.out())).allMatch(o -> !o.contains("✔"));
    }
}
