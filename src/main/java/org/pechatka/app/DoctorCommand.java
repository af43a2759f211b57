package org.pechatka.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import org.pechatka.config.AdminPolicy;
import org.pechatka.config.UserSettings;
import org.pechatka.platform.AppDirs;
import org.pechatka.server.OriginPolicy;
import org.pechatka.server.tls.CommandRunner;
import org.pechatka.server.tls.LocalTls;
import org.pechatka.server.tls.TrustStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.pechatka.cert.CertificateView;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.error.PechatkaException;
import org.pechatka.platform.NativeEnvironment;
import org.pechatka.platform.Os;
import org.pechatka.token.KeyStatus;
import org.pechatka.token.ProviderStatus;
import org.pechatka.token.SlotReport;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenInfo;
import org.pechatka.token.TokenKind;
import org.pechatka.token.TokenProvider;
import org.pechatka.token.pkcs11.ModuleDiscovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code pechatka doctor}: what Pechatka finds on this computer and, in plain words, what is wrong.
 * Reads only what can be read without a PIN. With {@code --json} the same as one JSON document for
 * help desks ({@link DoctorJson}, schema in docs/admin.md), without personal data: certificates
 * (subject, issuer, validity, serial) only with {@code --include-certificates}.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = "Check modules, tokens and certificates and explain problems.")
final class DoctorCommand implements Callable<Integer> {

