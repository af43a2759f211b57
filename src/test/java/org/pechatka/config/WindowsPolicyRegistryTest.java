package org.pechatka.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The registry policy read from {@code reg query HKLM\Software\Policies\Pechatka} output (captured
 * in the layout Windows prints: a blank line, the key, one value a line indented by four spaces with
 * four spaces between name, type and data, REG_MULTI_SZ items joined by a literal {@code \0}).
 */
class WindowsPolicyRegistryTest {

    private static final String FULL = """
            \r
            HKEY_LOCAL_MACHINE\\Software\\Policies\\Pechatka\r
                TrustedOrigins    REG_MULTI_SZ    https://portal.gov.by\\0https://e-pasluga.by\r
                AllowUserOrigins    REG_DWORD    0x0\r
                Port    REG_DWORD    0x6b00\r
                MaxMessageBytes    REG_DWORD    0x100000\r
                PinCacheMinutes    REG_DWORD    0x5\r
                Autostart    REG_DWORD    0x1\r
                Pkcs11Modules    REG_MULTI_SZ    C:\\Windows\\System32\\avcryptokinetcsp.dll\r
                DialogTimeoutSeconds    REG_DWORD    0xb4\r
                AllowedKeyAlgorithms    REG_MULTI_SZ    BIGN-128\\0EC-P256\r
                TrustedCertificates    REG_MULTI_SZ    C:\\ProgramData\\Pechatka\\ca\\root.cer\r
                LogLevel    REG_SZ    WARNING\r
            \r
            HKEY_LOCAL_MACHINE\\Software\\Policies\\Pechatka\\Unrelated\r
            """;

    @Test
    void whenEveryValueIsSet_thenEachMapsToItsMember() {
        // the Windows paths are absolute only on Windows: checked here through the lines before them
        var values = WindowsPolicyRegistry.values(FULL);
        assertThat(values).hasSize(11);
        assertThat(values.get(0)).isEqualTo(new WindowsPolicyRegistry.Value("TrustedOrigins", "REG_MULTI_SZ",
                "https://portal.gov.by\\0https://e-pasluga.by"));
        assertThat(values.get(10)).isEqualTo(new WindowsPolicyRegistry.Value("LogLevel", "REG_SZ", "WARNING"));

        String portable = FULL.replace("C:\\Windows\\System32\\avcryptokinetcsp.dll", "/opt/avest/libp11.so")
                .replace("C:\\ProgramData\\Pechatka\\ca\\root.cer", "/etc/pechatka/ca/root.cer");
        AdminPolicy p = WindowsPolicyRegistry.fromOutput(portable).orElseThrow();
        assertThat(p.error()).isNull();
        assertThat(p.source()).isEqualTo("HKLM\\Software\\Policies\\Pechatka");
        assertThat(p.trustedOrigins()).containsExactly("https://portal.gov.by", "https://e-pasluga.by");
        assertThat(p.allowUserOrigins()).isFalse();
        assertThat(p.port()).isEqualTo(0x6b00);
        assertThat(p.maxMessageBytes()).isEqualTo(1048576);
        assertThat(p.pinCache()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.autostart()).isTrue();
        assertThat(p.pkcs11Modules()).containsExactly("/opt/avest/libp11.so");
        assertThat(p.dialogTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(p.allowedKeyAlgorithms()).containsExactly("BIGN-128", "EC-P256");
        assertThat(p.trustedCertificates()).containsExactly(Path.of("/etc/pechatka/ca/root.cer"));
        assertThat(p.logLevel()).isEqualTo(AdminPolicy.LogLevel.WARNING);
    }

    @Test
    void whenTheKeyHoldsNoValue_thenThereIsNoRegistryPolicy() {
        assertThat(WindowsPolicyRegistry.fromOutput("\r\nHKEY_LOCAL_MACHINE\\Software\\Policies\\Pechatka\r\n\r\n"))
                .isEmpty();
        assertThat(WindowsPolicyRegistry.fromOutput("")).isEmpty();
    }

    @Test
    void whenOnlySomeValuesAreSet_thenTheOthersKeepTheirDefaults() {
        AdminPolicy p = WindowsPolicyRegistry.fromOutput("""

                HKEY_LOCAL_MACHINE\\Software\\Policies\\Pechatka
                    TrustedOrigins    REG_MULTI_SZ    https://portal.gov.by
                    Empty List    REG_MULTI_SZ
                """.replace("Empty List", "AllowedKeyAlgorithms")).orElseThrow();
        assertThat(p.error()).isNull();
        assertThat(p.trustedOrigins()).containsExactly("https://portal.gov.by");
        assertThat(p.allowUserOrigins()).isTrue();
        assertThat(p.port()).isEqualTo(AdminPolicy.DEFAULT_PORT);
        assertThat(p.allowedKeyAlgorithms()).as("an empty list: no key algorithm").isEmpty();
    }

    @Test
    void whenAValueIsUnknownOfTheWrongTypeOrOutOfRange_thenTheErrorNamesTheRegistryValue() {
        String head = "\r\nHKEY_LOCAL_MACHINE\\Software\\Policies\\Pechatka\r\n";
        AdminPolicy unknown = WindowsPolicyRegistry.fromOutput(head + "    Prot    REG_DWORD    0x1\r\n").orElseThrow();
        assertThat(unknown.error()).contains("unknown value \"Prot\"").contains("trusts no site");
        assertThat(unknown.trustedOrigins()).isEmpty();
        assertThat(unknown.allowUserOrigins()).isFalse();

        AdminPolicy type = WindowsPolicyRegistry.fromOutput(head + "    Port    REG_SZ    27321\r\n").orElseThrow();
        assertThat(type.error()).contains("registry value Port is REG_SZ where REG_DWORD belongs");

        AdminPolicy bool = WindowsPolicyRegistry.fromOutput(head + "    Autostart    REG_DWORD    0x2\r\n")
                .orElseThrow();
        assertThat(bool.error()).contains("registry value Autostart").contains("not 0 or 1");

        AdminPolicy range = WindowsPolicyRegistry.fromOutput(head + "    DialogTimeoutSeconds    REG_DWORD    0x5\r\n")
                .orElseThrow();
        assertThat(range.error()).contains("dialogTimeoutSeconds (registry value DialogTimeoutSeconds)")
                .contains("15–600");

        AdminPolicy item = WindowsPolicyRegistry.fromOutput(
                head + "    TrustedOrigins    REG_MULTI_SZ    https://a.by\\0http://b.by\r\n").orElseThrow();
        assertThat(item.error()).contains("trustedOrigins[1] (registry value TrustedOrigins, item 2)")
                .contains("http://b.by");
    }
}
