package org.pechatka.app;

import java.io.PrintWriter;
import java.security.cert.CertificateException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.pechatka.cert.CertificateView;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pechatka certs}. */
@Command(name = "certs", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = "List the certificates on the tokens and key files.")
final class CertsCommand implements Callable<Integer> {

    @Mixin
    TokenOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int count = 0;
        try (TokenSetup setup = TokenSetup.create(options)) {
            for (Token t : setup.registry().tokens()) {
                try {
                    Describe.token(out, t.info(), "");
                    List<TokenCertificate> certs = Describe.personalFirst(t.certificates());
                    int i = 0;
                    for (TokenCertificate tc : certs) {
                        Describe.certificate(out, ++i, tc, CertificateView.of(tc.certificate()), Instant.now(), "  ");
                    }
                    if (certs.isEmpty()) {
                        out.println("  (no certificates readable without login)");
                    }
                    count += certs.size();
                } catch (PechatkaException | CertificateException e) {
                    out.printf("  %s%n", Problems.describe(e));
                }
                out.println();
            }
        }
        if (count == 0) {
            out.println("No certificates found. Run `pechatka doctor` to see why.");
            return 1;
        }
        return 0;
    }
}
