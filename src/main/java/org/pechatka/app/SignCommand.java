package org.pechatka.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.TrustAnchors;
import org.pechatka.error.PechatkaException;
import org.pechatka.files.FileSigner;
import org.pechatka.token.KeyStatus;
import org.pechatka.token.PinSource;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pechatka sign FILE}: a CAdES-BES signature of a file, {@code FILE.p7s}, with a certificate
 * on a token or in a key file. Exit 0 when the signature was written; 1 when it was not signed
 * (no such certificate, wrong or locked PIN, cancelled, token error); 2 when the input is wrong
 * (no such file, the signature exists and no {@code --force}, several certificates fit).
 */
@Command(name = "sign", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = {"Sign a file: writes FILE.p7s beside it (CMS, CAdES-BES), detached by default.",
            "The PIN is asked on the terminal without echo.",
            "Exit code 0 when the signature was written, 1 when it was not signed",
            "(certificate, PIN, token), 2 when the input is wrong (see docs/files.md)."})
final class SignCommand implements Callable<Integer> {

    @Mixin
    TokenOptions options;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The file to sign.")
    Path file;

    @Option(names = "--attached", description = "Put the file inside the signature (one .p7s to send).")
    boolean attached;

    @Option(names = "--cert", paramLabel = "CERTID",
            description = {"The certificate to sign with: its certId from `pechatka certs`",
                "(the first 8 or more characters do)."})
    String certId;

    @Option(names = "--subject", paramLabel = "TEXT",
            description = "The certificate whose name or subject contains TEXT (case does not matter).")
    String subject;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the signature here instead of FILE.p7s.")
    Path out;

    @Option(names = "--force", description = "Replace a signature file that exists already.")
    boolean force;

    @Option(names = "--pin-stdin", description = {"Read the PIN from the first line of standard input (for scripts).",
        "Keep it out of shell history and files others can read; never pass a PIN as an argument."})
    boolean pinStdin;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (certId != null && subject != null) {
            err.println("pechatka sign: give --cert or --subject, not both");
            return 2;
        }
        if (!Files.isRegularFile(file)) {
            err.println("pechatka sign: " + file + (Files.exists(file) ? " is not a regular file" : " does not exist"));
            return 2;
        }
        FileSigner.Request request = new FileSigner.Request(file, out, attached, force);
        if (!force && Files.exists(request.target())) {
            err.println("pechatka sign: " + request.target() + " exists already; give --force to replace it, or"
                    + " --out for another name");
            return 2;
        }
        PinSource pins = pinStdin ? ConsolePins.firstLineOf(System.in) : ConsolePins.terminal(err);
        if (pins == null) {
            err.println("pechatka sign: there is no terminal to ask the PIN on; give --pin-stdin and the PIN on"
                    + " standard input");
            return 2;
        }
        try (TokenSetup setup = TokenSetup.create(options)) {
            List<Candidate> all = candidates(setup, err);
            List<Candidate> chosen = all.stream().filter(this::wanted).toList();
            if (chosen.isEmpty()) {
                err.println("pechatka sign: no certificate with a private key"
                        + (certId != null || subject != null ? " matches" : " was found")
                        + (all.isEmpty() ? "; run `pechatka doctor` to see why" : "; the certificates:"));
                all.forEach(c -> err.println("  " + c.line()));
                return 1;
            }
            if (chosen.size() > 1) {
                err.println("pechatka sign: " + chosen.size() + " certificates fit; choose one with --cert CERTID:");
                chosen.forEach(c -> err.println("  " + c.line()));
                return 2;
            }
            Candidate c = chosen.get(0);
            List<X509Certificate> pool = caCertificates(setup);
            List<X509Certificate> chain = TrustAnchors.load(options.dataDir().resolve("trust"), List.of())
                    .chain(c.certificate().certificate(), pool).stream()
                    .filter(x -> !x.getIssuerX500Principal().equals(x.getSubjectX500Principal())).toList();
            FileSigner.Signed signed = new FileSigner().sign(c.token(), c.certificate(), chain, pins, request);
            stdout.println("Signed " + file);
            stdout.println("  signature: " + signed.signature() + (signed.attached()
                    ? " (attached: it contains the file)" : " (detached: keep it with the file)"));
            stdout.println("  signer: " + c.line());
            stdout.println("  algorithm: " + signed.algorithm().name() + "; signing time "
                    + Describe.time(signed.signingTime()));
            stdout.flush();
            return 0;
        } catch (FileAlreadyExistsException e) {
            err.println("pechatka sign: " + e.getFile() + " exists already; give --force to replace it");
            return 2;
        } catch (PechatkaException e) {
            err.println("pechatka sign: not signed: " + Problems.describe(e));
            return 1;
        } catch (IOException e) {
            err.println("pechatka sign: not signed: " + Problems.describe(e));
            return 2;
        }
    }

    /** A certificate with a (possible) private key, and its token. */
    private record Candidate(Token token, TokenCertificate certificate, CertificateView view) {

        String line() {
            StringBuilder b = new StringBuilder(view.displayName());
            if (view.organization() != null) {
                b.append(", ").append(view.organization());
            }
            b.append(" — issuer ").append(view.issuerName()).append(", serial ").append(view.serialNumber())
                    .append(", valid to ").append(Describe.time(view.notAfter()));
            if (!view.validAt(Instant.now())) {
                b.append(" (").append(Describe.validity(view, Instant.now())).append(')');
            }
            return b.append(" [certId ").append(view.certId(), 0, 16).append("…]").toString();
        }
    }

    private boolean wanted(Candidate c) {
        if (certId != null) {
            String id = certId.strip().toLowerCase(Locale.ROOT);
            return id.length() >= 8 && c.view().certId().startsWith(id);
        }
        if (subject != null) {
            String text = subject.strip().toLowerCase(Locale.ROOT);
            return c.view().displayName().toLowerCase(Locale.ROOT).contains(text)
                    || c.view().subjectDn().toLowerCase(Locale.ROOT).contains(text);
        }
        return true;
    }

    private static List<Candidate> candidates(TokenSetup setup, PrintWriter err) {
        List<Candidate> list = new ArrayList<>();
        for (Token t : setup.registry().tokens()) {
            try {
                for (TokenCertificate tc : t.certificates()) {
                    if (tc.keyStatus() != KeyStatus.NONE && tc.certificate().getBasicConstraints() < 0) {
                        list.add(new Candidate(t, tc, CertificateView.of(tc.certificate())));
                    }
                }
            } catch (PechatkaException | CertificateException e) {
                err.println("pechatka sign: a token was skipped: " + Problems.describe(e));
            }
        }
        return list;
    }

    private static List<X509Certificate> caCertificates(TokenSetup setup) {
        List<X509Certificate> cas = new ArrayList<>();
        for (Token t : setup.registry().tokens()) {
            try {
                t.certificates().stream().map(TokenCertificate::certificate)
                        .filter(c -> c.getBasicConstraints() >= 0).forEach(cas::add);
            } catch (PechatkaException e) {
                // listed above already
            }
        }
        return cas;
    }
}
