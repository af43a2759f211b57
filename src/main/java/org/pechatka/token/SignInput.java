package org.pechatka.token;

/** What a token signs: the data itself, or a hash of it computed before. */
public sealed interface SignInput {

    /** The data to sign; the token layer hashes it on the host or lets the token hash it. */
    record Data(byte[] bytes) implements SignInput {
        public Data {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            return "Data[" + bytes.length + " bytes]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && java.util.Arrays.equals(bytes, d.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }
    }

    /** A hash computed before with the signature algorithm's hash; must have its length. */
    record Digest(byte[] bytes) implements SignInput {
        public Digest {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            return "Digest[" + bytes.length + " bytes]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Digest d && java.util.Arrays.equals(bytes, d.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }
    }
}
