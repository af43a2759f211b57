package org.pechatka.token;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A key on a token that no certificate belongs to: most often left by a certificate request that
 * was never answered. Found by its {@code CKA_ID}; deleting it deletes exactly the key objects with
 * that id, after checking again that no certificate names it.
 *
 * @param tokenId        the token it is on
 * @param keyId          the {@code CKA_ID} shared by its private and public key objects (never empty)
 * @param label          the object label, may be empty
 * @param keyDescription the key's algorithm and size as people read it, empty when unknown
 */
public record KeyWithoutCertificate(String tokenId, byte[] keyId, String label, String keyDescription) {

    public KeyWithoutCertificate {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(keyId, "keyId");
        if (keyId.length == 0) {
            throw new IllegalArgumentException("a key without a certificate is found by its id");
        }
        keyId = keyId.clone();
        label = Objects.requireNonNullElse(label, "");
        keyDescription = Objects.requireNonNullElse(keyDescription, "");
    }

    @Override
    public byte[] keyId() {
        return keyId.clone();
    }

    public String keyIdHex() {
        return HexFormat.of().formatHex(keyId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyWithoutCertificate k && tokenId.equals(k.tokenId) && Arrays.equals(keyId, k.keyId)
                && label.equals(k.label) && keyDescription.equals(k.keyDescription);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tokenId, Arrays.hashCode(keyId), label, keyDescription);
    }

    @Override
    public String toString() {
        return "KeyWithoutCertificate[" + tokenId + ", " + keyIdHex() + "]";
    }
}
