package org.pechatka.token;

import java.util.List;
import java.util.Objects;

/**
 * What happened when a token provider (a PKCS#11 module, the key files) was loaded: reported in
 * diagnostics, never fatal.
 *
 * @param name        what was loaded: the module path, or "key files"
 * @param loaded      whether it works
 * @param description the library's own description and version, or the reason it failed
 * @param notes       remarks for diagnostics (e.g. "initialised without OS locking")
 */
public record ProviderStatus(String name, boolean loaded, String description, List<String> notes) {

    public ProviderStatus {
        Objects.requireNonNull(name, "name");
        description = Objects.requireNonNullElse(description, "");
        notes = List.copyOf(notes);
    }
}
