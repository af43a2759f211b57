package org.pechatka.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NativeEnvironmentTest {

    private static String uniqueName() {
        return "PECHATKA_TEST_" + UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
    }

    @Test
    void whenVariableSet_thenNativeGetenvSeesIt() {
        String name = uniqueName();
        assertThat(NativeEnvironment.get(name)).isNull();

        NativeEnvironment.set(name, "/tmp/softhsm2.conf");

        assertThat(NativeEnvironment.get(name)).isEqualTo("/tmp/softhsm2.conf");
    }

    @Test
    void whenVariableSetAgain_thenOverwritten() {
        String name = uniqueName();
        NativeEnvironment.set(name, "first");

        NativeEnvironment.set(name, "second");

        assertThat(NativeEnvironment.get(name)).isEqualTo("second");
    }

    @Test
    void whenValueIsEmptyOrNotAscii_thenReadBackExactly() {
        String empty = uniqueName();
        String cyrillic = uniqueName();

        NativeEnvironment.set(empty, "");
        NativeEnvironment.set(cyrillic, "/home/пользователь/Печатка = ok");

        assertThat(NativeEnvironment.get(empty)).isEmpty();
        assertThat(NativeEnvironment.get(cyrillic)).isEqualTo("/home/пользователь/Печатка = ok");
    }

    @Test
    void whenVariableSetByTheProcessLauncher_thenNativeGetenvSeesItToo() {
        // PATH is set for every process the build starts; both views agree on it
        assertThat(NativeEnvironment.get("PATH")).isNotNull().isEqualTo(System.getenv("PATH"));
    }

    @Test
    void whenNameInvalid_thenRejectedAndNothingSet() {
        String name = uniqueName();

        assertThatThrownBy(() -> NativeEnvironment.set("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NativeEnvironment.set(name + "=X", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NativeEnvironment.set(name + "\0X", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NativeEnvironment.set(name, "x\0y")).isInstanceOf(IllegalArgumentException.class);

        assertThat(NativeEnvironment.get(name)).isNull();
    }
}
