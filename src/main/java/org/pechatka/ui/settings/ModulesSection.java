package org.pechatka.ui.settings;

import java.io.File;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.pechatka.desktop.TokenModules;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.Views;

/**
 * Token modules: every module with where it comes from and whether its file is there; add one by
 * typing its path or choosing the file; remove the user's own. Changes apply at the next start.
 */
final class ModulesSection implements SectionPage {

    @FXML
    private ListView<TokenModules.Module> list;
    @FXML
    private Button remove;
    @FXML
    private Label selectionNote;
    @FXML
    private TextField input;
    @FXML
    private Button browse;
    @FXML
    private Button add;
    @FXML
    private ProgressIndicator busy;
    @FXML
    private Label problem;
    @FXML
    private Label done;
    @FXML
    private Label restartNote;

    private final ModulesViewModel model;
    private final Messages messages;
    private final Parent root;

    ModulesSection(ModulesViewModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
        this.root = Views.load(this, "modules.fxml", messages);
        bind();
    }

    private void bind() {
        Views.hiddenWhenEmpty(problem);
        Views.hiddenWhenEmpty(done);
        RemovableList.wire(list, model.list(), ModuleCell::new, messages.get("modules.empty"), remove, selectionNote,
                TokenModules.Module::removable, this::readOnlyNote, model::remove);
        RemovableList.addField(input, model.input(), add, model::add);
        add.disableProperty().bind(model.busy());
        browse.setOnAction(e -> choose());
        Views.shownWhile(busy, model.busy());
        model.problem().addListener((o, was, now) -> {
            problem.setText(SectionPage.problemText(messages, now));
            SectionPage.reveal(problem);
        });
        model.added().addListener((o, was, now) -> done.setText(now == null ? "" : messages.get("modules.added", now)));
        Views.shown(restartNote, model.changesNeedRestart());
    }

    private void choose() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(messages.get("window.title", messages.get("modules.choose")));
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter(messages.get("modules.filter"), "*.so", "*.so.*", "*.dll", "*.dylib"),
                new FileChooser.ExtensionFilter(messages.get("modules.filter.all"), "*"));
        File f = chooser.showOpenDialog(root.getScene().getWindow());
        if (f != null) {
            model.input().set(f.getAbsolutePath());
            model.add();
        }
    }

    private String readOnlyNote(TokenModules.Module m) {
        return messages.get(switch (m.source()) {
            case COMMAND_LINE -> "modules.readOnly.commandLine";
            case SET_BY_ADMIN -> "modules.readOnly.admin";
            case FOUND_AUTOMATICALLY, ADDED_BY_USER -> "modules.readOnly.found";
        });
    }

    @Override
    public Parent root() {
        return root;
    }

    @Override
    public Node focusTarget() {
        return list.getItems().isEmpty() ? input : list;
    }

    @Override
    public void refresh() {
        model.refresh();
    }

    /** Name and state on the first line, source and path below. */
    private final class ModuleCell extends ListCell<TokenModules.Module> {
        @Override
        protected void updateItem(TokenModules.Module m, boolean empty) {
            super.updateItem(m, empty);
            setText(null);
            if (empty || m == null) {
                setGraphic(null);
                setAccessibleText(null);
                return;
            }
            Label name = new Label(m.name());
            name.getStyleClass().add("entry-main");
            Label state = new Label(messages.get(m.present() ? "modules.present" : "modules.missing"));
            state.getStyleClass().add(m.present() ? "state-ok" : "state-bad");
            Label source = new Label(messages.get(switch (m.source()) {
                case FOUND_AUTOMATICALLY -> "modules.source.found";
                case COMMAND_LINE -> "modules.source.commandLine";
                case ADDED_BY_USER -> "modules.source.user";
                case SET_BY_ADMIN -> "modules.source.admin";
            }) + " · " + m.path());
            source.getStyleClass().add("entry-sub");
            source.setWrapText(true);
            HBox first = new HBox(10, name, state);
            setGraphic(new VBox(2, first, source));
            setAccessibleText(m.name() + ", " + state.getText() + ", " + source.getText());
        }
    }
}
