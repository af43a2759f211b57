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
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup lookup = SymbolLookup.libraryLookup(library, arena);
            return lookup.find(function).isPresent() ? Finding.EXPORTS : Finding.NO_SUCH_FUNCTION;
        } catch (IllegalArgumentException | IllegalCallerException e) {
            return Finding.NOT_LOADABLE;
        }
    }
}
