package org.pechatka.ui.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.PersonalAttribute;
import org.pechatka.prompt.ConsentRequest;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;
import org.pechatka.ui.frame.AttributeLine;

/** The standalone consent lists what is sent, then what the certificate lacks. */
class ConsentViewModelTest {

    @Test
    void valuesFirstInTheOrderAskedThenTheMissingOnes() throws Exception {
        CertificateView v = CertificateView.of(TestCa.create("CA").issue(TestCa.generateKeyPair(
                TestCa.KeyType.EC_P256).getPublic(), TestSubjects.belarusHeadOfOrganisation()));
        ConsentViewModel m = new ConsentViewModel(ConsentRequest.of(v, List.of(PersonalAttribute.PERSONAL_NUMBER,
                PersonalAttribute.UNP, PersonalAttribute.FULL_NAME)));
        assertThat(m.lines()).containsExactly(
                new AttributeLine(PersonalAttribute.UNP, TestSubjects.BY_HEAD_UNP),
                new AttributeLine(PersonalAttribute.FULL_NAME, v.fullName()),
                new AttributeLine(PersonalAttribute.PERSONAL_NUMBER, null));
        assertThat(m.certificate()).isSameAs(v);
    }
}
