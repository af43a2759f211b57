package org.pechatka.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.pechatka.platform.AtomicFiles;

/**
 * Per-origin token ids: HMAC-SHA-256 of an installation secret over the origin and the token's own
 * id. Stable for one site across restarts, different for every other site, so two sites cannot link
 * a person through their token (PROTOCOL.md section 2.1, {@code Token}).
 */
public final class OriginIds {

    private final byte[] secret;

    private OriginIds(byte[] secret) {
        this.secret = secret;
    }

    /** Loads the installation secret from {@code dataDir/installation-secret}, creating it once. */
    public static OriginIds load(Path dataDir) throws IOException {
        Path file = dataDir.resolve("installation-secret");
        if (!Files.exists(file)) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            try {
                AtomicFiles.writeNew(file, HexFormat.of().formatHex(fresh).getBytes(StandardCharsets.US_ASCII), true);
            } catch (FileAlreadyExistsException raced) {
                // another instance wrote it first: use theirs
            }
        }
        String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
        byte[] secret;
        try {
            secret = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is damaged; delete it to make a new one (sites will see new token ids)");
        }
        if (secret.length != 32) {
            throw new IOException(file + " is damaged; delete it to make a new one (sites will see new token ids)");
        }
        return new OriginIds(secret);
    }

    /** The id a site sees for a token. */
    public String tokenId(String origin, String internalTokenId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(origin.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(internalTokenId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(), 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
