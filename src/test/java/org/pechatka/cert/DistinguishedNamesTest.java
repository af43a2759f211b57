package org.pechatka.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERNumericString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.junit.jupiter.api.Test;
import org.pechatka.testing.TestSubjects;

class DistinguishedNamesTest {

    private static ASN1Encodable valueOf(X500Name name, ASN1ObjectIdentifier type) {
        return Arrays.stream(name.getRDNs(type)).findFirst().map(RDN::getFirst).orElseThrow().getValue();
    }

    @Test
    void whenBuilt_thenEachAttributeHasThePrescribedStringType() {
        X500Name n = DistinguishedNames.builder()
                .commonName("ALES LABADZENKA").surname("ЛАБАДЗЕНКА").givenName("АЛЕСЬ").title("Дырэктар")
                .organization("ТАА").organizationalUnit("Аддзел").locality("Мінск").state("Мінская вобл.")
                .street("вул. Прыкладная, 1").name("Поўная назва").organizationIdentifier("TAXBY-190000001")
                .add(NameOids.BY_UNP, "190000001").add(NameOids.BY_POSITION, "Дырэктар")
                .add(NameOids.BY_ID_DOCUMENT, "3120690A001PB5")
                .country("BY").serialNumber("PNOBY-3120690A001PB5")
                .email("ales@example.by").domainComponent("example")
                .inn("770000000156").innLe("7700000009").ogrn("1027700000008").snils("12345678964")
                .ogrnip("304770000000008")
                .build();
        for (ASN1ObjectIdentifier utf8 : new ASN1ObjectIdentifier[] {NameOids.COMMON_NAME, NameOids.SURNAME,
                NameOids.GIVEN_NAME, NameOids.TITLE, NameOids.ORGANIZATION, NameOids.ORGANIZATIONAL_UNIT,
                NameOids.LOCALITY, NameOids.STATE, NameOids.STREET, NameOids.NAME, NameOids.ORGANIZATION_IDENTIFIER,
                NameOids.BY_UNP, NameOids.BY_POSITION, NameOids.BY_ID_DOCUMENT}) {
            assertThat(valueOf(n, utf8)).as(utf8.getId()).isInstanceOf(DERUTF8String.class);
        }
        assertThat(valueOf(n, NameOids.COUNTRY)).isInstanceOf(DERPrintableString.class);
        assertThat(valueOf(n, NameOids.SERIAL_NUMBER)).isInstanceOf(DERPrintableString.class);
        assertThat(valueOf(n, NameOids.EMAIL)).isInstanceOf(DERIA5String.class);
        assertThat(valueOf(n, NameOids.DOMAIN_COMPONENT)).isInstanceOf(DERIA5String.class);
        for (ASN1ObjectIdentifier numeric : new ASN1ObjectIdentifier[] {NameOids.RU_INN, NameOids.RU_INNLE,
                NameOids.RU_OGRN, NameOids.RU_SNILS, NameOids.RU_OGRNIP}) {
            assertThat(valueOf(n, numeric)).as(numeric.getId()).isInstanceOf(DERNumericString.class);
        }
    }

    @Test
    void whenBuilt_thenAttributesKeepTheOrderAdded() {
        X500Name n = TestSubjects.belarusCitizen();
        assertThat(Arrays.stream(n.getRDNs()).map(r -> r.getFirst().getType()))
                .containsExactly(NameOids.COMMON_NAME, NameOids.SURNAME, NameOids.GIVEN_NAME, NameOids.SERIAL_NUMBER,
                        NameOids.COUNTRY, NameOids.LOCALITY);
    }

