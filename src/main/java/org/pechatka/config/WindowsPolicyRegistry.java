package org.pechatka.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The policy as Group Policy writes it on Windows: the values of {@code HKLM\Software\Policies\Pechatka},
 * read through {@code reg query} (no native registry access in the JDK) and mapped one to one onto
 * the JSON members, then checked by the same rules as the file:
 *
 * <pre>
 * TrustedOrigins        REG_MULTI_SZ  trustedOrigins
 * AllowUserOrigins      REG_DWORD     allowUserOrigins (0 false, 1 true)
 * Port                  REG_DWORD     port
 * MaxMessageBytes       REG_DWORD     maxMessageBytes
 * PinCacheMinutes       REG_DWORD     pinCacheMinutes
 * Autostart             REG_DWORD     autostart (0 false, 1 true)
 * Pkcs11Modules         REG_MULTI_SZ  pkcs11Modules
 * DialogTimeoutSeconds  REG_DWORD     dialogTimeoutSeconds
 * AllowedKeyAlgorithms  REG_MULTI_SZ  allowedKeyAlgorithms
 * TrustedCertificates   REG_MULTI_SZ  trustedCertificates
 * LogLevel              REG_SZ        logLevel
 * </pre>
 *
 * Another value name, or a value of another type, is an error naming the registry value. Written
 * from Microsoft's documentation of {@code reg query}'s output; not yet tried on Windows.
 */
final class WindowsPolicyRegistry {

    static final String KEY = "HKLM\\Software\\Policies\\Pechatka";
    private static final System.Logger LOG = System.getLogger(WindowsPolicyRegistry.class.getName());

    /** A registry value type and the member it maps to. */
    private record Member(String json, String type) {}

    private static final Map<String, Member> MEMBERS = new LinkedHashMap<>();

    static {
        MEMBERS.put("TrustedOrigins", new Member("trustedOrigins", "REG_MULTI_SZ"));
        MEMBERS.put("AllowUserOrigins", new Member("allowUserOrigins", "REG_DWORD_BOOL"));
        MEMBERS.put("Port", new Member("port", "REG_DWORD"));
        MEMBERS.put("MaxMessageBytes", new Member("maxMessageBytes", "REG_DWORD"));
        MEMBERS.put("PinCacheMinutes", new Member("pinCacheMinutes", "REG_DWORD"));
        MEMBERS.put("Autostart", new Member("autostart", "REG_DWORD_BOOL"));
        MEMBERS.put("Pkcs11Modules", new Member("pkcs11Modules", "REG_MULTI_SZ"));
        MEMBERS.put("DialogTimeoutSeconds", new Member("dialogTimeoutSeconds", "REG_DWORD"));
        MEMBERS.put("AllowedKeyAlgorithms", new Member("allowedKeyAlgorithms", "REG_MULTI_SZ"));
        MEMBERS.put("TrustedCertificates", new Member("trustedCertificates", "REG_MULTI_SZ"));
        MEMBERS.put("LogLevel", new Member("logLevel", "REG_SZ"));
    }

    /** One line of {@code reg query}: four spaces, name, four spaces, type, four spaces, data. */
    private static final Pattern VALUE = Pattern.compile("^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$");

    /** One value as {@code reg query} prints it. */
    record Value(String name, String type, String data) {}

    private WindowsPolicyRegistry() {}

    /** The policy from the registry, or empty when the key does not exist or holds no value. */
    static Optional<AdminPolicy> load() {
        String output;
        try {
            Process p = new ProcessBuilder("reg", "query", KEY).redirectErrorStream(true).start();
            output = new String(p.getInputStream().readAllBytes(), Charset.defaultCharset());
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of(AdminPolicy.refused(KEY, List.of("could not be read (reg query did not end)")));
            }
            if (p.exitValue() != 0) {
                return Optional.empty(); // "unable to find the specified registry key": no policy there
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot run reg query: {0}", e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return fromOutput(output);
    }

    /** The policy of a {@code reg query} output; empty when the key holds no value. */
    static Optional<AdminPolicy> fromOutput(String output) {
        List<Value> values = values(output);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        Map<String, String> registryNames = new LinkedHashMap<>();
        for (Value v : values) {
            Member m = MEMBERS.get(v.name());
            if (m == null) {
                return Optional.of(AdminPolicy.refused(KEY, List.of("has an unknown value \"" + v.name()
                        + "\" (the values are described in docs/admin.md)")));
            }
            String wanted = m.type().equals("REG_DWORD_BOOL") ? "REG_DWORD" : m.type();
            if (!wanted.equals(v.type())) {
                return Optional.of(AdminPolicy.refused(KEY, List.of("is not valid: registry value " + v.name()
                        + " is " + v.type() + " where " + wanted + " belongs")));
            }
            registryNames.put(m.json(), v.name());
            JsonNode node = switch (m.type()) {
                case "REG_MULTI_SZ" -> multi(v.data());
                case "REG_SZ" -> JsonNodeFactory.instance.textNode(v.data());
                default -> {
                    Long n = dword(v.data());
                    if (n == null) {
                        yield null;
                    }
                    yield m.type().equals("REG_DWORD_BOOL")
                            ? (n == 0 || n == 1 ? JsonNodeFactory.instance.booleanNode(n == 1) : null)
                            : JsonNodeFactory.instance.numberNode(n.intValue());
                }
            };
            if (node == null) {
                return Optional.of(AdminPolicy.refused(KEY, List.of("is not valid: registry value " + v.name()
                        + " = " + v.data() + (m.type().equals("REG_DWORD_BOOL") ? " is not 0 or 1" : " is not a number"))));
            }
            json.set(m.json(), node);
        }
        byte[] bytes;
        try {
            bytes = new ObjectMapper().writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Optional.of(PolicyParser.parse(bytes, KEY, path -> {
            String member = path.replaceAll("[\\[.].*$", "");
            String name = registryNames.get(member);
            return name == null ? null : "registry value " + name + (path.equals(member) ? ""
                    : ", item " + (Integer.parseInt(path.replaceAll("^[^\\[]*\\[(\\d+)].*$", "$1")) + 1));
        }));
    }

    /** The values listed directly under the key (sub-keys and their values are not part of the policy). */
    static List<Value> values(String output) {
        List<Value> out = new java.util.ArrayList<>();
        boolean inKey = false;
        for (String line : output.split("\\R")) {
            if (line.startsWith("HKEY_")) {
                inKey = out.isEmpty() && !inKey; // the first header is the key; a later one is a sub-key
                continue;
            }
            Matcher m = VALUE.matcher(line);
            if (inKey && m.matches()) {
                out.add(new Value(m.group(1), m.group(2), m.group(3) == null ? "" : m.group(3)));
            }
        }
        return out;
    }

    private static ArrayNode multi(String data) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        if (!data.isEmpty()) {
            for (String item : data.split("\\\\0", -1)) {
                if (!item.isEmpty()) {
                    a.add(item);
                }
            }
        }
        return a;
    }

    private static Long dword(String data) {
        try {
            return data.startsWith("0x") ? Long.parseLong(data.substring(2), 16) : Long.parseLong(data);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
