package org.pechatka.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.x500.X500Name;
import org.pechatka.cert.DistinguishedNames;
import org.pechatka.cert.NameOids;
import org.pechatka.platform.AppDirs;
import org.pechatka.platform.Os;
import org.pechatka.server.tls.CommandRunner;
import org.pechatka.server.tls.LocalTls;
import org.pechatka.server.tls.TrustStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pechatka trust status|install|remove}: Pechatka's local CA in the current user's trust
 * stores (Chromium/Chrome and Firefox NSS databases on Linux, the system store as root), so the
 * browsers accept {@code https://127.0.0.1:27321} without a warning.
 */
@Command(name = "trust", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = {
    "Show, install or remove Pechatka's local CA in your browsers' trust stores.",
    "The CA is made for this installation at first use and can vouch only for 127.0.0.1, ::1 and localhost;"
        + " it is trusted for TLS servers only (NSS trust C,,)."})
final class TrustCommand implements Callable<Integer> {

    /** What to do. */
    enum Action {
        STATUS,
        INSTALL,
        REMOVE
    }

    /** Accepts the actions in any case ({@code install}, {@code INSTALL}). */
    static final class ActionConverter implements CommandLine.ITypeConverter<Action> {
        @Override
        public Action convert(String value) {
            try {
                return Action.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected status, install or remove, not '" + value + "'");
            }
        }
    }

    @Parameters(index = "0", arity = "0..1", paramLabel = "ACTION", defaultValue = "status",
            converter = ActionConverter.class,
            description = "status (default): where the CA is trusted; install: add it to every store found;"
                    + " remove: take Pechatka's CA out of them again.")
    Action action = Action.STATUS;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Pechatka's data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir = AppDirs.defaultDataDir();

    @Option(names = "--create-nssdb",
            description = "Create Chromium's NSS database ~/.pki/nssdb if none exists (done anyway when a"
                    + " Chromium-family browser is installed).")
    boolean createNssdb;

    @Option(names = "--no-system", description = "Leave the system store alone (Linux).")
    boolean noSystem;

    @Spec
    CommandSpec spec;

    /** Tests point the stores at a temporary home and away from the system store. */
    UnaryOperator<TrustStores.Settings> adjustSettings = UnaryOperator.identity();
    /** Tests may run the programs differently (e.g. without certutil on the PATH). */
    CommandRunner runner = CommandRunner.system();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LocalTls tls = LocalTls.loadOrCreate(dataDir, Clock.systemUTC());
        TrustStores.Settings settings = TrustStores.Settings.forCurrentUser(tls.caCertificateFile(),
                tls.caCertificate());
        if (createNssdb) {
            settings = settings.withCreateChromiumDatabase(true);
        }
        if (noSystem) {
            settings = settings.withSystemAnchors(null);
        }
        settings = adjustSettings.apply(settings);
        TrustStores stores = new TrustStores(settings, runner);

        X500Name subject = X500Name.getInstance(tls.caCertificate().getSubjectX500Principal().getEncoded());
        out.println("Local CA: " + DistinguishedNames.firstValue(subject, NameOids.COMMON_NAME)
                .orElse(DistinguishedNames.format(subject)) + (tls.caCreated() ? " (created now)" : ""));
        out.println("  file " + tls.caCertificateFile());
        out.println("  name in the trust stores \"" + stores.nickname() + "\", SHA-256 fingerprint "
                + fingerprint(tls.caCertificate().getEncoded()));
        if (stores.stores().isEmpty()) {
            out.println(noStoreMessage(settings));
            return action == Action.INSTALL ? 1 : 0;
        }
        List<TrustStores.Report> reports = switch (action) {
            case STATUS -> stores.status();
            case INSTALL -> stores.install();
            case REMOVE -> stores.remove();
        };
        for (TrustStores.Report r : reports) {
            out.println(r.line());
        }
        boolean problem = reports.stream().anyMatch(r -> r.mark() == TrustStores.Mark.PROBLEM);
        if (action != Action.STATUS && reports.stream().anyMatch(r -> r.mark() == TrustStores.Mark.OK)) {
            out.println("Restart your browsers for the change to take effect.");
        }
        return action == Action.STATUS || !problem ? 0 : 1;
    }

    private static String noStoreMessage(TrustStores.Settings settings) {
        if (settings.os() == Os.LINUX || settings.os() == Os.OTHER) {
            return "No browser trust store was found for this user: no Chromium/Chrome NSS database (~/.pki/nssdb)"
                    + " and no Firefox profile. Start the browser once, or run pechatka trust install --create-nssdb"
                    + " to create ~/.pki/nssdb for Chromium/Chrome.";
        }
        return "No trust store was found.";
    }

    private static String fingerprint(byte[] der) throws NoSuchAlgorithmException {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }
}
