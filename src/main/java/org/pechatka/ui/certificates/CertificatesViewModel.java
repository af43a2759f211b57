package org.pechatka.ui.certificates;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.util.ASN1Dump;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.ChainValidation;
import org.pechatka.error.PechatkaException;
import org.pechatka.platform.AtomicFiles;
import org.pechatka.token.KeyStatus;
import org.pechatka.token.KeyWithoutCertificate;
import org.pechatka.token.PinRules;
import org.pechatka.token.PinSource;
import org.pechatka.token.PinStatus;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenInfo;
import org.pechatka.token.TokenKind;
import org.pechatka.token.TokenRegistry;
import org.pechatka.token.TokenSession;

/**
 * What the Certificates window shows and does, without JavaFX: the tokens and key files, their
 * certificates and keys without a certificate, the fields of a certificate, export, delete and the
 * PIN care. Every method that reads or writes a token may take a while (a smart card) and runs off
 * the JavaFX thread. PINs come in as {@code char[]} that the caller wipes; none is kept or logged.
 */
public final class CertificatesViewModel {

    private static final String PEM_TYPE = "CERTIFICATE";
    private static final System.Logger LOG = System.getLogger(CertificatesViewModel.class.getName());

    /** A token or key file on the left. */
    public record TokenRow(String tokenId, String label, String model, TokenKind kind, PinStatus pin,
            boolean unreadable) {}

    /** One line on the right: a certificate or a key without one. */
    public sealed interface Entry permits CertificateEntry, KeyEntry {
        String tokenId();
    }

    /** A certificate with its parsed view. */
    public record CertificateEntry(TokenCertificate certificate, CertificateView view) implements Entry {
        @Override
        public String tokenId() {
            return certificate.tokenId();
        }
    }

    /** A key no certificate belongs to. */
    public record KeyEntry(KeyWithoutCertificate key) implements Entry {
        @Override
        public String tokenId() {
            return key.tokenId();
        }
    }

    /**
     * A token's contents.
     *
     * @param failure why the token could not be read, null when it could
     */
    public record Contents(List<Entry> entries, PechatkaException failure) {
        public Contents {
            entries = List.copyOf(entries);
        }
    }

    /** The export formats. */
    public enum ExportFormat {
        DER,
        PEM
    }

    /** A field of the details: its text key (or an attribute name already localised) and value. */
    public record Field(String key, String value) {}

    /**
     * Checks a certificate's chain against the trust store; {@code pool} holds the CA certificates
     * found beside it on the token. Slow (files, CRLs): called off the JavaFX thread.
     */
    @FunctionalInterface
    public interface ChainValidator {
        ChainValidation validate(X509Certificate certificate, Collection<X509Certificate> pool);
    }

    private final TokenRegistry registry;
    private final Clock clock;
    private final ChainValidator chains;

    public CertificatesViewModel(TokenRegistry registry) {
        this(registry, Clock.systemDefaultZone());
    }

    public CertificatesViewModel(TokenRegistry registry, Clock clock) {
        this(registry, clock, null);
    }

    /** @param chains checks chains against the trust store; null: the window shows "not checked" */
    public CertificatesViewModel(TokenRegistry registry, Clock clock, ChainValidator chains) {
        this.registry = registry;
        this.clock = clock;
        this.chains = chains;
    }

    /** Whether chains are checked at all (the app wired a trust store). */
    public boolean checksChains() {
        return chains != null;
    }

    /**
     * The chain status of every certificate in {@code contents}, by certId, with the token's CA
     * certificates as the pool; a certificate whose check failed is left out (shown "not checked").
     * Slow: off the JavaFX thread.
     */
    public Map<String, ChainValidation> chains(Contents contents) {
        Map<String, ChainValidation> out = new HashMap<>();
        if (chains == null) {
            return out;
        }
        List<X509Certificate> pool = contents.entries().stream()
                .filter(e -> e instanceof CertificateEntry c && c.view().ca())
                .map(e -> ((CertificateEntry) e).certificate().certificate()).toList();
        for (Entry e : contents.entries()) {
            if (e instanceof CertificateEntry c) {
                try {
                    ChainValidation v = chains.validate(c.certificate().certificate(), pool);
                    if (v != null) {
                        out.put(c.view().certId(), v);
                    }
                } catch (RuntimeException ex) {
                    LOG.log(System.Logger.Level.WARNING, "the chain of a certificate could not be checked: {0}",
                            ex.toString());
                }
            }
        }
        return out;
    }

    /** The names along a chain, leaf first: "Ivan Ivanov → Demo CA → Demo Root". */
    public static String pathNames(ChainValidation v) {
        List<String> names = new ArrayList<>();
        for (X509Certificate c : v.path()) {
            try {
                names.add(CertificateView.of(c).displayName());
            } catch (CertificateException e) {
                names.add(c.getSubjectX500Principal().getName());
            }
        }
        return String.join(" \u2192 ", names);
    }

