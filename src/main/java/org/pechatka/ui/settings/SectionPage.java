package org.pechatka.ui.settings;

import javafx.scene.Node;
import javafx.scene.Parent;
import org.pechatka.desktop.SettingsProblem;
import org.pechatka.ui.common.Messages;

/** One section of the Settings window: its content, where the focus goes, and what Escape does. */
interface SectionPage {

    Parent root();

    /** The control that gets the focus when the section is opened. */
    Node focusTarget();

    /** Reads the section's state again (the window was brought back). */
    void refresh();

    /** Handles Escape inside the section (e.g. closes a warning); false lets it close the window. */
    default boolean escape() {
        return false;
    }

    /** Shows or hides a node, taking its room away when hidden. */
    static void shown(Node node, boolean visible) {
        node.setVisible(visible);
        node.setManaged(visible);
    }

    /** The sentence for a problem ({@code problem.<NAME>}), or the empty string for none. */
    static String problemText(Messages messages, SettingsProblem problem) {
        return problem == null ? "" : messages.get("problem." + problem.name());
    }
}
