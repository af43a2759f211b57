package org.pechatka.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.pechatka.cert.ChainValidation;
import org.pechatka.cert.DistinguishedNames;
import org.pechatka.cert.TrustAnchors;
import org.pechatka.cert.TrustStore;
import org.pechatka.config.AdminPolicy;
import org.pechatka.platform.AppDirs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pechatka truststore list|add FILE|remove CERTID|check FILE}: Pechatka's own store of CA
 * certificates (roots and intermediates kept apart), for administrators and scripts. {@code add}
 * asks nothing and says what it added and where.
 */
@Command(name = "truststore", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = {
    "Show and change the CA certificates Pechatka trusts to check certificate chains.",
    "Roots (\"Trusted Root Certification Authorities\") end a trusted chain; intermediates"
        + " (\"Intermediate Certification Authorities\") only complete one. Your store is DATA-DIR/trust;"
        + " an administrator's folder (default: next to the admin policy, e.g. /etc/pechatka/trust) is"
        + " read and never changed. A running Pechatka reads the store when it starts.",
    "",
    "Exit codes: 0 done (check: the chain is valid); 1 refused (a file that is not a certificate, no such"
        + " certificate, an administrator's certificate; check: the chain is not valid); 2 wrong usage or an"
        + " unexpected failure."},
        subcommands = {TruststoreCommand.ListCommand.class, TruststoreCommand.AddCommand.class,
            TruststoreCommand.RemoveCommand.class, TruststoreCommand.CheckCommand.class})
final class TruststoreCommand implements Callable<Integer> {

    /** The system property that points Pechatka at another administrator's trust folder. */
    static final String ADMIN_DIR_PROPERTY = "pechatka.adminTrustDir";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    @CommandLine.Mixin
    Options options = new Options();
    @Spec
    CommandSpec spec;

    /** Without an action: the list. */
    @Override
    public Integer call() throws IOException {
        return list(options, spec.commandLine().getOut());
    }

