package org.pechatka.crypto.stb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test helper (shared with other packages' tests): the {@code name = hex} files under {@code /vectors} on the test classpath. A line starting with
 * {@code #} is a comment; a comment line starting with a given prefix may open a named section
 * (bign_params.txt repeats the same names once per curve).
 */
public final class Vectors {

    private final String source;
    private final Map<String, String> values;

    private Vectors(String source, Map<String, String> values) {
        this.source = source;
        this.values = values;
    }

    /** All entries of one file; a repeated name is an error. */
    public static Vectors load(String file) {
        return sections(file).get("");
    }

    /**
     * The entries of a file grouped by the comment lines that start with one of
     * {@code sectionPrefixes} (such a line, without its {@code #}, names the section that follows);
     * entries before the first such line go to the section "".
     */
    static Map<String, Vectors> sections(String file, String... sectionPrefixes) {
        Map<String, Vectors> sections = new LinkedHashMap<>();
        String section = "";
        sections.put(section, new Vectors(file, new LinkedHashMap<>()));
        for (String raw : lines(file)) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                for (String prefix : sectionPrefixes) {
                    if (line.startsWith(prefix)) {
                        section = line.substring(1).strip();
                        if (sections.put(section, new Vectors(file + " [" + section + "]", new LinkedHashMap<>()))
                                != null) {
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
            String name = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (sections.get(section).values.put(name, value) != null) {
                throw new IllegalStateException(file + ": " + name + " appears twice in section '" + section + "'");
            }
        }
        return sections;
    }

    /** The value of {@code name} as octets. */
    public byte[] hex(String name) {
        return HexFormat.of().parseHex(text(name));
    }

    /** The value of {@code name} as written (e.g. a decimal count or "OK"). */
    public String text(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(source + " has no entry " + name);
        }
        return v;
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
