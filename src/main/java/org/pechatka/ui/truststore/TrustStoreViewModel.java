package org.pechatka.ui.truststore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.pechatka.cert.Signatures;
import org.pechatka.cert.TrustStore;
import org.pechatka.platform.AtomicFiles;

/**
 * The trust store window's data, over {@link TrustStore} (the same store {@code pechatka
 * truststore} changes): the roots and intermediates with who put them there, adding one CA
 * certificate at a time (each after the person confirmed it), removing the user's own, exporting.
 * Plain Java: testable without a window.
 */
public final class TrustStoreViewModel {

    /** Larger than any certificate bundle a CA hands out. */
    static final int MAX_FILE_BYTES = 1 << 20;

    /** What offering one CA certificate of a file led to. */
    public enum Offered {
        /** Written to the store after the person confirmed it. */
        ADDED,
        /** The store held it already: nothing asked, nothing written. */
        ALREADY_PRESENT,
        /** The person declined: nothing written. */
        SKIPPED
    }

    private final TrustStore store;

    public TrustStoreViewModel(TrustStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    public TrustStore store() {
        return store;
    }

    /** The store's certificates of one kind, the administrator's first. */
    public List<TrustStore.Entry> entries(TrustStore.Kind kind) throws IOException {
        return store.list().stream().filter(e -> e.kind() == kind).toList();
    }

    /** Where a CA certificate goes: self-signed ones are roots, the rest intermediates (as {@link TrustStore#add}). */
    public static TrustStore.Kind kindOf(X509Certificate c) {
        boolean selfSigned = c.getIssuerX500Principal().equals(c.getSubjectX500Principal()) && Signatures.verifies(c, c);
        return selfSigned ? TrustStore.Kind.ROOT : TrustStore.Kind.INTERMEDIATE;
    }

    /** Whether a certificate is a CA certificate. */
    public static boolean isCa(X509Certificate c) {
        return c.getBasicConstraints() >= 0;
    }

    /**
     * Every certificate of a file: one DER or PEM certificate, several PEM certificates, or a
     * PKCS#7 bundle (DER or PEM), in the file's order without repeats.
     *
     * @throws CertificateException nothing readable, or a part of it damaged
     */
    public static List<X509Certificate> readCertificates(Path file) throws IOException, CertificateException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new CertificateException("the file is too large for a certificate file");
        }
        return readCertificates(Files.readAllBytes(file));
    }

    /** As {@link #readCertificates(Path)}, from the file's bytes. */
    public static List<X509Certificate> readCertificates(byte[] bytes) throws CertificateException {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int begin = text.indexOf("-----BEGIN ");
        byte[] input = begin <= 0 ? bytes : text.substring(begin).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, X509Certificate> out = new LinkedHashMap<>();
        try {
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(input))) {
                X509Certificate x = (X509Certificate) c;
                out.putIfAbsent(TrustStore.certId(x), x);
            }
        } catch (RuntimeException e) {
            throw new CertificateException("not a certificate file", e);
        }
        if (out.isEmpty()) {
            throw new CertificateException("the file holds no certificate");
        }
        return new ArrayList<>(out.values());
    }

    /** The store's entry for this certificate, or null when it is not in the store. */
    public TrustStore.Entry find(X509Certificate c) throws IOException {
        String id = TrustStore.certId(c);
        return store.list().stream().filter(e -> e.certId().equals(id)).findFirst().orElse(null);
    }

    /**
     * Adds one CA certificate the person confirmed (as a root when self-signed, else as an
     * intermediate), written atomically as its own file.
     *
     * @return its entry in the store (also when it was there already)
     */
    public TrustStore.Entry add(X509Certificate ca) throws TrustStore.RefusedException, IOException {
        if (!isCa(ca)) {
            throw new TrustStore.RefusedException("not a CA certificate");
        }
        TrustStore.Added added;
        try {
            added = store.add(ca.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new TrustStore.RefusedException("the certificate cannot be encoded");
        }
        if (!added.added().isEmpty()) {
            return added.added().get(0);
        }
        if (!added.alreadyPresent().isEmpty()) {
            return added.alreadyPresent().get(0);
        }
        throw new TrustStore.RefusedException("the certificate was not added");
    }

    /** Removes the user's entry (the administrator's are refused by the store). */
    public TrustStore.Entry remove(TrustStore.Entry e) throws TrustStore.RefusedException, IOException {
        if (e.source() == TrustStore.Source.ADMIN) {
            throw new TrustStore.RefusedException("the administrator's certificates cannot be removed here");
        }
        return store.remove(e.certId());
    }

    /** Whether an export to this file is PEM (.pem, .crt) rather than DER (.cer, .der, anything else). */
    public static boolean pemFor(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".pem") || name.endsWith(".crt");
    }

    /**
     * Writes the certificate to a new file (PEM or DER by its extension), atomically; an existing
     * file is never overwritten.
     *
     * @throws java.nio.file.FileAlreadyExistsException the file exists
     */
    public static void export(X509Certificate c, Path file) throws IOException {
        byte[] der;
        try {
            der = c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IOException("cannot encode the certificate", e);
        }
        byte[] content = pemFor(file) ? pem(der) : der;
        AtomicFiles.writeNew(file, content, false);
    }

    private static byte[] pem(byte[] der) throws IOException {
        java.io.StringWriter text = new java.io.StringWriter();
        try (org.bouncycastle.util.io.pem.PemWriter w = new org.bouncycastle.util.io.pem.PemWriter(text)) {
            w.writeObject(new org.bouncycastle.util.io.pem.PemObject("CERTIFICATE", der));
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A name for an exported file: the certificate's common name (or "certificate") made safe for a file name. */
    public static String fileName(String displayName) {
        String safe = displayName.replaceAll("[^\\p{L}\\p{N} ._-]", "").strip();
        return safe.isEmpty() ? "ca-certificate" : safe;
    }
}
