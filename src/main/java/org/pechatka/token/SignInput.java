package org.pechatka.token;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a token signs: the data itself (the token layer hashes it on the host or lets the token
 * hash it), or a hash of it computed before with the signature algorithm's hash.
 *
 * @param form  data or hash
 * @param bytes the data or the hash
 */
public record SignInput(Form form, byte[] bytes) {

    /** Whether the bytes are the data or its hash. */
    public enum Form {
        DATA,
        DIGEST
    }

    public SignInput {
        Objects.requireNonNull(form, "form");
        bytes = bytes.clone();
    }

    /** The data to sign. */
    public static SignInput data(byte[] data) {
        return new SignInput(Form.DATA, data);
    }

    /** A hash computed before; must have the signature algorithm's hash length. */
    public static SignInput digest(byte[] digest) {
        return new SignInput(Form.DIGEST, digest);
    }

    public boolean isDigest() {
        return form == Form.DIGEST;
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The length of the bytes, without copying them. */
    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignInput other && form == other.form && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * form.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "SignInput[" + form + ", " + bytes.length + " bytes]"; // never the bytes themselves
    }
}
