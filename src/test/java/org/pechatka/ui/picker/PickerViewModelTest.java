package org.pechatka.ui.picker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.PersonalAttribute;
import org.pechatka.prompt.CertificateChoice;
import org.pechatka.prompt.ConsentRequest;
import org.pechatka.prompt.PickerRequest;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;
import org.pechatka.token.KeyStatus;
import org.pechatka.token.PinStatus;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenKind;
import org.pechatka.ui.frame.AttributeLine;

/** The picker's behaviour without a window: selection, marks and the data the site would get. */
class PickerViewModelTest {

    private static CertificateView citizen;
    private static CertificateView head;
    private static CertificateView expired;

    @BeforeAll
    static void certificates() throws Exception {
        TestCa ca = TestCa.create("Test CA");
        citizen = CertificateView.of(ca.issue(TestCa.generateKeyPair(TestCa.KeyType.EC_P256).getPublic(),
                TestSubjects.belarusCitizen()));
        head = CertificateView.of(ca.issue(TestCa.generateKeyPair(TestCa.KeyType.EC_P256).getPublic(),
                TestSubjects.belarusHeadOfOrganisation()));
        Instant now = Instant.now();
        expired = CertificateView.of(ca.issue(TestCa.generateKeyPair(TestCa.KeyType.EC_P256).getPublic(),
                TestSubjects.belarusCitizen(), b -> b.withValidity(now.minus(Duration.ofDays(400)),
                        now.minus(Duration.ofDays(10)))));
    }

    private static CertificateChoice choice(CertificateView v, PinStatus pin, CertificateChoice.Problem problem) {
        return new CertificateChoice(new TokenCertificate("t", v.certificate(), new byte[] {1}, "", KeyStatus.PROBABLE),
                v, "AvPass", TokenKind.PKCS11, pin, v.validity(Instant.now()), problem);
    }

    private static PickerViewModel model(PersonalAttribute... attributes) {
        return new PickerViewModel(new PickerRequest(PickerRequest.Purpose.AUTH, null, new PickerRequest.Candidates() {
            @Override
            public List<CertificateChoice> current() {
                return List.of();
            }

            @Override
            public Runnable subscribe(Consumer<List<CertificateChoice>> onChange) {
                return () -> {};
            }
        }, List.of(attributes)));
    }

    @Test
    void whenTheFirstRowIsUnusable_thenTheFirstUsableOneIsSelected() {
        PickerViewModel m = model();
        CertificateChoice bad = choice(expired, PinStatus.OK, CertificateChoice.Problem.EXPIRED);
        CertificateChoice good = choice(citizen, PinStatus.OK, null);
        m.update(List.of(bad, good));
        assertThat(m.selected()).isSameAs(good);
        assertThat(m.canChoose()).isTrue();
        m.select(bad);
        assertThat(m.canChoose()).as("an unusable certificate cannot be chosen").isFalse();
    }

    @Test
    void whenNothingIsUsable_thenNothingIsSelectedAndNothingCanBeChosen() {
        PickerViewModel m = model();
        m.update(List.of(choice(expired, PinStatus.OK, CertificateChoice.Problem.EXPIRED)));
        assertThat(m.selected()).isNull();
        assertThat(m.canChoose()).isFalse();
    }

    @Test
    void whenTheListChanges_thenTheSelectionStaysOrMovesToTheFirstUsable() {
        PickerViewModel m = model();
        CertificateChoice a = choice(citizen, PinStatus.OK, null);
        CertificateChoice b = choice(head, PinStatus.OK, null);
        m.update(List.of(a, b));
        m.select(b);
        // a token came: the same certificate, a new object, stays selected
        CertificateChoice bAgain = choice(head, PinStatus.OK, null);
        m.update(List.of(a, bAgain));
        assertThat(m.selected()).isSameAs(bAgain);
        // its token went away: the first usable is selected
        m.update(List.of(a));
        assertThat(m.selected()).isSameAs(a);
        m.update(List.of());
        assertThat(m.selected()).isNull();
        assertThat(m.rows()).isEmpty();
    }

    @Test
    void marksSayWhyACertificateCannotBeUsedOrWhatToWatch() {
        assertThat(PickerViewModel.mark(choice(expired, PinStatus.OK, CertificateChoice.Problem.EXPIRED)))
                .isEqualTo(PickerViewModel.Mark.EXPIRED);
        assertThat(PickerViewModel.mark(choice(expired, PinStatus.OK, null)))
                .as("expired but allowed by the site's filter: still marked").isEqualTo(PickerViewModel.Mark.EXPIRED);
        assertThat(PickerViewModel.mark(choice(citizen, PinStatus.OK, CertificateChoice.Problem.NOT_YET_VALID)))
                .isEqualTo(PickerViewModel.Mark.NOT_YET_VALID);
        assertThat(PickerViewModel.mark(choice(citizen, new PinStatus(true, false, true, false),
                CertificateChoice.Problem.PIN_LOCKED))).isEqualTo(PickerViewModel.Mark.PIN_LOCKED);
        assertThat(PickerViewModel.mark(choice(citizen, new PinStatus(true, true, false, false), null)))
                .isEqualTo(PickerViewModel.Mark.PIN_FINAL_TRY);
        assertThat(PickerViewModel.mark(choice(citizen, new PinStatus(true, false, false, false), null)))
                .isEqualTo(PickerViewModel.Mark.PIN_COUNT_LOW);
        assertThat(PickerViewModel.mark(choice(citizen, PinStatus.OK, null))).isEqualTo(PickerViewModel.Mark.NONE);
        assertThat(PickerViewModel.Mark.PIN_LOCKED.bad()).isTrue();
        assertThat(PickerViewModel.Mark.PIN_FINAL_TRY.bad()).isFalse();
    }

    @Test
    void whenTheSiteAsksForData_thenTheLinesFollowTheSelectionAndMatchWhatIsSent() {
        PickerViewModel m = model(PersonalAttribute.FULL_NAME, PersonalAttribute.UNP);
        CertificateChoice a = choice(citizen, PinStatus.OK, null);
        CertificateChoice b = choice(head, PinStatus.OK, null);
        m.update(List.of(a, b));
        assertThat(m.asksForData()).isTrue();
        assertThat(m.attributeLines()).containsExactly(
                new AttributeLine(PersonalAttribute.FULL_NAME, TestSubjects.BY_CITIZEN_FULL_NAME),
                new AttributeLine(PersonalAttribute.UNP, null));
        m.select(b);
        assertThat(m.attributeLines()).extracting(AttributeLine::value)
                .containsExactly(head.fullName(), TestSubjects.BY_HEAD_UNP);
        ConsentRequest shown = m.consent();
        assertThat(shown.sameAs(ConsentRequest.of(head, List.of(PersonalAttribute.FULL_NAME, PersonalAttribute.UNP))))
                .isTrue();
        assertThat(shown.sameAs(ConsentRequest.of(citizen, List.of(PersonalAttribute.FULL_NAME,
                PersonalAttribute.UNP)))).as("another certificate").isFalse();
        assertThat(shown.sameAs(ConsentRequest.of(head, List.of(PersonalAttribute.FULL_NAME))))
                .as("other attributes").isFalse();
        assertThat(model().consent()).as("no data asked: nothing to consent to").isNull();
    }
}
