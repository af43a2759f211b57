package org.pechatka.ui.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.pechatka.lifecycle.SubjectSpec;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.request.RequestViewModel.Problem;
import org.pechatka.ui.request.RequestViewModel.Profile;

/** The request form's rules without a window: field order, checks, profile defaults, names. */
class RequestViewModelTest {

    @Test
    void theProfilesKeepTheirPrescribedOrder() {
        assertThat(RequestViewModel.fields(Profile.BELARUS).stream().map(RequestViewModel.Field::type))
                .containsExactly("CN", "SN", "G", "SERIALNUMBER", "C", "L", "ST", "STREET", "O", "OU", "T");
        assertThat(RequestViewModel.fields(Profile.RUSSIA).stream().map(RequestViewModel.Field::type))
                .containsExactly("SN", "G", "CN", "T", "O", "OU", "L", "ST", "STREET", "C", "E", "INN", "INNLE",
                        "OGRN", "SNILS", "OGRNIP");
    }

    @Test
    void theSubjectFollowsTheProfileAndLeavesEmptyFieldsOut() {
        X500Name by = RequestViewModel.subject(Profile.BELARUS, Map.of("SN", "ЛАБАДЗЕНКА", "CN", "Лабадзенка Алесь",
                "G", "АЛЕСЬ", "C", "BY", "L", "Мінск", "T", ""));
        assertThat(SubjectSpec.lines(by).stream().map(SubjectSpec.Attribute::type)).containsExactly("CN", "SN", "G",
                "C", "L");
        X500Name ru = RequestViewModel.subject(Profile.RUSSIA, Map.of("CN", "Смирнова Мария", "SN", "Смирнова",
                "G", "Мария", "C", "RU", "SNILS", "12345678964", "INN", "770000000156"));
        assertThat(SubjectSpec.lines(ru).stream().map(SubjectSpec.Attribute::type)).containsExactly("SN", "G", "CN",
                "C", "INN", "SNILS");
    }

    @Test
    void eachFieldIsChecked() {
        Map<String, Problem> problems = RequestViewModel.check(Profile.RUSSIA, Map.of("SN", "", "G", "Мария",
                "CN", "Смирнова\nМария", "C", "Russia", "E", "mary@", "INN", "12345", "INNLE", "7700000009",
                "OGRN", "10277000000080", "SNILS", "1234567896x", "OGRNIP", ""));
        assertThat(problems).containsOnlyKeys("SN", "CN", "C", "E", "INN", "OGRN", "SNILS");
        assertThat(problems.get("SN").textKey()).isEqualTo("check.required");
        assertThat(problems.get("CN").textKey()).isEqualTo("check.control");
        assertThat(problems.get("C").textKey()).isEqualTo("check.country");
        assertThat(problems.get("E").textKey()).isEqualTo("check.email");
        assertThat(problems.get("INN")).isEqualTo(new Problem("check.digits", 12));
        assertThat(problems.get("OGRN")).isEqualTo(new Problem("check.digits", 13));
        assertThat(problems.get("SNILS")).isEqualTo(new Problem("check.digits", 11));
        assertThat(RequestViewModel.check(Profile.BELARUS, Map.of("CN", "a", "SN", "b", "G", "c", "C", "BY",
                "SERIALNUMBER", "3120690А001PB5"))).containsOnlyKeys("SERIALNUMBER"); // a Cyrillic А
    }

    @Test
    void theLanguageChoosesTheProfile() {
        assertThat(RequestViewModel.defaultProfile(Language.BE)).isEqualTo(Profile.BELARUS);
        assertThat(RequestViewModel.defaultProfile(Language.RU)).isEqualTo(Profile.RUSSIA);
        assertThat(RequestViewModel.defaultProfile(Language.EN)).isEqualTo(Profile.BELARUS);
    }

    @Test
    void theChallengeAndTheFileName() {
        assertThat(RequestViewModel.challenge("", "x")).isNull();
        assertThat(RequestViewModel.challenge("AB", "Перавыпуск")).isEqualTo("/EPWD:4142/INFO:Перавыпуск");
        X500Name subject = SubjectSpec.of(List.of(new SubjectSpec.Attribute("SN", "ЛАБАДЗЕНКА/ЛОБОДЕНКО")));
        assertThat(RequestViewModel.suggestedName(subject, LocalDate.of(2026, 11, 23)))
                .isEqualTo("лабадзенка-2026-11-23.req");
        assertThat(RequestViewModel.suggestedName(SubjectSpec.of(List.of(new SubjectSpec.Attribute("CN", "x"))),
                LocalDate.of(2026, 1, 2))).isEqualTo("request-2026-01-02.req");
    }

    @Test
    void passwordStrength() {
        assertThat(RequestViewModel.passwordStrength("short")).isZero();
        assertThat(RequestViewModel.passwordStrength("abcdefgh")).isEqualTo(1);
        assertThat(RequestViewModel.passwordStrength("abcdefg1")).isEqualTo(2);
        assertThat(RequestViewModel.passwordStrength("Abcdefgh12!x")).isEqualTo(3);
    }
}
