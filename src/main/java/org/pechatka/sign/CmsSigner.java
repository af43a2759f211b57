package org.pechatka.sign;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.CollectionStore;
import org.pechatka.crypto.HashAlgorithm;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.crypto.SignatureScheme;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.KeyRef;
import org.pechatka.token.TokenSession;

/**
 * CAdES-BES signatures (CMS SignedData, RFC 5652) made with a key on a token.
 *
 * <p>The one SignerInfo has exactly four signed attributes: contentType (id-data), messageDigest,
 * signingTime, and signingCertificateV2 (one ESSCertIDv2: SHA-256 of the signer certificate, the
 * default hash, so its algorithm is omitted; with IssuerSerial). The signer is identified by issuer
 * and serial number. The SignedData carries the signer certificate and the given chain.
 *
 * <p>The digest algorithm is the signature algorithm's hash (SHA-512 for Ed25519, RFC 8419). Pechatka
 * computes the content digest itself, or takes the caller's hash, and hands Bouncy Castle a digest
 * calculator that only returns it, so Bouncy Castle never hashes the content; the token signs the DER
 * of the signed attributes with the ordinary hash-then-sign of the algorithm (pure EdDSA: the DER
 * itself). Bouncy Castle's default signature-algorithm finder writes RSA PKCS#1 v1.5 signatures with
 * the {@code rsaEncryption} OID in the SignerInfo, as most CMS producers do.
 *
 * <p>Ed25519 follows RFC 8419 (digest SHA-512, pure Ed25519 over the signed attributes). Bouncy Castle
 * and the JDK verify such signatures; OpenSSL up to 3.6 cannot ({@code cms -verify} fails with
 * "invalid digest", openssl/openssl#32248), so a relying party on OpenSSL needs RSA or ECDSA.
 */
public final class CmsSigner {

    private CmsSigner() {}

    /**
     * Makes a CAdES-BES signature.
     *
     * @param session     an open session with the token holding the key
     * @param key         the private key
     * @param signer      the certificate of the key
     * @param chain       certificates to include besides the signer's (nearest first; may be empty)
     * @param algorithm   the signature algorithm, e.g. from {@link #defaultAlgorithm}
     * @param content     the data or its hash
     * @param signingTime the signingTime attribute; whole seconds (UTCTime has no fractions), the rest is dropped
     * @return the DER-encoded ContentInfo with the SignedData
     * @throws PechatkaException.InvalidParams        the hash was made with another algorithm than {@code algorithm}'s
     * @throws PechatkaException.KeyNotFound          {@code key} is not the key of {@code signer}, or not on the token
     * @throws PechatkaException.AlgorithmUnsupported the algorithm does not fit the key, or its hash is not available
     * @throws PechatkaException                      anything the token reports (PIN, removal, cancel …)
     */
    public static byte[] sign(TokenSession session, KeyRef key, X509Certificate signer, List<X509Certificate> chain,
            SignatureAlgorithm algorithm, CmsContent content, Instant signingTime) throws PechatkaException {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(signingTime, "signingTime");

        X509CertificateHolder signerHolder = holder(signer);
        SubjectPublicKeyInfo certKey = signerHolder.getSubjectPublicKeyInfo();
        if (!certKey.equals(key.publicKey())) {
            throw new PechatkaException.KeyNotFound("the key is not the key of the certificate");
        }
        KeyInfo keyInfo = keyInfo(certKey);
        if (!algorithm.fits(keyInfo)) {
            throw new PechatkaException.AlgorithmUnsupported(algorithm.name() + " does not fit a "
                    + keyInfo.displayName() + " key");
        }
        HashAlgorithm digestAlgorithm = digestAlgorithm(algorithm);

        byte[] digest;
        CMSTypedData typed;
        boolean encapsulate;
        switch (content) {
            case CmsContent.Data d -> {
                byte[] data = d.data();
                digest = digestAlgorithm.digest(data);
                typed = new CMSProcessableByteArray(data);
                encapsulate = !d.detached();
            }
            case CmsContent.Hash h -> {
                if (h.hashAlgorithm() != digestAlgorithm) {
                    throw new PechatkaException.InvalidParams("the hash is " + h.hashAlgorithm().protocolName()
                            + " but " + algorithm.name() + " needs " + digestAlgorithm.protocolName());
                }
                digest = h.hash();
                typed = new CMSAbsentContent();
                encapsulate = false;
            }
        }

        List<X509CertificateHolder> certificates = certificates(signerHolder, chain);
        try {
            AlgorithmIdentifier digestId = new AlgorithmIdentifier(digestAlgorithm.oid());
            SignerInfoGenerator signerInfo = new SignerInfoGeneratorBuilder(new KnownDigest(digestId, digest))
                    .setContentDigest(digestId)
                    .setSignedAttributeGenerator(new CadesBesAttributes(signingTime, essCertId(signerHolder)))
                    .build(new TokenContentSigner(session, key, algorithm), signerHolder);
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(signerInfo);
            generator.addCertificates(new CollectionStore<>(certificates));
            return generator.generate(typed, encapsulate).getEncoded(ASN1Encoding.DER);
        } catch (CMSException | OperatorCreationException | IOException | RuntimeException e) {
            PechatkaException carried = SignerFailure.carried(e);
            if (carried != null) {
                throw carried;
            }
            throw new PechatkaException.Internal("cannot build the CMS signature", e);
        }
    }

