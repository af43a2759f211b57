package org.pechatka.ui.about;

import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.stage.Stage;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.Views;
import org.pechatka.ui.tray.TrayIcons;
import org.pechatka.ui.tray.TrayState;

/** About Pechatka: version (with a button that copies it for a support request), license, folders, website. */
public final class AboutView {

    @FXML private ImageView icon;
    @FXML private TextField version;
    @FXML private TextField website;
    @FXML private TextField dataDir;
    @FXML private TextField configDir;
    @FXML private Label logs;
    @FXML private Label copied;
    @FXML private Button copy;
    @FXML private Button close;

    private final AboutViewModel model;
    private final Messages m;
    private final Stage stage = new Stage();

    public AboutView(AboutViewModel model) {
        this.model = model;
        this.m = Messages.forScreen(AboutView.class);
        Parent root = Views.load(this, "about.fxml", m);
        icon.setImage(TrayIcons.fxImage(TrayState.IDLE, 48));
        version.setText(model.version());
        website.setText(model.website());
        dataDir.setText(model.dataDir().toString());
        configDir.setText(model.configDir().toString());
        logs.setText(model.logDir() != null ? model.logDir().toString() : m.get("about.logsStandardError"));
        stage.setScene(Views.style(new Scene(root), AboutView.class));
        stage.setTitle(m.get("window.title", m.get("about.title")));
        stage.getIcons().add(TrayIcons.fxImage(TrayState.IDLE, 64));
    }

    /** Shows the window in front, with the focus on Close. */
    public AboutView show() {
        stage.show();
        stage.toFront();
        stage.requestFocus();
        close.requestFocus();
        return this;
    }

    public Stage stage() {
        return stage;
    }

    @FXML
    void copyVersion() {
        ClipboardContent c = new ClipboardContent();
        c.putString(model.versionLine());
        Clipboard.getSystemClipboard().setContent(c);
        copied.setText(m.get("about.copied"));
    }

    @FXML
    void close() {
        stage.close();
    }
}
