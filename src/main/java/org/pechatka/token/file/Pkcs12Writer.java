package org.pechatka.token.file;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.pechatka.crypto.Bc;

/**
 * Writes a PKCS#12 key file any key can go into (RSA, EC, EdDSA, GOST R 34.10-2012, bign as
 * STB 34.101.78 wraps it): each key shrouded with standard PBES2 (PBKDF2 with HMAC-SHA-256,
 * AES-256-CBC), its certificate in clear beside it (so the file lists its certificates before it is
 * unlocked) with the same {@code localKeyId} and {@code friendlyName}, further certificates (the
 * chain) in clear, and an HMAC-SHA-256 integrity check. Returns bytes: the caller writes them with
 * {@link org.pechatka.platform.AtomicFiles}, never over an existing file.
 */
public final class Pkcs12Writer {

    /** Iterations of PBKDF2 and of the MAC's key derivation. */
    public static final int ITERATIONS = 100_000;

    /**
     * One key with its certificate.
     *
     * @param name        the friendlyName (shown as the key's label)
     * @param key         the private key, PKCS#8
     * @param certificate its certificate
     */
    public record Entry(String name, PrivateKeyInfo key, X509Certificate certificate) {

        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(certificate, "certificate");
        }
    }

    private Pkcs12Writer() {}

    /**
     * A file with one key and no certificate yet: what a certificate request made in memory leaves
     * (the certificate is issued later). The key is shrouded like every key here; its
     * {@code localKeyId} is {@link #localKeyId} of its public key, the id a certificate for it gets
     * in a file written later, so the two can be paired.
     */
    public static byte[] writeKeyOnly(String name, PrivateKeyInfo key, SubjectPublicKeyInfo publicKey, char[] password)
            throws IOException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(publicKey, "publicKey");
        try {
            PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
            pfx.addData(new PKCS12SafeBagBuilder(key, encryptor(password))
                    .addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(name))
                    .addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, new DEROctetString(localKeyId(publicKey)))
                    .build());
            return pfx.build(new JcePKCS12MacCalculatorBuilder(NISTObjectIdentifiers.id_sha256)
                    .setIterationCount(ITERATIONS).setProvider(Bc.PROVIDER), password).getEncoded("DER");
        } catch (OperatorCreationException | PKCSException e) {
            throw new IOException("cannot write the key file", e);
        }
    }

    /** The {@code localKeyId} of a key: SHA-1 of its public key bits (as in {@link #write}). */
    public static byte[] localKeyId(SubjectPublicKeyInfo publicKey) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(publicKey.getPublicKeyData().getBytes());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OutputEncryptor encryptor(char[] password) throws OperatorCreationException {
        return new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
                .setPRF(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))
                .setProvider(Bc.PROVIDER).setIterationCount(ITERATIONS).build(password);
    }

    /** The file's bytes. */
    public static byte[] write(List<Entry> entries, List<X509Certificate> chain, char[] password) throws IOException {
        try {
            OutputEncryptor encryptor = encryptor(password);
            PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
            for (Entry e : entries) {
                SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(e.certificate().getPublicKey().getEncoded());
                DEROctetString localKeyId = new DEROctetString(localKeyId(spki));
                DERBMPString name = new DERBMPString(e.name());
                pfx.addData(new JcaPKCS12SafeBagBuilder(e.certificate())
                        .addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, name)
                        .addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId)
                        .build());
                pfx.addData(new PKCS12SafeBagBuilder(e.key(), encryptor)
                        .addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, name)
                        .addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId)
                        .build());
            }
            for (X509Certificate c : chain) {
                pfx.addData(new JcaPKCS12SafeBagBuilder(c).build());
            }
            return pfx.build(new JcePKCS12MacCalculatorBuilder(NISTObjectIdentifiers.id_sha256)
                    .setIterationCount(ITERATIONS).setProvider(Bc.PROVIDER), password).getEncoded("DER");
        } catch (OperatorCreationException | PKCSException e) {
            throw new IOException("cannot write the key file", e);
        }
    }
}
