package org.pechatka.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code pechatka bench} (placeholder until the benchmark lands in this issue). */
@Command(name = "bench", description = "Measure signing and listing speed on SoftHSM2.", hidden = true)
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
