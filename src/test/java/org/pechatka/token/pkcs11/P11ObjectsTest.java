package org.pechatka.token.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;

/** Turning CKA_EC_PARAMS + CKA_EC_POINT into a public key, in every form modules return. */
class P11ObjectsTest {

    private static final long CKK_EC = 0x3;
    private static final long CKK_EC_EDWARDS = 0x40;
    private static final byte[] P256 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};

    /** A real P-256 key whose bare point starts 04 3F …: a DER length byte for 63 bytes. */
    private static SubjectPublicKeyInfo keyWithX0(int firstByte) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        for (int i = 0; i < 100_000; i++) {
            ECPublicKey k = (ECPublicKey) g.generateKeyPair().getPublic();
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(k.getEncoded());
            if ((spki.getPublicKeyData().getBytes()[1] & 0xff) == firstByte) {
                return spki;
            }
        }
        throw new AssertionError("no such key found");
    }

    @Test
    void whenBarePointLooksLikeDer_thenItIsStillTakenAsThePoint() throws Exception {
        SubjectPublicKeyInfo expected = keyWithX0(0x3F);
        byte[] bare = expected.getPublicKeyData().getBytes();
        assertThat(P11Objects.ec(CKK_EC, P256, bare)).isEqualTo(expected);
    }

    @Test
    void whenPointIsDerWrapped_thenItIsUnwrapped() throws Exception {
        SubjectPublicKeyInfo expected = keyWithX0(0x3F);
        byte[] wrapped = new DEROctetString(expected.getPublicKeyData().getBytes()).getEncoded();
        SubjectPublicKeyInfo got = P11Objects.ec(CKK_EC, P256, wrapped);
        assertThat(got).isEqualTo(expected);
        assertThat(got.getAlgorithm().getAlgorithm()).isEqualTo(X9ObjectIdentifiers.id_ecPublicKey);
    }

    @Test
    void whenEd25519KeyIsBareOrWrapped_thenBothGiveTheSameKey() throws Exception {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0x20); // 04 20 would look like a DER header if the key began so
        key[0] = 0x04;
        key[1] = 0x1e;
        byte[] oidParams = EdECObjectIdentifiers.id_Ed25519.getEncoded();
        SubjectPublicKeyInfo bare = P11Objects.ec(CKK_EC_EDWARDS, oidParams, key);
        SubjectPublicKeyInfo wrapped = P11Objects.ec(CKK_EC_EDWARDS, oidParams, new DEROctetString(key).getEncoded());
        assertThat(bare).isEqualTo(wrapped);
        assertThat(bare.getPublicKeyData().getBytes()).isEqualTo(key);
        assertThat(bare.getAlgorithm().getAlgorithm()).isEqualTo(EdECObjectIdentifiers.id_Ed25519);
    }

    @Test
    void whenPointHasTheWrongLength_thenNoKeyRatherThanAWrongOne() {
        assertThat(P11Objects.ec(CKK_EC, P256, new byte[40])).isNull();
        assertThat(P11Objects.ec(CKK_EC, P256, null)).isNull();
    }
}