    @Test
    void whenValueDoesNotFitItsType_thenRejected() {
        var b = DistinguishedNames.builder();
        assertThatThrownBy(() -> b.inn("77000000015A")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.country("БЫ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.email("алесь@example.by")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.commonName("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.add("NOPE", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenGenericValueAdded_thenKeptExactly() {
        X500Name n = DistinguishedNames.builder().add(NameOids.COMMON_NAME, new DERPrintableString("X")).build();
        assertThat(valueOf(n, NameOids.COMMON_NAME)).isInstanceOf(DERPrintableString.class);
    }

    @Test
    void whenFormatted_thenRfc4514OrderAndUnicodeKeptAsText() {
        assertThat(DistinguishedNames.format(TestSubjects.belarusCitizen())).isEqualTo(
                "L=Мінск, C=BY, SERIALNUMBER=PNOBY-3120690A001PB5, G=АЛЕСЬ ЯЎГЕНАВІЧ/АЛЕСЬ ЕВГЕНЬЕВИЧ, "
                        + "SN=ЛАБАДЗЕНКА/ЛОБОДЕНКО, CN=ALES LABADZENKA");
        assertThat(DistinguishedNames.format(TestSubjects.russianCitizen())).isEqualTo(
                "E=ivanov@example.ru, SNILS=12345678964, INN=770000000156, CN=Иванов Иван Иванович, "
                        + "G=Иван Иванович, SN=Иванов, L=г. Москва, ST=77 г. Москва, C=RU");
    }

    @Test
    void whenFormattedWithSpecialCharacters_thenRfc4514Escapes() {
        X500Name n = DistinguishedNames.builder()
                .organization("ООО \"Ромашка\", филиал+1; <a>\\b")
                .commonName("#1 ")
                .organizationalUnit(" x")
                .add(new ASN1ObjectIdentifier("1.2.3.4"), "line\nbreak")
                .build();
        assertThat(DistinguishedNames.format(n)).isEqualTo(
                "1.2.3.4=line\\0Abreak, OU=\\ x, CN=\\#1\\ , O=ООО \\\"Ромашка\\\"\\, филиал\\+1\\; \\<a\\>\\\\b");
    }

    @Test
    void whenMultiValuedRdnOrUnknownOidOrNonString_thenPlusJoinedInDerSetOrderDottedAndHex() {
        // DER sorts the SET of a multi-valued RDN by encoding: serialNumber (shorter) comes first
        Map<ASN1ObjectIdentifier, String> mv = new LinkedHashMap<>();
        mv.put(NameOids.COMMON_NAME, "Алесь");
        mv.put(NameOids.SERIAL_NUMBER, "PNOBY-1");
        X500Name n = DistinguishedNames.builder()
                .country("BY")
                .addMultiValued(mv)
                .add(NameOids.BY_UNP, "190000001")
                .add(new ASN1ObjectIdentifier("1.2.3.5"), new DEROctetString(new byte[] {1, 2}))
                .build();
        assertThat(DistinguishedNames.format(n)).isEqualTo(
                "1.2.3.5=#04020102, 1.2.112.1.2.1.1.1.1.2=190000001, SERIALNUMBER=PNOBY-1+CN=Алесь, C=BY");
    }

    @Test
    void whenTypeNamedByShortNameAliasOrOid_thenFound() {
        assertThat(DistinguishedNames.typeByName("sn")).contains(NameOids.SURNAME);
        assertThat(DistinguishedNames.typeByName("SURNAME")).contains(NameOids.SURNAME);
        assertThat(DistinguishedNames.typeByName("GN")).contains(NameOids.GIVEN_NAME);
        assertThat(DistinguishedNames.typeByName("G")).contains(NameOids.GIVEN_NAME);
        assertThat(DistinguishedNames.typeByName("serialNumber")).contains(NameOids.SERIAL_NUMBER);
        assertThat(DistinguishedNames.typeByName("emailAddress")).contains(NameOids.EMAIL);
        assertThat(DistinguishedNames.typeByName("organizationIdentifier")).contains(NameOids.ORGANIZATION_IDENTIFIER);
        assertThat(DistinguishedNames.typeByName("INNLE")).contains(NameOids.RU_INNLE);
        assertThat(DistinguishedNames.typeByName("1.2.112.1.2.1.1.1.1.2")).contains(NameOids.BY_UNP);
        assertThat(DistinguishedNames.typeByName("OID.1.2.643.100.1")).contains(NameOids.RU_OGRN);
        assertThat(DistinguishedNames.typeByName("bogus")).isEmpty();
        assertThat(DistinguishedNames.typeByName("")).isEmpty();
        X500Name n = DistinguishedNames.builder().add("SN", "Іваноў").add("1.2.643.100.3", "12345678964").build();
        assertThat(valueOf(n, NameOids.SURNAME)).isInstanceOf(DERUTF8String.class);
        assertThat(valueOf(n, NameOids.RU_SNILS)).isInstanceOf(DERNumericString.class);
    }

    @Test
    void whenAttributeRepeatedOrInMultiValuedRdn_thenFirstValueTrimmed() {
        X500Name n = new X500NameBuilder()
                .addMultiValuedRDN(new ASN1ObjectIdentifier[] {NameOids.SERIAL_NUMBER, NameOids.COMMON_NAME},
                        new String[] {"PNOBY-1", "  Першы  "})
                .addRDN(NameOids.COMMON_NAME, "Другі")
                .build();
        assertThat(DistinguishedNames.firstValue(n, NameOids.COMMON_NAME)).contains("Першы");
        assertThat(DistinguishedNames.firstValue(n, NameOids.TITLE)).isEmpty();
    }

    @Test
    void whenShortNameUnknown_thenDottedOid() {
        assertThat(DistinguishedNames.shortName(NameOids.BY_POSITION)).isEqualTo("1.2.112.1.2.1.1.5.1");
        assertThat(DistinguishedNames.shortName(NameOids.SURNAME)).isEqualTo("SN");
    }
}
