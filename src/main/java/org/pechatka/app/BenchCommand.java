package org.pechatka.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pechatka.bench.Bench;
import org.pechatka.token.pkcs11.ModuleDiscovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pechatka bench}: the token layer against the raw PKCS#11 wrapper on SoftHSM2. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = {"Measure signing and certificate listing on a throwaway SoftHSM2 token:",
    "the token layer against the raw PKCS#11 wrapper, interleaved, medians and ratios."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--smoke", description = "A short run that only checks the benchmark works.")
    boolean smoke;

    @Option(names = "--signatures", paramLabel = "N", description = "Signatures per path and key (default 1000).")
    Integer signatures;

    @Option(names = "--rounds", paramLabel = "N", description = "Interleaved rounds (default 20).")
    Integer rounds;

    @Option(names = "--softhsm", paramLabel = "PATH", description = "The SoftHSM2 module (default: found).")
    String softhsm;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String library = softhsm != null ? softhsm
                : new ModuleDiscovery(ModuleDiscovery.Settings.system()).knownModule("SoftHSM2").orElse(null);
        if (library == null) {
            spec.commandLine().getErr().println("pechatka: the benchmark needs SoftHSM2 (Debian: apt-get install"
                    + " softhsm2)");
            return 2;
        }
        Path work = Files.createTempDirectory("pechatka-bench-");
        Bench.Options options = smoke ? Bench.Options.smoke(work) : Bench.Options.full(work);
        if (signatures != null || rounds != null) {
            options = new Bench.Options(signatures != null ? signatures : options.signatures(),
                    rounds != null ? rounds : options.rounds(), options.certCounts(), options.listRepeats(), work);
        }
        try {
            new Bench(options, out).run(library);
        } finally {
            try (var paths = Files.walk(work)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return 0;
    }
}
