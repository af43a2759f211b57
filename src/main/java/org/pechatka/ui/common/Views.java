package org.pechatka.ui.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Objects;
import javafx.beans.value.ObservableBooleanValue;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;

/**
 * Loads a screen's FXML with its texts and its controller (the screen's View class, built by the
 * caller with what it needs: FXML files name no controller class) and styles a scene with the
 * shared stylesheet and the screen's own, if it has one ({@code <screen>.css} next to the FXML).
 */
public final class Views {

    private static final String SHARED_CSS = "/org/pechatka/ui/common/pechatka.css";

    private Views() {}

    /**
     * Loads {@code fxml} (a resource next to {@code controller}'s class) with {@code messages};
     * {@code @FXML} fields and methods of {@code controller} are bound.
     */
    public static Parent load(Object controller, String fxml, Messages messages) {
        URL url = controller.getClass().getResource(fxml);
        if (url == null) {
            throw new IllegalArgumentException("no FXML " + fxml + " beside " + controller.getClass().getName());
        }
        FXMLLoader loader = new FXMLLoader(url, messages.bundle());
        loader.setController(controller);
        loader.setClassLoader(controller.getClass().getClassLoader());
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + url, e);
        }
    }

    /** Adds the shared stylesheet and the screen's own ({@code <screen>.css} beside its class), if any. */
    public static Scene style(Scene scene, Class<?> screenClass) {
        scene.getStylesheets().add(Objects.requireNonNull(Views.class.getResource(SHARED_CSS), SHARED_CSS)
                .toExternalForm());
        String pkg = screenClass.getPackageName();
        URL own = screenClass.getResource(pkg.substring(pkg.lastIndexOf('.') + 1) + ".css");
        if (own != null && !pkg.endsWith(".common")) {
            scene.getStylesheets().add(own.toExternalForm());
        }
        return scene;
    }

    /** Shows or hides a node, taking its room away when hidden. */
    public static void shown(Node node, boolean visible) {
        node.setVisible(visible);
        node.setManaged(visible);
    }

    /** Shows a node while {@code condition} holds; hidden, it takes no room. */
    public static void shownWhile(Node node, ObservableBooleanValue condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(condition);
    }

    /** Hides a label while its text is empty, so blank messages take no room. */
    public static void hiddenWhenEmpty(Labeled label) {
        shownWhile(label, label.textProperty().isNotEmpty());
    }

    /**
     * Shrinks a shown window to the screen when its preferred size is larger (200 % scaling on a
     * small screen) and centres it; its content scrolls or wraps instead of leaving the screen.
     */
    public static void fitScreen(javafx.stage.Stage stage) {
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        if (stage.getWidth() > screen.getWidth() || stage.getHeight() > screen.getHeight()) {
            stage.setWidth(Math.min(stage.getWidth(), screen.getWidth()));
            stage.setHeight(Math.min(stage.getHeight(), screen.getHeight()));
            stage.centerOnScreen();
        }
    }
}
