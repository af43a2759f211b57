package org.pechatka.app;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pechatka} command. */
@Command(name = "pechatka", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = {"Pechatka: sign in to government portals and sign documents with your token.", "",
            "The tray application arrives in a later release; until then use the commands below."},
        subcommands = {VersionCommand.class, TokensCommand.class, CertsCommand.class, DoctorCommand.class, TrustCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.config.file") == null) {
            // one short line per message on standard error
            System.setProperty("java.util.logging.SimpleFormatter.format", "pechatka: %4$s: %5$s%6$s%n");
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
