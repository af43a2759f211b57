package org.pechatka.ui.firststart;

import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import org.pechatka.desktop.LocalTrust;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.Views;

/** The first-start window's content: the trust question with its status, the autostart question, two buttons. */
final class FirstStartView {

    @FXML
    private ProgressIndicator busy;
    @FXML
    private Label status;
    @FXML
    private CheckBox autostart;
    @FXML
    private Label autostartNote;
    @FXML
    private Label problem;
    @FXML
    private Button accept;
    @FXML
    private Button notNow;

    private final FirstStartViewModel model;
    private final Messages messages;
    private final Parent root;
    private boolean acceptFocused;

    FirstStartView(FirstStartViewModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
        this.root = Views.load(this, "firststart.fxml", messages);
        bind();
    }

    private void bind() {
        Views.hiddenWhenEmpty(problem);
        var a = model.autostart();
        autostart.selectedProperty().bindBidirectional(model.startAtLogin());
        Views.shown(autostart, a.changeable());
        String note = a.adminFixed() ? (a.enabled() ? "firststart.autostart.admin.on" : "firststart.autostart.admin.off")
                : !a.available() ? "firststart.autostart.unavailable" : null;
        autostartNote.setText(note == null ? "" : messages.get(note));
        Views.shown(autostartNote, note != null);

        accept.setDefaultButton(true);
        accept.setOnAction(e -> {
            if (model.phase().get() == FirstStartViewModel.Phase.DONE) {
                model.close();
            } else {
                model.accept();
            }
        });
        notNow.setCancelButton(true);
        notNow.setOnAction(e -> model.notNow());

        Views.shownWhile(busy, model.trust().busy());
        model.trust().status().addListener((o, was, now) -> show());
        model.trust().busy().addListener((o, was, now) -> show());
        model.phase().addListener((o, was, now) -> show());
        model.problem().addListener((o, was, now) -> problem.setText(now == null ? ""
                : messages.get("problem." + now.name())));
        show();
    }

    private void show() {
        FirstStartViewModel.Phase phase = model.phase().get();
        LocalTrust.Status s = model.trust().status().get();
        status.getStyleClass().removeAll("ok", "bad");
        if (phase == FirstStartViewModel.Phase.WORKING) {
            status.setText(messages.get("firststart.installing"));
        } else if (s == null) {
            status.setText(messages.get("firststart.checking"));
        } else if (phase == FirstStartViewModel.Phase.DONE && s.state() == LocalTrust.State.TRUSTED) {
            status.setText(messages.get("firststart.done"));
            status.getStyleClass().add("ok");
        } else {
            status.setText(messages.get("firststart.state." + s.state().name()));
            status.getStyleClass().add(s.state() == LocalTrust.State.TRUSTED ? "ok" : "bad");
        }
        boolean working = phase == FirstStartViewModel.Phase.WORKING || model.trust().busy().get() && s == null;
        accept.setText(messages.get(phase == FirstStartViewModel.Phase.DONE ? "firststart.close"
                : model.trustNeeded() ? "firststart.accept" : "firststart.continue"));
        accept.setDisable(working);
        if (!working && !acceptFocused && accept.getScene() != null) {
            acceptFocused = true; // the default answer gets the focus once it can be given
            accept.requestFocus();
        }
        notNow.setDisable(phase == FirstStartViewModel.Phase.WORKING);
        Views.shown(notNow, phase != FirstStartViewModel.Phase.DONE);
        autostart.setDisable(phase != FirstStartViewModel.Phase.ASKING);
    }

    Parent root() {
        return root;
    }

    Button accept() {
        return accept;
    }
}
