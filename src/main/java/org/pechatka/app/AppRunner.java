package org.pechatka.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.pechatka.cert.LiveTrustAnchors;
import org.pechatka.cert.TrustStore;
import org.pechatka.config.AdminPolicy;
import org.pechatka.config.Origins;
import org.pechatka.config.UserSettings;
import org.pechatka.desktop.AppStatus;
import org.pechatka.desktop.LocalTrust;
import org.pechatka.error.PechatkaException;
import org.pechatka.platform.AppDirs;
import org.pechatka.platform.LogFiles;
import org.pechatka.platform.SingleInstance;
import org.pechatka.prompt.Prompter;
import org.pechatka.protocol.Grants;
import org.pechatka.protocol.OriginIds;
import org.pechatka.protocol.ProtocolService;
import org.pechatka.server.LocalServer;
import org.pechatka.server.OriginPolicy;
import org.pechatka.server.StatusPage;
import org.pechatka.server.tls.LocalTls;
import org.pechatka.ui.DesktopShell;
import org.pechatka.ui.FxPrompter;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.firststart.FirstStart;
import org.pechatka.ui.settings.Section;
import org.pechatka.ui.settings.SettingsWindow;

/**
 * Starts the application: tokens, the local endpoint with its TLS, the dialogs, and in demo mode
 * the demo token and portal. Prints {@code listening on https://127.0.0.1:<port>} when ready and
 * runs until stopped.
 */
final class AppRunner {

    private static final System.Logger LOG = System.getLogger(AppRunner.class.getName());
    /** How long one CRL download may take (a dialog waits at most this per allowed URL, then uses the cache). */
    private static final Duration CRL_TIMEOUT = Duration.ofSeconds(3);

    /** Everything the command line gives the app. */
    record Settings(TokenOptions tokens, Integer port, List<String> allowOrigins, boolean noTray, Path policy,
            int portalPort) {}

    private final Settings settings;
    private final PrintWriter out;

