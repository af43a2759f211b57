package org.pechatka.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pechatka.cert.Asn1.bytes;
import static org.pechatka.cert.Asn1.raw;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1PrintableString;
import org.bouncycastle.asn1.ASN1T61String;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.ASN1UniversalString;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERNumericString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERT61String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.DERUniversalString;
import org.bouncycastle.asn1.DERVisibleString;
import org.junit.jupiter.api.Test;

class DirectoryStringsTest {

    private static final String BELARUSIAN = "Лабадзенка Алесь Яўгенавіч, Мінск: іІўЎёЁ";
    private static final Charset CP1251 = Charset.forName("windows-1251");

    @Test
    void whenUtf8String_thenCyrillicAndBelarusianLettersKept() {
        assertThat(DirectoryStrings.decode(new DERUTF8String(BELARUSIAN))).isEqualTo(BELARUSIAN);
    }

    @Test
    void whenBmpString_thenDecodedAsUtf16() {
        assertThat(DirectoryStrings.decode(new DERBMPString(BELARUSIAN))).isEqualTo(BELARUSIAN);
    }

    @Test
    void whenUniversalString_thenDecodedAsUtf32NotHex() {
        byte[] utf32 = BELARUSIAN.getBytes(Charset.forName("UTF-32BE"));
        assertThat(DirectoryStrings.decode(new DERUniversalString(utf32))).isEqualTo(BELARUSIAN);
    }

    @Test
    void whenAsciiStringTypes_thenTextAsIs() {
        assertThat(DirectoryStrings.decode(new DERPrintableString("PNOBY-3120690A001PB5")))
                .isEqualTo("PNOBY-3120690A001PB5");
        assertThat(DirectoryStrings.decode(new DERIA5String("ales@example.by"))).isEqualTo("ales@example.by");
        assertThat(DirectoryStrings.decode(new DERNumericString("770000000156"))).isEqualTo("770000000156");
        assertThat(DirectoryStrings.decode(new DERVisibleString("Minsk"))).isEqualTo("Minsk");
        assertThat(DirectoryStrings.decode(new DERT61String("Minsk"))).isEqualTo("Minsk");
    }

    @Test
    void whenT61StringHoldsWindows1251_thenDecodedAsWindows1251() {
        byte[] cp1251 = "Мінск, вул. Ўсходняя, Ёлкі".getBytes(CP1251);
        ASN1T61String t61 = (ASN1T61String) raw(Asn1.T61_STRING, cp1251);
        assertThat(DirectoryStrings.decode(t61)).isEqualTo("Мінск, вул. Ўсходняя, Ёлкі");
        assertThat(DirectoryStrings.decode(new DERT61String(cp1251))).isEqualTo("Мінск, вул. Ўсходняя, Ёлкі");
    }

    @Test
    void whenT61StringHoldsUtf8_thenDecodedAsUtf8() {
        byte[] utf8 = BELARUSIAN.getBytes(StandardCharsets.UTF_8);
        assertThat(DirectoryStrings.decode(raw(Asn1.T61_STRING, utf8))).isEqualTo(BELARUSIAN);
    }

    @Test
    void whenT61StringHasNoHighLetters_thenIso88591() {
        // 0xA3 '5' 0xA9: no byte 0xC0..0xFF, so not taken for Windows-1251
        assertThat(DirectoryStrings.decode(raw(Asn1.T61_STRING, bytes(0xA3, '5', ' ', 0xA9)))).isEqualTo("£5 ©");
    }

    @Test
    void whenT61StringHasC1Bytes_thenIso88591EvenIfItLooksLikeWindows1251() {
        // “Ромашка” in Windows-1251: the quotes are 0x93/0x94, C1 controls in ISO-8859-1 (documented rule)
        byte[] quoted = "“Ромашка”".getBytes(CP1251);
        assertThat(DirectoryStrings.decode(raw(Asn1.T61_STRING, quoted)))
                .isEqualTo(new String(quoted, StandardCharsets.ISO_8859_1));
    }

    @Test
    void whenPrintableOrIa5StringCarriesNonAsciiBytes_thenTheSameHeuristicApplies() {
        ASN1PrintableString printable = (ASN1PrintableString) raw(Asn1.PRINTABLE_STRING,
                "Мінск".getBytes(StandardCharsets.UTF_8));
        assertThat(DirectoryStrings.decode(printable)).isEqualTo("Мінск");
        assertThat(DirectoryStrings.decode(raw(Asn1.IA5_STRING, "Мінск".getBytes(CP1251)))).isEqualTo("Мінск");
    }

    @Test
    void whenUtf8StringIsMalformed_thenReplacementCharacterNotException() {
        ASN1UTF8String bad = (ASN1UTF8String) raw(Asn1.UTF8_STRING, bytes('A', 0xC3, 'B'));
        assertThat(DirectoryStrings.decode(bad)).startsWith("A").endsWith("B").contains("\uFFFD");
    }

    @Test
    void whenUniversalStringParsedFromBytes_thenDecoded() {
        ASN1UniversalString u = (ASN1UniversalString) raw(Asn1.UNIVERSAL_STRING,
                "Ўў".getBytes(Charset.forName("UTF-32BE")));
        assertThat(DirectoryStrings.decode(u)).isEqualTo("Ўў");
    }

    @Test
    void whenNotACharacterString_thenNull() {
        assertThat(DirectoryStrings.decode(new DEROctetString(bytes(1, 2)))).isNull();
        assertThat(DirectoryStrings.decode(new ASN1Integer(5))).isNull();
        assertThat(DirectoryStrings.decode(null)).isNull();
    }

    @Test
    void whenOwnWindows1251Table_thenMatchesTheJdkCharset() {
        for (int b = 0; b < 256; b++) {
            if (b == 0x98) {
                continue; // unassigned in Windows-1251
            }
            byte[] one = {(byte) b};
            assertThat(DirectoryStrings.windows1251(one)).as("byte %02X", b).isEqualTo(new String(one, CP1251));
        }
    }
}
