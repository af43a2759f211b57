package org.pechatka.ui.settings;

import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.pechatka.desktop.LocalTrust;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.Views;

/**
 * Local certificate: in plain words whether the browsers trust it, store by store; "Fix" installs
 * it in the background with a progress mark; the program's own lines are under "Details".
 */
final class CertificateSection implements SectionPage {

    @FXML
    private Label summary;
    @FXML
    private VBox stores;
    @FXML
    private Button fix;
    @FXML
    private Button recheck;
    @FXML
    private ProgressIndicator busy;
    @FXML
    private Label busyText;
    @FXML
    private Label restart;
    @FXML
    private Label problem;
    @FXML
    private TitledPane expert;
    @FXML
    private TextArea details;

    private final TrustViewModel model;
    private final Messages messages;
    private final Parent root;
    private boolean installing;

    CertificateSection(TrustViewModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
        this.root = Views.load(this, "certificate.fxml", messages);
        bind();
    }

    private void bind() {
        Views.hiddenWhenEmpty(problem);
        Views.hiddenWhenEmpty(busyText);
        fix.setOnAction(e -> {
            installing = true;
            model.fix();
        });
        recheck.setOnAction(e -> {
            installing = false;
            model.load();
        });
        Views.shownWhile(busy, model.busy());
        model.busy().addListener((o, was, now) -> showBusy(now));
        model.status().addListener((o, was, now) -> show(now));
        model.installed().addListener((o, was, now) -> Views.shown(restart, now));
        model.failure().addListener((o, was, now) -> problem.setText(now == null ? ""
                : messages.get("certificate.failed")));
        Views.shown(restart, model.installed().get());
        show(model.status().get());
        showBusy(model.busy().get());
    }

    private void showBusy(boolean now) {
        fix.setDisable(now || !model.fixable());
        recheck.setDisable(now);
        busyText.setText(now ? messages.get(installing ? "certificate.installing" : "certificate.checking") : "");
        if (!now && fix.isFocused() && fix.isDisabled()) {
            recheck.requestFocus();
        }
    }

    private void show(LocalTrust.Status status) {
        stores.getChildren().clear();
        summary.getStyleClass().removeAll("ok", "bad");
        if (status == null) {
            summary.setText(messages.get("certificate.checking"));
            details.setText("");
            Views.shown(fix, false);
            return;
        }
        summary.setText(messages.get("certificate.state." + status.state().name()));
        summary.getStyleClass().add(status.state() == LocalTrust.State.TRUSTED ? "ok" : "bad");
        for (LocalTrust.Store s : status.stores()) {
            Label name = new Label(s.name());
            name.setWrapText(true);
            Label state = new Label(messages.get("certificate.store." + s.state().name()));
            state.getStyleClass().add(s.state() == LocalTrust.StoreState.TRUSTED ? "state-ok" : "state-bad");
            state.setWrapText(true);
            stores.getChildren().add(new HBox(8, state, name));
        }
        details.setText(String.join("\n", status.details()));
        Views.shown(fix, model.fixable() || model.busy().get());
        fix.setDisable(model.busy().get() || !model.fixable());
    }

    @Override
    public Parent root() {
        return root;
    }

    @Override
    public Node focusTarget() {
        return fix.isVisible() && !fix.isDisabled() ? fix : recheck;
    }

    @Override
    public void refresh() {
        installing = false;
        model.load();
    }

    TitledPane expert() {
        return expert;
    }
}
