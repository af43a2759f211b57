package org.pechatka.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pechatka version}. */
@Command(name = "version", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = "Print the version.")
final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : new Version.Provider().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }
}
