package org.pechatka.ui.frame;

import java.util.Objects;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.PendingRequests;
import org.pechatka.ui.common.Views;

/**
 * The frame every request window shares (PROTOCOL.md §3): titled "Pechatka — …", the requesting site
 * first in large type under a "Site" label, then what it asks, the screen's content, the buttons.
 * Enter performs the default action (or the focused button), Escape cancels, Tab reaches every
 * control; the window stays on top, comes to the front with the focus where the screen wants it,
 * and is registered with {@link PendingRequests} while it is open so the tray can bring it back.
 * Content that does not fit the screen (200% scaling) scrolls instead of being cut. FX thread only.
 */
public final class RequestWindow {

    private final Stage stage = new Stage();
    private final Scene scene;
    private final BorderPane root = new BorderPane();
    private final HBox buttons = new HBox();
    private final Label ask = new Label();
    private final Label siteLabel;
    private final PendingRequests pending;
    private final String origin;
    private Runnable onCancel;
    private Button defaultButton;
    private boolean registered;

    /**
     * @param messages the screen's texts (with the shared ones)
     * @param screen   a class of the screen, for its stylesheet
     * @param title    what follows "Pechatka — " in the title
     * @param origin   the requesting origin, shown first
     */
    public RequestWindow(Messages messages, PendingRequests pending, Class<?> screen, String title, String origin) {
        this.pending = Objects.requireNonNull(pending, "pending");
        this.origin = Objects.requireNonNull(origin, "origin");
        stage.setTitle(messages.get("window.title", title));
        stage.setAlwaysOnTop(true);

        siteLabel = new Label(messages.get("site.label"));
        siteLabel.getStyleClass().add("site-label");
        Label site = new Label(origin);
        site.setId("origin");
        site.getStyleClass().add("site");
        site.setWrapText(true);
        ask.setId("ask");
        ask.getStyleClass().addAll("ask", "text");
        ask.setWrapText(true);
        VBox header = new VBox(siteLabel, site, ask);
        header.getStyleClass().add("site-box");
        root.setTop(header);

        buttons.getStyleClass().add("button-row");
        buttons.setAlignment(Pos.CENTER_RIGHT);
        root.setBottom(buttons);
        root.getStyleClass().add("request-window");

        scene = new Scene(root);
        Views.style(scene, screen);
        scene.getStylesheets().add(Objects.requireNonNull(RequestWindow.class.getResource("frame.css"))
                .toExternalForm());
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> {
            e.consume();
            if (onCancel != null) {
                onCancel.run();
            }
        });
        stage.setOnHidden(e -> {
            if (registered) {
                registered = false;
                pending.closed(stage);
            }
        });
    }

    /**
     * Replaces the small "Site" word above the origin, for a request that comes from Pechatka's own
     * window on this computer rather than from a site (the origin line then names that window).
     */
    public void sourceLabel(String text) {
        siteLabel.setText(text);
    }

    /** What the site asks, in one sentence under the origin. */
    public void ask(String text) {
        ask.setText(text);
    }

    /** The screen's content; it scrolls when the window cannot grow enough. */
    public void content(Parent content) {
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("content-scroll");
        scroll.setFocusTraversable(false);
        BorderPane.setMargin(scroll, new Insets(0));
        root.setCenter(scroll);
    }

    /**
     * The buttons: the default one (Enter; null for none) and the cancel one (Escape and the
     * window's close box; null for none, then neither Escape nor the close box does anything).
     * Returns them as {@code [default, cancel]}, either may be null.
     */
    public Button[] buttons(String defaultText, Runnable onDefault, String cancelText, Runnable cancel) {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        buttons.getChildren().setAll(spacer);
        Button ok = null;
        if (defaultText != null) {
            ok = new Button(defaultText);
            ok.setId("ok");
            ok.getStyleClass().add("default-action");
            ok.setDefaultButton(true);
            Button b = ok;
            ok.setOnAction(e -> {
                if (!b.isDisabled()) {
                    onDefault.run();
                }
            });
            buttons.getChildren().add(ok);
        }
        defaultButton = ok;
        Button cancelButton = null;
        if (cancelText != null) {
            cancelButton = new Button(cancelText);
            cancelButton.setId("cancel");
            cancelButton.setCancelButton(ok != null);
            cancelButton.setOnAction(e -> cancel.run());
            buttons.getChildren().add(cancelButton);
        }
        onCancel = cancel;
        buttons.setVisible(buttons.getChildren().size() > 1);
        buttons.setManaged(buttons.isVisible());
        return new Button[] {ok, cancelButton};
    }

    private void key(KeyEvent e) {
        if (e.getCode() == KeyCode.ESCAPE) {
            e.consume();
            if (onCancel != null) {
                onCancel.run();
            }
        } else if (e.getCode() == KeyCode.ENTER && !e.isAltDown() && !e.isControlDown()) {
            e.consume();
            if (scene.getFocusOwner() instanceof ButtonBase focused && focused != defaultButton) {
                // Enter on a focused button (Cancel, Details) does what that button says
                if (!focused.isDisabled()) {
                    focused.fire();
                }
            } else if (defaultButton != null && !defaultButton.isDisabled() && defaultButton.isVisible()) {
                defaultButton.fire();
            }
        }
    }

    /** Shows the window (or brings it back), in front, focused, with the keyboard focus on {@code focus}. */
    public void show(Node focus) {
        boolean first = !stage.isShowing();
        if (first) {
            measure();
            stage.sizeToScene();
            stage.show();
            fitToScreen();
        }
        stage.setIconified(false);
        stage.toFront();
        stage.requestFocus();
        if (focus != null) {
            focus.requestFocus();
            // once more after the window manager has given the window the focus
            Platform.runLater(focus::requestFocus);
        }
        if (!registered) {
            registered = true;
            pending.opened(stage, origin);
        }
    }

    /**
     * After the content changed (details shown, a note appeared): grows the window when the content
     * no longer fits, kept on the screen; never shrinks it under the person's eyes.
     */
    public void refit() {
        if (!stage.isShowing()) {
            return;
        }
        measure();
        if (root.prefHeight(scene.getWidth()) > scene.getHeight() + 0.5 || root.prefWidth(-1) > scene.getWidth() + 0.5) {
            double w = stage.getWidth();
            stage.sizeToScene();
            stage.setWidth(Math.max(w, stage.getWidth()));
            fitToScreen();
        }
    }

    /**
     * Sizes the scrolling area to the content laid out at its own width: a VBox of wrapping labels
     * reports a one-line height when asked without a width, which would cut the window short.
     */
    private void measure() {
        if (!(root.getCenter() instanceof ScrollPane scroll) || scroll.getContent() == null) {
            return;
        }
        root.applyCss();
        Node content = scroll.getContent();
        double width = Math.ceil(content.prefWidth(-1));
        double height = Math.ceil(content.prefHeight(width));
        scroll.setPrefViewportWidth(width);
        scroll.setPrefViewportHeight(height);
    }

    private void fitToScreen() {
        Rectangle2D area = Screen.getScreensForRectangle(stage.getX(), stage.getY(), stage.getWidth(),
                stage.getHeight()).stream().findFirst().orElse(Screen.getPrimary()).getVisualBounds();
        if (stage.getWidth() > area.getWidth()) {
            stage.setWidth(area.getWidth());
        }
        if (stage.getHeight() > area.getHeight()) {
            stage.setHeight(area.getHeight());
        }
        stage.setX(Math.max(area.getMinX(), Math.min(stage.getX(), area.getMaxX() - stage.getWidth())));
        stage.setY(Math.max(area.getMinY(), Math.min(stage.getY(), area.getMaxY() - stage.getHeight())));
    }

    public void close() {
        stage.hide();
    }

    public boolean isShowing() {
        return stage.isShowing();
    }

    public Stage stage() {
        return stage;
    }
}
