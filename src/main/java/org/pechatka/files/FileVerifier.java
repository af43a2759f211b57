package org.pechatka.files;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertID;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificate;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataParser;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSTypedStream;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Selector;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.Signatures;
import org.pechatka.cert.TrustAnchors;
import org.pechatka.crypto.HashAlgorithm;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.crypto.SignatureScheme;
import org.pechatka.error.PechatkaException;

/**
 * Verifies a {@code .p7s} (CMS SignedData, DER, BER or PEM): detached against its file, attached on
 * its own (or against a file that should be its content). For every SignerInfo: the signature
 * over the signed attributes with the signer's key, the message digest against the file, the
 * signing-certificate attribute (ESS, when present) against the certificate found, the key usage,
 * and the certificate's chain against the trust store ({@link SignerTrust}) now. RSA, EC, EdDSA,
 * bign and GOST alike ({@link Signatures}).
 *
 * <p>The file and an attached signature's content are streamed through the digests
 * ({@link CMSSignedDataParser}); only a PEM signature is read whole (PEM is for small signatures).
 */
public final class FileVerifier {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");
    private static final int PEEK = 64;

    private final SignerTrust trust;
    private final Clock clock;

    /** @param trust decides whether a signer's certificate is trusted (e.g. {@link SignerTrust#of(TrustAnchors)}) */
    public FileVerifier(SignerTrust trust) {
        this(trust, Clock.systemUTC());
    }

    public FileVerifier(SignerTrust trust, Clock clock) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The file is not a CMS signature Pechatka can read. */
    public static final class NotASignatureException extends IOException {
        private static final long serialVersionUID = 1L;

        public NotASignatureException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The signature is detached and no signed file was given or found beside it. */
    public static final class ContentNeededException extends IOException {
        private static final long serialVersionUID = 1L;

        public ContentNeededException(String message) {
            super(message);
        }
    }

    /**
     * The file a detached {@code NAME.p7s} most likely signs: {@code NAME} beside it, when it
     * exists; otherwise null.
     */
    public static Path defaultContent(Path signature) {
        String name = signature.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(FileSigner.EXTENSION) || name.length() == FileSigner.EXTENSION.length()) {
            return null;
        }
        Path candidate = signature.resolveSibling(name.substring(0, name.length() - FileSigner.EXTENSION.length()));
        return Files.isRegularFile(candidate) ? candidate : null;
    }

