package org.pechatka.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test vector files under {@code /vectors} on the test classpath ({@code name = hex} lines,
 * {@code #} comments; see src/test/resources/vectors/README.md). A name may appear more than once
 * ({@link #all}); {@link #hex}/{@link #text} want it exactly once. A comment line starting with a
 * given prefix may open a named section ({@link #sections}): bign_params.txt repeats its names once
 * per curve. A missing file or name fails the test; nothing is ever skipped.
 */
public final class Vectors {

    private final String source;
    private final List<Map.Entry<String, String>> entries;

    private Vectors(String source, List<Map.Entry<String, String>> entries) {
        this.source = source;
        this.entries = entries;
    }

    /** All entries of one file. */
    public static Vectors load(String file) {
        return sections(file).get("");
    }

    /**
     * The entries of a file grouped by the comment lines that start with one of
     * {@code sectionPrefixes} (such a line, without its {@code #}, names the section that follows);
     * entries before the first such line go to the section "".
     */
    public static Map<String, Vectors> sections(String file, String... sectionPrefixes) {
        Map<String, Vectors> sections = new LinkedHashMap<>();
        String section = "";
        sections.put(section, new Vectors(file, new ArrayList<>()));
        for (String raw : lines(file)) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                for (String prefix : sectionPrefixes) {
                    if (line.startsWith(prefix)) {
                        section = line.substring(1).strip();
                        if (sections.put(section, new Vectors(file + " [" + section + "]", new ArrayList<>())) != null) {
                            throw new IllegalStateException(file + ": section '" + section + "' appears twice");
                        }
                    }
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalStateException(file + ": not a 'name = value' line: " + line);
            }
            sections.get(section).entries.add(Map.entry(line.substring(0, eq).strip(), line.substring(eq + 1).strip()));
        }
        return sections;
    }

    /** The value of {@code name}, which must appear exactly once, as octets. */
    public byte[] hex(String name) {
        return HexFormat.of().parseHex(text(name));
    }

    /** The value of {@code name}, which must appear exactly once, as written (e.g. a count or "OK"). */
    public String text(String name) {
        List<String> values = values(name);
        if (values.size() != 1) {
            throw new IllegalStateException(source + ": " + name + " appears " + values.size() + " times");
        }
        return values.get(0);
    }

    /** Every value of {@code name}, in file order, as octets. */
    public List<byte[]> all(String name) {
        return values(name).stream().map(HexFormat.of()::parseHex).toList();
    }

    private List<String> values(String name) {
        List<String> values = entries.stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).toList();
        if (values.isEmpty()) {
            throw new IllegalArgumentException(source + " has no entry " + name);
        }
        return values;
    }

    private static List<String> lines(String file) {
        String resource = "/vectors/" + file;
        try (InputStream in = Vectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