    private static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    @Mixin
    TokenOptions options;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = "--policy", paramLabel = "FILE",
            description = "Check this admin policy file instead of the system one.")
    Path policy;

    @picocli.CommandLine.Option(names = "--json",
            description = "Print everything as one JSON document (for help desks; schema in docs/admin.md).")
    boolean json;

    @picocli.CommandLine.Option(names = "--include-certificates",
            description = "With --json: include each certificate's subject, issuer, validity and serial number"
                    + " (personal data: left out without this option).")
    boolean includeCertificates;

    /** The JSON document being built (also when printing text: it costs nothing). */
    private DoctorJson doc;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        // with --json the text goes nowhere and the document is printed at the end
        PrintWriter out = json ? new PrintWriter(java.io.Writer.nullWriter()) : console;
        doc = new DoctorJson(includeCertificates);
        List<String> problems = doc.problems();
        Instant now = Instant.now();
        out.println("Pechatka " + Version.current() + " — diagnostics");
        out.println("Java " + Runtime.version() + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", user " + System.getProperty("user.name"));
        out.println("Data directory: " + options.dataDir());
        doc.environment(Version.current(), options.dataDir(), AppDirs.defaultConfigDir(), AppDirs.defaultLogDir());
        try (TokenSetup setup = TokenSetup.create(options)) {
            if (setup.demo() != null) {
                out.println("Demo token: " + setup.demo().describe());
                out.println("Demo CA certificates: " + setup.demo().caCertificates().stream().map(Path::toString)
                        .collect(java.util.stream.Collectors.joining(", ")));
            }
            out.println();
            endpoint(out, problems);
            modules(out, setup, problems);
            int tokenCount = tokens(out, setup, now, problems);
            if (tokenCount == 0) {
                problems.add("No token or key file was found. Insert your token (for a smart card, check that the"
                        + " reader is connected and the pcscd service runs), install its PKCS#11 driver, or name it"
                        + " with --pkcs11-module PATH. To try Pechatka without hardware, run it with --demo.");
            }
        }
        if (json) {
            console.println(doc.toJson());
            console.flush();
            return problems.isEmpty() ? 0 : 1;
        }
        out.println("Problems");
        if (problems.isEmpty()) {
            out.println("  none found");
        }
        for (String p : problems) {
            out.println("  - " + p);
        }
        return problems.isEmpty() ? 0 : 1;
    }

    /** The admin policy, the trusted sites, the port, the local certificate and the browsers' trust. */
    private void endpoint(PrintWriter out, List<String> problems) {
        AdminPolicy p = AdminPolicy.loadOrSystem(policy);
        out.println("Local endpoint");
        out.println("  admin policy: " + (p.source().equals("defaults") ? "none (" + AdminPolicy.systemLocation()
                + " does not exist): defaults" : p.source()));
        if (p.error() != null) {
            problems.add(p.error());
        }
        List<String> policyWarnings = PolicyChecks.warnings(p);
        for (String w : policyWarnings) {
            out.println("  policy warning: " + w);
        }
        problems.addAll(policyWarnings);
        UserSettings user = UserSettings.load(AppDirs.defaultConfigDir());
        if (user.problem() != null) {
            problems.add("Your settings: " + user.problem());
        }
        List<String> trusted = OriginPolicy.of(p, user.trustedOrigins(), List.of()).origins();
        out.println("  trusted sites (" + trusted.size() + "): " + (trusted.isEmpty() ? "none yet"
                : String.join(", ", trusted)) + (p.allowUserOrigins() ? "" : "  (users may not add sites)"));
        String portState = portState(p.port());
        out.println("  port: " + p.port() + " — " + portState);
        doc.endpoint(p, policyWarnings, trusted, portState.startsWith("free") ? "free" : "in-use");
        out.println("  PIN: " + (p.pinCache().isZero() ? "asked for every operation"
                : "kept for " + p.pinCache().toMinutes() + " minutes after it is entered (admin policy)"));
        Path caPem = options.dataDir().resolve(LocalTls.DIRECTORY).resolve("ca.pem");
        if (!Files.exists(caPem)) {
            out.println("  local certificate: not created yet (created at the first start of Pechatka)");
            doc.localCertificate(null, null, List.of(), null);
        } else {
            try {
                X509Certificate ca = DemoPortalRunner.readCertificate(caPem);
                out.println("  local certificate authority: " + caPem + " (valid until " + ca.getNotAfter().toInstant()
                        + ")");
                TrustStores stores = new TrustStores(TrustStores.Settings.forCurrentUser(caPem, ca),
                        CommandRunner.system());
                List<TrustStores.Report> reports = stores.status();
                doc.localCertificate(caPem, ca.getNotAfter().toInstant(), reports, null);
                for (TrustStores.Report r : reports) {
                    out.println("  " + r.line());
                }
                if (reports.stream().noneMatch(r -> r.mark() == TrustStores.Mark.OK)) {
                    problems.add("No browser trusts Pechatka's local certificate yet: run `pechatka trust install`.");
                }
            } catch (IOException | RuntimeException e) {
                out.println("  local certificate: " + Problems.describe(e));
                doc.localCertificate(caPem, null, List.of(), Problems.describe(e));
            }
        }
        out.println();
    }

    /** Whether something listens on the port, and whether it is Pechatka. */
    private static String portState(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (IOException e) {
            return "free (Pechatka is not running)";
        }
        return "in use (by a running Pechatka, or by another program: if Pechatka fails to start, this is why)";
    }

    private void modules(PrintWriter out, TokenSetup setup, List<String> problems) {
        out.println("PKCS#11 modules");
        if (setup.candidates().isEmpty()) {
            out.println("  none found (looked at p11-kit registrations and the well-known vendor paths)");
        }
        List<TokenProvider> providers = setup.registry().providers();
        for (ModuleDiscovery.Candidate c : setup.candidates()) {
            String origin = switch (c.origin()) {
                case EXPLICIT -> "given with --pkcs11-module";
                case P11KIT -> "p11-kit module \"" + c.name() + "\"";
                case KNOWN -> c.name() + ", well-known path";
            };
            ProviderStatus found = providers.stream().map(TokenProvider::status)
                    .filter(s -> s.name().equals(c.path())).findFirst().orElse(null);
            doc.module(c, found);
            if (!c.exists()) {
                out.printf("  ✘ %s (%s): file not found%n", c.path(), origin);
                problems.add("The module " + c.path() + " does not exist.");
                continue;
            }
            ProviderStatus st = providers.stream().map(TokenProvider::status)
                    .filter(s -> s.name().equals(c.path())).findFirst().orElse(null);
            if (st == null) {
                continue;
            }
            out.printf("  %s %s (%s)%n      %s%n", st.loaded() ? "✔" : "✘", c.path(), origin, st.description());
            for (String note : st.notes()) {
                out.println("      note: " + note);
            }
            if (!st.loaded()) {
                problems.add("The module " + c.path() + " could not be used: " + st.description() + "."
                        + softhsmHint(c.path()));
            }
        }
        out.println();
        out.println("Slots");
        for (TokenProvider p : providers) {
            List<SlotReport> slots = p.slots();
            if (!p.status().loaded() || (slots.isEmpty() && p.status().name().equals("key files"))) {
                continue;
            }
            out.println("  " + p.status().name() + (slots.isEmpty() ? ": no slots" : ""));
            doc.slots(p.status().name(), slots);
            for (SlotReport s : slots) {
                String what = !s.tokenPresent() ? "empty" : !s.tokenInitialized()
                        ? "uninitialised token (holds no keys)" : "token \"" + s.tokenLabel() + "\" [" + s.tokenId() + "]";
                out.printf("    %s %s: %s%n", s.slotId(), s.description().isBlank() ? "" : "(" + s.description() + ")",
                        what);
            }
        }
        out.println();
    }

    /** A hint for the most common SoftHSM2 failure: an ordinary user cannot read the system store. */
    private static String softhsmHint(String path) {
        if (!path.contains("softhsm") || Os.current() != Os.LINUX || NativeEnvironment.get("SOFTHSM2_CONF") != null) {
            return "";
        }
        Path conf = Path.of("/etc/softhsm/softhsm2.conf");
        if (Files.exists(conf) && !Files.isReadable(conf)) {
            return " SoftHSM2's system configuration (" + conf + ") is not readable by you (Debian keeps it for the"
                    + " softhsm group). This is harmless unless you keep tokens there; the demo token (--demo) uses its"
                    + " own configuration in your data directory.";
        }
        return "";
    }

    private int tokens(PrintWriter out, TokenSetup setup, Instant now, List<String> problems) {
        List<Token> tokens = setup.registry().tokens();
        out.println("Tokens (" + tokens.size() + ")");
        for (Token t : tokens) {
            TokenInfo info;
            try {
                info = t.info();
            } catch (PechatkaException e) {
                out.printf("  [%s]: %s%n", t.id(), Problems.describe(e));
                doc.unreadableToken(t.id(), Problems.describe(e));
                problems.add("Token " + t.id() + ": " + Problems.describe(e));
                continue;
            }
            Describe.token(out, info, "  ");
            pinProblems(info, doc);
            if (info.kind() == TokenKind.PKCS11) {
                Set<SignatureAlgorithm> algs = t.signatureAlgorithms();
                out.printf("    signature algorithms: %s%n", algs.isEmpty() ? "none"
                        : algs.stream().map(SignatureAlgorithm::name).collect(Collectors.joining(", ")));
                List<String> mechs = t.mechanismNames().stream().sorted().toList();
                out.printf("    mechanisms (%d): %s%n", mechs.size(), String.join(", ", mechs));
                if (algs.isEmpty()) {
                    doc.problem("Token \"" + info.label() + "\" offers no signature mechanism Pechatka can use.",
                            "A token offers no signature mechanism Pechatka can use.");
                }
                doc.token(info, algs.stream().map(SignatureAlgorithm::name).sorted().toList(), mechs.size());
            } else {
                doc.token(info, List.of(), -1);
            }
            certificates(out, t, info, now, doc);
            out.println();
        }
        return tokens.size();
    }

    /** PIN problems; in JSON without the token's label when it could name the person (a key file). */
    private static void pinProblems(TokenInfo info, DoctorJson doc) {
        String name = "Token \"" + info.label() + "\"";
        String anonymous = "Token " + info.tokenId();
        if (info.pin().locked()) {
            String why = ": the PIN is locked. Unblock it with the PUK (the token's own tool) or ask the"
                    + " organisation that issued the token. Pechatka will not try to log in.";
            doc.problem(name + why, anonymous + why);
        } else if (info.pin().finalTry()) {
            doc.problem(name + ": one more wrong PIN locks the token.", anonymous + ": one more wrong PIN locks the token.");
        } else if (info.pin().countLow()) {
            String why = ": a wrong PIN was entered since the last correct one.";
            doc.problem(name + why, anonymous + why);
        }
        if (info.pin().toBeChanged()) {
            String why = ": the PIN must be changed before use (the token's own tool can do it).";
            doc.problem(name + why, anonymous + why);
        }
    }

    private static void certificates(PrintWriter out, Token t, TokenInfo info, Instant now, DoctorJson doc) {
        List<TokenCertificate> certs;
        try {
            certs = Describe.personalFirst(t.certificates());
        } catch (PechatkaException e) {
            out.println("    certificates: " + Problems.describe(e));
            doc.problem("Token \"" + info.label() + "\": certificates cannot be read: " + Problems.describe(e),
                    "Token " + info.tokenId() + ": certificates cannot be read: " + Problems.describe(e));
            return;
        }
        doc.certificateCount(info.tokenId(), certs.size());
        out.printf("    certificates (%d):%n", certs.size());
        if (certs.isEmpty()) {
            out.println(info.kind() == TokenKind.KEY_FILE
                    ? "      none readable without the password (they are shown after it is entered)"
                    : "      none readable without login");
        }
        int i = 0;
        for (TokenCertificate tc : certs) {
            CertificateView v;
            try {
                v = CertificateView.of(tc.certificate());
            } catch (CertificateException e) {
                out.printf("      %d. unreadable certificate: %s%n", ++i, e.getMessage());
                continue;
            }
            Describe.certificate(out, ++i, tc, v, now, "      ");
            doc.certificate(info.tokenId(), v);
            String name = "Certificate \"" + v.displayName() + "\" on \"" + info.label() + "\"";
            String anonymous = "A certificate on token " + info.tokenId();
            switch (v.validity(now)) {
                case EXPIRED -> doc.problem(name + " expired on " + v.notAfter() + "; ask your CA for a new one.",
                        anonymous + " expired on " + v.notAfter() + ".");
                case NOT_YET_VALID -> doc.problem(name + " is not valid before " + v.notBefore() + ".",
                        anonymous + " is not valid before " + v.notBefore() + ".");
                case VALID -> {
                    if (!v.ca() && v.notAfter().isBefore(now.plus(EXPIRY_WARNING))) {
                        doc.problem(name + " expires on " + v.notAfter() + "; renew it in time.",
                                anonymous + " expires on " + v.notAfter() + ".");
                    }
                }
            }
            if (!v.ca() && (tc.keyStatus() == KeyStatus.NONE || tc.keyStatus() == KeyStatus.UNKNOWN)
                    && info.kind() == TokenKind.PKCS11) {
                String why = " has no private key visible on the token; it cannot sign unless the key appears after"
                        + " login.";
                doc.problem(name + why, anonymous + why);
            }
        }
    }
}