    /** The administrator's folder: {@value #ADMIN_DIR_PROPERTY} if set, else {@code trust} next to the policy file. */
    static Path defaultAdminDir() {
        String configured = System.getProperty(ADMIN_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return AdminPolicy.systemLocation().resolveSibling("trust");
    }

    /** The options every action takes. */
    static final class Options {
        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "Pechatka's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir = AppDirs.defaultDataDir();

        @Option(names = "--admin-dir", paramLabel = "DIR",
                description = "The administrator's read-only trust folder (default: system property "
                        + ADMIN_DIR_PROPERTY + ", else 'trust' next to the admin policy file).")
        Path adminDir;

        /** The store; with the system's folder, also the system admin policy's {@code trustedCertificates}. */
        TrustStore store() {
            return adminDir != null ? TrustStore.forDataDir(dataDir, adminDir)
                    : TrustStore.forDataDir(dataDir, defaultAdminDir())
                            .withAdminFiles(AdminPolicy.loadSystem().trustedCertificates());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the roots and intermediates.")
    static final class ListCommand implements Callable<Integer> {
        @CommandLine.Mixin
        Options options = new Options();
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            return list(options, spec.commandLine().getOut());
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = {
        "Add the CA certificates of FILE (DER or PEM certificate, several PEM certificates, or a PKCS#7"
            + " bundle .p7b/.p7c): self-signed ones as roots, the others as intermediates. Certificates of"
            + " people in the file are skipped; ones already present are not written again. A file with"
            + " anything unreadable is refused and nothing is written."})
    static final class AddCommand implements Callable<Integer> {
        @CommandLine.Mixin
        Options options = new Options();
        @Parameters(index = "0", paramLabel = "FILE", description = "The certificate file.")
        Path file;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                err.println("pechatka: " + file + ": no such file");
                return 1;
            }
            TrustStore.Added added;
            try {
                added = options.store().add(bytes);
            } catch (TrustStore.RefusedException e) {
                err.println("pechatka: " + file + " was not added: " + e.getMessage());
                return 1;
            }
            for (TrustStore.Entry e : added.added()) {
                out.println("added as " + kindName(e.kind()) + ": " + line(e));
            }
            for (TrustStore.Entry e : added.alreadyPresent()) {
                out.println("already present as " + kindName(e.kind()) + ": " + line(e));
            }
            for (X509Certificate c : added.skipped()) {
                out.println("skipped, not a CA certificate: " + DistinguishedNames.format(c.getSubjectX500Principal()));
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a certificate you added (CERTID as 'list' shows it, or its first 8 or more"
                    + " characters). The administrator's certificates cannot be removed here.")
    static final class RemoveCommand implements Callable<Integer> {
        @CommandLine.Mixin
        Options options = new Options();
        @Parameters(index = "0", paramLabel = "CERTID", description = "The certificate's id (SHA-256, hex).")
        String certId;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            try {
                TrustStore.Entry e = options.store().remove(certId);
                spec.commandLine().getOut().println("removed " + kindName(e.kind()) + ": " + line(e));
                return 0;
            } catch (TrustStore.RefusedException e) {
                spec.commandLine().getErr().println("pechatka: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Build and check the chain of the certificate in FILE against the trust store"
                    + " (validity, key usage, basic constraints, path length, CRLs where available).")
    static final class CheckCommand implements Callable<Integer> {
        @CommandLine.Mixin
        Options options = new Options();
        @Parameters(index = "0", paramLabel = "FILE", description = "The certificate (DER or PEM).")
        Path file;
        @Option(names = "--use", paramLabel = "USE", defaultValue = "ANY",
                description = "What the certificate is for: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
        ChainValidation.Use use = ChainValidation.Use.ANY;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            X509Certificate leaf;
            try {
                leaf = TrustAnchors.read(Files.readAllBytes(file));
            } catch (java.security.cert.CertificateException | NoSuchFileException e) {
                spec.commandLine().getErr().println("pechatka: " + file + " is not a readable certificate");
                return 1;
            }
            TrustAnchors anchors = options.store().anchors(List.of(), Duration.ofSeconds(5), Clock.systemUTC());
            ChainValidation v = anchors.validate(leaf, List.of(), Instant.now(), use);
            out.println("status: " + v.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            out.println("  " + v.detail());
            for (X509Certificate c : v.path()) {
                out.println("  " + DistinguishedNames.format(c.getSubjectX500Principal()));
            }
            return v.trusted() ? 0 : 1;
        }
    }

    private static int list(Options options, PrintWriter out) throws IOException {
        TrustStore store = options.store();
        out.println("Trust store: " + store.userDir() + " (yours)"
                + (store.adminDir() == null ? "" : ", " + store.adminDir() + " (administrator's, read-only)"));
        List<TrustStore.Entry> entries = store.list();
        for (TrustStore.Kind kind : TrustStore.Kind.values()) {
            out.println(kind == TrustStore.Kind.ROOT ? "Roots (Trusted Root Certification Authorities):"
                    : "Intermediates (Intermediate Certification Authorities):");
            List<TrustStore.Entry> of = entries.stream().filter(e -> e.kind() == kind).toList();
            if (of.isEmpty()) {
                out.println("  (none)");
            }
            for (TrustStore.Entry e : of) {
                out.println("  " + line(e) + (e.source() == TrustStore.Source.ADMIN ? "  [administrator]" : ""));
            }
        }
        return 0;
    }

    private static String kindName(TrustStore.Kind kind) {
        return kind == TrustStore.Kind.ROOT ? "root" : "intermediate";
    }

    private static String line(TrustStore.Entry e) {
        return e.certId() + "  " + DistinguishedNames.format(e.certificate().getSubjectX500Principal())
                + "  (valid until " + DAY.format(e.certificate().getNotAfter().toInstant()) + ")";
    }
}
