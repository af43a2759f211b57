package org.pechatka.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.PersonalAttribute;
import org.pechatka.cert.TrustAnchors;
import org.pechatka.files.FileVerification;
import org.pechatka.files.FileVerifier;
import org.pechatka.files.SignerCheck;
import org.pechatka.files.SignerTrust;

/**
 * {@code pechatka verify FILE.p7s [FILE]}: runs the {@link FileVerifier} and tells a person what it
 * found: who signed (name, organisation, position, personal number or INN, the certificate), when
 * by the signer's clock, with what, whether the file is intact and whether the signer is trusted.
 * Exit 0 verified, 1 not verified, 2 unreadable.
 */
final class SignedFileReport {

    private final PrintWriter out;
    private final PrintWriter err;

    SignedFileReport(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    int verify(Path signature, Path given, List<X509Certificate> extra, TrustAnchors anchors) {
        Path content = given != null ? given : FileVerifier.defaultContent(signature);
        FileVerification v;
        try {
            v = new FileVerifier(SignerTrust.of(anchors)).verify(signature, content, extra);
        } catch (FileVerifier.ContentNeededException e) {
            err.println("pechatka verify: " + signature + " is a detached signature: give the signed file as the"
                    + " second argument (pechatka verify " + signature.getFileName() + " FILE)");
            return 2;
        } catch (NoSuchFileException e) {
            err.println("pechatka verify: " + e.getFile() + " does not exist");
            return 2;
        } catch (FileVerifier.NotASignatureException e) {
            err.println("pechatka verify: " + e.getMessage() + (e.getCause() == null ? ""
                    : " (" + e.getCause().getMessage() + ")"));
            return 2;
        } catch (IOException e) {
            err.println("pechatka verify: cannot read: " + Problems.describe(e));
            return 2;
        }
        out.println("Signed file: " + (v.attached()
                ? "inside " + signature + " (attached), " + v.contentBytes() + " bytes"
                : v.content() + ", " + v.contentBytes() + " bytes; signature " + signature + " (detached)"));
        if (v.attached() && v.content() != null) {
            out.println("  compared with " + v.content() + ": " + (v.sameAsGivenContent() ? "the same file"
                    : "A DIFFERENT FILE from the one inside the signature"));
        }
        if (given == null && !v.attached()) {
            out.println("  (the signed file was taken from beside the signature)");
        }
        int i = 0;
        for (SignerCheck s : v.signers()) {
            signer(++i, s);
        }
        if (v.signers().isEmpty()) {
            out.println("The signature has no signers.");
        }
        boolean ok = v.verified();
        out.println(ok ? "Signature verifies: the file is intact and the signer's certificate is trusted"
                : "Signature does NOT verify");
        out.flush();
        return ok ? 0 : 1;
    }

    private void signer(int index, SignerCheck s) {
        CertificateView c = s.signer();
        if (c == null) {
            out.printf("Signer %d: certificate not in the signature (%s); give it with --issuer%n", index,
                    s.signerReference());
        } else {
            out.printf("Signer %d: %s%n", index, c.displayName());
            Map<PersonalAttribute, String> attrs = c.attributes();
            for (var e : attrs.entrySet()) {
                switch (e.getKey()) {
                    case FULL_NAME, SURNAME, GIVEN_NAME, COUNTRY, LOCALITY -> { }
                    default -> out.printf("  %s: %s%n", Describe.label(e.getKey()), e.getValue());
                }
            }
            out.printf("  certificate: serial %s, issued by %s, valid %s … %s%n", c.serialNumber(), c.issuerName(),
                    Describe.time(c.notBefore()), Describe.time(c.notAfter()));
        }
        out.printf("  signed at: %s%n", s.signingTime() == null ? "not stated"
                : Describe.time(s.signingTime()) + " (by the signer's computer clock)");
        out.printf("  algorithm: %s, digest %s%n", s.signatureAlgorithm(), s.digestAlgorithm());
        out.printf("  signature: %s%n", switch (s.outcome()) {
            case VALID -> "verifies; the file is the one that was signed";
            case CONTENT_CHANGED -> "DOES NOT MATCH THE FILE: the file was changed after signing, or it is another file";
            case SIGNATURE_INVALID -> "DOES NOT VERIFY with the signer's key (the signature was damaged or forged)";
            case WRONG_CERTIFICATE -> "names another certificate than the one it carries";
            case NO_CERTIFICATE -> "cannot be checked without the signer's certificate";
            case UNSUPPORTED_ALGORITHM -> "cannot be checked: the algorithm is not supported here";
        });
        out.printf("  certificate: %s%n", switch (s.trust()) {
            case TRUSTED -> "trusted (leads to a certificate in your trust store)";
            case TRUSTED_AT_SIGNING_TIME_ONLY -> "NOT VALID NOW (it was valid at the stated signing time; without a"
                    + " timestamp that time cannot be proven)";
            case NOT_TRUSTED -> "NOT TRUSTED: it does not lead to a certificate in your trust store, or it is not"
                    + " valid now (add its CA to the trust store: the trust/ folder of the data directory,"
                    + " `pechatka truststore add`; or give the CA with --issuer)";
            case UNKNOWN -> "unknown";
        });
        if (c != null && !s.forSigning()) {
            out.println("  the certificate's key usage does not allow signing documents");
        }
    }
}
