package org.pechatka.cert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PersonalAttributeTest {

    @Test
    void whenListed_thenProtocolNamesAreExactlyTheAttrListInOrder() {
        assertThat(Arrays.stream(PersonalAttribute.values()).map(PersonalAttribute::protocolName))
                .containsExactly("fullName", "surname", "givenName", "personalNumber", "unp", "organization",
                        "position", "inn", "innLe", "snils", "ogrn", "ogrnip", "email", "country", "locality");
    }

    @Test
    void whenLookedUpByProtocolName_thenEveryAttributeRoundTrips() {
        for (PersonalAttribute a : PersonalAttribute.values()) {
            assertThat(PersonalAttribute.byProtocolName(a.protocolName())).contains(a);
        }
    }

    @Test
    void whenNameIsUnknownOrDifferentlyCased_thenEmpty() {
        assertThat(PersonalAttribute.byProtocolName("innle")).isEmpty();
        assertThat(PersonalAttribute.byProtocolName("FULL_NAME")).isEmpty();
        assertThat(PersonalAttribute.byProtocolName("")).isEmpty();
        assertThat(PersonalAttribute.byProtocolName(null)).isEmpty();
    }
}
