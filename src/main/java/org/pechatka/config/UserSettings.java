package org.pechatka.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pechatka.platform.AtomicFiles;

/**
 * The user's own settings ({@code settings.json} in the config directory): the sites the user has
 * chosen to trust. Written atomically; a damaged file is kept aside, never overwritten.
 *
 * @param trustedOrigins the user's trusted sites (normalised)
 * @param problem        why the file could not be used, or null
 */
public record UserSettings(List<String> trustedOrigins, String problem) {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // newer versions may add settings
            .build();

    record File(@JsonProperty("trustedOrigins") List<String> trustedOrigins) {}

    public UserSettings {
        trustedOrigins = List.copyOf(trustedOrigins);
    }

    public static UserSettings load(Path configDir) {
        Path file = configDir.resolve("settings.json");
        if (!Files.exists(file)) {
            return new UserSettings(List.of(), null);
        }
        try {
            File f = MAPPER.readValue(file.toFile(), File.class);
            List<String> origins = new ArrayList<>();
            List<String> bad = new ArrayList<>();
            for (String o : f == null || f.trustedOrigins() == null ? List.<String>of() : f.trustedOrigins()) {
                String n = Origins.normalizeTrustable(o);
                if (n == null) {
                    bad.add(String.valueOf(o));
                } else if (!origins.contains(n)) {
                    origins.add(n);
                }
            }
            return new UserSettings(origins, bad.isEmpty() ? null : "ignored sites that cannot be trusted: " + bad);
        } catch (JacksonException e) {
            return new UserSettings(List.of(), file + " is damaged and was not used: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new UserSettings(List.of(), file + " cannot be read");
        }
    }

    /** Adds a site and saves. */
    public static UserSettings addOrigin(Path configDir, String origin) throws IOException {
        String n = Origins.normalizeTrustable(origin);
        if (n == null) {
            throw new IllegalArgumentException("not a site that can be trusted: " + origin);
        }
        UserSettings current = load(configDir);
        if (current.problem() != null && current.problem().contains("damaged")) {
            throw new IOException(current.problem());
        }
        List<String> origins = new ArrayList<>(current.trustedOrigins());
        if (!origins.contains(n)) {
            origins.add(n);
        }
        AtomicFiles.ownerOnlyDirectory(configDir);
        AtomicFiles.replace(configDir.resolve("settings.json"),
                MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(new File(origins)), true);
        return new UserSettings(origins, null);
    }
}
