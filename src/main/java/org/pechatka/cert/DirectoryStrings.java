package org.pechatka.cert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1BMPString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralString;
import org.bouncycastle.asn1.ASN1GraphicString;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1NumericString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1PrintableString;
import org.bouncycastle.asn1.ASN1T61String;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.ASN1UniversalString;
import org.bouncycastle.asn1.ASN1VideotexString;
import org.bouncycastle.asn1.ASN1VisibleString;

/**
 * Decodes the character strings of X.500 names (X.520 DirectoryString and friends) so that
 * Cyrillic and Belarusian text (і, ў, ё …) comes out right.
 *
 * <ul>
 *   <li>UTF8String: UTF-8 (malformed sequences become U+FFFD instead of failing).</li>
 *   <li>BMPString: UTF-16BE. UniversalString: UTF-32BE (Bouncy Castle would print it as {@code #hex}).</li>
 *   <li>The byte-per-character types (PrintableString, IA5String, NumericString, VisibleString,
 *       TeletexString/T61String, VideotexString, GraphicString, GeneralString): ASCII-only content
 *       is ASCII. Legacy certificates sometimes put other encodings there, mostly Windows-1251 in
 *       T61String, so content with bytes above 0x7F is decoded by {@link #decodeLegacy(byte[])}.
 *       True T.61 (ISO 6937-style diacritic prefixes) is not attempted: no certificate Pechatka
 *       targets uses it.</li>
 * </ul>
 */
public final class DirectoryStrings {

    /**
     * Windows-1251, bytes 0x80..0xBF (0xC0..0xFF are U+0410..U+044F). Kept here rather than taken
     * from {@code Charset.forName("windows-1251")}, which lives in the optional {@code jdk.charsets}
     * module that a trimmed runtime image may lack. 0x98 is unassigned.
     */
    private static final char[] CP1251_HIGH = (
            "\u0402\u0403\u201A\u0453\u201E\u2026\u2020\u2021\u20AC\u2030\u0409\u2039\u040A\u040C\u040B\u040F"
            + "\u0452\u2018\u2019\u201C\u201D\u2022\u2013\u2014\uFFFD\u2122\u0459\u203A\u045A\u045C\u045B\u045F"
            + "\u00A0\u040E\u045E\u0408\u00A4\u0490\u00A6\u00A7\u0401\u00A9\u0404\u00AB\u00AC\u00AD\u00AE\u0407"
            + "\u00B0\u00B1\u0406\u0456\u0491\u00B5\u00B6\u00B7\u0451\u2116\u0454\u00BB\u0458\u0405\u0455\u0457")
            .toCharArray();

    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");

    private DirectoryStrings() {}

    /**
     * The text of a name attribute value, or null when the value is not a character string
     * (for example an OCTET STRING or a SEQUENCE). The text is not trimmed.
     */
    public static String decode(ASN1Encodable value) {
        if (value == null) {
            return null;
        }
        ASN1Primitive p = value.toASN1Primitive();
        if (p instanceof ASN1UTF8String s) {
            return decodeUtf8(s);
        }
        if (p instanceof ASN1BMPString s) {
            return s.getString();
        }
        if (p instanceof ASN1UniversalString s) {
            return new String(s.getOctets(), UTF_32BE);
        }
        byte[] octets = eightBitOctets(p);
        return octets == null ? null : decodeLegacy(octets);
    }

    /**
     * Decodes the bytes of a byte-per-character string type whose encoding is not known:
     * <ol>
     *   <li>only ASCII bytes: ASCII;</li>
     *   <li>valid strict UTF-8 (some non-ASCII): UTF-8;</li>
     *   <li>some bytes 0xC0..0xFF and no C1 control bytes 0x80..0x9F: Windows-1251 (legacy
     *       Belarusian and Russian CAs put Windows-1251 text into T61String);</li>
     *   <li>otherwise ISO-8859-1, the reading Bouncy Castle and the JDK give.</li>
     * </ol>
     * Consequence of rule 3: Windows-1251 text that contains bytes 0x80..0x9F (for example the
     * typographic quotes “ ” = 0x93, 0x94) is read as ISO-8859-1.
     */
    public static String decodeLegacy(byte[] bytes) {
        boolean ascii = true;
        boolean cyrillicLetters = false;
        boolean c1 = false;
        for (byte b : bytes) {
            int v = b & 0xFF;
            if (v >= 0x80) {
                ascii = false;
            }
            if (v >= 0xC0) {
                cyrillicLetters = true;
            } else if (v >= 0x80 && v <= 0x9F) {
                c1 = true;
            }
        }
        if (ascii) {
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        String utf8 = strictUtf8(bytes);
        if (utf8 != null) {
            return utf8;
        }
        if (cyrillicLetters && !c1) {
            return windows1251(bytes);
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Windows-1251 to text, without depending on the optional JDK charsets module. */
    static String windows1251(byte[] bytes) {
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            int v = bytes[i] & 0xFF;
            if (v < 0x80) {
                out[i] = (char) v;
            } else if (v < 0xC0) {
                out[i] = CP1251_HIGH[v - 0x80];
            } else {
                out[i] = (char) (0x0410 + v - 0xC0);
            }
        }
        return new String(out);
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String decodeUtf8(ASN1UTF8String s) {
        try {
            return s.getString();
        } catch (RuntimeException malformed) {
            // Bouncy Castle refuses malformed UTF-8; show what can be shown (U+FFFD for the rest)
            byte[] contents = contents(s);
            return contents == null ? null : new String(contents, StandardCharsets.UTF_8);
        }
    }

    private static byte[] eightBitOctets(ASN1Primitive p) {
        if (p instanceof ASN1PrintableString s) {
            return s.getOctets();
        }
        if (p instanceof ASN1IA5String s) {
            return s.getOctets();
        }
        if (p instanceof ASN1NumericString s) {
            return s.getOctets();
        }
        if (p instanceof ASN1VisibleString s) {
            return s.getOctets();
        }
        if (p instanceof ASN1T61String s) {
            return s.getOctets();
        }
        if (p instanceof ASN1VideotexString s) {
            return s.getOctets();
        }
        if (p instanceof ASN1GraphicString s) {
            return s.getOctets();
        }
        if (p instanceof ASN1GeneralString s) {
            return s.getOctets();
        }
        return null;
    }

    /** The contents octets of a primitive definite-length encoding, or null. */
    private static byte[] contents(ASN1Primitive p) {
        byte[] enc;
        try {
            enc = p.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            return null;
        }
        if (enc.length < 2) {
            return null;
        }
        int first = enc[1] & 0xFF;
        int offset = first < 0x80 ? 2 : 2 + (first & 0x7F);
        return offset > enc.length ? null : Arrays.copyOfRange(enc, offset, enc.length);
    }
}
