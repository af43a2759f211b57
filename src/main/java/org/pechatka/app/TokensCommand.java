package org.pechatka.app;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.Token;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pechatka tokens}. */
@Command(name = "tokens", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = "List the tokens and key files present.")
final class TokensCommand implements Callable<Integer> {

    @Mixin
    TokenOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (TokenSetup setup = TokenSetup.create(options)) {
            List<Token> tokens = setup.registry().tokens();
            if (tokens.isEmpty()) {
                out.println("No tokens found. Run `pechatka doctor` to see why.");
                return 1;
            }
            for (Token t : tokens) {
                try {
                    Describe.token(out, t.info(), "");
                } catch (PechatkaException e) {
                    out.printf("[%s]: %s%n", t.id(), Problems.describe(e));
                }
            }
            return 0;
        }
    }
}