    /**
     * Whether a file starts like a CMS SignedData in DER/BER ({@code SEQUENCE { id-signedData … }})
     * or is PEM with a CMS/PKCS7 label; reads only the first bytes.
     */
    public static boolean looksLikeSignature(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(PEEK);
        }
        String text = new String(head, StandardCharsets.US_ASCII).strip();
        if (text.startsWith("-----BEGIN ")) {
            return text.startsWith("-----BEGIN PKCS7-----") || text.startsWith("-----BEGIN CMS-----");
        }
        if (head.length < 2 || head[0] != 0x30) {
            return false;
        }
        int at = 1;
        int first = head[at++] & 0xff;
        if (first > 0x80) {
            at += first - 0x80; // long form length; 0x80 is BER's indefinite length
        }
        byte[] signedDataOid = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x07, 0x02};
        if (head.length < at + signedDataOid.length) {
            return false;
        }
        for (int i = 0; i < signedDataOid.length; i++) {
            if (head[at + i] != signedDataOid[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Verifies a signature file.
     *
     * @param signature the {@code .p7s}
     * @param content   the signed file for a detached signature; for an attached one, null or a file
     *                  to compare with the content inside
     * @param extra     certificates to look the signer up in besides those the signature carries
     *                  (they are not trusted for that)
     * @throws NoSuchFileException       the signature or the content file does not exist
     * @throws NotASignatureException    the file is not a readable CMS SignedData
     * @throws ContentNeededException    a detached signature and no {@code content}
     * @throws IOException               a file cannot be read
     */
    public FileVerification verify(Path signature, Path content, Collection<X509Certificate> extra)
            throws IOException {
        Objects.requireNonNull(signature, "signature");
        if (!Files.exists(signature)) {
            throw new NoSuchFileException(signature.toString());
        }
        if (content != null && !Files.exists(content)) {
            throw new NoSuchFileException(content.toString());
        }
        DigestCalculatorProvider digests;
        try {
            digests = Signatures.digestCalculators();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no digest calculators", e);
        }
        byte[] pem = pemBody(signature);
        try (InputStream first = open(signature, pem)) {
            CMSSignedDataParser parser = new CMSSignedDataParser(digests, first);
            CMSTypedStream inside = parser.getSignedContent();
            if (inside != null) {
                MessageDigest sha256 = sha256();
                long bytes = drain(inside.getContentStream(), sha256);
                boolean same = content == null
                        || MessageDigest.isEqual(sha256.digest(), FileSigner.hash(content, HashAlgorithm.SHA_256));
                return new FileVerification(signature, true, content, bytes, same, check(parser, extra));
            }
        } catch (CMSException | RuntimeException e) {
            throw new NotASignatureException(signature + " is not a readable CMS signature", e);
        } catch (PechatkaException.AlgorithmUnsupported e) {
            throw new IllegalStateException(e);
        }
        if (content == null) {
            throw new ContentNeededException(signature + " is a detached signature: the signed file is needed");
        }
        try (InputStream sig = open(signature, pem);
                InputStream data = new BufferedInputStream(Files.newInputStream(content), 1 << 16)) {
            CMSSignedDataParser parser = new CMSSignedDataParser(digests, new CMSTypedStream(data), sig);
            long bytes = drain(parser.getSignedContent().getContentStream(), null);
            return new FileVerification(signature, false, content, bytes, true, check(parser, extra));
        } catch (CMSException | RuntimeException e) {
            throw new NotASignatureException(signature + " is not a readable CMS signature", e);
        }
    }

    private List<SignerCheck> check(CMSSignedDataParser parser, Collection<X509Certificate> extra)
            throws CMSException, IOException {
        List<X509Certificate> carried = new ArrayList<>();
        @SuppressWarnings("unchecked") // Bouncy Castle's parser returns a raw Store
        Collection<Object> all = parser.getCertificates().getMatches(null);
        for (Object o : all) {
            if (o instanceof X509CertificateHolder h) {
                carried.add(certificate(h.getEncoded()));
            }
        }
        Set<X509Certificate> pool = new LinkedHashSet<>(carried);
        pool.addAll(extra);
        List<SignerCheck> checks = new ArrayList<>();
        for (SignerInformation si : parser.getSignerInfos().getSigners()) {
            checks.add(check(si, List.copyOf(pool)));
        }
        return checks;
    }

    private SignerCheck check(SignerInformation si, List<X509Certificate> pool) throws IOException {
        SignerId sid = si.getSID();
        String reference = sid.getIssuer() + ", serial " + (sid.getSerialNumber() == null ? "?"
                : sid.getSerialNumber().toString(16).toUpperCase(Locale.ROOT));
        Instant signingTime = signingTime(si.getSignedAttributes());
        String digestName = HashAlgorithm.byOid(si.getDigestAlgorithmID().getAlgorithm())
                .map(HashAlgorithm::protocolName).orElse(si.getDigestAlgOID());
        X509Certificate signer = find(sid, pool);
        if (signer == null) {
            return new SignerCheck(null, reference, SignerCheck.Outcome.NO_CERTIFICATE, SignerCheck.Trust.UNKNOWN,
                    signingTime, digestName, algorithmName(si, null), false);
        }
        SignerCheck.Outcome outcome = outcome(si, signer);
        Instant now = clock.instant();
        SignerCheck.Trust trusted;
        if (trust.trusted(signer, pool, now)) {
            trusted = SignerCheck.Trust.TRUSTED;
        } else if (signingTime != null && trust.trusted(signer, pool, signingTime)) {
            trusted = SignerCheck.Trust.TRUSTED_AT_SIGNING_TIME_ONLY;
        } else {
            trusted = SignerCheck.Trust.NOT_TRUSTED;
        }
        CertificateView view;
        try {
            view = CertificateView.of(signer);
        } catch (CertificateException e) {
            view = null;
            reference = signer.getSubjectX500Principal().getName();
        }
        return new SignerCheck(view, reference, outcome, trusted, signingTime, digestName, algorithmName(si, signer),
                forSigning(signer));
    }

    private static SignerCheck.Outcome outcome(SignerInformation si, X509Certificate signer) {
        boolean valid;
        try {
            valid = si.verify(Signatures.signerInformationVerifier(signer));
        } catch (CMSSignerDigestMismatchException e) {
            return SignerCheck.Outcome.CONTENT_CHANGED;
        } catch (GeneralSecurityException e) {
            return SignerCheck.Outcome.UNSUPPORTED_ALGORITHM;
        } catch (CMSException | RuntimeException e) {
            return unsupported(e) ? SignerCheck.Outcome.UNSUPPORTED_ALGORITHM : SignerCheck.Outcome.SIGNATURE_INVALID;
        }
        if (!valid) {
            return SignerCheck.Outcome.SIGNATURE_INVALID;
        }
        return signingCertificateMatches(si.getSignedAttributes(), signer) ? SignerCheck.Outcome.VALID
                : SignerCheck.Outcome.WRONG_CERTIFICATE;
    }

    private static boolean unsupported(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OperatorCreationException || t instanceof NoSuchAlgorithmException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The ESS signing-certificate attribute (v2, else v1), when present, must name the certificate
     * found (RFC 5035): otherwise the signature could be shown under another certificate of the
     * same key. A hash algorithm not known here leaves it unchecked.
     */
    private static boolean signingCertificateMatches(AttributeTable attributes, X509Certificate signer) {
        if (attributes == null) {
            return true;
        }
        try {
            byte[] der = signer.getEncoded();
            Attribute v2 = attributes.get(PKCSObjectIdentifiers.id_aa_signingCertificateV2);
            if (v2 != null) {
                ESSCertIDv2[] ids = SigningCertificateV2.getInstance(v2.getAttrValues().getObjectAt(0)).getCerts();
                if (ids.length == 0) {
                    return false;
                }
                var hash = HashAlgorithm.byOid(ids[0].getHashAlgorithm().getAlgorithm());
                return hash.isEmpty() || !hash.get().hostSupported()
                        || MessageDigest.isEqual(hash.get().newDigest().digest(der), ids[0].getCertHash());
            }
            Attribute v1 = attributes.get(PKCSObjectIdentifiers.id_aa_signingCertificate);
            if (v1 != null) {
                ESSCertID[] ids = SigningCertificate.getInstance(v1.getAttrValues().getObjectAt(0)).getCerts();
                return ids.length > 0 && MessageDigest.isEqual(MessageDigest.getInstance("SHA-1").digest(der),
                        ids[0].getCertHash());
            }
            return true;
        } catch (GeneralSecurityException | PechatkaException.AlgorithmUnsupported | RuntimeException e) {
            return false;
        }
    }

    private static Instant signingTime(AttributeTable attributes) {
        if (attributes == null) {
            return null;
        }
        Attribute a = attributes.get(CMSAttributes.signingTime);
        if (a == null || a.getAttrValues().size() != 1) {
            return null;
        }
        try {
            return Time.getInstance(a.getAttrValues().getObjectAt(0)).getDate().toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The algorithm's name, also when the SignerInfo names only the key type (rsaEncryption). */
    private static String algorithmName(SignerInformation si, X509Certificate signer) {
        AlgorithmIdentifier signatureId = si.toASN1Structure().getDigestEncryptionAlgorithm();
        var known = SignatureAlgorithms.byX509Id(signatureId);
        if (known.isPresent()) {
            return known.get().name();
        }
        ASN1ObjectIdentifier oid = signatureId.getAlgorithm();
        var hash = HashAlgorithm.byOid(si.getDigestAlgorithmID().getAlgorithm());
        if (signer != null && hash.isPresent()) {
            // CMS may name the key's algorithm instead (rsaEncryption; GOST keys, RFC 4490 3.2):
            // then the key's usual scheme with the digest algorithm is meant
            try {
                SubjectPublicKeyInfo spki = org.bouncycastle.asn1.x509.Certificate.getInstance(signer.getEncoded())
                        .getSubjectPublicKeyInfo();
                if (spki.getAlgorithm().getAlgorithm().equals(oid) || X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
                    KeyInfo key = KeyInfo.of(spki);
                    SignatureScheme scheme = switch (key.family()) {
                        case RSA -> SignatureScheme.RSA_PKCS1;
                        case EC -> SignatureScheme.ECDSA;
                        case EDDSA -> SignatureScheme.EDDSA;
                        case BIGN -> SignatureScheme.BIGN;
                        case GOST_2012 -> SignatureScheme.GOST_2012;
                    };
                    var found = SignatureAlgorithms.find(key, scheme, hash.get());
                    if (found.isPresent()) {
                        return found.get().name();
                    }
                }
            } catch (IOException | java.security.cert.CertificateEncodingException | RuntimeException e) {
                // fall through to the OID
            }
        }
        return oid.getId();
    }

    private static boolean forSigning(X509Certificate c) {
        boolean[] usage = c.getKeyUsage();
        return usage == null || usage.length > 0 && usage[0] || usage.length > 1 && usage[1];
    }

    private static X509Certificate find(SignerId sid, List<X509Certificate> pool) throws IOException {
        @SuppressWarnings("unchecked")
        Selector<X509CertificateHolder> selector = (Selector<X509CertificateHolder>) (Selector<?>) sid;
        for (X509Certificate c : pool) {
            try {
                if (selector.match(new X509CertificateHolder(c.getEncoded()))) {
                    return c;
                }
            } catch (java.security.cert.CertificateEncodingException e) {
                // not a candidate
            }
        }
        return null;
    }

    private static X509Certificate certificate(byte[] der) throws IOException {
        try {
            return TrustAnchors.read(der);
        } catch (CertificateException e) {
            throw new IOException("a certificate in the signature cannot be read", e);
        }
    }

    private static long drain(InputStream in, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (digest != null) {
                digest.update(buffer, 0, n);
            }
        }
        return total;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The DER inside a PEM signature file, or null when the file is not PEM. */
    private static byte[] pemBody(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(PEEK);
        }
        if (!new String(head, StandardCharsets.US_ASCII).strip().startsWith("-----BEGIN ")) {
            return null;
        }
        Matcher m = PEM.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new NotASignatureException(file + " is PEM but has no complete block", null);
        }
        try {
            return Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new NotASignatureException(file + " is PEM but its Base64 is damaged", e);
        }
    }

    private static InputStream open(Path file, byte[] pem) throws IOException {
        return pem != null ? new ByteArrayInputStream(pem)
                : new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    }
}
