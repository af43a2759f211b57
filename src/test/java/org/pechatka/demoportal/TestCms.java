package org.pechatka.demoportal;

import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.pechatka.crypto.Bc;

/**
 * A small CAdES-BES maker for tests, with software keys: contentType, messageDigest, signingTime
 * and signingCertificateV2 as signed attributes (Bouncy Castle adds the first two itself).
 */
final class TestCms {

    private TestCms() {}

    /** A detached CMS with all required attributes. */
    static byte[] detached(byte[] content, X509Certificate cert, PrivateKey key, Instant signingTime) {
        return sign(content, cert, key, signingTime, true, false, cert);
    }

    /**
     * @param signingCertificateV2 whether to add the attribute
     * @param attached             whether the content goes inside
     * @param namedCertificate     the certificate signingCertificateV2 names
     */
    static byte[] sign(byte[] content, X509Certificate cert, PrivateKey key, Instant signingTime,
            boolean signingCertificateV2, boolean attached, X509Certificate namedCertificate) {
        try {
            ASN1EncodableVector attributes = new ASN1EncodableVector();
            attributes.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(signingTime)))));
            if (signingCertificateV2) {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(namedCertificate.getEncoded());
                attributes.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                        new DERSet(new SigningCertificateV2(new ESSCertIDv2(hash)))));
            }
            String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(Bc.PROVIDER).build())
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)))
                    .build(new JcaContentSignerBuilder(algorithm).setProvider(Bc.PROVIDER).build(key), cert));
            gen.addCertificate(new JcaX509CertificateHolder(cert));
            return gen.generate(new CMSProcessableByteArray(content), attached).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test CMS", e);
        }
    }
}
