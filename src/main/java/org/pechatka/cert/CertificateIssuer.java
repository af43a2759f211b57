package org.pechatka.cert;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.pechatka.crypto.Bc;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.crypto.SignatureAlgorithms;

/**
 * Issues X.509 v3 certificates with software keys: the demo token's CA, the local TLS CA
 * (name-constrained to 127.0.0.1, ::1 and localhost) and tests.
 *
 * <pre>{@code
 * X509Certificate cert = CertificateIssuer.builder()
 *         .withSubject(DistinguishedNames.builder().commonName("localhost").build())
 *         .withPublicKey(serverKeyPair.getPublic())
 *         .withIssuer(caCertificate, caPrivateKey)
 *         .withValidity(now, now.plus(Duration.ofDays(825)))
 *         .withKeyUsage(KeyUsage.digitalSignature)
 *         .withExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth.toOID())
 *         .withSubjectAltNameDns("localhost").withSubjectAltNameIp("127.0.0.1", "::1")
 *         .issue();
 * }</pre>
 *
 * <p>Extensions are written in this fixed order, only when configured unless noted:
 * subjectKeyIdentifier (always; RFC 5280 method 1, SHA-1 of the subjectPublicKey bits),
 * authorityKeyIdentifier (always; the issuer's subjectKeyIdentifier, else computed the same way from
 * its key; keyIdentifier only), basicConstraints (critical), keyUsage (critical), extendedKeyUsage,
 * certificatePolicies, subjectAltName (critical only when the subject is empty, RFC 5280 4.2.1.6),
 * nameConstraints (critical, permitted subtrees only; CA certificates only), then the extensions
 * given to {@link Builder#withExtension} in call order.
 *
 * <p>The signature algorithm is {@link SignatureAlgorithms#defaultFor(KeyInfo)} of the issuer's
 * public key unless set, computed by Bouncy Castle ({@link Bc#PROVIDER}). Times are truncated to whole
 * seconds and encoded as UTCTime up to 2049, GeneralizedTime after (RFC 5280 4.1.2.5).
 */
public final class CertificateIssuer {

    private CertificateIssuer() {}

    public static Builder builder() {
        return new Builder();
    }

    /** A one-use, mutable builder; the setters replace earlier values unless they say "adds". */
    public static final class Builder {
        private X500Name subject;
        private SubjectPublicKeyInfo publicKey;
        private X509Certificate issuerCertificate;
        private PrivateKey signingKey;
        private ContentSigner contentSigner;
        private boolean selfSigned;
        private BigInteger serialNumber;
        private SecureRandom random;
        private Instant notBefore;
        private Instant notAfter;
        private Integer keyUsage;
        private final List<ASN1ObjectIdentifier> extendedKeyUsages = new ArrayList<>();
        private Boolean ca;
        private Integer pathLength;
        private final List<GeneralName> permittedSubtrees = new ArrayList<>();
        private final List<GeneralName> subjectAltNames = new ArrayList<>();
        private final List<ASN1ObjectIdentifier> policies = new ArrayList<>();
        private final List<Extension> extraExtensions = new ArrayList<>();
        private SignatureAlgorithm signatureAlgorithm;

        private Builder() {}

        public Builder withSubject(X500Name subject) {
            this.subject = Objects.requireNonNull(subject, "subject");
            return this;
        }

        public Builder withPublicKey(SubjectPublicKeyInfo publicKey) {
            this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
            return this;
        }

        public Builder withPublicKey(PublicKey publicKey) {
            Objects.requireNonNull(publicKey, "publicKey");
            byte[] encoded = publicKey.getEncoded();
            if (encoded == null) {
                throw new IllegalArgumentException("the public key has no X.509 encoding");
            }
            return withPublicKey(SubjectPublicKeyInfo.getInstance(encoded));
        }

        /** Signed by a CA: its certificate (issuer name, key identifier, key type) and private key. */
        public Builder withIssuer(X509Certificate issuerCertificate, PrivateKey issuerKey) {
            this.issuerCertificate = Objects.requireNonNull(issuerCertificate, "issuerCertificate");
            this.signingKey = Objects.requireNonNull(issuerKey, "issuerKey");
            this.contentSigner = null;
            this.selfSigned = false;
            return this;
        }

        /** Self-signed: issuer = subject, signed with the subject's own private key. */
        public Builder withSelfSigned(PrivateKey subjectPrivateKey) {
            this.signingKey = Objects.requireNonNull(subjectPrivateKey, "subjectPrivateKey");
            this.contentSigner = null;
            this.issuerCertificate = null;
            this.selfSigned = true;
            return this;
        }

