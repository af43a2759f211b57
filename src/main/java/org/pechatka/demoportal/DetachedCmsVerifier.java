package org.pechatka.demoportal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.util.Store;
import org.pechatka.crypto.Bc;
import org.pechatka.demoportal.SignatureRejectedException.Reason;

/**
 * Verifies a detached CMS (CAdES-BES) signature, as Pechatka's {@code sign.cms} makes it, over the
 * bytes a portal keeps: exactly one signer; content type id-data; signed attributes contentType,
 * messageDigest, signingTime and signingCertificateV2 present (one value each); a SHA-2 or SHA-3
 * digest; the signature valid over the portal's own bytes (Bouncy Castle); the signer's certificate
 * the expected one (the user's login certificate), named by signingCertificateV2, valid now and
 * chaining to a trusted CA (PKIX at the clock's time, <strong>no revocation check</strong>), with
 * digitalSignature or nonRepudiation; signingTime within the allowed skew of the clock.
 *
 * <p>Immutable and thread-safe.
 */
public final class DetachedCmsVerifier {

    /** What was verified. */
    public record Verified(X509Certificate signer, Instant signingTime, String digestAlgorithmOid) {}

    private static final Set<ASN1ObjectIdentifier> DIGESTS = Set.of(
            NISTObjectIdentifiers.id_sha256, NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512,
            NISTObjectIdentifiers.id_sha3_256, NISTObjectIdentifiers.id_sha3_384, NISTObjectIdentifiers.id_sha3_512,
            // the national digests: belt-hash (bign) and Streebog (GOST R 34.10-2012)
            org.pechatka.crypto.NationalOids.BELT_HASH, org.pechatka.crypto.HashAlgorithm.STREEBOG_256.oid(),
            org.pechatka.crypto.HashAlgorithm.STREEBOG_512.oid());

    private final org.pechatka.cert.TrustAnchors anchors;
    private final Clock clock;
    private final Duration maxSkew;

    /**
     * @param trustedCas CA certificates signers must chain to
     * @param clock      the time certificates and signingTime are checked against
     * @param maxSkew    how far signingTime may be from the clock, either way
     */
    public DetachedCmsVerifier(Collection<X509Certificate> trustedCas, Clock clock, Duration maxSkew) {
        if (trustedCas.isEmpty()) {
            throw new IllegalArgumentException("no trusted certification authority");
        }
        this.anchors = new org.pechatka.cert.TrustAnchors(List.copyOf(trustedCas));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxSkew = Objects.requireNonNull(maxSkew, "maxSkew");
    }

    /**
     * Verifies {@code cms} over {@code content}.
     *
     * @param expectedSigner the only certificate whose signature is accepted
     * @throws SignatureRejectedException with the reason of the first check that failed
     */
    public Verified verify(byte[] cms, byte[] content, X509Certificate expectedSigner)
            throws SignatureRejectedException {
        CMSSignedData parsed = parse(cms);
        if (parsed.getSignedContent() != null) {
            throw new SignatureRejectedException(Reason.NOT_DETACHED,
                    "the signature contains the document; a detached signature is expected");
        }
        CMSSignedData signed;
        try {
            signed = new CMSSignedData(new CMSProcessableByteArray(content), cms);
        } catch (CMSException e) {
            throw new SignatureRejectedException(Reason.MALFORMED, "not a CMS signature", e);
        }
        if (!CMSObjectIdentifiers.data.getId().equals(signed.getSignedContentTypeOID())) {
            throw new SignatureRejectedException(Reason.CONTENT_TYPE, "the signed content type is not id-data");
        }
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw new SignatureRejectedException(Reason.SIGNER_COUNT, "exactly one signer is expected");
        }
        SignerInformation signer = signers.iterator().next();

        AttributeTable attributes = signer.getSignedAttributes();
        ASN1Encodable contentType = single(attributes, CMSAttributes.contentType, "contentType");
        single(attributes, CMSAttributes.messageDigest, "messageDigest");
        ASN1Encodable signingTime = single(attributes, CMSAttributes.signingTime, "signingTime");
        ASN1Encodable signingCertificate =
                single(attributes, PKCSObjectIdentifiers.id_aa_signingCertificateV2, "signingCertificateV2");
        if (!CMSObjectIdentifiers.data.equals(contentType)) {
            throw new SignatureRejectedException(Reason.CONTENT_TYPE, "the contentType attribute is not id-data");
        }
        ASN1ObjectIdentifier digest = new ASN1ObjectIdentifier(signer.getDigestAlgOID());
        if (!DIGESTS.contains(digest)) {
            throw new SignatureRejectedException(Reason.WEAK_ALGORITHM,
                    "digest algorithm " + digest.getId() + " is not accepted");
        }

        X509CertificateHolder expected;
        try {
            expected = new X509CertificateHolder(expectedSigner.getEncoded());
        } catch (IOException | CertificateEncodingException e) {
            throw new IllegalArgumentException("the expected signer certificate cannot be encoded", e);
        }
        X509CertificateHolder signerCert = signerCertificate(signed, signer, expected);
        if (!signerCert.equals(expected)) {
            throw new SignatureRejectedException(Reason.SIGNER_MISMATCH,
                    "signed with another certificate than the one used to log in");
        }

