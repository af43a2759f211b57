package org.pechatka.ui.truststore;

import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

/** Window sizes that fit the screen. */
public final class Screens {

    private Screens() {}

    /** At 200% scaling on a small screen the preferred size is more than the screen: take the screen instead. */
    public static void fit(Stage stage) {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        if (stage.getWidth() > screen.getWidth() || stage.getHeight() > screen.getHeight()) {
            stage.setWidth(Math.min(stage.getWidth(), screen.getWidth()));
            stage.setHeight(Math.min(stage.getHeight(), screen.getHeight()));
            stage.centerOnScreen();
        }
    }
}
