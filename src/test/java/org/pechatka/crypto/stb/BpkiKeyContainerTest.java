package org.pechatka.crypto.stb;

import org.pechatka.testing.Vectors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;
import org.pechatka.crypto.NationalOids;

class BpkiKeyContainerTest {

    private static final Vectors BELT = Vectors.load("belt.txt");
    private static final Vectors BIGN = Vectors.load("bign.txt");
    private static final byte[] ZED = "zed".getBytes(StandardCharsets.UTF_8);

    @Test
    void whenTheG1KeyIsWrappedWithTheE5PasswordAndSalt_thenTheE5KeyProtectsItsPrivateKeyInfo() throws Exception {
        BignPrivateKey key = BignPrivateKey.of(BignCurve.BIGN_CURVE256V1, BIGN.hex("G1_privkey_d_le"));
        int iterations = Integer.parseInt(BELT.text("E5_pbkdf2_iterations"));

        byte[] container = BpkiKeyContainer.wrap(key, BELT.hex("E5_pbkdf2_password"), BELT.hex("E5_pbkdf2_salt"),
                iterations);

        EncryptedPrivateKeyInfo epki = EncryptedPrivateKeyInfo.getInstance(container);
        AlgorithmIdentifier scheme = epki.getEncryptionAlgorithm();
        assertThat(scheme.getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBES2);
        PBES2Parameters pbes2 = PBES2Parameters.getInstance(scheme.getParameters());
        assertThat(pbes2.getKeyDerivationFunc().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBKDF2);
        PBKDF2Params pbkdf2 = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
        assertThat(pbkdf2.getSalt()).isEqualTo(BELT.hex("E5_pbkdf2_salt"));
        assertThat(pbkdf2.getIterationCount().intValue()).isEqualTo(iterations);
        assertThat(pbkdf2.getKeyLength()).isNull();
        assertThat(pbkdf2.getPrf()).isEqualTo(new AlgorithmIdentifier(NationalOids.HMAC_HBELT, DERNull.INSTANCE));
        assertThat(pbes2.getEncryptionScheme().getAlgorithm()).isEqualTo(NationalOids.BELT_KWP256);
        assertThat(pbes2.getEncryptionScheme().getParameters()).isEqualTo(DERNull.INSTANCE);
        // the data is belt-kwp(PrivateKeyInfo, zero header) under the E.5 key
        assertThat(BeltKwp.unwrap(BELT.hex("E5_pbkdf2_key"), epki.getEncryptedData(), null))
                .isEqualTo(BignAsn1.privateKeyInfo(key).getEncoded(ASN1Encoding.DER));
        assertThat(BpkiKeyContainer.unwrap(container, BELT.hex("E5_pbkdf2_password")).encoded())
                .isEqualTo(key.encoded());
    }

    @Test
    void whenKeysOfEveryLevelAreWrapped_thenTheRightPasswordOpensThemAndNoOtherDoes() throws Exception {
        SecureRandom random = new SecureRandom();
        for (BignCurve c : BignCurve.values()) {
            BignPrivateKey key = BignPrivateKey.generate(c, random);

            byte[] container = BpkiKeyContainer.wrap(key, ZED, random);

            BignPrivateKey back = BpkiKeyContainer.unwrap(container, ZED);
            assertThat(back.curve()).isEqualTo(c);
            assertThat(back.encoded()).isEqualTo(key.encoded());
            assertThatThrownBy(() -> BpkiKeyContainer.unwrap(container, "zee".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(AEADBadTagException.class);
        }
    }

    @Test
    void whenTheEncryptedDataIsAltered_thenRefused() throws Exception {
        BignPrivateKey key = BignPrivateKey.generate(BignCurve.BIGN_CURVE256V1, new SecureRandom());
        byte[] container = BpkiKeyContainer.wrap(key, ZED, new byte[8], 10_000);
        byte[] bad = container.clone();
        bad[bad.length - 5] ^= 1;

        assertThatThrownBy(() -> BpkiKeyContainer.unwrap(bad, ZED)).isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void whenParametersOutsideTheStandard_thenRefusedOnBothSides() throws Exception {
        BignPrivateKey key = BignPrivateKey.generate(BignCurve.BIGN_CURVE256V1, new SecureRandom());
        assertThatThrownBy(() -> BpkiKeyContainer.wrap(key, ZED, new byte[8], 9_999))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BpkiKeyContainer.wrap(key, ZED, new byte[16], 10_000))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] container = BpkiKeyContainer.wrap(key, ZED, new byte[8], 10_000);
        EncryptedPrivateKeyInfo epki = EncryptedPrivateKeyInfo.getInstance(container);
        PBES2Parameters pbes2 = PBES2Parameters.getInstance(epki.getEncryptionAlgorithm().getParameters());
        byte[] sha1Prf = new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2,
                new PBES2Parameters(new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2,
                        new PBKDF2Params(new byte[8], 10_000)), pbes2.getEncryptionScheme())),
                epki.getEncryptedData()).getEncoded();
        byte[] fewIterations = new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2,
                new PBES2Parameters(new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2,
                        new PBKDF2Params(new byte[8], 100,
                                new AlgorithmIdentifier(NationalOids.HMAC_HBELT, DERNull.INSTANCE))),
                        pbes2.getEncryptionScheme())),
                epki.getEncryptedData()).getEncoded();

        assertThatThrownBy(() -> BpkiKeyContainer.unwrap(sha1Prf, ZED)).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("hmac-hbelt");
        assertThatThrownBy(() -> BpkiKeyContainer.unwrap(fewIterations, ZED)).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("100");
        assertThatThrownBy(() -> BpkiKeyContainer.unwrap(new byte[] {0x30, 0x00}, ZED))
                .isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> BpkiKeyContainer.unwrap(BIGN.hex("G1_spki_der"), ZED))
                .isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void whenAnyOctetOfTheContainerChanges_thenOnlyTheDeclaredRefusals() throws Exception {
        BignPrivateKey key = BignPrivateKey.generate(BignCurve.BIGN_CURVE256V1, new SecureRandom());
        byte[] container = BpkiKeyContainer.wrap(key, ZED, new byte[8], 10_000);
        for (int i = 0; i < container.length; i++) {
            byte[] bad = container.clone();
            bad[i] ^= 0x01;
            assertThatThrownBy(() -> BpkiKeyContainer.unwrap(bad, ZED)).as("octet %d", i)
                    .isInstanceOfAny(InvalidKeyException.class, AEADBadTagException.class);
        }
    }
}