        /**
         * Signed by a CA whose key the JCA does not hold (a bign key, a token): its certificate and a
         * signer, whose algorithm identifier goes into the certificate.
         */
        public Builder withIssuer(X509Certificate issuerCertificate, ContentSigner issuerSigner) {
            this.issuerCertificate = Objects.requireNonNull(issuerCertificate, "issuerCertificate");
            this.contentSigner = Objects.requireNonNull(issuerSigner, "issuerSigner");
            this.signingKey = null;
            this.selfSigned = false;
            return this;
        }

        /** Self-signed with a signer for the subject's own key (see {@link #withIssuer(X509Certificate, ContentSigner)}). */
        public Builder withSelfSigned(ContentSigner subjectSigner) {
            this.contentSigner = Objects.requireNonNull(subjectSigner, "subjectSigner");
            this.signingKey = null;
            this.issuerCertificate = null;
            this.selfSigned = true;
            return this;
        }

        /**
         * The serial number (must be positive). Default: 16 random bytes with the first bit
         * cleared (positive, at most 16 content octets; RFC 5280 allows 20).
         */
        public Builder withSerialNumber(BigInteger serialNumber) {
            if (serialNumber.signum() <= 0) {
                throw new IllegalArgumentException("the serial number must be positive");
            }
            this.serialNumber = serialNumber;
            return this;
        }

        /** The random source for the default serial number and the signature. */
        public Builder withRandom(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Validity period; both ends inclusive, truncated to whole seconds. */
        public Builder withValidity(Instant notBefore, Instant notAfter) {
            this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
            this.notAfter = Objects.requireNonNull(notAfter, "notAfter");
            return this;
        }

        /** keyUsage bits, OR-ed Bouncy Castle {@link KeyUsage} constants (e.g. {@code KeyUsage.digitalSignature}). */
        public Builder withKeyUsage(int bits) {
            if (bits == 0) {
                throw new IllegalArgumentException("keyUsage needs at least one bit; use withoutKeyUsage()");
            }
            this.keyUsage = bits;
            return this;
        }

        /** No keyUsage extension. */
        public Builder withoutKeyUsage() {
            this.keyUsage = null;
            return this;
        }

        /** The extended key usages (replacing earlier ones); none: no extension. */
        public Builder withExtendedKeyUsage(ASN1ObjectIdentifier... purposes) {
            extendedKeyUsages.clear();
            extendedKeyUsages.addAll(Arrays.asList(purposes));
            return this;
        }

        /** basicConstraints cA=TRUE without a path length constraint. */
        public Builder withCa() {
            this.ca = true;
            this.pathLength = null;
            return this;
        }

        /** basicConstraints cA=TRUE, pathLenConstraint {@code pathLength}. */
        public Builder withCa(int pathLength) {
            if (pathLength < 0) {
                throw new IllegalArgumentException("pathLength must not be negative");
            }
            this.ca = true;
            this.pathLength = pathLength;
            return this;
        }

        /** basicConstraints cA=FALSE written explicitly (default: no basicConstraints extension). */
        public Builder withEndEntityBasicConstraints() {
            this.ca = false;
            this.pathLength = null;
            return this;
        }

        /** Adds permitted dNSName subtrees to the name constraints ({@code localhost}, {@code example.by}). */
        public Builder withPermittedDnsNames(String... dnsNames) {
            for (String name : dnsNames) {
                permittedSubtrees.add(new GeneralName(GeneralName.dNSName, name));
            }
            return this;
        }

        /**
         * Adds permitted iPAddress subtrees: an address alone means that one address
         * ({@code 127.0.0.1} = 127.0.0.1/32, {@code ::1} = ::1/128), or CIDR ({@code 10.0.0.0/8}).
         */
        public Builder withPermittedIpRanges(String... ranges) {
            for (String range : ranges) {
                String r = range.contains("/") ? range : range + (range.contains(":") ? "/128" : "/32");
                permittedSubtrees.add(new GeneralName(GeneralName.iPAddress, r));
            }
            return this;
        }

        /** Adds dNSName entries to subjectAltName (entries keep the order of the calls). */
        public Builder withSubjectAltNameDns(String... dnsNames) {
            for (String name : dnsNames) {
                subjectAltNames.add(new GeneralName(GeneralName.dNSName, name));
            }
            return this;
        }

        /** Adds iPAddress entries (IPv4 or IPv6 text) to subjectAltName. */
        public Builder withSubjectAltNameIp(String... addresses) {
            for (String address : addresses) {
                if (address.contains("/")) {
                    throw new IllegalArgumentException("a subjectAltName address has no mask: " + address);
                }
                subjectAltNames.add(new GeneralName(GeneralName.iPAddress, address));
            }
            return this;
        }

        /** Adds rfc822Name (e-mail) entries to subjectAltName. */
        public Builder withSubjectAltNameEmail(String... emails) {
            for (String email : emails) {
                subjectAltNames.add(new GeneralName(GeneralName.rfc822Name, email));
            }
            return this;
        }

        /** The certificate policies (replacing earlier ones), identifiers only. */
        public Builder withPolicies(ASN1ObjectIdentifier... policyOids) {
            policies.clear();
            policies.addAll(Arrays.asList(policyOids));
            return this;
        }

        /** Adds any other extension, written after the standard ones in call order. */
        public Builder withExtension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
            try {
                extraExtensions.add(new Extension(oid, critical, value.toASN1Primitive().getEncoded()));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot encode extension " + oid.getId(), e);
            }
            return this;
        }