    AppRunner(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    int run() throws IOException, PechatkaException, InterruptedException {
        AdminPolicy policy = AdminPolicy.loadOrSystem(settings.policy());
        if (policy.error() != null) {
            LOG.log(System.Logger.Level.ERROR, policy.error());
        }
        PolicyChecks.warnings(policy).forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
        List<String> commandLine = new ArrayList<>();
        for (String o : settings.allowOrigins()) {
            String n = Origins.normalizeTrustable(o);
            if (n == null) {
                throw new IllegalArgumentException("--allow-origin " + o + ": only https://host[:port] (or "
                        + "http://localhost / http://127.0.0.1 for development) can be trusted");
            }
            commandLine.add(n);
        }
        if (!commandLine.isEmpty() && !policy.allowUserOrigins()) {
            LOG.log(System.Logger.Level.WARNING, "the admin policy does not allow --allow-origin; ignored");
        }
        UserSettings user = UserSettings.load(AppDirs.defaultConfigDir());
        if (user.problem() != null) {
            LOG.log(System.Logger.Level.WARNING, user.problem());
        }
        Messages.use(user.language().flatMap(Language::ofTag).orElse(Language.fromOs(Locale.getDefault())));
        List<String> commandLineModules = List.copyOf(settings.tokens().modules());
        addModules(settings.tokens().modules(), user.pkcs11Modules(), policy);
        Path dataDir = settings.tokens().dataDir();
        AtomicReference<DesktopApp> desktopRef = new AtomicReference<>();
        SingleInstance.Claim claim = SingleInstance.claim(dataDir, () -> {
            DesktopApp d = desktopRef.get();
            if (d != null) {
                d.focus();
            }
        });
        if (claim instanceof SingleInstance.Second second) {
            out.println(second.focused() ? "pechatka: already running; its window was brought to the front"
                    : "pechatka: already running (it did not answer; it may still be starting)");
            out.flush();
            return 0;
        }
        List<AutoCloseable> resources = new ArrayList<>();
        resources.add(((SingleInstance.First) claim).instance());
        // log files for the help desk: the user's log folder, or beside a data directory given for tests and demos
        Path logDir = dataDir.equals(AppDirs.defaultDataDir()) ? AppDirs.defaultLogDir() : dataDir.resolve("logs");
        try {
            LogFiles.install(logDir); // each record is flushed as it is written; closed by the JVM at exit
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "no log files in {0}: {1}", logDir, e.getMessage());
        }
        LogFiles.level(policy.logLevel().julLevel());
        int port = settings.port() != null ? settings.port() : policy.port();
        if (port == 0) {
            port = freePort(); // the portal must know Pechatka's address before either starts
        }
        CountDownLatch stop = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        Runnable shutdown = () -> {
            if (closed.compareAndSet(false, true)) {
                closeAll(resources);
            }
            stop.countDown();
        };
        // the tray comes up on its own thread while tokens, keys and the server start
        DesktopApp desktop = new DesktopApp(settings.noTray(), dataDir, logDir,
                AppStatus.starting(port).withPolicyBroken(policy.error() != null),
                () -> Thread.ofPlatform().name("pechatka-quit").start(shutdown));
        desktopRef.set(desktop);
        resources.add(desktop);

        TokenSetup tokens;
        try {
            tokens = TokenSetup.create(settings.tokens(), policy.pinCache());
        } catch (IOException | PechatkaException | RuntimeException e) {
            closeAll(resources);
            throw e;
        }
        if (!policy.pinCache().isZero()) {
            LOG.log(System.Logger.Level.INFO, "the admin policy keeps a token logged in for {0} minutes after its PIN",
                    policy.pinCache().toMinutes());
        }
        resources.add(tokens);
        desktop.tokens(tokens.registry());
        if (!settings.noTray()) {
            // 30 and 7 days before a certificate on a present token expires; the action starts its renewal
            ExpiryReminders reminders = new ExpiryReminders(tokens.registry(), desktop.notifier(), dataDir,
                    Clock.systemUTC(), desktop::renew);
            resources.add(reminders);
            reminders.start();
        }
        try {
            LocalTls tls = LocalTls.loadOrCreate(dataDir, Clock.systemUTC());
            char[] password = randomPassword();
            List<X509Certificate> anchors = new ArrayList<>();
            DemoPortalRunner portal = null;
            if (tokens.demo() != null) {
                for (Path ca : tokens.demo().caCertificates()) {
                    anchors.add(DemoPortalRunner.readCertificate(ca));
                }
                org.pechatka.demo.DemoToken.CaKey demoCa = org.pechatka.demo.DemoToken.ca(dataDir);
                portal = DemoPortalRunner.start(settings.portalPort(), tls, password, anchors,
                        "https://127.0.0.1:" + port, org.pechatka.demoportal.Reissuer.ca(demoCa.certificate(),
                                demoCa.key(), Clock.systemUTC()));
                resources.add(portal);
                commandLine.add(portal.origin());
            }
            // the dialogs register with the shell's pending requests: the tray's pending state and click-to-front
            Prompter prompter = new FxPrompter(desktop.pending());
            OriginPolicy origins = OriginPolicy.of(policy, user.trustedOrigins(), commandLine);
            Grants grants = Grants.load(dataDir);
            DesktopSettings desktopSettings = DesktopSettings.forCurrentUser(policy, origins, grants,
                    commandLineModules, logDir);
            desktopSettings.applyAutostartAtStart();
            LocalTrust localTrust = DesktopLocalTrust.forCurrentUser(tls);
            ExecutorService uiWork = Executors.newVirtualThreadPerTaskExecutor();
            resources.add(uiWork::shutdownNow);
            SettingsWindow settingsWindow = new SettingsWindow(desktopSettings, localTrust, uiWork);
            desktop.settings(() -> settingsWindow.show(Section.TRUSTED_SITES));
            desktop.trustedSites(() -> settingsWindow.show(Section.TRUSTED_SITES));
            TrustStore trustStore = TrustStore.forDataDir(dataDir, TruststoreCommand.defaultAdminDir())
                    .withAdminFiles(policy.trustedCertificates());
            // one view of the trust store for the protocol and the Certificates window: read again only when it changes
            LiveTrustAnchors trust = new LiveTrustAnchors(trustStore, anchors, CRL_TIMEOUT, Clock.systemUTC());
            CertificateToolsWiring certificateTools = new CertificateToolsWiring(tokens.registry(), dataDir,
                    trustStore, trust, policy::allowsKeyAlgorithm, desktop.pending(), uiWork,
                    Clock.systemUTC());
            desktop.certificates(DesktopShell.certificatesWindow(tokens.registry(), certificateTools.tools(),
                    certificateTools.chains()));
            desktop.renewal(certificateTools.renewal()); // an expiry reminder's Renew…
            ProtocolService service = new ProtocolService(tokens.registry(), prompter, OriginIds.load(dataDir),
                    grants, trust,
                    protocolConfig(policy));
            resources.add(service);
            LocalServer server = new LocalServer(new LocalServer.Config(port, tls.keyStore(password), password,
                    origins, policy.maxMessageBytes(), Duration.ofMinutes(10), 32, 4, true,
                    () -> new StatusPage.Status(Version.current(), origins.origins().size(),
                            tokens.registry().tokens().size())),
                    service, desktop.serverEvents());
            boolean listening = start(server, port, desktop);
            if (listening) {
                resources.add(0, server);
                out.println("listening on https://127.0.0.1:" + server.port());
                desktop.update(s -> s.withPort(server.port()).withPhase(AppStatus.Phase.LISTENING));
            }
            if (portal != null) {
                out.println("demo portal: " + portal.origin() + "/  (demo PIN " + org.pechatka.demo.DemoToken.PIN + ")");
            }
            out.println("ui ready: " + desktop.awaitVisible().word());
            if (!settings.noTray()) {
                // once per user: offer to trust the local certificate and to start at login
                FirstStart.showIfNeeded(desktopSettings.preferences(), localTrust, uiWork);
            }
            if (tls.caCreated() && settings.noTray()) {
                out.println("first start: a local certificate authority was created for this installation; "
                        + "run `pechatka trust install` so browsers trust https://127.0.0.1:" + server.port());
            }
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "pechatka-stop"));
            stop.await();
            return 0;
        } catch (IOException | RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    /**
     * The PKCS#11 modules to load, in order: the command line's ({@code into} already), then those
     * the user added in Settings (they apply from the next start), then the admin policy's; each once.
     */
    static void addModules(List<String> into, List<String> user, AdminPolicy policy) {
        for (List<String> more : List.of(user, policy.pkcs11Modules())) {
            for (String module : more) {
                if (!into.contains(module)) {
                    into.add(module);
                }
            }
        }
    }

    /** The protocol's settings: the admin policy's dialog timeout and allowed key algorithms. */
    static ProtocolService.Config protocolConfig(AdminPolicy policy) {
        return new ProtocolService.Config(Version.current(), "https://pechatka.org/releases/" + Version.current(),
                policy.dialogTimeout(), Clock.systemUTC(), policy::allowsKeyAlgorithm);
    }

    /**
     * Starts the server; when its port is taken, the tray stays and shows the problem (a Pechatka of
     * this user would have been found by the single-instance check), except with --no-tray, where
     * nobody would see it: then the start fails as before.
     */
    private boolean start(LocalServer server, int port, DesktopApp desktop) throws IOException {
        try {
            server.start();
            return true;
        } catch (LocalServer.PortTakenException e) {
            if (settings.noTray()) {
                throw e;
            }
            LOG.log(System.Logger.Level.ERROR, e.getMessage());
            desktop.update(s -> s.withPort(port).withPhase(AppStatus.Phase.PORT_BUSY));
            return false;
        }
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "closing " + r, e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The in-memory keystore's password: random per run, never written anywhere. */
    private static char[] randomPassword() {
        SecureRandom r = new SecureRandom();
        char[] p = new char[24];
        for (int i = 0; i < p.length; i++) {
            p[i] = (char) ('a' + r.nextInt(26));
        }
        return p;
    }
}
