package org.pechatka.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The frame every Pechatka dialog shares (PROTOCOL.md section 3): a window titled "Pechatka — …",
 * the requesting site first and prominent, the content, then the buttons. Enter performs the
 * default action, Escape cancels, Tab moves through every control; the window comes to the front
 * and takes focus.
 */
final class DialogWindow {

    static final String CSS = """
            .root { -fx-font-size: 14px; -fx-background-color: #ffffff; }
            .site-box { -fx-background-color: #eef3f8; -fx-padding: 12 16 12 16; -fx-border-color: #c9d6e3;
                        -fx-border-width: 0 0 1 0; }
            .site-label { -fx-text-fill: #4c5a69; -fx-font-size: 12px; }
            .site { -fx-font-size: 17px; -fx-font-weight: bold; -fx-text-fill: #12324f; }
            .ask { -fx-text-fill: #1d2733; }
            .from-site { -fx-background-color: #fff8e1; -fx-border-color: #e8d28a; -fx-padding: 6 8 6 8; }
            .from-site-label { -fx-text-fill: #7a6420; -fx-font-size: 11px; }
            .error { -fx-text-fill: #b3261e; -fx-font-weight: bold; }
            .warning { -fx-text-fill: #8a5300; }
            .muted { -fx-text-fill: #5a6675; -fx-font-size: 12px; }
            .name { -fx-font-weight: bold; }
            .button-row { -fx-padding: 10 16 14 16; }
            .list-cell:filled:selected .label { -fx-text-fill: white; }
            .list-cell { -fx-padding: 4 6 4 6; }
            """;

    private final Stage stage = new Stage();
    private final BorderPane root = new BorderPane();
    private final HBox buttons = new HBox(8);
    private Runnable onCancel = () -> {};
    private Button defaultButton;

    DialogWindow(String title, String origin, String ask) {
        stage.setTitle("Pechatka — " + title);
        stage.setAlwaysOnTop(true);
        VBox site = new VBox(2);
        site.getStyleClass().add("site-box");
        Label siteLabel = new Label("Сайт / Site");
        siteLabel.getStyleClass().add("site-label");
        Label siteName = new Label(origin);
        siteName.setId("origin");
        siteName.getStyleClass().add("site");
        siteName.setWrapText(true);
        Label askLabel = new Label(ask);
        askLabel.getStyleClass().add("ask");
        askLabel.setWrapText(true);
        site.getChildren().addAll(siteLabel, siteName, askLabel);
        root.setTop(site);
        buttons.getStyleClass().add("button-row");
        buttons.setAlignment(Pos.CENTER_RIGHT);
        root.setBottom(buttons);
        Scene scene = new Scene(root);
        scene.getStylesheets().add("data:text/css;base64,"
                + java.util.Base64.getEncoder().encodeToString(CSS.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                e.consume();
                onCancel.run();
            } else if (e.getCode() == KeyCode.ENTER && defaultButton != null
                    && !(scene.getFocusOwner() instanceof Button focused && focused != defaultButton)) {
                // Enter is the default action wherever the focus is (a list would otherwise keep it)
                e.consume();
                if (!defaultButton.isDisabled() && defaultButton.isVisible()) {
                    defaultButton.fire();
                }
            }
        });
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> {
            e.consume();
            onCancel.run();
        });
    }

    void content(Node node) {
        BorderPane.setMargin(node, new Insets(12, 16, 4, 16));
        root.setCenter(node);
    }

    /** The default button (Enter) and the cancel button (Escape, closing the window). */
    Button[] buttons(String defaultText, Runnable onDefault, String cancelText, Runnable cancel) {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button cancelButton = new Button(cancelText);
        cancelButton.setId("cancel");
        cancelButton.setCancelButton(true);
        cancelButton.setOnAction(e -> cancel.run());
        this.onCancel = cancel;
        if (defaultText == null) {
            buttons.getChildren().setAll(spacer, cancelButton);
            return new Button[] {null, cancelButton};
        }
        Button ok = new Button(defaultText);
        ok.setId("ok");
        ok.setDefaultButton(true);
        ok.setOnAction(e -> {
            if (!ok.isDisabled()) {
                onDefault.run();
            }
        });
        buttons.getChildren().setAll(spacer, ok, cancelButton);
        defaultButton = ok;
        return new Button[] {ok, cancelButton};
    }

    /** Page-supplied text: plain text, visibly marked as written by the site. */
    static Node fromSite(String text) {
        VBox box = new VBox(2);
        box.getStyleClass().add("from-site");
        Label label = new Label("Тэкст ад сайта / Text from the site:");
        label.getStyleClass().add("from-site-label");
        Label body = new Label(text);
        body.setId("site-text");
        body.setWrapText(true);
        body.setMaxWidth(460);
        box.getChildren().addAll(label, body);
        return box;
    }

    void show(Node focus) {
        stage.sizeToScene();
        stage.setMinWidth(480);
        stage.show();
        stage.toFront();
        stage.requestFocus();
        if (focus != null) {
            focus.requestFocus();
        }
    }

    void close() {
        stage.hide();
    }

    /** Closes from any thread and waits (briefly) until the window is gone. */
    void closeAndWait() {
        if (javafx.application.Platform.isFxApplicationThread()) {
            close();
            return;
        }
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        javafx.application.Platform.runLater(() -> {
            close();
            closed.countDown();
        });
        try {
            closed.await(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Stage stage() {
        return stage;
    }
}
