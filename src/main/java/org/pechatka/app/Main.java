package org.pechatka.app;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pechatka} command. */
@Command(name = "pechatka", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = {"Pechatka: sign in to government portals and sign documents with your token.", "",
            "Without a command: starts Pechatka (the local endpoint for portals and its dialogs)."},
        subcommands = {VersionCommand.class, TokensCommand.class, CertsCommand.class, DoctorCommand.class, TrustCommand.class,
            TruststoreCommand.class, SignCommand.class, VerifyCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    TokenOptions tokens;

    @CommandLine.Option(names = "--port", paramLabel = "N",
            description = "The port of the local endpoint (default: admin policy, else 27321; 0 = any free port).")
    Integer port;

    @CommandLine.Option(names = "--allow-origin", paramLabel = "ORIGIN",
            description = "Trust this site for this run (repeatable; the admin policy can forbid it).")
    List<String> allowOrigins = new ArrayList<>();

    @CommandLine.Option(names = "--no-tray", description = "No tray icon (kiosks and tests); the dialogs still show.")
    boolean noTray;

    @CommandLine.Option(names = "--policy", paramLabel = "FILE", hidden = true,
            description = "Read the admin policy from FILE instead of the system location (for testing a policy).")
    Path policy;

    @CommandLine.Option(names = "--portal-port", paramLabel = "N",
            description = "With --demo: the port of the demo portal (default ${DEFAULT-VALUE}; 0 = any free port).")
    int portalPort = 27443;

    @Override
    public void run() {
        try {
            int code = new AppRunner(new AppRunner.Settings(tokens, port, allowOrigins, noTray, policy, portalPort),
                    spec.commandLine().getOut()).run();
            if (code != 0) {
                throw new CommandLine.ExecutionException(spec.commandLine(), "exit " + code);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new CommandLine.ExecutionException(spec.commandLine(), Problems.describe(e), e);
        }
    }

    /** Loggers whose level is set here (held so they are not collected and reset). */
    private static final List<java.util.logging.Logger> QUIET = new ArrayList<>();

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.config.file") == null) {
            // one short line per message on standard error; the libraries' start-up chatter stays out
            System.setProperty("java.util.logging.SimpleFormatter.format", "pechatka: %4$s: %5$s%6$s%n");
            QUIET.add(java.util.logging.Logger.getLogger("org.eclipse.jetty"));
            QUIET.add(java.util.logging.Logger.getLogger("javafx"));
            QUIET.forEach(l -> l.setLevel(java.util.logging.Level.WARNING));
            // JavaFX warns that it runs from the class path: that is how Pechatka runs it, on purpose
            java.util.logging.Logger.getLogger("javafx").setLevel(java.util.logging.Level.SEVERE);
        }
        System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs the command line with the given output; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("pechatka: " + Problems.describe(ex));
            return 2;
        });
        return cl.execute(args);
    }
}
