package org.pechatka.cert;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pechatka.crypto.KeyInfo;

/**
 * A certificate as the picker, the certificates window and the protocol present it. Build with
 * {@link #of(X509Certificate)} or {@link #of(byte[])}; the view holds no secrets but does hold
 * personal data, so {@link #toString()} shows the {@code certId} only.
 *
 * @param certId           lowercase hex SHA-256 of the DER (PROTOCOL.md section 2.1)
 * @param certificate      the certificate itself; {@link #der()} gives its encoding
 * @param displayName      fullName, else the subject CN, else the subject DN (else the serial number)
 * @param fullName         see {@link PersonalData}; null when neither a surname nor a CN is present
 * @param organization     see {@link PersonalData}, or null
 * @param position         see {@link PersonalData}, or null
 * @param serialNumber     upper-case hex of the serial number's unsigned value in whole bytes, so
 *                         without the DER sign byte and with at most one leading zero digit
 *                         ({@code 0x00A1B2} → {@code A1B2}, {@code 0x0123} → {@code 0123}); a
 *                         (non-conforming) negative serial as the hex of its two's-complement bytes
 * @param notBefore        start of the validity period (inclusive)
 * @param notAfter         end of the validity period (inclusive, RFC 5280 4.1.2.5)
 * @param subjectDn        RFC 4514-style subject, see {@link DistinguishedNames#format}
 * @param issuerDn         RFC 4514-style issuer
 * @param issuerName       issuer CN, else issuer O, else issuerDn
 * @param keyUsage         keyUsage bit names in bit order ({@link KeyUsages#KEY_USAGE_NAMES}); empty
 *                         when the extension is absent (see {@link #allowsKeyUsage})
 * @param extendedKeyUsage extended key usage OIDs as encoded; empty when the extension is absent
 * @param policies         certificate policy OIDs as encoded
 * @param key              the public key, or null when its algorithm is unknown to Pechatka
 * @param keyDescription   {@link KeyInfo#displayName()}, or {@code unknown (<algorithm OID>)}
 * @param ca               basicConstraints cA
 * @param selfSigned       issuer = subject, key identifiers (when both present) agree and the
 *                         signature verifies with the certificate's own key (when the algorithm is
 *                         available here; otherwise names and key identifiers decide)
 * @param attributes       the personal attributes ({@link PersonalData}), in enum order, unmodifiable
 */
