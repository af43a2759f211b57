package org.pechatka.platform;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Sets a variable in the process environment that native libraries see. PKCS#11 modules such as
 * SoftHSM2 read their configuration ({@code SOFTHSM2_CONF}) from the environment at
 * {@code C_Initialize}, and the Java API cannot change the environment of its own process, so this
 * calls the C library's {@code setenv} (POSIX) or {@code _putenv_s} (Windows) through the Foreign
 * Function and Memory API. {@link System#getenv} does not see the change; native code does.
 */
@SuppressWarnings("restricted") // native access is the point: --enable-native-access=ALL-UNNAMED is set
public final class NativeEnvironment {

    private NativeEnvironment() {}

    /** Sets {@code name=value} for native code in this process. */
    public static void set(String name, String value) {
        if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid environment variable");
        }
        Linker linker = Linker.nativeLinker();
        boolean windows = Os.current() == Os.WINDOWS;
        String function = windows ? "_putenv_s" : "setenv";
        MemorySegment symbol = linker.defaultLookup().find(function)
                .orElseThrow(() -> new UnsupportedOperationException(function + " not found in the C library"));
        FunctionDescriptor descriptor = windows
                ? FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS)
                : FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_INT);
        MethodHandle handle = linker.downcallHandle(symbol, descriptor);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocateFrom(name);
            MemorySegment v = arena.allocateFrom(value);
            int rc = windows ? (int) handle.invokeExact(n, v) : (int) handle.invokeExact(n, v, 1);
            if (rc != 0) {
                throw new IllegalStateException(function + " failed with " + rc);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Reads a variable as native code sees it now (unlike {@link System#getenv}). */
    public static String get(String name) {
        Linker linker = Linker.nativeLinker();
        MemorySegment symbol = linker.defaultLookup().find("getenv")
                .orElseThrow(() -> new UnsupportedOperationException("getenv not found in the C library"));
        MethodHandle handle = linker.downcallHandle(symbol,
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment result = (MemorySegment) handle.invokeExact(arena.allocateFrom(name));
            if (result.equals(MemorySegment.NULL)) {
                return null;
            }
            return result.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
