package org.pechatka.token;

import java.util.Objects;

/**
 * A token as the rest of Pechatka sees it: no PKCS#11 types, no handles.
 *
 * @param tokenId           stable identifier of this token on this computer (not sent to pages as is)
 * @param kind              PKCS#11 token or key file
 * @param label             the token label, or the key file name
 * @param manufacturer      token manufacturer
 * @param model             token model
 * @param serialNumber      token serial number (never sent to pages)
 * @param present           whether the token is present now
 * @param loginRequired     whether keys need a PIN
 * @param protectedAuthPath whether the PIN is entered on the reader (PIN pad), not on the computer
 * @param pin               the user PIN state
 * @param source            the module or file this token comes from (for diagnostics only)
 */
public record TokenInfo(
        String tokenId,
        TokenKind kind,
        String label,
        String manufacturer,
        String model,
        String serialNumber,
        boolean present,
        boolean loginRequired,
        boolean protectedAuthPath,
        PinStatus pin,
        String source) {

    public TokenInfo {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(kind, "kind");
        label = Objects.requireNonNullElse(label, "");
        manufacturer = Objects.requireNonNullElse(manufacturer, "");
        model = Objects.requireNonNullElse(model, "");
        serialNumber = Objects.requireNonNullElse(serialNumber, "");
        pin = Objects.requireNonNullElse(pin, PinStatus.OK);
        source = Objects.requireNonNullElse(source, "");
    }
}
