package org.pechatka.platform;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Looks into a native library without using it: whether it loads on this machine and exports a
 * given function. Settings uses it to check that a file the person picked is a PKCS#11 module
 * ({@code C_GetFunctionList}) before it is saved, without calling {@code C_Initialize} (which would
 * disturb a module the token layer has loaded already). The library is unloaded again afterwards.
 */
@SuppressWarnings("restricted") // loading a library is the point: --enable-native-access=ALL-UNNAMED is set
public final class NativeLibraries {

    /** What a look at a library found. */
    public enum Finding {
        /** It loads and exports the function. */
        EXPORTS,
        /** It loads but does not export the function. */
        NO_SUCH_FUNCTION,
        /** No such regular file. */
        NOT_FOUND,
        /** The file is not a library this process can load (another format or architecture). */
        NOT_LOADABLE
    }

    private NativeLibraries() {}

    /** Loads {@code library}, looks for {@code function}, unloads it. */
    public static Finding lookUp(Path library, String function) {
        if (!Files.isRegularFile(library)) {
            return Finding.NOT_FOUND;
        }
        if (!looksLikeALibrary(library)) {
            return Finding.NOT_LOADABLE; // not even handed to the loader
        }
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup lookup = SymbolLookup.libraryLookup(library, arena);
            return lookup.find(function).isPresent() ? Finding.EXPORTS : Finding.NO_SUCH_FUNCTION;
        } catch (IllegalArgumentException | IllegalCallerException e) {
            return Finding.NOT_LOADABLE;
        }
    }

    /** Whether the file starts like a shared library: ELF, PE ({@code MZ}) or Mach-O (thin or universal). */
    static boolean looksLikeALibrary(Path file) {
        byte[] head = new byte[4];
        try (var in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 4) < 4) {
                return false;
            }
        } catch (java.io.IOException e) {
            return false;
        }
        int magic = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        return magic == 0x7f454c46 // ELF
                || (head[0] == 'M' && head[1] == 'Z') // Windows PE
                || magic == 0xfeedface || magic == 0xfeedfacf || magic == 0xcefaedfe || magic == 0xcffaedfe
                || magic == 0xcafebabe; // Mach-O 32/64-bit either byte order, universal
    }
}
