package org.pechatka.cert;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.bouncycastle.asn1.ASN1Primitive;

/** Test helpers for hand-made ASN.1. */
final class Asn1 {

    static final int UTF8_STRING = 0x0C;
    static final int NUMERIC_STRING = 0x12;
    static final int PRINTABLE_STRING = 0x13;
    static final int T61_STRING = 0x14;
    static final int IA5_STRING = 0x16;
    static final int VISIBLE_STRING = 0x1A;
    static final int UNIVERSAL_STRING = 0x1C;
    static final int BMP_STRING = 0x1E;

    private Asn1() {}

    /** Parses a primitive TLV with the given universal tag and raw contents (contents < 128 bytes). */
    static ASN1Primitive raw(int tag, byte[] contents) {
        if (contents.length > 127) {
            throw new IllegalArgumentException("short form only");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        out.write(contents.length);
        out.writeBytes(contents);
        try {
            return ASN1Primitive.fromByteArray(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
