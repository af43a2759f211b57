package org.pechatka.ui.notify;

import java.util.ArrayList;
import java.util.List;
import javafx.animation.PauseTransition;
import javafx.fxml.FXML;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import javafx.util.Duration;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.Views;

/**
 * A notification as a small always-on-top window in the bottom-right corner of the screen, for
 * desktops where the tray cannot show one (no tray, or {@code --no-tray}). It works on every
 * desktop and a test can see it. It closes by itself after a while; a few stack upwards, older ones
 * give way to newer ones.
 */
public final class ToastView {

    /** How long a notification stays when nobody touches it. */
    static final Duration LIFETIME = Duration.seconds(20);
    private static final int MAX_ON_SCREEN = 3;
    private static final List<ToastView> SHOWN = new ArrayList<>(); // FX thread only

    @FXML private Label title;
    @FXML private Label text;
    @FXML private Button action;
    @FXML private Button close;

    private final Stage stage = new Stage(StageStyle.UNDECORATED);
    private final Runnable onAction;

    private ToastView(Runnable onAction) {
        this.onAction = onAction;
    }

    /**
     * Shows a notification (FX thread).
     *
     * @param titleText   the first, bold line
     * @param body        the message
     * @param actionLabel the action button's text
     * @param onAction    what the action button (or Enter) does; the notification closes first
     */
    public static ToastView show(String titleText, String body, String actionLabel, Runnable onAction) {
        Messages m = Messages.forScreen(ToastView.class);
        ToastView v = new ToastView(onAction);
        Parent root = Views.load(v, "notify.fxml", m);
        v.title.setText(titleText);
        v.text.setText(body);
        v.action.setText(actionLabel);
        v.stage.setTitle(m.get("window.title", m.get("toast.title")));
        v.stage.setAlwaysOnTop(true);
        v.stage.setScene(Views.style(new Scene(root), ToastView.class));
        while (SHOWN.size() >= MAX_ON_SCREEN) {
            SHOWN.get(0).dismiss();
        }
        SHOWN.add(v);
        v.stage.setOnHidden(e -> {
            SHOWN.remove(v);
            place();
        });
        v.stage.show();
        // the size settles after the first layout (wrapped text): keep the corner as it does
        v.stage.widthProperty().addListener(o -> place());
        v.stage.heightProperty().addListener(o -> place());
        place();
        PauseTransition life = new PauseTransition(LIFETIME);
        life.setOnFinished(e -> v.dismiss());
        life.play();
        return v;
    }

    /** Stacks the notifications upwards from the bottom-right corner, newest at the bottom. */
    private static void place() {
        Rectangle2D area = Screen.getPrimary().getVisualBounds();
        double margin = 12;
        double bottom = area.getMaxY() - margin;
        for (int i = SHOWN.size() - 1; i >= 0; i--) {
            Stage s = SHOWN.get(i).stage;
            s.setX(area.getMaxX() - s.getWidth() - margin);
            s.setY(bottom - s.getHeight());
            bottom -= s.getHeight() + margin;
        }
    }

    @FXML
    void act() {
        dismiss();
        onAction.run();
    }

    @FXML
    void dismiss() {
        stage.hide();
    }

    /** The window (tests). */
    public Stage stage() {
        return stage;
    }
}
