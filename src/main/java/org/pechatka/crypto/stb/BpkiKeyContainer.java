package org.pechatka.crypto.stb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1Object;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.pechatka.crypto.NationalOids;

/**
 * The password-protected container of a bign private key of STB 34.101.78 (bee2
 * {@code bpkiPrivkeyWrap}/{@code bpkiPrivkeyUnwrap}): a PKCS #8 EncryptedPrivateKeyInfo whose
 * data is the {@link BignAsn1#privateKeyInfo PrivateKeyInfo} wrapped by belt-kwp (zero header)
 * under a key from PBKDF2 with belt-hmac.
 *
 * <pre>
 *   EncryptedPrivateKeyInfo ::= SEQUENCE {
 *     SEQUENCE { id-PBES2, SEQUENCE {
 *       SEQUENCE { id-PBKDF2, SEQUENCE { salt OCTET STRING (SIZE(8)), iterationCount INTEGER (10000..MAX),
 *                                        SEQUENCE { hmac-hbelt, NULL } } },
 *       SEQUENCE { belt-kwp256, NULL } } },
 *     encryptedData OCTET STRING }
 * </pre>
 * The password is taken as octets, as the standard does: encode a text password in UTF-8.
 */
public final class BpkiKeyContainer {

    /** The smallest iteration count the standard allows. */
    public static final int MIN_ITERATIONS = 10_000;

    /** The largest iteration count this implementation accepts (a guard against abusive containers). */
    public static final int MAX_ITERATIONS = 10_000_000;

    /** The salt length the standard prescribes, in octets. */
    public static final int SALT_LENGTH = 8;

    private BpkiKeyContainer() {}

    /** The container of {@code key} with a random salt and {@link #MIN_ITERATIONS} iterations. */
    public static byte[] wrap(BignPrivateKey key, byte[] password, SecureRandom random) {
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        return wrap(key, password, salt, MIN_ITERATIONS);
    }

    /**
     * The container of {@code key}, DER-encoded.
     *
     * @param salt       8 octets
     * @param iterations from {@link #MIN_ITERATIONS} to {@link #MAX_ITERATIONS}
     */
    public static byte[] wrap(BignPrivateKey key, byte[] password, byte[] salt, int iterations) {
        Objects.requireNonNull(password, "password");
        checkParameters(salt.length, iterations);
        byte[] kek = BeltPbkdf2.derive(password, salt, iterations);
        byte[] pki = der(BignAsn1.privateKeyInfo(key));
        try {
            byte[] edata = BeltKwp.wrap(kek, pki, null);
            PBES2Parameters pbes2 = new PBES2Parameters(
                    new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new PBKDF2Params(salt, iterations,
                            new AlgorithmIdentifier(NationalOids.HMAC_HBELT, DERNull.INSTANCE))),
                    new EncryptionScheme(NationalOids.BELT_KWP256, DERNull.INSTANCE));
            return der(new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, pbes2),
                    edata));
        } finally {
            Octets.wipe(kek);
            Octets.wipe(pki);
        }
    }

    /**
     * The key in a container.
     *
     * @throws InvalidKeyException  if the container is not of this form or holds no valid bign key
     * @throws AEADBadTagException if the password is wrong or the encrypted data was altered
     */
    public static BignPrivateKey unwrap(byte[] container, byte[] password)
            throws InvalidKeyException, AEADBadTagException {
        Objects.requireNonNull(password, "password");
        byte[] salt;
        int iterations;
        byte[] edata;
        try {
            EncryptedPrivateKeyInfo epki = EncryptedPrivateKeyInfo.getInstance(container);
            AlgorithmIdentifier scheme = epki.getEncryptionAlgorithm();
            if (!PKCSObjectIdentifiers.id_PBES2.equals(scheme.getAlgorithm())) {
                throw new InvalidKeyException("not a PBES2 container: " + scheme.getAlgorithm().getId());
            }
            PBES2Parameters pbes2 = PBES2Parameters.getInstance(scheme.getParameters());
            KeyDerivationFunc kdf = pbes2.getKeyDerivationFunc();
            EncryptionScheme enc = pbes2.getEncryptionScheme();
            if (!PKCSObjectIdentifiers.id_PBKDF2.equals(kdf.getAlgorithm())
                    || !NationalOids.BELT_KWP256.equals(enc.getAlgorithm()) || !absentOrNull(enc.getParameters())) {
                throw new InvalidKeyException("not PBKDF2 with belt-kwp256");
            }
            PBKDF2Params pbkdf2 = PBKDF2Params.getInstance(kdf.getParameters());
            if (pbkdf2.isDefaultPrf() || !NationalOids.HMAC_HBELT.equals(pbkdf2.getPrf().getAlgorithm())
                    || !absentOrNull(pbkdf2.getPrf().getParameters())
                    || pbkdf2.getKeyLength() != null && !pbkdf2.getKeyLength().equals(BigInteger.valueOf(32))) {
                throw new InvalidKeyException("not PBKDF2 with hmac-hbelt and a 32-octet key");
            }
            salt = pbkdf2.getSalt();
            BigInteger count = pbkdf2.getIterationCount();
            iterations = count.bitLength() > 31 ? Integer.MAX_VALUE : count.intValue();
            edata = epki.getEncryptedData();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidKeyException("malformed key container", e);
        }
        try {
            checkParameters(salt.length, iterations);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException(e.getMessage(), e);
        }
        byte[] kek = BeltPbkdf2.derive(password, salt, iterations);
        byte[] pki = null;
        try {
            pki = BeltKwp.unwrap(kek, edata, null);
            return BignAsn1.privateKey(PrivateKeyInfo.getInstance(pki));
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException("the container does not hold a PrivateKeyInfo", e);
        } finally {
            Octets.wipe(kek);
            Octets.wipe(pki);
        }
    }

    private static void checkParameters(int saltLength, int iterations) {
        if (saltLength != SALT_LENGTH) {
            throw new IllegalArgumentException("the salt is 8 octets, not " + saltLength);
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("the iteration count " + iterations + " is outside ["
                    + MIN_ITERATIONS + ", " + MAX_ITERATIONS + "]");
        }
    }

    private static boolean absentOrNull(Object parameters) {
        return parameters == null || parameters instanceof ASN1Null;
    }

    private static byte[] der(ASN1Object object) {
        try {
            return object.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