public record CertificateView(
        String certId,
        X509Certificate certificate,
        String displayName,
        String fullName,
        String organization,
        String position,
        String serialNumber,
        Instant notBefore,
        Instant notAfter,
        String subjectDn,
        String issuerDn,
        String issuerName,
        List<String> keyUsage,
        List<String> extendedKeyUsage,
        List<String> policies,
        KeyInfo key,
        String keyDescription,
        boolean ca,
        boolean selfSigned,
        Map<PersonalAttribute, String> attributes) {

    /** Where an instant lies relative to the validity period. */
    public enum Validity {
        VALID,
        EXPIRED,
        NOT_YET_VALID
    }

    private static final int[] KEY_USAGE_BITS = {
        KeyUsage.digitalSignature, KeyUsage.nonRepudiation, KeyUsage.keyEncipherment, KeyUsage.dataEncipherment,
        KeyUsage.keyAgreement, KeyUsage.keyCertSign, KeyUsage.cRLSign, KeyUsage.encipherOnly, KeyUsage.decipherOnly
    };

    public CertificateView {
        Objects.requireNonNull(certId, "certId");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        keyUsage = List.copyOf(keyUsage);
        extendedKeyUsage = List.copyOf(extendedKeyUsage);
        policies = List.copyOf(policies);
        EnumMap<PersonalAttribute, String> ordered = new EnumMap<>(PersonalAttribute.class);
        ordered.putAll(attributes);
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(ordered));
    }

    /**
     * Parses a DER certificate and builds its view.
     *
     * @throws CertificateException when the bytes are not exactly one DER (or BER) X.509
     *                              certificate, or a keyUsage, extendedKeyUsage, basicConstraints
     *                              or certificatePolicies extension is malformed
     */
    public static CertificateView of(byte[] der) throws CertificateException {
        if (der == null || der.length == 0) {
            throw new CertificateException("not an X.509 certificate: no data");
        }
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new CertificateException("not an X.509 certificate", e);
        }
        if (certificate == null || !Arrays.equals(certificate.getEncoded(), der)) {
            // PEM, trailing bytes or a second certificate: the certId must hash exactly the input
            throw new CertificateException("not a single DER-encoded X.509 certificate");
        }
        return build(certificate, der);
    }

    /**
     * Builds the view of a certificate.
     *
     * @throws CertificateException as {@link #of(byte[])}
     */
    public static CertificateView of(X509Certificate certificate) throws CertificateException {
        Objects.requireNonNull(certificate, "certificate");
        return build(certificate, certificate.getEncoded());
    }

    private static CertificateView build(X509Certificate certificate, byte[] der) throws CertificateException {
        Certificate asn1;
        try {
            asn1 = Certificate.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException | RuntimeException e) {
            throw new CertificateException("not an X.509 certificate", e);
        }
        X500Name subject = asn1.getSubject();
        X500Name issuer = asn1.getIssuer();
        Extensions extensions = asn1.getTBSCertificate().getExtensions();

        Map<PersonalAttribute, String> attributes = PersonalData.extract(subject, extensions);
        String subjectDn = DistinguishedNames.format(subject);
        String issuerDn = DistinguishedNames.format(issuer);
        String serial = formatSerial(certificate.getSerialNumber());

        String fullName = attributes.get(PersonalAttribute.FULL_NAME);
        String displayName = fullName != null ? fullName
                : DistinguishedNames.firstValue(subject, NameOids.COMMON_NAME)
                        .orElse(subjectDn.isEmpty() ? serial : subjectDn);
        String issuerName = DistinguishedNames.firstValue(issuer, NameOids.COMMON_NAME)
                .or(() -> DistinguishedNames.firstValue(issuer, NameOids.ORGANIZATION))
                .orElse(issuerDn);

        SubjectPublicKeyInfo spki = asn1.getSubjectPublicKeyInfo();
        KeyInfo key;
        String keyDescription;
        try {
            key = KeyInfo.of(spki);
            keyDescription = key.displayName();
        } catch (IOException | RuntimeException unknown) {
            key = null;
            keyDescription = "unknown (" + spki.getAlgorithm().getAlgorithm().getId() + ")";
        }

        List<String> keyUsage;
        List<String> eku = new ArrayList<>();
        List<String> policies = new ArrayList<>();
        boolean ca;
        try {
            keyUsage = keyUsageNames(KeyUsage.fromExtensions(extensions));
            ExtendedKeyUsage ekuExt = ExtendedKeyUsage.fromExtensions(extensions);
            if (ekuExt != null) {
                for (KeyPurposeId id : ekuExt.getUsages()) {
                    eku.add(id.toOID().getId());
                }
            }
            CertificatePolicies policiesExt = CertificatePolicies.fromExtensions(extensions);
            if (policiesExt != null) {
                for (PolicyInformation p : policiesExt.getPolicyInformation()) {
                    policies.add(p.getPolicyIdentifier().getId());
                }
            }
            BasicConstraints bc = BasicConstraints.fromExtensions(extensions);
            ca = bc != null && bc.isCA();
        } catch (RuntimeException e) {
            throw new CertificateException("malformed certificate extension", e);
        }

        return new CertificateView(
                sha256Hex(der),
                certificate,
                displayName,
                fullName,
                attributes.get(PersonalAttribute.ORGANIZATION),
                attributes.get(PersonalAttribute.POSITION),
                serial,
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                subjectDn,
                issuerDn,
                issuerName,
                keyUsage,
                eku,
                policies,
                key,
                keyDescription,
                ca,
                selfSigned(certificate, subject, issuer, extensions),
                attributes);
    }

    /** A copy of the certificate's DER encoding. */
    public byte[] der() {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate could not be encoded", e);
        }
    }

    /** Where {@code now} lies relative to the validity period (both ends inclusive). */
    public Validity validity(Instant now) {
        if (now.isBefore(notBefore)) {
            return Validity.NOT_YET_VALID;
        }
        if (now.isAfter(notAfter)) {
            return Validity.EXPIRED;
        }
        return Validity.VALID;
    }

    /** Whether {@code now} lies inside the validity period (both ends inclusive). */
    public boolean validAt(Instant now) {
        return validity(now) == Validity.VALID;
    }

    /** One personal attribute, if the certificate has it. */
    public Optional<String> attribute(PersonalAttribute attribute) {
        return Optional.ofNullable(attributes.get(attribute));
    }

    /** {@link #extendedKeyUsage()} with readable names for the common ones ({@link KeyUsages}). */
    public List<String> extendedKeyUsageNames() {
        return extendedKeyUsage.stream().map(KeyUsages::extendedKeyUsageName).toList();
    }

    /** Whether the certificate has a keyUsage extension at all. */
    public boolean hasKeyUsageExtension() {
        return certificate.getExtensionValue(Extension.keyUsage.getId()) != null;
    }

    /**
     * Whether the key may be used for this keyUsage (a name from {@link KeyUsages#KEY_USAGE_NAMES}):
     * true when the bit is set or the certificate has no keyUsage extension (RFC 5280: no restriction).
     */
    public boolean allowsKeyUsage(String name) {
        return !hasKeyUsageExtension() || keyUsage.contains(name);
    }

    /**
     * Whether the key may be used for this purpose (an OID): true when the extendedKeyUsage
     * extension lists it or anyExtendedKeyUsage, or when the certificate has no such extension.
     */
    public boolean allowsExtendedKeyUsage(String oid) {
        return extendedKeyUsage.isEmpty() || extendedKeyUsage.contains(oid)
                || extendedKeyUsage.contains(KeyPurposeId.anyExtendedKeyUsage.getId());
    }

    /** Shows the certId only: the other fields are personal data and must not reach a log. */
    @Override
    public String toString() {
        return "CertificateView[certId=" + certId + "]";
    }

    // ---- helpers ------------------------------------------------------------------------------

    static String formatSerial(BigInteger serial) {
        byte[] bytes = serial.toByteArray(); // two's complement, minimal
        if (serial.signum() >= 0 && bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    private static List<String> keyUsageNames(KeyUsage ku) {
        if (ku == null) {
            return List.of();
        }
        boolean[] bits = new boolean[KEY_USAGE_BITS.length];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = ku.hasUsages(KEY_USAGE_BITS[i]);
        }
        return KeyUsages.keyUsageNames(bits);
    }

    static String sha256Hex(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static boolean selfSigned(X509Certificate certificate, X500Name subject, X500Name issuer,
            Extensions extensions) {
        if (!subject.equals(issuer)) {
            return false;
        }
        try {
            SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(extensions);
            AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.fromExtensions(extensions);
            if (ski != null && aki != null && aki.getKeyIdentifierObject() != null
                    && !Arrays.equals(ski.getKeyIdentifier(), aki.getKeyIdentifierObject().getOctets())) {
                return false;
            }
        } catch (RuntimeException malformed) {
            return false;
        }
        if (Signatures.canCheck(certificate, certificate)) {
            return Signatures.verifies(certificate, certificate);
        }
        return true; // an algorithm nobody here implements: issuer = subject and the key identifiers decide
    }
}
