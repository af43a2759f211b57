package org.pechatka.ui.settings;

import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.Views;

/** Logs: the folder's path (selectable), open it in the file manager, copy the path. */
final class LogsSection implements SectionPage {

    @FXML
    private TextField path;
    @FXML
    private Button open;
    @FXML
    private Button copy;
    @FXML
    private Label done;
    @FXML
    private Label problem;

    private final PreferencesViewModel model;
    private final Messages messages;
    private final Parent root;

    LogsSection(PreferencesViewModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
        this.root = Views.load(this, "logs.fxml", messages);
        bind();
    }

    private void bind() {
        Views.hiddenWhenEmpty(done);
        Views.hiddenWhenEmpty(problem);
        path.setText(model.logFolder());
        open.setOnAction(e -> model.openLogFolder());
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(model.logFolder());
            Clipboard.getSystemClipboard().setContent(content);
            model.copiedPath();
        });
        model.copied().addListener((o, was, now) -> done.setText(now ? messages.get("logs.copied") : ""));
        model.problem().addListener((o, was, now) -> problem.setText(SectionPage.problemText(messages, now)));
    }

    @Override
    public Parent root() {
        return root;
    }

    @Override
    public Node focusTarget() {
        return open;
    }

    @Override
    public void refresh() {
        path.setText(model.logFolder());
    }
}
