package org.pechatka.ui.status;

import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.pechatka.desktop.MenuActions;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.Views;
import org.pechatka.ui.tray.TrayIcons;
import org.pechatka.ui.tray.TrayState;

/**
 * The status window for desktops without a system tray: the tray's status, the waiting-request
 * indicator with a button that brings the request to the front, and the tray menu's actions as
 * buttons. Minimising keeps Pechatka running; closing asks whether to quit or minimise, since sites
 * can use Pechatka only while it runs.
 */
public final class StatusView {

    @FXML private ImageView icon;
    @FXML private VBox pendingBox;
    @FXML private Label pendingText;
    @FXML private Button bringToFront;
    @FXML private Label endpoint;
    @FXML private Label policy;
    @FXML private Label tokens;
    @FXML private Button certificates;

    private final Messages m;
    private final StatusViewModel model;
    private final MenuActions actions;
    private final Runnable bring;
    private final Runnable about;
    private final Stage stage = new Stage();

    /**
     * @param model   the state shown
     * @param actions the menu's windows and Quit
     * @param bring   brings the waiting request to the front
     * @param about   opens About
     */
    public StatusView(StatusViewModel model, MenuActions actions, Runnable bring, Runnable about) {
        this.m = Messages.forScreen(StatusView.class);
        this.model = model;
        this.actions = actions;
        this.bring = bring;
        this.about = about;
        Parent root = Views.load(this, "status.fxml", m);
        endpoint.textProperty().bind(model.endpointProperty());
        tokens.textProperty().bind(model.tokensProperty());
        policy.textProperty().bind(model.policyProperty());
        policy.visibleProperty().bind(model.policyProperty().isNotEmpty());
        policy.managedProperty().bind(policy.visibleProperty());
        pendingText.textProperty().bind(model.pendingTextProperty());
        pendingBox.visibleProperty().bind(model.pendingProperty());
        pendingBox.managedProperty().bind(pendingBox.visibleProperty());
        bringToFront.defaultButtonProperty().bind(model.pendingProperty());
        model.problemProperty().addListener((o, was, now) -> endpoint.getStyleClass().setAll(now ? "problem" : "label"));
        if (model.problemProperty().get()) {
            endpoint.getStyleClass().setAll("problem");
        }
        model.pendingProperty().addListener((o, was, now) -> {
            showIcon();
            fitContent();
        });
        model.policyProperty().addListener((o, was, now) -> fitContent());
        model.problemProperty().addListener((o, was, now) -> showIcon());
        showIcon();
        Scene scene = Views.style(new Scene(root), StatusView.class);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                e.consume();
                stage.setIconified(true); // Escape puts the window away, it never quits
            }
        });
        stage.setScene(scene);
        stage.setTitle(m.get("window.title", m.get("status.title")));
        stage.getIcons().add(TrayIcons.fxImage(TrayState.IDLE, 64));
        stage.setOnCloseRequest(e -> {
            e.consume();
            askToQuit();
        });
    }

    private void showIcon() {
        TrayState s = model.pendingProperty().get() ? TrayState.PENDING
                : model.problemProperty().get() ? TrayState.PROBLEM : TrayState.IDLE;
        icon.setImage(TrayIcons.fxImage(s, 32));
    }

    /** The window grows and shrinks with what it shows (the waiting request, a policy problem). */
    private void fitContent() {
        if (stage.isShowing()) {
            javafx.application.Platform.runLater(stage::sizeToScene); // after the layout pass
        }
    }

    /** Shows the window and brings it to the front. */
    public void show() {
        stage.setIconified(false);
        stage.show();
        stage.toFront();
        stage.requestFocus();
        if (!model.pendingProperty().get()) {
            certificates.requestFocus();
        }
    }

    /** Closing the window: quit, or minimise instead. */
    void askToQuit() {
        ButtonType quit = new ButtonType(m.get("quit.quit"), ButtonBar.ButtonData.OK_DONE);
        ButtonType minimise = new ButtonType(m.get("quit.minimise"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, m.get("quit.text"), quit, minimise);
        a.initOwner(stage);
        a.setTitle(m.get("window.title", m.get("quit.title")));
        a.setHeaderText(m.get("quit.header"));
        ((Button) a.getDialogPane().lookupButton(quit)).setDefaultButton(false);
        ((Button) a.getDialogPane().lookupButton(minimise)).setDefaultButton(true);
        a.getDialogPane().setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        a.showAndWait().ifPresent(b -> {
            if (b == quit) {
                actions.quit().run();
            } else {
                stage.setIconified(true);
            }
        });
    }

    /** The window (tests and the shell). */
    public Stage stage() {
        return stage;
    }

    @FXML
    void bringToFront() {
        bring.run();
    }

    @FXML
    void certificates() {
        actions.certificates().run();
    }

    @FXML
    void settings() {
        actions.settings().run();
    }

    @FXML
    void trustedSites() {
        actions.trustedSites().run();
    }

    @FXML
    void about() {
        about.run();
    }

    @FXML
    void quit() {
        actions.quit().run();
    }
}
