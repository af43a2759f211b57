package org.pechatka.token.file;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilderProvider;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.pechatka.crypto.Bc;
import org.pechatka.error.PechatkaException;

/**
 * Opens a PKCS#12 file with its password, with Bouncy Castle's PKCS#12 structures rather than a
 * JCA key store, so that a key bag may hold any key a {@link FileKey} can use (RSA, EC, EdDSA,
 * GOST R 34.10-2012, bign) and not only what the JDK knows. Keys and certificates are paired by
 * their {@code localKeyId} attribute, then by {@code friendlyName}, then by public key.
 */
final class Pkcs12Unlock {

    private Pkcs12Unlock() {}

    /** A key bag, decrypted. */
    private record KeyBag(PrivateKeyInfo key, String localKeyId, String name) {}

    /** A certificate bag. */
    private record CertBag(X509Certificate certificate, String localKeyId, String name) {}

    /**
     * The keys of the file with their certificates.
     *
     * @throws PechatkaException.PinIncorrect a wrong password (the MAC does not match, or nothing decrypts)
     * @throws PechatkaException.TokenFailure a file that is not PKCS#12 or holds a key Pechatka cannot use
     */
    static List<KeyFileSession.Entry> unlock(byte[] pfx, char[] password) throws PechatkaException {
        List<KeyFileSession.Entry> out = new ArrayList<>();
        for (Pkcs12Writer.Entry e : entries(pfx, password)) {
            out.add(new KeyFileSession.Entry(e.certificate(), FileKey.of(e.key()), e.name()));
        }
        return out;
    }

    /** The file's keys (PKCS#8) with their certificates and names; see {@link #unlock}. */
    static List<Pkcs12Writer.Entry> entries(byte[] pfx, char[] password) throws PechatkaException {
        return keys(pfx, password).paired();
    }

    /**
     * A key with no certificate in the file: what a certificate request made in a new key file
     * leaves until the certificate is imported ({@link KeyFileImport}).
     *
     * @param name the friendlyName, or null
     * @param key  the private key, PKCS#8
     */
    record LoneKey(String name, PrivateKeyInfo key) {}

    /** All keys of a file: those paired with a certificate, and those without one. */
    record Keys(List<Pkcs12Writer.Entry> paired, List<LoneKey> alone) {}

    /** The file's keys, with and without certificates; see {@link #unlock} for the errors. */
    static Keys keys(byte[] pfx, char[] password) throws PechatkaException {
        PKCS12PfxPdu pdu;
        try {
            pdu = new PKCS12PfxPdu(pfx);
        } catch (IOException | RuntimeException e) {
            throw new PechatkaException.TokenFailure(null, "The key file is not a PKCS#12 file", e);
        }
        if (pdu.hasMac()) {
            boolean valid;
            try {
                valid = pdu.isMacValid(new JcePKCS12MacCalculatorBuilderProvider().setProvider(Bc.PROVIDER), password);
            } catch (PKCSException | RuntimeException e) {
                throw new PechatkaException.TokenFailure(null, "The key file's integrity check cannot be computed", e);
            }
            if (!valid) {
                throw wrongPassword();
            }
        }
        InputDecryptorProvider decryptor;
        try {
            decryptor = new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(password);
        } catch (RuntimeException e) {
            throw new PechatkaException.TokenFailure(null, "The key file cannot be decrypted", e);
        }
        List<KeyBag> keys = new ArrayList<>();
        List<CertBag> certs = new ArrayList<>();
        for (ContentInfo info : pdu.getContentInfos()) {
            PKCS12SafeBagFactory factory;
            try {
                factory = PKCSObjectIdentifiers.data.equals(info.getContentType()) ? new PKCS12SafeBagFactory(info)
                        : new PKCS12SafeBagFactory(info, decryptor);
            } catch (PKCSException | RuntimeException e) {
                throw pdu.hasMac() ? new PechatkaException.TokenFailure(null, "Part of the key file cannot be read", e)
                        : wrongPassword();
            }
            PKCS12SafeBag[] bags;
            try {
                bags = factory.getSafeBags();
            } catch (RuntimeException e) {
                throw pdu.hasMac() ? new PechatkaException.TokenFailure(null, "Part of the key file cannot be read", e)
                        : wrongPassword();
            }
            for (PKCS12SafeBag bag : bags) {
                read(bag, decryptor, pdu.hasMac(), keys, certs);
            }
        }
        return pair(keys, certs);
    }

