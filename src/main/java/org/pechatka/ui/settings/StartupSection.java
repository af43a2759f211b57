package org.pechatka.ui.settings;

import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import org.pechatka.desktop.Preferences;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.Views;

/** Startup: start Pechatka at login; when the administrator decides it, the box is disabled and says so. */
final class StartupSection implements SectionPage {

    @FXML
    private CheckBox autostart;
    @FXML
    private Label note;
    @FXML
    private Label problem;

    private final PreferencesViewModel model;
    private final Messages messages;
    private final Parent root;

    StartupSection(PreferencesViewModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
        this.root = Views.load(this, "startup.fxml", messages);
        bind();
    }

    private void bind() {
        Views.hiddenWhenEmpty(problem);
        show(model.autostart().get());
        model.autostart().addListener((o, was, now) -> show(now));
        autostart.setOnAction(e -> model.setAutostart(autostart.isSelected()));
        model.problem().addListener((o, was, now) -> problem.setText(SectionPage.problemText(messages, now)));
    }

    private void show(Preferences.AutostartState state) {
        autostart.setSelected(state.enabled());
        autostart.setDisable(!state.changeable());
        String key = state.adminFixed() ? (state.enabled() ? "startup.admin.on" : "startup.admin.off")
                : !state.available() ? "startup.unavailable" : null;
        note.setText(key == null ? "" : messages.get(key));
        Views.shown(note, key != null);
    }

    @Override
    public Parent root() {
        return root;
    }

    @Override
    public Node focusTarget() {
        return autostart;
    }

    @Override
    public void refresh() {
        model.refresh();
    }
}
