package org.pechatka.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Looking into native libraries: a real PKCS#11 module, a library that is not one, a file that is no library. */
class NativeLibrariesTest {

    static final Path SOFTHSM = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    @Test
    void whenTheFileIsSoftHsm2_thenItExportsCGetFunctionList() {
        assertThat(SOFTHSM).as("SoftHSM2 is installed by bin/test").isRegularFile();
        assertThat(NativeLibraries.lookUp(SOFTHSM, "C_GetFunctionList")).isEqualTo(NativeLibraries.Finding.EXPORTS);
    }

    @Test
    void whenTheLibraryIsNotAPkcs11Module_thenTheFunctionIsMissing() throws Exception {
        Path libz = Path.of(System.getProperty("java.home"), "lib", "libzip.so");
        assertThat(libz).as("the JDK's own zip library").isRegularFile();
        assertThat(NativeLibraries.lookUp(libz, "C_GetFunctionList"))
                .isEqualTo(NativeLibraries.Finding.NO_SUCH_FUNCTION);
    }

    @Test
    void whenTheFileIsNotALibraryOrMissing_thenItSaysSo(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("random.so"), "not a library at all");
        assertThat(NativeLibraries.lookUp(text, "C_GetFunctionList")).isEqualTo(NativeLibraries.Finding.NOT_LOADABLE);
        assertThat(NativeLibraries.lookUp(dir.resolve("absent.so"), "C_GetFunctionList"))
                .isEqualTo(NativeLibraries.Finding.NOT_FOUND);
        assertThat(NativeLibraries.lookUp(dir, "C_GetFunctionList")).isEqualTo(NativeLibraries.Finding.NOT_FOUND);
    }
}
