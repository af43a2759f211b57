package org.pechatka.ui.frame;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.pechatka.ui.common.Messages;

/**
 * Text a page supplied (a reason, a description): shown as plain text in a box marked "Text from
 * the site", so nobody mistakes it for what Pechatka itself says.
 */
public final class SiteText {

    private SiteText() {}

    public static Node box(Messages messages, String text) {
        Label label = new Label(messages.get("fromSite.label"));
        label.getStyleClass().add("from-site-label");
        Label body = new Label(text);
        body.setId("site-text");
        body.getStyleClass().add("text");
        body.setWrapText(true);
        VBox box = new VBox(label, body);
        box.getStyleClass().add("from-site");
        return box;
    }
}
