package org.pechatka.token.file;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * What a PKCS#12 file shows without its password: the certificates stored unencrypted, whether it
 * holds private keys, and whether part of it is encrypted (then more certificates appear only
 * after the password is given).
 *
 * @param certificates  the certificates readable now
 * @param hasKeys       whether key bags are visible
 * @param encryptedPart whether some content is encrypted
 */
record Pkcs12Contents(List<X509Certificate> certificates, boolean hasKeys, boolean encryptedPart) {

    static Pkcs12Contents read(byte[] pfx) throws IOException {
        PKCS12PfxPdu pdu;
        try {
            pdu = new PKCS12PfxPdu(pfx);
        } catch (RuntimeException e) {
            throw new IOException("not a PKCS#12 file", e);
        }
        List<X509Certificate> certs = new ArrayList<>();
        boolean keys = false;
        boolean encrypted = false;
        CertificateFactory cf;
        try {
            cf = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
        for (ContentInfo info : pdu.getContentInfos()) {
            if (!PKCSObjectIdentifiers.data.equals(info.getContentType())) {
                encrypted = true;
                continue;
            }
            PKCS12SafeBagFactory factory = new PKCS12SafeBagFactory(info);
            for (PKCS12SafeBag bag : factory.getSafeBags()) {
                if (PKCSObjectIdentifiers.pkcs8ShroudedKeyBag.equals(bag.getType())
                        || PKCSObjectIdentifiers.keyBag.equals(bag.getType())) {
                    keys = true;
                } else if (PKCSObjectIdentifiers.certBag.equals(bag.getType())
                        && bag.getBagValue() instanceof X509CertificateHolder holder) {
                    try {
                        certs.add((X509Certificate) cf.generateCertificate(
                                new ByteArrayInputStream(holder.getEncoded())));
                    } catch (CertificateException e) {
                        // an unreadable certificate is skipped
                    }
                }
            }
        }
        return new Pkcs12Contents(List.copyOf(certs), keys, encrypted);
    }
}
