package org.pechatka.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.token.PinCache;

/**
 * Reads and checks a policy document strictly: unknown members, wrong types, values out of range and
 * origins, paths or names that cannot be used are errors, and every error names the member as a path
 * ({@code trustedOrigins[1]}) and where it is (the file's line, or the registry value). All problems
 * found after the document's shape was read are reported together, so an administrator fixes a file
 * in one round.
 */
final class PolicyParser {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT) // "port": 27321.5 is a mistake, not 27321
            .build();

    static final int MIN_DIALOG_SECONDS = 15;
    static final int MAX_DIALOG_SECONDS = 600;

    /** The document's shape. */
    record File(@JsonProperty("trustedOrigins") List<String> trustedOrigins,
            @JsonProperty("allowUserOrigins") Boolean allowUserOrigins,
            @JsonProperty("port") Integer port,
            @JsonProperty("maxMessageBytes") Integer maxMessageBytes,
            @JsonProperty("pinCacheMinutes") Integer pinCacheMinutes,
            @JsonProperty("autostart") Boolean autostart,
            @JsonProperty("pkcs11Modules") List<String> pkcs11Modules,
            @JsonProperty("dialogTimeoutSeconds") Integer dialogTimeoutSeconds,
            @JsonProperty("allowedKeyAlgorithms") List<String> allowedKeyAlgorithms,
            @JsonProperty("trustedCertificates") List<String> trustedCertificates,
            @JsonProperty("logLevel") String logLevel) {}

    private PolicyParser() {}

    /**
     * Parses a policy document.
     *
     * @param json    the document
     * @param source  where it comes from (for the messages and {@link AdminPolicy#source()})
     * @param where   names where a member path is written ("registry value Port"), or null for the
     *                document's line numbers
     */
    static AdminPolicy parse(byte[] json, String source, Function<String, String> where) {
        Function<String, String> at = where != null ? where : lines(json);
        File f;
        try {
            f = STRICT.readValue(json, File.class);
        } catch (UnrecognizedPropertyException e) {
            return AdminPolicy.refused(source, List.of("has an unknown member \"" + e.getPropertyName() + "\""
                    + line(e, at, path(e)) + " (the members are described in docs/admin.md)"));
        } catch (MismatchedInputException e) {
            String path = path(e);
            return AdminPolicy.refused(source, List.of("is not valid: " + (path.isEmpty() ? "the document" : path)
                    + line(e, at, path) + ": " + expected(e.getTargetType()) + " belongs here"));
        } catch (JsonMappingException e) {
            String path = path(e);
            return AdminPolicy.refused(source, List.of("is not valid: " + (path.isEmpty() ? "" : path + ": ")
                    + e.getOriginalMessage() + line(e, at, path)));
        } catch (JacksonException e) {
            String line = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            return AdminPolicy.refused(source, List.of("is not valid JSON: " + e.getOriginalMessage() + line));
        } catch (IOException e) {
            return AdminPolicy.refused(source, List.of("cannot be read (" + e.getClass().getSimpleName() + ")"));
        }
        if (f == null) {
            return AdminPolicy.refused(source, List.of("is empty"));
        }
        return new Checker(f, source, at).check();
    }

    /** Checks the values of a document of the right shape. */
    private static final class Checker {
        private final File f;
        private final String source;
        private final Function<String, String> at;
        private final List<String> problems = new ArrayList<>();

        Checker(File f, String source, Function<String, String> at) {
            this.f = f;
            this.source = source;
            this.at = at;
        }

        AdminPolicy check() {
            List<String> origins = new ArrayList<>();
            each("trustedOrigins", f.trustedOrigins(), (path, o) -> {
                String normalized = Origins.normalizeTrustable(o);
                if (normalized == null) {
                    fail(path, "\"" + o + "\" is not an origin that can be trusted (https://host[:port], or"
                            + " http://localhost / http://127.0.0.1 for development)");
                } else if (!origins.contains(normalized)) {
                    origins.add(normalized);
                }
            });
            int port = range("port", f.port(), AdminPolicy.DEFAULT_PORT, 1, 65535);
            int max = range("maxMessageBytes", f.maxMessageBytes(), AdminPolicy.MAX_MESSAGE_BYTES, 64 * 1024,
                    AdminPolicy.MAX_MESSAGE_BYTES);
            int pinMinutes = range("pinCacheMinutes", f.pinCacheMinutes(), 0, 0, (int) PinCache.MAX.toMinutes());
            int dialogSeconds = range("dialogTimeoutSeconds", f.dialogTimeoutSeconds(),
                    (int) AdminPolicy.DEFAULT_DIALOG_TIMEOUT.toSeconds(), MIN_DIALOG_SECONDS, MAX_DIALOG_SECONDS);
            LinkedHashSet<String> modules = new LinkedHashSet<>();
            each("pkcs11Modules", f.pkcs11Modules(), (path, m) -> {
                if (absolute(path, m, "a PKCS#11 module")) {
                    modules.add(Path.of(m).normalize().toString());
                }
            });
            List<String> algorithms = f.allowedKeyAlgorithms() == null ? null : new ArrayList<>();
            each("allowedKeyAlgorithms", f.allowedKeyAlgorithms(), (path, a) -> {
                if (KeyInfo.byProtocolName(a).isEmpty()) {
                    fail(path, "\"" + a + "\" is not a key name Pechatka knows (EC-P256, EC-P384, EC-P521, RSA-2048,"
                            + " RSA-3072, RSA-4096, ED25519, BIGN-128, BIGN-192, BIGN-256, GOST-2012-256,"
                            + " GOST-2012-512)");
                } else if (!algorithms.contains(a)) {
                    algorithms.add(a);
                }
            });
            LinkedHashSet<Path> certificates = new LinkedHashSet<>();
            each("trustedCertificates", f.trustedCertificates(), (path, c) -> {
                if (absolute(path, c, "a certificate file")) {
                    certificates.add(Path.of(c).normalize());
                }
            });
            AdminPolicy.LogLevel level = AdminPolicy.LogLevel.INFO;
            if (f.logLevel() != null) {
                level = AdminPolicy.LogLevel.of(f.logLevel()).orElse(null);
                if (level == null) {
                    fail("logLevel", "\"" + f.logLevel() + "\" is not one of ERROR, WARNING, INFO, DEBUG");
                }
            }
            if (!problems.isEmpty()) {
                return AdminPolicy.refused(source, List.of("is not valid: " + String.join("; ", problems)));
            }
            return new AdminPolicy(origins, f.allowUserOrigins() == null || f.allowUserOrigins(), port, max,
                    Duration.ofMinutes(pinMinutes), source, null, f.autostart(), List.copyOf(modules),
                    Duration.ofSeconds(dialogSeconds), algorithms, List.copyOf(certificates), level);
        }

        private interface ItemCheck {
            void check(String path, String value);
        }

        private void each(String member, List<String> items, ItemCheck check) {
            if (items == null) {
                return;
            }
            for (int i = 0; i < items.size(); i++) {
                String path = member + "[" + i + "]";
                if (items.get(i) == null) {
                    fail(path, "null where a text belongs");
                } else {
                    check.check(path, items.get(i));
                }
            }
        }

        private int range(String member, Integer value, int fallback, int min, int max) {
            if (value == null) {
                return fallback;
            }
            if (value < min || value > max) {
                fail(member, value + " is outside " + min + "–" + max);
            }
            return value;
        }

        private boolean absolute(String path, String value, String what) {
            try {
                if (Path.of(value).isAbsolute()) {
                    return true;
                }
            } catch (InvalidPathException e) {
                fail(path, "\"" + value + "\" is not a file path");
                return false;
            }
            fail(path, "\"" + value + "\" is not an absolute path of " + what);
            return false;
        }

        private void fail(String path, String why) {
            String where = at.apply(path);
            problems.add(path + (where == null ? "" : " (" + where + ")") + ": " + why);
        }
    }

    /** A mapping error's member path: {@code trustedOrigins[1]}. */
    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    /** Where a member is: its line (or registry value) when known, else where the reader stopped. */
    private static String line(JacksonException e, Function<String, String> at, String path) {
        String w = path.isEmpty() ? null : at.apply(path);
        if (w != null) {
            return " (" + w + ")";
        }
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                : " (line " + e.getLocation().getLineNr() + ")";
    }

    /** What a member of this type must be, in an administrator's words. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == Integer.class || type == int.class) {
            return "a whole number (without quotes)";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false (without quotes)";
        }
        if (type == String.class) {
            return "a text in quotes";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list [ … ]";
        }
        return "an object { … }";
    }

    /**
     * The line of each member and array item of a document, by path ({@code port},
     * {@code trustedOrigins[1]}), from a streaming pass (a tree keeps no locations).
     */
    private static Function<String, String> lines(byte[] json) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = STRICT.getFactory().createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME || t.isScalarValue()) {
                    lines.putIfAbsent(pointerPath(p), p.currentTokenLocation().getLineNr());
                }
            }
        } catch (IOException e) {
            // the mapper has read it already; no line numbers then
        }
        return path -> lines.containsKey(path) ? "line " + lines.get(path) : null;
    }

    private static String pointerPath(JsonParser p) {
        StringBuilder b = new StringBuilder();
        for (String part : p.getParsingContext().pathAsPointer().toString().split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.chars().allMatch(Character::isDigit)) {
                b.append('[').append(part).append(']');
            } else {
                b.append(b.isEmpty() ? "" : ".").append(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return b.toString();
    }
}
