package org.pechatka.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.pechatka.cert.DistinguishedNames;
import org.pechatka.cert.NameOids;

/**
 * Ready-made subjects in the Belarusian and Russian schemes ({@code national-crypto.md} §3), with
 * realistic but invented data: the names are made up, 190000001 is not a registered УНП, and the
 * Russian numbers merely have valid check digits (INN, SNILS, OGRN).
 */
public final class TestSubjects {

    public static final String BY_CITIZEN_SURNAME = "ЛАБАДЗЕНКА/ЛОБОДЕНКО";
    public static final String BY_CITIZEN_GIVEN_NAME = "АЛЕСЬ ЯЎГЕНАВІЧ/АЛЕСЬ ЕВГЕНЬЕВИЧ";
    public static final String BY_CITIZEN_FULL_NAME = "ЛАБАДЗЕНКА АЛЕСЬ ЯЎГЕНАВІЧ";
    public static final String BY_PERSONAL_NUMBER = "3120690A001PB5";

    public static final String BY_HEAD_SURNAME = "Лабадзенка";
    public static final String BY_HEAD_GIVEN_NAME = "Алесь Яўгенавіч";
    public static final String BY_HEAD_UNP = "190000001";
    public static final String BY_HEAD_POSITION = "Дырэктар";
    public static final String BY_HEAD_ORGANIZATION = "ТАА «Прыклад»";

    public static final String RU_CITIZEN_INN = "770000000156";
    public static final String RU_CITIZEN_SNILS = "12345678964";
    public static final String RU_DIRECTOR_INN = "770000000220";
    public static final String RU_DIRECTOR_INNLE = "7700000009";
    public static final String RU_DIRECTOR_OGRN = "1027700000008";

    private TestSubjects() {}

    /**
     * A Belarusian citizen, bpki scheme (STB 34.101.78, attribute order CN, SN, G, serialNumber, C, L):
     * CN in Latin upper case, SN and G with Belarusian/Russian forms, {@code PNOBY-} personal number.
     */
    public static X500Name belarusCitizen() {
        return DistinguishedNames.builder()
                .commonName("ALES LABADZENKA")
                .surname(BY_CITIZEN_SURNAME)
                .givenName(BY_CITIZEN_GIVEN_NAME)
                .serialNumber("PNOBY-" + BY_PERSONAL_NUMBER)
                .country("BY")
                .locality("Мінск")
                .build();
    }

    /**
     * The head of a Belarusian organisation, GosSUOK scheme: SN + 2.5.4.41 (given name and
     * patronymic), УНП in 1.2.112.1.2.1.1.1.1.2, position in 1.2.112.1.2.1.1.5.1, O.
     */
    public static X500Name belarusHeadOfOrganisation() {
        return DistinguishedNames.builder()
                .country("BY")
                .locality("Мінск")
                .organization(BY_HEAD_ORGANIZATION)
                .add(NameOids.BY_UNP, BY_HEAD_UNP)
                .add(NameOids.BY_POSITION, BY_HEAD_POSITION)
                .surname(BY_HEAD_SURNAME)
                .name(BY_HEAD_GIVEN_NAME)
                .commonName(BY_HEAD_SURNAME + " " + BY_HEAD_GIVEN_NAME)
                .email("dyrektar@example.by")
                .build();
    }

    /** A Russian citizen (RFC 9215 / FSB order 795): SN, G, INN, SNILS, E. */
    public static X500Name russianCitizen() {
        return DistinguishedNames.builder()
                .country("RU")
                .state("77 г. Москва")
                .locality("г. Москва")
                .surname("Иванов")
                .givenName("Иван Иванович")
                .commonName("Иванов Иван Иванович")
                .inn(RU_CITIZEN_INN)
                .snils(RU_CITIZEN_SNILS)
                .email("ivanov@example.ru")
                .build();
    }

    /** The director of a Russian company: INNLE, OGRN, O, T, and the director's own INN, SN, G. */
    public static X500Name russianDirector() {
        return DistinguishedNames.builder()
                .country("RU")
                .state("77 г. Москва")
                .locality("г. Москва")
                .street("ул. Примерная, д. 1")
                .organization("ООО «Ромашка»")
                .title("Генеральный директор")
                .commonName("ООО «Ромашка»")
                .surname("Петрова")
                .givenName("Мария Сергеевна")
                .innLe(RU_DIRECTOR_INNLE)
                .ogrn(RU_DIRECTOR_OGRN)
                .inn(RU_DIRECTOR_INN)
                .snils("11122233372")
                .build();
    }
}