    private static void read(PKCS12SafeBag bag, InputDecryptorProvider decryptor, boolean macChecked,
            List<KeyBag> keys, List<CertBag> certs) throws PechatkaException {
        String localKeyId = localKeyId(bag);
        String name = friendlyName(bag);
        if (PKCSObjectIdentifiers.pkcs8ShroudedKeyBag.equals(bag.getType())) {
            try {
                PrivateKeyInfo key = ((PKCS8EncryptedPrivateKeyInfo) bag.getBagValue()).decryptPrivateKeyInfo(decryptor);
                keys.add(new KeyBag(key, localKeyId, name));
            } catch (PKCSException | RuntimeException e) {
                if (!macChecked) {
                    throw wrongPassword();
                }
                throw new PechatkaException.PinIncorrect(null, false, "Wrong password for the key in the file");
            }
        } else if (PKCSObjectIdentifiers.keyBag.equals(bag.getType())) {
            keys.add(new KeyBag((PrivateKeyInfo) bag.getBagValue(), localKeyId, name));
        } else if (PKCSObjectIdentifiers.certBag.equals(bag.getType())
                && bag.getBagValue() instanceof X509CertificateHolder holder) {
            try {
                X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
                certs.add(new CertBag(c, localKeyId, name));
            } catch (CertificateException | IOException e) {
                // an unreadable certificate is skipped, as in the listing
            }
        }
    }

    /** Each key with its certificate: same localKeyId, else same friendlyName, else same public key. */
    private static Keys pair(List<KeyBag> keys, List<CertBag> certs) throws PechatkaException {
        List<Pkcs12Writer.Entry> entries = new ArrayList<>();
        List<LoneKey> alone = new ArrayList<>();
        int n = 0;
        for (KeyBag k : keys) {
            n++;
            FileKey key = FileKey.of(k.key());
            CertBag match = null;
            for (CertBag c : certs) {
                if (k.localKeyId() != null && k.localKeyId().equals(c.localKeyId())) {
                    match = c;
                    break;
                }
            }
            if (match == null && k.name() != null) {
                match = certs.stream().filter(c -> k.name().equals(c.name())).findFirst().orElse(null);
            }
            if (match == null) {
                match = certs.stream().filter(c -> key.matches(c.certificate())).findFirst().orElse(null);
            }
            if (match == null) {
                alone.add(new LoneKey(k.name(), k.key())); // not offered for signing: no certificate names it
                continue;
            }
            String alias = k.name() != null ? k.name() : match.name() != null ? match.name() : "key " + n;
            entries.add(new Pkcs12Writer.Entry(alias, k.key(), match.certificate()));
        }
        return new Keys(List.copyOf(entries), List.copyOf(alone));
    }

    private static String localKeyId(PKCS12SafeBag bag) {
        ASN1Encodable v = attribute(bag, PKCSObjectIdentifiers.pkcs_9_at_localKeyId);
        return v instanceof ASN1OctetString os ? HexFormat.of().formatHex(os.getOctets()) : null;
    }

    private static String friendlyName(PKCS12SafeBag bag) {
        ASN1Encodable v = attribute(bag, PKCSObjectIdentifiers.pkcs_9_at_friendlyName);
        return v instanceof ASN1String s ? s.getString() : null;
    }

    private static ASN1Encodable attribute(PKCS12SafeBag bag, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        Attribute[] attributes = bag.getAttributes();
        if (attributes == null) {
            return null;
        }
        Map<org.bouncycastle.asn1.ASN1ObjectIdentifier, ASN1Encodable> byType = new LinkedHashMap<>();
        for (Attribute a : attributes) {
            if (a.getAttrValues().size() > 0) {
                byType.putIfAbsent(a.getAttrType(), a.getAttrValues().getObjectAt(0));
            }
        }
        return byType.get(type);
    }

    private static PechatkaException.PinIncorrect wrongPassword() {
        return new PechatkaException.PinIncorrect(null, false, "Wrong password for the key file");
    }
}
