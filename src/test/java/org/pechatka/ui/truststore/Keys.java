package org.pechatka.ui.truststore;

import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.pechatka.ui.Fx;
import org.testfx.api.FxRobot;

/** Keyboard steps the window tests share. */
public final class Keys {

    private Keys() {}

    /** Presses Tab until the node with {@code id} has the focus (it must be reachable by Tab). */
    public static void tabTo(Stage window, String id) throws Exception {
        FxRobot robot = new FxRobot();
        for (int i = 0; i < 30; i++) {
            Node focused = Fx.on(() -> window.getScene().getFocusOwner());
            if (focused != null && id.equals(focused.getId())) {
                return;
            }
            robot.type(KeyCode.TAB);
            Thread.sleep(30);
        }
        throw new AssertionError("Tab never reached #" + id);
    }
}
