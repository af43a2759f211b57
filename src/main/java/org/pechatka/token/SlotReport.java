package org.pechatka.token;

/**
 * One slot of a provider, for diagnostics.
 *
 * @param slotId           the slot id as the module reports it (hex), or the file for key files
 * @param description      the slot description
 * @param tokenPresent     whether a token is in the slot
 * @param tokenLabel       the token label, if present
 * @param tokenInitialized whether the token is initialised (an uninitialised token holds no keys)
 * @param tokenId          Pechatka's id of the token, when it is present and initialised
 */
public record SlotReport(String slotId, String description, boolean tokenPresent, String tokenLabel,
        boolean tokenInitialized, String tokenId) {}