        /** Overrides the signature algorithm chosen from the issuer key. */
        public Builder withSignatureAlgorithm(SignatureAlgorithm algorithm) {
            this.signatureAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /**
         * Builds and signs the certificate.
         *
         * @throws IllegalStateException     when a required setting is missing or the settings contradict
         * @throws NoSuchAlgorithmException  when the issuer key has no signature algorithm usable here (bign)
         * @throws GeneralSecurityException  when signing or encoding fails
         */
        public X509Certificate issue() throws GeneralSecurityException {
            check();
            SecureRandom rnd = random != null ? random : new SecureRandom();
            BigInteger serial = serialNumber != null ? serialNumber : randomSerial(rnd);

            X500Name issuerName;
            SubjectPublicKeyInfo issuerKeyInfo;
            byte[] authorityKeyId;
            if (selfSigned) {
                issuerName = subject;
                issuerKeyInfo = publicKey;
                authorityKeyId = keyIdentifier(publicKey);
            } else {
                X509CertificateHolder issuerHolder = new JcaX509CertificateHolder(issuerCertificate);
                issuerName = issuerHolder.getSubject();
                issuerKeyInfo = issuerHolder.getSubjectPublicKeyInfo();
                Extension issuerSki = issuerHolder.getExtension(Extension.subjectKeyIdentifier);
                authorityKeyId = issuerSki != null
                        ? SubjectKeyIdentifier.getInstance(issuerSki.getParsedValue()).getKeyIdentifier()
                        : keyIdentifier(issuerKeyInfo);
            }

            X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuerName, serial,
                    time(notBefore), time(notAfter), subject, publicKey);
            try {
                b.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifier(publicKey)));
                b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(authorityKeyId));
                if (ca != null) {
                    BasicConstraints bc = !ca ? new BasicConstraints(false)
                            : pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength);
                    b.addExtension(Extension.basicConstraints, true, bc);
                }
                if (keyUsage != null) {
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
                }
                if (!extendedKeyUsages.isEmpty()) {
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            extendedKeyUsages.stream().map(KeyPurposeId::getInstance).toArray(KeyPurposeId[]::new)));
                }
                if (!policies.isEmpty()) {
                    b.addExtension(Extension.certificatePolicies, false, new CertificatePolicies(
                            policies.stream().map(PolicyInformation::new).toArray(PolicyInformation[]::new)));
                }
                if (!subjectAltNames.isEmpty()) {
                    b.addExtension(Extension.subjectAlternativeName, subject.getRDNs().length == 0,
                            new GeneralNames(subjectAltNames.toArray(GeneralName[]::new)));
                }
                if (!permittedSubtrees.isEmpty()) {
                    GeneralSubtree[] permitted = permittedSubtrees.stream()
                            .map(GeneralSubtree::new).toArray(GeneralSubtree[]::new);
                    b.addExtension(Extension.nameConstraints, true, new NameConstraints(permitted, null));
                }
                for (Extension e : extraExtensions) {
                    b.addExtension(e);
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new GeneralSecurityException("cannot encode a certificate extension", e);
            }

            ContentSigner signer = contentSigner;
            if (signer != null) {
                try {
                    return toX509(b.build(signer));
                } catch (RuntimeException e) {
                    throw new GeneralSecurityException("signing the certificate failed", e);
                }
            }
            SignatureAlgorithm algorithm = signatureAlgorithm != null ? signatureAlgorithm : defaultAlgorithm(issuerKeyInfo);
            try {
                signer = new JcaContentSignerBuilder(bcName(algorithm))
                        .setProvider(Bc.PROVIDER)
                        .setSecureRandom(rnd)
                        .build(signingKey);
            } catch (OperatorCreationException e) {
                throw new GeneralSecurityException("cannot sign with " + algorithm.name(), e);
            } catch (IllegalArgumentException e) {
                throw new NoSuchAlgorithmException(algorithm.name() + " is not available for certificates", e);
            }
            try {
                return toX509(b.build(signer));
            } catch (RuntimeException e) {
                // BC's ContentSigner reports signing failures unchecked
                throw new GeneralSecurityException("signing the certificate failed", e);
            }
        }

        /**
         * Through the JDK's factory, which keeps any key it does not know (bign, GOST) as its
         * encoding; Bouncy Castle's converter would give no public key for bign.
         */
        private static X509Certificate toX509(X509CertificateHolder holder) throws GeneralSecurityException {
            try {
                return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(new java.io.ByteArrayInputStream(holder.getEncoded()));
            } catch (IOException e) {
                throw new GeneralSecurityException("the certificate cannot be encoded", e);
            }
        }

        private void check() {
            if (subject == null) {
                throw new IllegalStateException("subject not set");
            }
            if (publicKey == null) {
                throw new IllegalStateException("public key not set");
            }
            if (signingKey == null && contentSigner == null) {
                throw new IllegalStateException("neither an issuer nor self-signing set");
            }
            if (notBefore == null || notAfter == null) {
                throw new IllegalStateException("validity not set");
            }
            if (!truncate(notBefore).isBefore(truncate(notAfter))) {
                throw new IllegalStateException("notBefore must be before notAfter");
            }
            if (!permittedSubtrees.isEmpty() && !Boolean.TRUE.equals(ca)) {
                throw new IllegalStateException("name constraints belong in CA certificates only (RFC 5280 4.2.1.10)");
            }
            Set<ASN1ObjectIdentifier> seen = new HashSet<>(Set.of(Extension.subjectKeyIdentifier,
                    Extension.authorityKeyIdentifier, Extension.basicConstraints, Extension.keyUsage,
                    Extension.extendedKeyUsage, Extension.certificatePolicies, Extension.subjectAlternativeName,
                    Extension.nameConstraints));
            for (Extension e : extraExtensions) {
                if (!seen.add(e.getExtnId())) {
                    throw new IllegalStateException("extension " + e.getExtnId().getId()
                            + " is written by a dedicated setter or was added twice");
                }
            }
        }

        private static SignatureAlgorithm defaultAlgorithm(SubjectPublicKeyInfo issuerKey) throws NoSuchAlgorithmException {
            KeyInfo info;
            try {
                info = KeyInfo.of(issuerKey);
            } catch (IOException | RuntimeException e) {
                throw new NoSuchAlgorithmException("unknown issuer key algorithm", e);
            }
            return SignatureAlgorithms.defaultFor(info)
                    .orElseThrow(() -> new NoSuchAlgorithmException("no signature algorithm for " + info.displayName()));
        }
    }

    /**
     * The Bouncy Castle {@code JcaContentSignerBuilder} name of a signature algorithm. The registry's
     * names are BC's except GOST ("…WITHECGOST3410…"); bign has no Bouncy Castle implementation.
     */
    static String bcName(SignatureAlgorithm algorithm) throws NoSuchAlgorithmException {
        if (algorithm.equals(SignatureAlgorithms.GOST_2012_256)) {
            return "GOST3411-2012-256WITHECGOST3410-2012-256";
        }
        if (algorithm.equals(SignatureAlgorithms.GOST_2012_512)) {
            return "GOST3411-2012-512WITHECGOST3410-2012-512";
        }
        if (algorithm.equals(SignatureAlgorithms.BIGN_HBELT)) {
            throw new NoSuchAlgorithmException("bign-with-hbelt has no software implementation for certificates here");
        }
        return algorithm.name();
    }

    /** RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's bits. */
    static byte[] keyIdentifier(SubjectPublicKeyInfo key) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(key.getPublicKeyData().getBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-1", e);
        }
    }

    private static BigInteger randomSerial(SecureRandom random) {
        byte[] bytes = new byte[16];
        BigInteger serial;
        do {
            random.nextBytes(bytes);
            bytes[0] &= 0x7F;
            serial = new BigInteger(1, bytes);
        } while (serial.signum() == 0);
        return serial;
    }

    private static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }

    private static Time time(Instant instant) {
        // BC's Time(Date): UTCTime for 1950..2049, GeneralizedTime otherwise, as RFC 5280 requires
        return new Time(Date.from(truncate(instant)));
    }
}
