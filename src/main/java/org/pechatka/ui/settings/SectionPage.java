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

    /** Scrolls the section so that {@code node} is in view (after the next layout). */
    static void reveal(Node node) {
        javafx.application.Platform.runLater(() -> {
            Node p = node.getParent();
            while (p != null && !(p instanceof javafx.scene.control.ScrollPane)) {
                p = p.getParent();
            }
            if (p instanceof javafx.scene.control.ScrollPane scroll && scroll.getContent() != null) {
                scroll.applyCss();
                scroll.layout(); // the node may have just become visible: measure after its layout
                double contentHeight = scroll.getContent().getBoundsInLocal().getHeight();
                double viewport = scroll.getViewportBounds().getHeight();
                if (contentHeight <= viewport) {
                    return;
                }
                javafx.geometry.Bounds b = scroll.getContent().sceneToLocal(node.localToScene(node.getBoundsInLocal()));
                double target = Math.min(1, Math.max(0, (b.getMaxY() - viewport) / (contentHeight - viewport)));
                if (target > scroll.getVvalue()) {
                    scroll.setVvalue(target);
                }
            }
        });
    }

    /** The sentence for a problem ({@code problem.<NAME>}), or the empty string for none. */
    static String problemText(Messages messages, SettingsProblem problem) {
        return problem == null ? "" : messages.get("problem." + problem.name());
    }
}
