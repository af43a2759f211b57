package org.pechatka.sign;

import java.util.Arrays;
import java.util.Objects;
import org.pechatka.crypto.HashAlgorithm;
import org.pechatka.error.PechatkaException;

/**
 * What a CMS signature covers: the data itself (encapsulated or detached), or a hash of data the
 * caller keeps, which can only give a detached signature.
 */
public sealed interface CmsContent {

    /** The data, detached by default (PROTOCOL.md {@code sign.cms}: {@code detached} defaults to true). */
    static CmsContent data(byte[] data) {
        return new Data(data, true);
    }

    /**
     * The data.
     *
     * @param detached true: the SignedData does not contain the data; false: it does (attached)
     */
    static CmsContent data(byte[] data, boolean detached) {
        return new Data(data, detached);
    }

    /**
     * A hash of the data, computed by the caller with {@code hashAlgorithm}; the signature is
     * detached and its {@code messageDigest} attribute is this hash.
     *
     * @throws PechatkaException.InvalidParams the hash does not have the length of {@code hashAlgorithm}
     */
    static CmsContent hash(byte[] hash, HashAlgorithm hashAlgorithm) throws PechatkaException.InvalidParams {
        Objects.requireNonNull(hashAlgorithm, "hashAlgorithm");
        if (hash == null || hash.length != hashAlgorithm.length()) {
            throw new PechatkaException.InvalidParams("the hash must be " + hashAlgorithm.length() + " bytes for "
                    + hashAlgorithm.protocolName());
        }
        return new Hash(hash, hashAlgorithm);
    }

    /** Whether the signature leaves the data out. */
    boolean detached();

    /** The data itself. */
    record Data(byte[] data, boolean detached) implements CmsContent {

        public Data {
            data = Objects.requireNonNull(data, "data").clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data other && detached == other.detached && Arrays.equals(data, other.data);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(data) + Boolean.hashCode(detached);
        }

        @Override
        public String toString() {
            return "CmsContent.Data[" + data.length + " bytes, " + (detached ? "detached" : "attached") + "]";
        }
    }

    /** A hash of the data; always detached. */
    record Hash(byte[] hash, HashAlgorithm hashAlgorithm) implements CmsContent {

        /** @throws IllegalArgumentException the hash has not the algorithm's length (use {@link CmsContent#hash}) */
        public Hash {
            Objects.requireNonNull(hashAlgorithm, "hashAlgorithm");
            hashAlgorithm.checkLength(hash);
            hash = hash.clone();
        }

        @Override
        public byte[] hash() {
            return hash.clone();
        }

        @Override
        public boolean detached() {
            return true;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Hash other && hashAlgorithm == other.hashAlgorithm && Arrays.equals(hash, other.hash);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(hash) + hashAlgorithm.hashCode();
        }

        @Override
        public String toString() {
            return "CmsContent.Hash[" + hashAlgorithm.protocolName() + "]"; // never the hash itself
        }
    }
}
