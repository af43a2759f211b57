package org.pechatka.token.file;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.Attribute;
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
 * @param loneKeys      key bags seen in clear that no certificate bag in clear belongs to (same
 *                      {@code localKeyId} or {@code friendlyName}); empty when part of the file is
 *                      encrypted, since their certificates may be in it
 */
record Pkcs12Contents(List<X509Certificate> certificates, boolean hasKeys, boolean encryptedPart,
        List<LoneKey> loneKeys) {

    /**
     * A key bag seen without the password.
     *
     * @param localKeyId its {@code localKeyId} (never empty)
     * @param name       its {@code friendlyName}, or null
     */
    record LoneKey(byte[] localKeyId, String name) {}

    static Pkcs12Contents read(byte[] pfx) throws IOException {
        PKCS12PfxPdu pdu;
        try {
            pdu = new PKCS12PfxPdu(pfx);
        } catch (RuntimeException e) {
            throw new IOException("not a PKCS#12 file", e);
        }
        List<X509Certificate> certs = new ArrayList<>();
        List<LoneKey> keyBags = new ArrayList<>();
        List<String> certIds = new ArrayList<>();
        List<String> certNames = new ArrayList<>();
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
                    byte[] id = localKeyId(bag);
                    if (id != null && id.length > 0) {
                        keyBags.add(new LoneKey(id, friendlyName(bag)));
                    }
                } else if (PKCSObjectIdentifiers.certBag.equals(bag.getType())
                        && bag.getBagValue() instanceof X509CertificateHolder holder) {
                    byte[] id = localKeyId(bag);
                    if (id != null) {
                        certIds.add(HexFormat.of().formatHex(id));
                    }
                    String name = friendlyName(bag);
                    if (name != null) {
                        certNames.add(name);
                    }
                    try {
                        certs.add((X509Certificate) cf.generateCertificate(
                                new ByteArrayInputStream(holder.getEncoded())));
                    } catch (CertificateException e) {
                        // an unreadable certificate is skipped
                    }
                }
            }
        }
        List<LoneKey> lone = encrypted ? List.of() : keyBags.stream()
                .filter(k -> !certIds.contains(HexFormat.of().formatHex(k.localKeyId()))
                        && (k.name() == null || !certNames.contains(k.name())))
                .toList();
        return new Pkcs12Contents(List.copyOf(certs), keys, encrypted, lone);
    }

    private static byte[] localKeyId(PKCS12SafeBag bag) {
        ASN1Encodable v = attribute(bag, PKCSObjectIdentifiers.pkcs_9_at_localKeyId);
        return v instanceof ASN1OctetString os ? os.getOctets() : null;
    }

    private static String friendlyName(PKCS12SafeBag bag) {
        ASN1Encodable v = attribute(bag, PKCSObjectIdentifiers.pkcs_9_at_friendlyName);
        return v instanceof ASN1String str ? str.getString() : null;
    }

    private static ASN1Encodable attribute(PKCS12SafeBag bag, ASN1ObjectIdentifier type) {
        Attribute[] attributes = bag.getAttributes();
        if (attributes == null) {
            return null;
        }
        for (Attribute a : attributes) {
            if (a.getAttrType().equals(type) && a.getAttrValues().size() > 0) {
                return a.getAttrValues().getObjectAt(0);
            }
        }
        return null;
    }
}
