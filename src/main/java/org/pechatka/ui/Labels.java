package org.pechatka.ui;

import org.pechatka.cert.PersonalAttribute;

/** What the personal-data attributes are called for a person (Belarusian / English). */
final class Labels {

    private Labels() {}

    static String attribute(PersonalAttribute a) {
        return switch (a) {
            case FULL_NAME -> "Прозвішча, імя, імя па бацьку / Full name";
            case SURNAME -> "Прозвішча / Surname";
            case GIVEN_NAME -> "Імя, імя па бацьку / Given names";
            case PERSONAL_NUMBER -> "Ідэнтыфікацыйны нумар / Identification number";
            case UNP -> "УНП / Taxpayer number (BY)";
            case ORGANIZATION -> "Арганізацыя / Organisation";
            case POSITION -> "Пасада / Position";
            case INN -> "ИНН / INN";
            case INN_LE -> "ИНН юрлица / INN of the organisation";
            case SNILS -> "СНИЛС / SNILS";
            case OGRN -> "ОГРН / OGRN";
            case OGRNIP -> "ОГРНИП / OGRNIP";
            case EMAIL -> "E-mail";
            case COUNTRY -> "Краіна / Country";
            case LOCALITY -> "Населены пункт / Locality";
        };
    }
}