    /**
     * The usual signature algorithm for a key and a hash: RSA PKCS#1 v1.5, ECDSA, Ed25519 (only with
     * SHA-512, its CMS digest), bign-with-hbelt (belt-hash) or GOST R 34.10-2012 (the Streebog of the
     * key's size).
     *
     * @param hashOrNull the hash wanted, or null for the key's default ({@link SignatureAlgorithms#defaultFor})
     * @throws PechatkaException.AlgorithmUnsupported no such algorithm for this key and hash
     */
    public static SignatureAlgorithm defaultAlgorithm(KeyInfo key, HashAlgorithm hashOrNull)
            throws PechatkaException.AlgorithmUnsupported {
        Objects.requireNonNull(key, "key");
        // made only when it is thrown: a signing request calls this every time
        java.util.function.Supplier<PechatkaException.AlgorithmUnsupported> unsupported =
                () -> new PechatkaException.AlgorithmUnsupported("no signature algorithm for a " + key.displayName()
                        + " key" + (hashOrNull == null ? "" : " with " + hashOrNull.protocolName()));
        if (hashOrNull == null) {
            return SignatureAlgorithms.defaultFor(key).orElseThrow(unsupported);
        }
        return switch (key.family()) {
            case RSA -> SignatureAlgorithms.find(key, SignatureScheme.RSA_PKCS1, hashOrNull)
                    .orElseThrow(unsupported);
            case EC -> SignatureAlgorithms.find(key, SignatureScheme.ECDSA, hashOrNull)
                    .orElseThrow(unsupported);
            // pure EdDSA, bign and GOST each have one hash for a key: take the default if it is that one
            case EDDSA, BIGN, GOST_2012 -> {
                SignatureAlgorithm def = SignatureAlgorithms.defaultFor(key).orElseThrow(unsupported);
                if (cmsDigest(def) != hashOrNull) {
                    throw unsupported.get();
                }
                yield def;
            }
        };
    }

    /**
     * The CMS digest algorithm of a signature algorithm: its hash, or SHA-512 for Ed25519 (RFC 8419).
     *
     * @throws PechatkaException.AlgorithmUnsupported a pure signature algorithm without a CMS digest
     */
    public static HashAlgorithm digestAlgorithm(SignatureAlgorithm algorithm)
            throws PechatkaException.AlgorithmUnsupported {
        HashAlgorithm h = cmsDigest(algorithm);
        if (h == null) {
            throw new PechatkaException.AlgorithmUnsupported(algorithm.name() + " has no CMS digest algorithm");
        }
        return h;
    }

    private static HashAlgorithm cmsDigest(SignatureAlgorithm algorithm) {
        if (algorithm.hash() != null) {
            return algorithm.hash();
        }
        boolean ed25519 = EdECObjectIdentifiers.id_Ed25519.equals(algorithm.x509Id().getAlgorithm());
        return ed25519 ? HashAlgorithm.SHA_512 : null;
    }

    private static KeyInfo keyInfo(SubjectPublicKeyInfo spki) throws PechatkaException.AlgorithmUnsupported {
        try {
            return KeyInfo.of(spki);
        } catch (IOException | RuntimeException e) {
            throw new PechatkaException.AlgorithmUnsupported("the certificate's key type is not supported");
        }
    }

    /** Bouncy Castle's view of the certificates signed with lately (parsed once, not per signature). */
    private static final Map<X509Certificate, X509CertificateHolder> HOLDERS = new ConcurrentHashMap<>();
    private static final int HOLDERS_LIMIT = 256;