    public TokenRegistry registry() {
        return registry;
    }

    /** The tokens and key files present now, with their PIN state read from each. */
    public List<TokenRow> tokens() {
        List<TokenRow> rows = new ArrayList<>();
        for (Token t : registry.tokens()) {
            try {
                TokenInfo i = t.info();
                String model = String.join(" ", List.of(i.manufacturer(), i.model()).stream()
                        .filter(s -> !s.isBlank()).toList());
                rows.add(new TokenRow(t.id(), i.label().isBlank() ? t.id() : i.label(), model, i.kind(), i.pin(),
                        false));
            } catch (PechatkaException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "token {0} unreadable: {1}", t.id(), e.toString());
                rows.add(new TokenRow(t.id(), t.id(), "", TokenKind.PKCS11, PinStatus.OK, true));
            }
        }
        return rows;
    }

    /** The certificates of a token (the person's first, CA certificates after) and its keys without one. */
    public Contents contents(String tokenId) {
        List<Entry> people = new ArrayList<>();
        List<Entry> authorities = new ArrayList<>();
        try {
            Token token = registry.require(tokenId);
            for (TokenCertificate c : token.certificates()) {
                CertificateView v;
                try {
                    v = CertificateView.of(c.certificate());
                } catch (CertificateException e) {
                    LOG.log(System.Logger.Level.WARNING, "a certificate on {0} cannot be shown: {1}", tokenId,
                            e.getMessage());
                    continue;
                }
                (v.ca() ? authorities : people).add(new CertificateEntry(c, v));
            }
            people.addAll(authorities);
            for (KeyWithoutCertificate k : token.keysWithoutCertificate()) {
                people.add(new KeyEntry(k));
            }
            return new Contents(people, null);
        } catch (PechatkaException e) {
            return new Contents(people, e);
        }
    }

    /** Whether deleting this certificate's key loses something a person uses: valid, own key, not a CA. */
    public boolean inUse(CertificateEntry e) {
        return !e.view().ca() && e.view().validAt(clock.instant()) && e.certificate().keyStatus() != KeyStatus.NONE;
    }

    /** Whether the certificate may have its private key on the token (so deleting "with key" means something). */
    public static boolean hasKey(CertificateEntry e) {
        return e.certificate().keyStatus() != KeyStatus.NONE && !e.view().ca();
    }

    public CertificateView.Validity validity(CertificateEntry e) {
        return e.view().validity(clock.instant());
    }

    // ---- details ------------------------------------------------------------------------------

    /** The SHA-256 thumbprint of the certificate as upper-case pairs. */
    public static String thumbprint(CertificateView v) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(v.certId()));
    }

    /** The serial number in hex pairs, as issuers print it. */
    public static String serialHex(X509Certificate c) {
        String hex = c.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
        if (hex.length() % 2 == 1) {
            hex = "0" + hex;
        }
        return String.join(" ", hex.split("(?<=\\G..)"));
    }

    /**
     * The raw fields for an expert, one per line: subject and issuer DN, serial, signature
     * algorithm, validity, public key, every extension with its OID, criticality and ASN.1 dump, and
     * the SHA-1 thumbprint some administrators still ask for. {@code labels} gives the words.
     */
    public static String technical(CertificateView v, java.util.function.Function<String, String> labels) {
        X509Certificate c = v.certificate();
        StringBuilder out = new StringBuilder();
        line(out, labels.apply("raw.subject"), v.subjectDn());
        line(out, labels.apply("raw.issuer"), v.issuerDn());
        line(out, labels.apply("raw.serial"), c.getSerialNumber().toString(16) + " (" + c.getSerialNumber() + ")");
        line(out, labels.apply("raw.signature"), c.getSigAlgName() + " (" + c.getSigAlgOID() + ")");
        line(out, labels.apply("raw.notBefore"), v.notBefore().toString());
        line(out, labels.apply("raw.notAfter"), v.notAfter().toString());
        line(out, labels.apply("raw.publicKey"), v.keyDescription());
        line(out, labels.apply("raw.sha256"), v.certId());
        line(out, labels.apply("raw.sha1"), sha1(c));
        out.append(labels.apply("raw.extensions")).append('\n');
        try {
            Extensions extensions = new X509CertificateHolder(c.getEncoded()).getExtensions();
            if (extensions != null) {
                for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
                    Extension e = extensions.getExtension(oid);
                    out.append("  ").append(oid.getId()).append(e.isCritical() ? " " + labels.apply("raw.critical") : "")
                            .append('\n');
                    String dump;
                    try {
                        dump = ASN1Dump.dumpAsString(e.getParsedValue(), false);
                    } catch (RuntimeException parse) {
                        dump = HexFormat.of().formatHex(e.getExtnValue().getOctets());
                    }
                    for (String l : dump.strip().split("\\R")) {
                        out.append("    ").append(l.stripTrailing()).append('\n');
                    }
                }
            }
        } catch (IOException | CertificateEncodingException e) {
            out.append("  ?\n");
        }
        return out.toString().stripTrailing();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(label).append(": ").append(value).append('\n');
    }

    private static String sha1(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(c.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return "?";
        }
    }

    // ---- export -------------------------------------------------------------------------------

    /** The certificate as DER, or PEM with 64-character lines. */
    public static byte[] encode(X509Certificate certificate, ExportFormat format) {
        byte[] der;
        try {
            der = certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        if (format == ExportFormat.DER) {
            return der;
        }
        java.io.StringWriter text = new java.io.StringWriter();
        try (org.bouncycastle.util.io.pem.PemWriter pem = new org.bouncycastle.util.io.pem.PemWriter(text)) {
            pem.writeObject(new org.bouncycastle.util.io.pem.PemObject(PEM_TYPE, der));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The format a file name asks for: PEM for {@code .pem}/{@code .crt}, else DER. */
    public static ExportFormat formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".pem") || name.endsWith(".crt") ? ExportFormat.PEM : ExportFormat.DER;
    }

    /**
     * Writes the certificate atomically. Without {@code replace} an existing file is left as it is
     * ({@link java.nio.file.FileAlreadyExistsException}); with it, it is replaced in one step.
     */
    public static void export(X509Certificate certificate, Path file, ExportFormat format, boolean replace)
            throws IOException {
        byte[] content = encode(certificate, format);
        if (replace) {
            AtomicFiles.replace(file, content, false);
        } else {
            AtomicFiles.writeNew(file, content, false);
        }
    }

    // ---- delete and PIN care ------------------------------------------------------------------

    /** Deletes a certificate (and its key when asked), logging in through {@code pins}. */
    public void deleteCertificate(CertificateEntry e, boolean withKey, PinSource pins) throws PechatkaException {
        try (TokenSession s = registry.require(e.tokenId()).open(pins, TokenSession.Access.READ_WRITE)) {
            TokenCertificate fresh = s.certificates().stream()
                    .filter(c -> c.certificate().equals(e.certificate().certificate())).findFirst().orElse(null);
            if (fresh == null) {
                throw new PechatkaException.KeyNotFound("The certificate is no longer on the token");
            }
            s.deleteCertificate(fresh, withKey);
        }
        LOG.log(System.Logger.Level.INFO, "a certificate was deleted from {0} (with its key: {1})", e.tokenId(), withKey);
    }

    /** Deletes a key without a certificate, logging in through {@code pins}. */
    public void deleteKey(KeyEntry e, PinSource pins) throws PechatkaException {
        try (TokenSession s = registry.require(e.tokenId()).open(pins, TokenSession.Access.READ_WRITE)) {
            s.deleteKey(e.key());
        }
        LOG.log(System.Logger.Level.INFO, "a key without a certificate was deleted from {0}", e.tokenId());
    }

    public PinRules pinRules(String tokenId) {
        return registry.token(tokenId).map(Token::pinRules).orElse(PinRules.NONE);
    }

    public void changePin(String tokenId, char[] oldPin, char[] newPin) throws PechatkaException {
        registry.require(tokenId).changePin(oldPin, newPin);
    }

    public void unblockPin(String tokenId, char[] soPin, char[] newPin) throws PechatkaException {
        registry.require(tokenId).unblockPin(soPin, newPin);
    }

    /** What is wrong with a new PIN and its repetition (a text key), or null when nothing is. */
    public static String pinProblem(PinRules rules, char[] newPin, char[] repeat) {
        if (!rules.fits(newPin.length)) {
            return rules.maxLength() == Integer.MAX_VALUE ? "pin.tooShort" : "pin.length";
        }
        if (!java.util.Arrays.equals(newPin, repeat)) {
            return "pin.mismatch";
        }
        return null;
    }

    /** The text key that explains a failure to the person. */
    public static String problemKey(PechatkaException e) {
        return switch (e) {
            case PechatkaException.PinIncorrect p -> p.finalTry() ? "error.pinFinalTry" : "error.pinIncorrect";
            case PechatkaException.PinLocked p -> "error.pinLocked";
            case PechatkaException.TokenRemoved p -> "error.tokenGone";
            case PechatkaException.TokenNotPresent p -> "error.tokenGone";
            case PechatkaException.UserCancelled p -> "error.cancelled";
            case PechatkaException.OperationNotAllowed p -> "error.notAllowed";
            case PechatkaException.KeyNotFound p -> "error.gone";
            default -> "error.token";
        };
    }
}