        try {
            if (!signer.verify(org.pechatka.cert.Signatures.signerInformationVerifier(expectedSigner))) {
                throw new SignatureRejectedException(Reason.SIGNATURE_INVALID, "the signature does not verify");
            }
        } catch (CMSSignerDigestMismatchException e) {
            throw new SignatureRejectedException(Reason.DIGEST_MISMATCH,
                    "the signature is not over this document", e);
        } catch (CMSException | java.security.GeneralSecurityException | RuntimeException e) {
            throw new SignatureRejectedException(Reason.SIGNATURE_INVALID, "the signature does not verify", e);
        }

        checkSigningCertificate(signingCertificate, expectedSigner);
        Instant time = signingTime(signingTime);
        Instant now = clock.instant();
        if (time.isBefore(now.minus(maxSkew)) || time.isAfter(now.plus(maxSkew))) {
            throw new SignatureRejectedException(Reason.SIGNING_TIME,
                    "the signing time is more than " + maxSkew.toMinutes() + " minutes from now");
        }
        checkTrusted(expectedSigner, now);
        boolean[] keyUsage = expectedSigner.getKeyUsage();
        if (keyUsage != null && !(keyUsage[0] || (keyUsage.length > 1 && keyUsage[1]))) {
            throw new SignatureRejectedException(Reason.SIGNER_KEY_USAGE,
                    "the certificate allows neither digitalSignature nor nonRepudiation");
        }
        return new Verified(expectedSigner, time, digest.getId());
    }

    private static CMSSignedData parse(byte[] cms) throws SignatureRejectedException {
        if (cms == null || cms.length == 0) {
            throw new SignatureRejectedException(Reason.MALFORMED, "no signature");
        }
        try {
            ContentInfo info = ContentInfo.getInstance(cms);
            if (info == null || !CMSObjectIdentifiers.signedData.equals(info.getContentType())) {
                throw new SignatureRejectedException(Reason.MALFORMED, "not a CMS SignedData");
            }
            return new CMSSignedData(info);
        } catch (CMSException | RuntimeException e) {
            throw new SignatureRejectedException(Reason.MALFORMED, "not a CMS signature", e);
        }
    }

    private static ASN1Encodable single(AttributeTable table, ASN1ObjectIdentifier oid, String name)
            throws SignatureRejectedException {
        Attribute a = table == null ? null : table.get(oid);
        if (a == null) {
            throw new SignatureRejectedException(Reason.MISSING_ATTRIBUTE, "the signed attribute " + name
                    + " is missing");
        }
        if (a.getAttrValues().size() != 1 || table.getAll(oid).size() != 1) {
            throw new SignatureRejectedException(Reason.MALFORMED, "the signed attribute " + name
                    + " must have exactly one value");
        }
        return a.getAttrValues().getObjectAt(0);
    }

    private static X509CertificateHolder signerCertificate(CMSSignedData signed, SignerInformation signer,
            X509CertificateHolder expected) throws SignatureRejectedException {
        Store<X509CertificateHolder> store = signed.getCertificates();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = store.getMatches(signer.getSID());
        if (!matches.isEmpty()) {
            return matches.iterator().next();
        }
        if (signer.getSID().match(expected)) {
            return expected; // a CMS without certificates that names the expected one
        }
        throw new SignatureRejectedException(Reason.SIGNER_CERTIFICATE_MISSING,
                "the signer's certificate is not in the signature");
    }

    private static void checkSigningCertificate(ASN1Encodable value, X509Certificate signer)
            throws SignatureRejectedException {
        ESSCertIDv2 first;
        try {
            ESSCertIDv2[] ids = SigningCertificateV2.getInstance(value).getCerts();
            if (ids.length == 0) {
                throw new SignatureRejectedException(Reason.SIGNING_CERTIFICATE_MISMATCH,
                        "signingCertificateV2 names no certificate");
            }
            first = ids[0];
        } catch (RuntimeException e) {
            throw new SignatureRejectedException(Reason.MALFORMED, "signingCertificateV2 is malformed", e);
        }
        ASN1ObjectIdentifier hashOid = first.getHashAlgorithm().getAlgorithm();
        if (!DIGESTS.contains(hashOid)) {
            throw new SignatureRejectedException(Reason.WEAK_ALGORITHM,
                    "signingCertificateV2 uses hash " + hashOid.getId());
        }
        try {
            byte[] hash = MessageDigest.getInstance(hashOid.getId(), Bc.PROVIDER).digest(signer.getEncoded());
            if (!Arrays.equals(hash, first.getCertHash())) {
                throw new SignatureRejectedException(Reason.SIGNING_CERTIFICATE_MISMATCH,
                        "signingCertificateV2 names another certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new SignatureRejectedException(Reason.WEAK_ALGORITHM, "cannot compute the certificate hash", e);
        }
    }

    private static Instant signingTime(ASN1Encodable value) throws SignatureRejectedException {
        try {
            return Time.getInstance(value).getDate().toInstant();
        } catch (RuntimeException e) {
            throw new SignatureRejectedException(Reason.MALFORMED, "signingTime is malformed", e);
        }
    }

    private void checkTrusted(X509Certificate signer, Instant now) throws SignatureRejectedException {
        try {
            signer.checkValidity(Date.from(now));
        } catch (CertificateException e) {
            throw new SignatureRejectedException(Reason.SIGNER_NOT_TRUSTED,
                    "the signer's certificate is not valid or not issued by a trusted authority", e);
        }
        // PKIX where the JDK has the algorithm; bign and GOST paths checked with Pechatka's verifiers
        if (!anchors.trusted(signer, List.of(), now)) {
            throw new SignatureRejectedException(Reason.SIGNER_NOT_TRUSTED,
                    "the signer's certificate is not valid or not issued by a trusted authority");
        }
    }
}