    private static X509CertificateHolder holder(X509Certificate certificate) throws PechatkaException.InvalidParams {
        X509CertificateHolder known = HOLDERS.get(certificate);
        if (known != null) {
            return known;
        }
        try {
            X509CertificateHolder h = new X509CertificateHolder(certificate.getEncoded());
            if (HOLDERS.size() >= HOLDERS_LIMIT) {
                HOLDERS.clear();
            }
            HOLDERS.put(certificate, h);
            return h;
        } catch (CertificateEncodingException | IOException e) {
            throw new PechatkaException.InvalidParams("the certificate cannot be encoded");
        }
    }

    /** The signer first, then the chain, each certificate once. */
    private static List<X509CertificateHolder> certificates(X509CertificateHolder signer, List<X509Certificate> chain)
            throws PechatkaException.InvalidParams {
        Map<ByteBuffer, X509CertificateHolder> byEncoding = new LinkedHashMap<>();
        put(byEncoding, signer);
        for (X509Certificate c : chain) {
            put(byEncoding, holder(Objects.requireNonNull(c, "chain certificate")));
        }
        return new ArrayList<>(byEncoding.values());
    }

    private static void put(Map<ByteBuffer, X509CertificateHolder> map, X509CertificateHolder holder)
            throws PechatkaException.InvalidParams {
        try {
            map.putIfAbsent(ByteBuffer.wrap(holder.getEncoded()), holder);
        } catch (IOException e) {
            throw new PechatkaException.InvalidParams("the certificate cannot be encoded");
        }
    }

    /** ESSCertIDv2 of the signer: SHA-256 of its DER (the default hash, not encoded) and its issuer and serial. */
    private static ESSCertIDv2 essCertId(X509CertificateHolder signer) throws PechatkaException {
        try {
            byte[] hash = HashAlgorithm.SHA_256.digest(signer.getEncoded());
            IssuerSerial issuerSerial = new IssuerSerial(new GeneralNames(new GeneralName(signer.getIssuer())),
                    signer.getSerialNumber());
            return new ESSCertIDv2(hash, issuerSerial);
        } catch (IOException e) {
            throw new PechatkaException.InvalidParams("the certificate cannot be encoded");
        }
    }

    /** Exactly the four CAdES-BES signed attributes. */
    private static final class CadesBesAttributes implements CMSAttributeTableGenerator {

        private final Instant signingTime;
        private final ESSCertIDv2 certId;

        CadesBesAttributes(Instant signingTime, ESSCertIDv2 certId) {
            this.signingTime = signingTime.truncatedTo(ChronoUnit.SECONDS);
            this.certId = certId;
        }

        @Override
        public AttributeTable getAttributes(@SuppressWarnings("rawtypes") Map parameters) {
            Object contentType = parameters.get(CMSAttributeTableGenerator.CONTENT_TYPE);
            byte[] digest = (byte[]) parameters.get(CMSAttributeTableGenerator.DIGEST);
            ASN1EncodableVector v = new ASN1EncodableVector(4);
            v.add(attribute(CMSAttributes.contentType,
                    contentType instanceof ASN1ObjectIdentifier oid ? oid : CMSObjectIdentifiers.data));
            v.add(attribute(CMSAttributes.messageDigest, new DEROctetString(digest)));
            // RFC 5652 section 11.3: UTCTime for 1950-2049, GeneralizedTime otherwise; BC's Time chooses so
            v.add(attribute(CMSAttributes.signingTime, new Time(Date.from(signingTime))));
            v.add(attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new SigningCertificateV2(certId)));
            return new AttributeTable(v);
        }

        private static Attribute attribute(ASN1ObjectIdentifier type, ASN1Encodable value) {
            return new Attribute(type, new DERSet(value));
        }
    }

    /**
     * Digest calculators that compute nothing: the content digest is known before Bouncy Castle runs
     * (computed by Pechatka or given by the caller), so the content written to them is ignored.
     */
    private record KnownDigest(AlgorithmIdentifier algorithm, byte[] digest) implements DigestCalculatorProvider {

        @Override
        public DigestCalculator get(AlgorithmIdentifier requested) throws OperatorCreationException {
            if (!algorithm.getAlgorithm().equals(requested.getAlgorithm())) {
                throw new OperatorCreationException("only " + algorithm.getAlgorithm().getId() + " is known, not "
                        + requested.getAlgorithm().getId());
            }
            return new DigestCalculator() {
                @Override
                public AlgorithmIdentifier getAlgorithmIdentifier() {
                    return algorithm;
                }

                @Override
                public OutputStream getOutputStream() {
                    return OutputStream.nullOutputStream();
                }

                @Override
                public byte[] getDigest() {
                    return digest.clone();
                }
            };
        }
    }
}
