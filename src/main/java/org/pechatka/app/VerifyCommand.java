package org.pechatka.app;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.pechatka.cert.Signatures;
import org.pechatka.cert.TrustAnchors;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.files.FileVerifier;
import org.pechatka.platform.AppDirs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pechatka verify FILE}: checks the signature of a certificate request, a certificate or a
 * CMS signature, for RSA, EC, EdDSA, bign and GOST alike. Exit 0 only when the signature verifies
 * (and, for a certificate or CMS, when its issuer was found to check it with); 1 when it does not;
 * 2 when the input cannot be read.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = {"Check a signature:",
            "  a certificate request (.req, .csr; PEM or DER) against its own key;",
            "  a certificate against its issuer (--issuer or your trust store);",
            "  a signed file's .p7s (CMS): detached against SIGNED-FILE (default: the",
            "  .p7s name without .p7s), attached on its own. Every signer's signature,",
            "  the file's digest and the signer's chain against your trust store are",
            "  checked, and the signer is shown.",
            "Exit code 0 when it verifies, 1 when it does not, 2 when it cannot be read."})
final class VerifyCommand implements Callable<Integer> {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The request, certificate or signature (.p7s).")
    Path file;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SIGNED-FILE",
            description = {"The signed file, for a detached .p7s.", "For an attached one: compared with the file inside."})
    Path signedFile;

    @Option(names = "--issuer", paramLabel = "CERT",
            description = "The issuer's certificate, trusted for this run besides the trust store (repeatable).")
    List<Path> issuers = new ArrayList<>();

    @Option(names = "--data", paramLabel = "FILE", description = "The signed file (as SIGNED-FILE).")
    Path data;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Pechatka's data directory, whose trust/ folder is the trust store (default: ${DEFAULT-VALUE}).")
    Path dataDir = AppDirs.defaultDataDir();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (data != null && signedFile != null && !data.equals(signedFile)) {
            err.println("pechatka verify: give the signed file once (FILE or --data)");
            return 2;
        }
        try {
            if (Files.exists(file) && FileVerifier.looksLikeSignature(file)) {
                return new SignedFileReport(out, err).verify(file, signedFile != null ? signedFile : data,
                        readIssuers(err), trustAnchors());
            }
        } catch (IOException e) {
            err.println("pechatka verify: " + file + " cannot be read: " + Problems.describe(e));
            return 2;
        }
        byte[] der;
        String pemType;
        try {
            byte[] raw = Files.readAllBytes(file);
            Matcher m = PEM.matcher(new String(raw, StandardCharsets.US_ASCII));
            if (m.find()) {
                pemType = m.group(1);
                der = Base64.getMimeDecoder().decode(m.group(2));
            } else {
                pemType = null;
                der = raw;
            }
        } catch (NoSuchFileException e) {
            err.println("pechatka verify: " + file + " does not exist");
            return 2;
        } catch (IOException | IllegalArgumentException e) {
            err.println("pechatka verify: " + file + " cannot be read: " + e.getMessage());
            return 2;
        }
        try {
            return switch (kind(der, pemType)) {
                case REQUEST -> request(der, out);
                case CERTIFICATE -> certificate(der, out, err);
                case CMS -> {
                    err.println("pechatka verify: " + file + " is CMS but not a signature (SignedData)");
                    yield 2;
                }
            };
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            err.println("pechatka verify: " + file + " is not a readable request, certificate or CMS signature ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            return 2;
        }
    }

    private enum Kind { REQUEST, CERTIFICATE, CMS }

    /** By PEM label when there is one, else by the DER structure. */
    private static Kind kind(byte[] der, String pemType) throws IOException {
        if (pemType != null) {
            if (pemType.contains("REQUEST")) {
                return Kind.REQUEST;
            }
            if (pemType.equals("CERTIFICATE")) {
                return Kind.CERTIFICATE;
            }
            return Kind.CMS; // PKCS7, CMS
        }
        ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
        if (seq.size() == 2 && seq.getObjectAt(0) instanceof org.bouncycastle.asn1.ASN1ObjectIdentifier) {
            return Kind.CMS;
        }
        ASN1Sequence tbs = ASN1Sequence.getInstance(seq.getObjectAt(0));
        // CertificationRequestInfo starts with INTEGER version 0 then the subject; TBSCertificate with [0] version
        // or serialNumber then an AlgorithmIdentifier
        return tbs.getObjectAt(0) instanceof org.bouncycastle.asn1.ASN1Integer
                && tbs.getObjectAt(1) instanceof ASN1Sequence s && looksLikeName(s) ? Kind.REQUEST : Kind.CERTIFICATE;
    }

    private static boolean looksLikeName(ASN1Sequence s) {
        return s.size() == 0 || s.getObjectAt(0) instanceof org.bouncycastle.asn1.ASN1Set;
    }

    private int request(byte[] der, PrintWriter out) throws IOException {
        PKCS10CertificationRequest request = new PKCS10CertificationRequest(CertificationRequest.getInstance(der));
        out.println("Certificate request: " + request.getSubject());
        out.println("  key: " + keyName(request.getSubjectPublicKeyInfo()));
        out.println("  signature: " + signatureName(request.getSignatureAlgorithm()));
        return verdict(out, Signatures.verifies(request), "with the request's own key");
    }

    private int certificate(byte[] der, PrintWriter out, PrintWriter err) throws IOException, GeneralSecurityException {
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        X509CertificateHolder holder = new X509CertificateHolder(der);
        out.println("Certificate: " + holder.getSubject());
        out.println("  issuer: " + holder.getIssuer());
        out.println("  key: " + keyName(holder.getSubjectPublicKeyInfo()));
        out.println("  signature: " + signatureName(holder.getSignatureAlgorithm()));
        List<X509Certificate> candidates = new ArrayList<>(readIssuers(err));
        candidates.addAll(trustAnchors().anchors());
        if (cert.getIssuerX500Principal().equals(cert.getSubjectX500Principal())) {
            candidates.add(0, cert);
        }
        for (X509Certificate issuer : candidates) {
            if (issuer.getSubjectX500Principal().equals(cert.getIssuerX500Principal())
                    && Signatures.verifies(cert, issuer)) {
                out.println("  issued by: " + (issuer.equals(cert) ? "itself (self-signed)" : holder.getIssuer()));
                boolean valid = cert.getNotAfter().toInstant().isAfter(Instant.now())
                        && cert.getNotBefore().toInstant().isBefore(Instant.now());
                out.println("  valid now: " + (valid ? "yes" : "no (" + cert.getNotBefore().toInstant() + " to "
                        + cert.getNotAfter().toInstant() + ")"));
                return verdict(out, true, "with the issuer's key");
            }
        }
        boolean named = candidates.stream().anyMatch(c -> c.getSubjectX500Principal().equals(cert.getIssuerX500Principal()));
        out.println(named ? "  the issuer was found by name, but its key does not verify this signature"
                : "  the issuer's certificate was not found: give it with --issuer, or add it to the trust store");
        return verdict(out, false, named ? "with the issuer's key" : "(no issuer)");
    }

    /** The trust store with the --issuer certificates, which this run trusts too. */
    private TrustAnchors trustAnchors() throws IOException {
        List<X509Certificate> given = new ArrayList<>();
        for (Path p : issuers) {
            try (var in = Files.newInputStream(p)) {
                for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    given.add((X509Certificate) c);
                }
            } catch (CertificateException e) {
                // reported by readIssuers
            }
        }
        return TrustAnchors.load(dataDir.resolve("trust"), given);
    }

    private List<X509Certificate> readIssuers(PrintWriter err) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        for (Path p : issuers) {
            try (var in = Files.newInputStream(p)) {
                for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    certs.add((X509Certificate) c);
                }
            } catch (CertificateException e) {
                err.println("pechatka verify: --issuer " + p + " is not a certificate; ignored");
            }
        }
        return certs;
    }

    private static String keyName(SubjectPublicKeyInfo spki) {
        try {
            return KeyInfo.of(spki).displayName();
        } catch (IOException | RuntimeException e) {
            return spki.getAlgorithm().getAlgorithm().getId();
        }
    }

    private static String signatureName(AlgorithmIdentifier id) {
        return SignatureAlgorithms.byX509Id(id).map(a -> a.name()).orElse(id.getAlgorithm().getId());
    }

    private static int verdict(PrintWriter out, boolean ok, String how) {
        out.println(ok ? "Signature verifies " + how : "Signature does NOT verify " + how);
        out.flush();
        return ok ? 0 : 1;
    }
}
