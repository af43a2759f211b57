package org.pechatka.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A vector file from {@code src/test/resources/vectors/} ({@code name = hex} lines, {@code #}
 * comments), read from the test class path. Some files repeat a name (one block per curve in
 * {@code bign_params.txt}): {@link #all(String)} returns every occurrence in file order.
 */
public final class TestVectors {

    private final String file;
    private final List<Map.Entry<String, String>> entries;

    private TestVectors(String file, List<Map.Entry<String, String>> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** Reads {@code /vectors/<file>}; fails the test when it is missing. */
    public static TestVectors load(String file) {
        String text;
        try (InputStream in = TestVectors.class.getResourceAsStream("/vectors/" + file)) {
            if (in == null) {
                throw new AssertionError("test vector file /vectors/" + file + " is not on the test class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /vectors/" + file, e);
        }
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            int eq = trimmed.indexOf('=');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || eq < 0) {
                continue;
            }
            entries.add(Map.entry(trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1).strip()));
        }
        return new TestVectors(file, List.copyOf(entries));
    }

    /** The first value called {@code name}, as text. */
    public String text(String name) {
        return entries.stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + name + "' in vectors/" + file));
    }

    /** The first value called {@code name}, hex-decoded. */
    public byte[] bytes(String name) {
        return HexFormat.of().parseHex(text(name));
    }

    /** Every value called {@code name}, hex-decoded, in file order. */
    public List<byte[]> all(String name) {
        List<byte[]> out = entries.stream().filter(e -> e.getKey().equals(name))
                .map(e -> HexFormat.of().parseHex(e.getValue())).toList();
        if (out.isEmpty()) {
            throw new AssertionError("no '" + name + "' in vectors/" + file);
        }
        return out;
    }
}
