package org.pechatka.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.pechatka.platform.Os;
import org.pechatka.token.PinCache;

/**
 * The administrator's policy file (schema in docs/admin.md): trusted origins, whether users may
 * add their own, the port, the message size limit, PIN caching. Read from the system location (Linux
 * {@code /etc/pechatka/policy.json}). A missing file means the defaults. An invalid file is
 * reported and the policy falls back to the <em>safe</em> reading: no trusted origins at all, no
 * user or command-line origins, no PIN caching, so a typo can never open Pechatka to more sites
 * than intended.
 *
 * @param trustedOrigins         origins every user trusts
 * @param allowUserOrigins       whether users may trust further sites (settings, --allow-origin)
 * @param port                   the port
 * @param maxMessageBytes        the largest message accepted (at most 16 MiB)
 * @param pinCache               how long a PIN, once entered, keeps the token logged in (zero: the
 *                               PIN is asked for every operation; at most 15 minutes)
 * @param source                 where it was read from, or "defaults"
 * @param error                  why the file was refused, or null
 * @param autostart              whether Pechatka starts at login for every user: true or false fixes it
 *                               (the user's choice is then shown but cannot be changed), null leaves it
 *                               to the user
 */
public record AdminPolicy(List<String> trustedOrigins, boolean allowUserOrigins, int port, int maxMessageBytes,
        Duration pinCache, String source, String error, Boolean autostart) {

    public static final int DEFAULT_PORT = 27321;
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT) // "port": 27321.5 is a mistake, not 27321
            .build();

    /** The file's shape. */
    record File(@JsonProperty("trustedOrigins") List<String> trustedOrigins,
            @JsonProperty("allowUserOrigins") Boolean allowUserOrigins,
            @JsonProperty("port") Integer port,
            @JsonProperty("maxMessageBytes") Integer maxMessageBytes,
            @JsonProperty("pinCacheMinutes") Integer pinCacheMinutes,
            @JsonProperty("autostart") Boolean autostart) {}

    public AdminPolicy {
        trustedOrigins = List.copyOf(trustedOrigins);
    }

    /** A policy that leaves autostart to the user. */
    public AdminPolicy(List<String> trustedOrigins, boolean allowUserOrigins, int port, int maxMessageBytes,
            Duration pinCache, String source, String error) {
        this(trustedOrigins, allowUserOrigins, port, maxMessageBytes, pinCache, source, error, null);
    }

    /** No policy file: nothing trusted by policy, users may trust sites, the default port. */
    public static AdminPolicy defaults() {
        return new AdminPolicy(List.of(), true, DEFAULT_PORT, MAX_MESSAGE_BYTES, Duration.ZERO, "defaults", null);
    }

    /** The system location of the policy on this OS. */
    public static Path systemLocation() {
        return switch (Os.current()) {
            case WINDOWS -> Path.of(System.getenv().getOrDefault("ProgramData", "C:\\ProgramData"), "Pechatka",
                    "policy.json");
            case MACOS -> Path.of("/Library/Application Support/Pechatka/policy.json");
            default -> Path.of("/etc/pechatka/policy.json");
        };
    }

    /** Reads a policy file; never throws: an invalid file gives the safe policy with the error. */
    public static AdminPolicy load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return defaults();
        } catch (IOException e) {
            return refused(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        File f;
        try {
            f = STRICT.readValue(bytes, File.class);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            return refused(file, "is not valid: " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            return refused(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (f == null) {
            return refused(file, "is empty");
        }
        List<String> origins = new ArrayList<>();
        for (String o : f.trustedOrigins() == null ? List.<String>of() : f.trustedOrigins()) {
            String normalized = Origins.normalizeTrustable(o);
            if (normalized == null) {
                return refused(file, "lists an origin that cannot be trusted: \"" + o
                        + "\" (https://host[:port], or http://localhost / http://127.0.0.1 for development)");
            }
            origins.add(normalized);
        }
        int port = f.port() == null ? DEFAULT_PORT : f.port();
        if (port < 1 || port > 65535) {
            return refused(file, "has a port outside 1–65535");
        }
        int max = f.maxMessageBytes() == null ? MAX_MESSAGE_BYTES : f.maxMessageBytes();
        if (max < 64 * 1024 || max > MAX_MESSAGE_BYTES) {
            return refused(file, "has maxMessageBytes outside 65536–16777216");
        }
        int pinMinutes = f.pinCacheMinutes() == null ? 0 : f.pinCacheMinutes();
        if (pinMinutes < 0 || pinMinutes > PinCache.MAX.toMinutes()) {
            return refused(file, "has pinCacheMinutes outside 0–" + PinCache.MAX.toMinutes());
        }
        return new AdminPolicy(origins, f.allowUserOrigins() == null || f.allowUserOrigins(), port, max,
                Duration.ofMinutes(pinMinutes), file.toString(), null, f.autostart());
    }

    private static AdminPolicy refused(Path file, String why) {
        return new AdminPolicy(List.of(), false, DEFAULT_PORT, MAX_MESSAGE_BYTES, Duration.ZERO, file.toString(),
                "The admin policy " + file + " " + why + ". Until it is fixed Pechatka trusts no site.");
    }
}
