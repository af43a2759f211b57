package org.pechatka.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x509.Attribute;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.Test;
import org.pechatka.testing.TestSubjects;

class PersonalDataTest {

    private static Map<PersonalAttribute, String> extract(X500Name subject) {
        return PersonalData.extract(subject, null);
    }

    static Extensions directoryAttributes(ASN1ObjectIdentifier[] types, String[] values) {
        ASN1Encodable[] attributes = new ASN1Encodable[types.length];
        for (int i = 0; i < types.length; i++) {
            attributes[i] = new Attribute(types[i], new DERSet(new DERUTF8String(values[i])));
        }
        try {
            return new Extensions(new Extension(Extension.subjectDirectoryAttributes, false,
                    new DERSequence(attributes).getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Extensions subjectAltName(GeneralName... names) {
        try {
            return new Extensions(new Extension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names).getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- Belarus, bpki --------------------------------------------------------------------------

    @Test
    void whenBpkiCitizen_thenAllAttributesWithFirstFormFullNameAndRawParts() {
        assertThat(extract(TestSubjects.belarusCitizen())).containsExactly(
                entry(PersonalAttribute.FULL_NAME, "ЛАБАДЗЕНКА АЛЕСЬ ЯЎГЕНАВІЧ"),
                entry(PersonalAttribute.SURNAME, "ЛАБАДЗЕНКА/ЛОБОДЕНКО"),
                entry(PersonalAttribute.GIVEN_NAME, "АЛЕСЬ ЯЎГЕНАВІЧ/АЛЕСЬ ЕВГЕНЬЕВИЧ"),
                entry(PersonalAttribute.PERSONAL_NUMBER, "3120690A001PB5"),
                entry(PersonalAttribute.COUNTRY, "BY"),
                entry(PersonalAttribute.LOCALITY, "Мінск"));
    }

    @Test
    void whenSerialNumberHasPassportOrIdCardPrefix_thenNoPersonalNumber() {
        assertThat(extract(DistinguishedNames.builder().surname("А").serialNumber("PASBY-MP0112358").build()))
                .doesNotContainKey(PersonalAttribute.PERSONAL_NUMBER);
        assertThat(extract(DistinguishedNames.builder().serialNumber("IDCBY-590082394654").build()))
                .doesNotContainKey(PersonalAttribute.PERSONAL_NUMBER);
        assertThat(extract(DistinguishedNames.builder().serialNumber("3120690A001PB5").build()))
                .doesNotContainKey(PersonalAttribute.PERSONAL_NUMBER);
    }

    @Test
    void whenPnobyNumberDoesNotFollowThePattern_thenStillTakenAsWritten() {
        // the standard's own example
        assertThat(extract(DistinguishedNames.builder().serialNumber("PNOBY-786545091A4PB5").build()))
                .containsEntry(PersonalAttribute.PERSONAL_NUMBER, "786545091A4PB5");
    }

    @Test
    void whenBpkiLegalRepresentative_thenUnpPositionAndShortOrganizationName() {
        X500Name subject = DistinguishedNames.builder()
                .commonName("ALES LABADZENKA")
                .surname("ЛАБАДЗЕНКА/ЛОБОДЕНКО")
                .name("Таварыства з абмежаванай адказнасцю «Прыклад»")
                .givenName("АЛЕСЬ ЯЎГЕНАВІЧ/АЛЕСЬ ЕВГЕНЬЕВИЧ")
                .country("BY")
                .organization("ТАА «Прыклад»")
                .title("Дырэктар")
                .organizationIdentifier("TAXBY-190000001")
                .build();
        Map<PersonalAttribute, String> a = extract(subject);
        assertThat(a).containsEntry(PersonalAttribute.UNP, "190000001")
                .containsEntry(PersonalAttribute.POSITION, "Дырэктар")
                .containsEntry(PersonalAttribute.ORGANIZATION, "ТАА «Прыклад»")
                .containsEntry(PersonalAttribute.GIVEN_NAME, "АЛЕСЬ ЯЎГЕНАВІЧ/АЛЕСЬ ЕВГЕНЬЕВИЧ");
    }

    @Test
    void whenBpkiHasFullOrganisationNameButNoO_thenOrganizationIsName41() {
        X500Name subject = DistinguishedNames.builder()
                .surname("ЛАБАДЗЕНКА").name("ТАА «Прыклад»").givenName("АЛЕСЬ").build();
        assertThat(extract(subject)).containsEntry(PersonalAttribute.ORGANIZATION, "ТАА «Прыклад»")
                .containsEntry(PersonalAttribute.GIVEN_NAME, "АЛЕСЬ");
    }

    @Test
    void whenOrganizationIdentifierHasAnotherPrefix_thenNoUnp() {
        assertThat(extract(DistinguishedNames.builder().organizationIdentifier("VATBY-190000001").build()))
                .doesNotContainKey(PersonalAttribute.UNP);
    }

    @Test
    void whenPrefixesInLowerCase_thenStillRemoved() {
        X500Name subject = DistinguishedNames.builder()
                .serialNumber("pnoby-3120690A001PB5").organizationIdentifier("taxby- 190000001").build();
        assertThat(extract(subject)).containsEntry(PersonalAttribute.PERSONAL_NUMBER, "3120690A001PB5")
                .containsEntry(PersonalAttribute.UNP, "190000001");
    }

    // ---- Belarus, GosSUOK ----------------------------------------------------------------------

    @Test
    void whenGosSuokOrganisationHead_thenName41IsGivenNamesAndOrganizationIsO() {
        assertThat(extract(TestSubjects.belarusHeadOfOrganisation())).containsExactly(
                entry(PersonalAttribute.FULL_NAME, "Лабадзенка Алесь Яўгенавіч"),
                entry(PersonalAttribute.SURNAME, "Лабадзенка"),
                entry(PersonalAttribute.GIVEN_NAME, "Алесь Яўгенавіч"),
                entry(PersonalAttribute.UNP, "190000001"),
                entry(PersonalAttribute.ORGANIZATION, "ТАА «Прыклад»"),
                entry(PersonalAttribute.POSITION, "Дырэктар"),
                entry(PersonalAttribute.EMAIL, "dyrektar@example.by"),
                entry(PersonalAttribute.COUNTRY, "BY"),
                entry(PersonalAttribute.LOCALITY, "Мінск"));
    }

    @Test
    void whenName41UsedAsGivenNamesAndNoO_thenNoOrganization() {
        X500Name subject = DistinguishedNames.builder().surname("Лабадзенка").name("Алесь Яўгенавіч").build();
        assertThat(extract(subject)).containsEntry(PersonalAttribute.GIVEN_NAME, "Алесь Яўгенавіч")
                .containsEntry(PersonalAttribute.FULL_NAME, "Лабадзенка Алесь Яўгенавіч")
                .doesNotContainKey(PersonalAttribute.ORGANIZATION);
    }

    @Test
    void whenName41WithoutSurname_thenOrganizationNotGivenNames() {
        X500Name subject = DistinguishedNames.builder().name("ТАА «Прыклад»").commonName("ТАА «Прыклад»").build();
        assertThat(extract(subject)).containsEntry(PersonalAttribute.ORGANIZATION, "ТАА «Прыклад»")
                .doesNotContainKey(PersonalAttribute.GIVEN_NAME);
    }

    @Test
    void whenIdDocumentLooksLikeIdentificationNumber_thenPersonalNumber() {
        X500Name subject = DistinguishedNames.builder().add(NameOids.BY_ID_DOCUMENT, "3120690A001PB5").build();
        assertThat(extract(subject)).containsEntry(PersonalAttribute.PERSONAL_NUMBER, "3120690A001PB5");
    }

    @Test
    void whenIdDocumentIsSomethingElse_thenNoPersonalNumber() {
        for (String other : new String[] {"MP1234567", "3120690a001pb5", "3120690A001PB", "MP1234567 3120690A001PB5"}) {
            X500Name subject = DistinguishedNames.builder().add(NameOids.BY_ID_DOCUMENT, other).build();
            assertThat(extract(subject)).as(other).doesNotContainKey(PersonalAttribute.PERSONAL_NUMBER);
        }
    }

    @Test
    void whenLegacyTaxCaOids_thenUnpAndPosition() {
        X500Name subject = DistinguishedNames.builder()
                .add(NameOids.BY_MNS_UNP, "100000002").add(NameOids.BY_MNS_POSITION, "Галоўны бухгалтар").build();
        assertThat(extract(subject)).containsEntry(PersonalAttribute.UNP, "100000002")
                .containsEntry(PersonalAttribute.POSITION, "Галоўны бухгалтар");
    }

    @Test
    void whenSchemesOverlap_thenBpkiFirstThenGosSuokThenLegacy() {
        X500Name all = DistinguishedNames.builder()
                .add(NameOids.BY_MNS_UNP, "3").add(NameOids.BY_UNP, "2").organizationIdentifier("TAXBY-1")
                .add(NameOids.BY_MNS_POSITION, "c").add(NameOids.BY_POSITION, "b").title("a")
                .add(NameOids.BY_ID_DOCUMENT, "1111111A111AA1").serialNumber("PNOBY-2222222B222BB2")
                .build();
        assertThat(extract(all)).containsEntry(PersonalAttribute.UNP, "1")
                .containsEntry(PersonalAttribute.POSITION, "a")
                .containsEntry(PersonalAttribute.PERSONAL_NUMBER, "2222222B222BB2");
        X500Name noBpki = DistinguishedNames.builder()
                .add(NameOids.BY_MNS_UNP, "3").add(NameOids.BY_UNP, "2")
                .add(NameOids.BY_MNS_POSITION, "c").add(NameOids.BY_POSITION, "b").build();
        assertThat(extract(noBpki)).containsEntry(PersonalAttribute.UNP, "2").containsEntry(PersonalAttribute.POSITION, "b");
    }

    // ---- SubjectDirectoryAttributes -------------------------------------------------------------

    @Test
    void whenGosSuokAttributesInSubjectDirectoryAttributes_thenRead() {
        X500Name subject = DistinguishedNames.builder().surname("Лабадзенка").name("Алесь Яўгенавіч").build();
        Extensions sda = directoryAttributes(
                new ASN1ObjectIdentifier[] {NameOids.BY_UNP, NameOids.BY_POSITION, NameOids.BY_ID_DOCUMENT},
                new String[] {"190000001", "Дырэктар", "3120690A001PB5"});
        assertThat(PersonalData.extract(subject, sda))
                .containsEntry(PersonalAttribute.UNP, "190000001")
                .containsEntry(PersonalAttribute.POSITION, "Дырэктар")
                .containsEntry(PersonalAttribute.PERSONAL_NUMBER, "3120690A001PB5");
    }

    @Test
    void whenAttributeInBothDnAndDirectoryAttributes_thenDnWins() {
        X500Name subject = DistinguishedNames.builder().add(NameOids.BY_UNP, "190000001").build();
        Extensions sda = directoryAttributes(new ASN1ObjectIdentifier[] {NameOids.BY_UNP, NameOids.BY_UNP},
                new String[] {"290000002", "390000003"});
        assertThat(PersonalData.extract(subject, sda)).containsEntry(PersonalAttribute.UNP, "190000001");
        assertThat(PersonalData.extract(new X500Name(new org.bouncycastle.asn1.x500.RDN[0]), sda))
                .containsEntry(PersonalAttribute.UNP, "290000002");
    }

    @Test
    void whenDirectoryAttributesMalformed_thenIgnored() throws IOException {
        Extensions bad = new Extensions(new Extension(Extension.subjectDirectoryAttributes, false,
                new DERUTF8String("not a sequence").getEncoded()));
        assertThat(PersonalData.extract(DistinguishedNames.builder().commonName("X").build(), bad))
                .containsOnlyKeys(PersonalAttribute.FULL_NAME);
    }

    // ---- Russia ---------------------------------------------------------------------------------

    @Test
    void whenRussianCitizen_thenInnSnilsEmailAndNames() {
        assertThat(extract(TestSubjects.russianCitizen())).containsExactly(
                entry(PersonalAttribute.FULL_NAME, "Иванов Иван Иванович"),
                entry(PersonalAttribute.SURNAME, "Иванов"),
                entry(PersonalAttribute.GIVEN_NAME, "Иван Иванович"),
                entry(PersonalAttribute.INN, "770000000156"),
                entry(PersonalAttribute.SNILS, "12345678964"),
                entry(PersonalAttribute.EMAIL, "ivanov@example.ru"),
                entry(PersonalAttribute.COUNTRY, "RU"),
                entry(PersonalAttribute.LOCALITY, "г. Москва"));
    }

    @Test
    void whenRussianCompanyDirector_thenInnLeOgrnOrganizationPosition() {
        assertThat(extract(TestSubjects.russianDirector())).containsExactly(
                entry(PersonalAttribute.FULL_NAME, "Петрова Мария Сергеевна"),
                entry(PersonalAttribute.SURNAME, "Петрова"),
                entry(PersonalAttribute.GIVEN_NAME, "Мария Сергеевна"),
                entry(PersonalAttribute.ORGANIZATION, "ООО «Ромашка»"),
                entry(PersonalAttribute.POSITION, "Генеральный директор"),
                entry(PersonalAttribute.INN, "770000000220"),
                entry(PersonalAttribute.INN_LE, "7700000009"),
                entry(PersonalAttribute.SNILS, "11122233372"),
                entry(PersonalAttribute.OGRN, "1027700000008"),
                entry(PersonalAttribute.COUNTRY, "RU"),
                entry(PersonalAttribute.LOCALITY, "г. Москва"));
    }

    @Test
    void whenIndividualEntrepreneur_thenOgrnip() {
        assertThat(extract(DistinguishedNames.builder().ogrnip("304770000000008").build()))
                .containsEntry(PersonalAttribute.OGRNIP, "304770000000008");
    }

    @Test
    void whenPre2021LegalEntityInnPaddedWith00_thenInnLeNotInn() {
        assertThat(extract(DistinguishedNames.builder().inn("007700000009").build()))
                .containsEntry(PersonalAttribute.INN_LE, "7700000009")
                .doesNotContainKey(PersonalAttribute.INN);
        assertThat(extract(DistinguishedNames.builder().inn("007700000009").innLe("7700000009").build()))
                .containsEntry(PersonalAttribute.INN_LE, "7700000009")
                .doesNotContainKey(PersonalAttribute.INN);
    }

    // ---- common ---------------------------------------------------------------------------------

    @Test
    void whenNoEmailInDn_thenFirstRfc822NameOfSubjectAltName() {
        Extensions san = subjectAltName(new GeneralName(GeneralName.dNSName, "example.by"),
                new GeneralName(GeneralName.rfc822Name, "first@example.by"),
                new GeneralName(GeneralName.rfc822Name, "second@example.by"));
        assertThat(PersonalData.extract(DistinguishedNames.builder().commonName("X").build(), san))
                .containsEntry(PersonalAttribute.EMAIL, "first@example.by");
        assertThat(PersonalData.extract(DistinguishedNames.builder().email("dn@example.by").build(), san))
                .containsEntry(PersonalAttribute.EMAIL, "dn@example.by");
    }

    @Test
    void whenNoSurname_thenFullNameIsCommonName() {
        assertThat(extract(DistinguishedNames.builder().commonName("ТАА «Прыклад»").build()))
                .containsEntry(PersonalAttribute.FULL_NAME, "ТАА «Прыклад»");
    }

    @Test
    void whenSurnameWithoutGivenNames_thenCommonNameElseSurnameFirstForm() {
        assertThat(extract(DistinguishedNames.builder().surname("Іваноў").commonName("Іваноў Іван Іванавіч").build()))
                .containsEntry(PersonalAttribute.FULL_NAME, "Іваноў Іван Іванавіч");
        assertThat(extract(DistinguishedNames.builder().surname("ІВАНОЎ/ИВАНОВ").build()))
                .containsEntry(PersonalAttribute.FULL_NAME, "ІВАНОЎ");
    }

    @Test
    void whenOnlyCommonName_thenEverythingElseOmittedAndMapUnmodifiable() {
        Map<PersonalAttribute, String> a = extract(DistinguishedNames.builder().commonName("localhost").build());
        assertThat(a).containsExactly(entry(PersonalAttribute.FULL_NAME, "localhost"));
        assertThatThrownBy(() -> a.put(PersonalAttribute.INN, "1")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(extract(new X500Name(new org.bouncycastle.asn1.x500.RDN[0]))).isEmpty();
    }

    @Test
    void whenValuesPaddedRepeatedBlankOrMultiValued_thenTrimmedFirstAndBlankOmitted() {
        X500Name subject = new X500NameBuilder()
                .addRDN(NameOids.SURNAME, "  Іваноў ")
                .addRDN(NameOids.SURNAME, "Пятроў")
                .addMultiValuedRDN(new ASN1ObjectIdentifier[] {NameOids.COMMON_NAME, NameOids.GIVEN_NAME},
                        new String[] {"CN", "\u00A0Іван\t"})
                .addRDN(NameOids.TITLE, "   ")
                .build();
        assertThat(extract(subject)).containsEntry(PersonalAttribute.SURNAME, "Іваноў")
                .containsEntry(PersonalAttribute.GIVEN_NAME, "Іван")
                .containsEntry(PersonalAttribute.FULL_NAME, "Іваноў Іван")
                .doesNotContainKey(PersonalAttribute.POSITION);
    }

    @Test
    void whenSlashFormsAreOddlySpaced_thenFirstNonBlankFormTrimmed() {
        assertThat(PersonalData.firstForm(" ЛАБАДЗЕНКА / ЛОБОДЕНКО ")).isEqualTo("ЛАБАДЗЕНКА");
        assertThat(PersonalData.firstForm("/ЛОБОДЕНКО")).isEqualTo("ЛОБОДЕНКО");
        assertThat(PersonalData.firstForm("Лабадзенка")).isEqualTo("Лабадзенка");
    }

    @Test
    void whenLegacyT61Windows1251Subject_thenAttributesDecoded() {
        Charset cp1251 = Charset.forName("windows-1251");
        X500Name subject = DistinguishedNames.builder()
                .add(NameOids.SURNAME, Asn1.raw(Asn1.T61_STRING, "Лабадзенка".getBytes(cp1251)))
                .add(NameOids.NAME, Asn1.raw(Asn1.T61_STRING, "Алесь Яўгенавіч".getBytes(cp1251)))
                .add(NameOids.LOCALITY, Asn1.raw(Asn1.BMP_STRING, "Мінск".getBytes(Charset.forName("UTF-16BE"))))
                .build();
        assertThat(extract(subject)).containsEntry(PersonalAttribute.FULL_NAME, "Лабадзенка Алесь Яўгенавіч")
                .containsEntry(PersonalAttribute.LOCALITY, "Мінск");
    }
}
