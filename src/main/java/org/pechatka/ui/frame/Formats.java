package org.pechatka.ui.frame;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import org.pechatka.cert.PersonalAttribute;
import org.pechatka.ui.common.Messages;

/**
 * How the request windows write dates, sizes, fingerprints and the names of personal data, in the
 * window's language (the patterns are in the shared texts: {@code date.pattern}, {@code attribute.*}).
 */
public final class Formats {

    private final Messages messages;
    private final DateTimeFormatter date;

    public Formats(Messages messages) {
        this(messages, ZoneId.systemDefault());
    }

    public Formats(Messages messages, ZoneId zone) {
        this.messages = messages;
        this.date = DateTimeFormatter.ofPattern(messages.get("date.pattern"), messages.language().locale())
                .withZone(zone);
    }

    public String date(Instant instant) {
        return date.format(instant);
    }

    /** What a personal attribute is called, e.g. "Identification number". */
    public String attribute(PersonalAttribute a) {
        return messages.get("attribute." + a.protocolName());
    }

    /** A size in bytes, KB or MB with the language's units and decimal separator. */
    public String size(long bytes) {
        if (bytes < 1024) {
            return messages.get("size.bytes", bytes);
        }
        if (bytes < 1024 * 1024) {
            return messages.get("size.kb", (bytes + 512) / 1024);
        }
        return messages.get("size.mb", Math.round(bytes / 1048576.0 * 10) / 10.0);
    }

    /** A SHA-256 thumbprint (certId) in upper-case pairs: {@code 3F:2A:…}. */
    public static String thumbprint(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes);
    }
}
