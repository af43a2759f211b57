package org.pechatka.desktop;

import java.util.List;

/**
 * What the Settings window tells about the administrator's policy: where it comes from (a file or
 * the Windows registry key), and its problem when it could not be used. Problems and warnings are
 * the policy reader's English sentences: shown as details for the help desk under a translated line.
 *
 * @param source   the policy's file or registry key, or null when there is no policy
 * @param problem  why the policy was refused (then Pechatka runs with the safe reading), or null
 * @param warnings what the policy names but this computer lacks (a module or certificate file)
 */
public record AdminNote(String source, String problem, List<String> warnings) {

    public AdminNote {
        warnings = List.copyOf(warnings);
    }

    /** No policy on this computer. */
    public static AdminNote none() {
        return new AdminNote(null, null, List.of());
    }

    /** Whether an administrator's policy exists (valid or not). */
    public boolean present() {
        return source != null;
    }
}
