package org.pechatka.token;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A reference to a private key on a token: its {@code CKA_ID} (or the key file's local key id) and
 * its public key, used to find the key again when the id does not match. Never a raw handle.
 *
 * @param keyId     the key identifier (may be empty when the token has none)
 * @param publicKey the key's public key
 */
public record KeyRef(byte[] keyId, SubjectPublicKeyInfo publicKey) {

    public KeyRef {
        keyId = keyId == null ? new byte[0] : keyId.clone();
        Objects.requireNonNull(publicKey, "publicKey");
    }

    @Override
    public byte[] keyId() {
        return keyId.clone();
    }

    /** The key id in lowercase hex. */
    public String keyIdHex() {
        return HexFormat.of().formatHex(keyId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyRef other && Arrays.equals(keyId, other.keyId) && publicKey.equals(other.publicKey);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(keyId) + publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "KeyRef[" + keyIdHex() + "]";
    }
}
