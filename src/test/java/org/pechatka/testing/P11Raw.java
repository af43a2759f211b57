package org.pechatka.testing;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * Direct calls into a PKCS#11 module's function list through the Foreign Function and Memory
 * API, for what the JNI wrapper hides: it always sizes output buffers itself, so it cannot show
 * how a module answers a {@code NULL} buffer or a buffer that is too small (the v2.40 §5.2
 * length protocol). Loading a library that the wrapper has loaded gives the same instance (the
 * same {@code dlopen} handle), so session and object handles from the wrapper work here.
 *
 * <p>Linux/macOS LP64 only: {@code CK_ULONG} is 8 octets.
 */
@SuppressWarnings("restricted") // native access is the point: tests run with --enable-native-access=ALL-UNNAMED
public final class P11Raw {

    /** {@code CK_UNAVAILABLE_INFORMATION}. */
    public static final long UNAVAILABLE = -1L;

    // indices in CK_FUNCTION_LIST (after CK_VERSION, padded to 8 octets)
    private static final int C_GET_ATTRIBUTE_VALUE = 24;
    private static final int C_SIGN = 43;
    private static final int C_SIGN_FINAL = 45;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final ValueLayout.OfLong ULONG = ValueLayout.JAVA_LONG;
    private static final long ATTRIBUTE_SIZE = 24; // CK_ATTRIBUTE: type, pValue, ulValueLen

    private final MemorySegment functions;

    private P11Raw(MemorySegment functions) {
        this.functions = functions;
    }

    /** Opens the module (never unloaded) and reads its function list. */
    public static P11Raw load(Path library) {
        if (ValueLayout.ADDRESS.byteSize() != 8) {
            throw new AssertionError("P11Raw assumes an LP64 platform");
        }
        SymbolLookup lookup = SymbolLookup.libraryLookup(library, Arena.global());
        MemorySegment getFunctionList = lookup.find("C_GetFunctionList")
                .orElseThrow(() -> new AssertionError(library + " has no C_GetFunctionList"));
        MethodHandle handle = LINKER.downcallHandle(getFunctionList,
                FunctionDescriptor.of(ULONG, ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            long rv = (long) handle.invokeExact(out);
            if (rv != 0) {
                throw new AssertionError("C_GetFunctionList returned 0x" + Long.toHexString(rv));
            }
            return new P11Raw(out.get(ValueLayout.ADDRESS, 0).reinterpret(8 + 68 * 8L));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * What a call answered: the return value, the length the module wrote back, and the output
     * buffer's content up to that length (empty when there was no buffer or the call failed).
     */
    public record Output(long rv, long length, byte[] value) {}

    private MethodHandle function(int index, FunctionDescriptor descriptor) {
        MemorySegment pointer = functions.get(ValueLayout.ADDRESS, 8 + 8L * index);
        return LINKER.downcallHandle(pointer, descriptor);
    }

    /**
     * {@code C_Sign(session, data, pSignature, pulSignatureLen)} with {@code *pulSignatureLen =
     * bufferLength}; a null {@code bufferLength} passes a NULL {@code pSignature} (a length query).
     */
    public Output sign(long session, byte[] data, Integer bufferLength) {
        MethodHandle h = function(C_SIGN, FunctionDescriptor.of(ULONG, ULONG, ValueLayout.ADDRESS, ULONG,
                ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, in, ValueLayout.JAVA_BYTE, 0, data.length);
            MemorySegment out = bufferLength == null ? MemorySegment.NULL : arena.allocate(Math.max(1, bufferLength));
            MemorySegment len = arena.allocate(ULONG);
            len.set(ULONG, 0, bufferLength == null ? 0 : bufferLength);
            long rv = (long) h.invokeExact(session, in, (long) data.length, out, len);
            return output(rv, out, len.get(ULONG, 0));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code C_SignFinal(session, pSignature, pulSignatureLen)}, buffers as in {@link #sign}. */
    public Output signFinal(long session, Integer bufferLength) {
        MethodHandle h = function(C_SIGN_FINAL, FunctionDescriptor.of(ULONG, ULONG, ValueLayout.ADDRESS,
                ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = bufferLength == null ? MemorySegment.NULL : arena.allocate(Math.max(1, bufferLength));
            MemorySegment len = arena.allocate(ULONG);
            len.set(ULONG, 0, bufferLength == null ? 0 : bufferLength);
            long rv = (long) h.invokeExact(session, out, len);
            return output(rv, out, len.get(ULONG, 0));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * {@code C_GetAttributeValue} for one attribute with {@code ulValueLen = bufferLength}; a null
     * {@code bufferLength} passes a NULL {@code pValue} (a length query).
     */
    public Output attribute(long session, long object, long type, Integer bufferLength) {
        MethodHandle h = function(C_GET_ATTRIBUTE_VALUE, FunctionDescriptor.of(ULONG, ULONG, ULONG,
                ValueLayout.ADDRESS, ULONG));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = bufferLength == null ? MemorySegment.NULL : arena.allocate(Math.max(1, bufferLength));
            MemorySegment template = arena.allocate(ATTRIBUTE_SIZE, 8);
            template.set(ULONG, 0, type);
            template.set(ValueLayout.ADDRESS, 8, out);
            template.set(ULONG, 16, bufferLength == null ? 0 : bufferLength);
            long rv = (long) h.invokeExact(session, object, template, 1L);
            return output(rv, out, template.get(ULONG, 16));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static Output output(long rv, MemorySegment buffer, long length) {
        byte[] value = new byte[0];
        if (rv == 0 && !buffer.equals(MemorySegment.NULL) && length >= 0 && length <= buffer.byteSize()) {
            value = buffer.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
        }
        return new Output(rv, length, value);
    }
}
