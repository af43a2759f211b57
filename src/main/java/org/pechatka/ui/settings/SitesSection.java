package org.pechatka.ui.settings;

import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import org.pechatka.desktop.TrustedSites;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.Views;

/**
 * Trusted sites. Every entry says where it comes from; the administrator's and the command line's
 * are read-only. Adding shows a warning naming the exact origin, with Cancel focused, and adds only
 * when "Trust this site" is pressed.
 */
final class SitesSection implements SectionPage {

    @FXML
    private ListView<TrustedSites.Site> list;
    @FXML
    private Button remove;
    @FXML
    private Label selectionNote;
    @FXML
    private VBox addBox;
    @FXML
    private TextField input;
    @FXML
    private Button add;
    @FXML
    private Label notAllowed;
    @FXML
    private VBox warning;
    @FXML
    private Label warningTitle;
    @FXML
    private Button confirm;
    @FXML
    private Button cancelAdd;
    @FXML
    private Label problem;
    @FXML
    private Label done;

    private final SitesViewModel model;
    private final Messages messages;
    private final Parent root;

    SitesSection(SitesViewModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
        this.root = Views.load(this, "sites.fxml", messages);
        bind();
    }

    private void bind() {
        Views.hiddenWhenEmpty(problem);
        Views.hiddenWhenEmpty(done);
        RemovableList.wire(list, model.list(), SiteCell::new, messages.get("sites.empty"), remove, selectionNote,
                TrustedSites.Site::removable, this::readOnlyNote, model::remove);
        RemovableList.addField(input, model.input(), add, model::requestAdd);
        confirm.setOnAction(e -> {
            model.confirmAdd();
            input.requestFocus();
        });
        cancelAdd.setOnAction(e -> {
            model.cancelAdd();
            input.requestFocus();
        });
        model.pending().addListener((o, was, now) -> showWarning(now));
        showWarning(model.pending().get());

        model.mayAdd().addListener((o, was, now) -> showMayAdd());
        showMayAdd();
        model.problem().addListener((o, was, now) -> problem.setText(SectionPage.problemText(messages, now)));
        model.done().addListener((o, was, now) -> done.setText(now == null ? ""
                : messages.get(now == SitesViewModel.Done.ADDED ? "sites.added" : "sites.removed",
                        model.doneOrigin().get())));
    }

    private void showMayAdd() {
        Views.shown(addBox, model.mayAdd().get());
        Views.shown(notAllowed, !model.mayAdd().get());
    }

    private void showWarning(String origin) {
        Views.shown(warning, origin != null);
        if (origin != null) {
            warningTitle.setText(messages.get("sites.warning.title", origin));
            cancelAdd.requestFocus(); // the safe answer is the one Enter gives
            SectionPage.reveal(warning);
        }
    }

    private String readOnlyNote(TrustedSites.Site site) {
        return messages.get(site.source() == TrustedSites.Source.ADMIN
                ? "sites.readOnly.admin" : "sites.readOnly.commandLine");
    }

    String sourceText(TrustedSites.Source source) {
        return messages.get(switch (source) {
            case ADMIN -> "sites.source.admin";
            case COMMAND_LINE -> "sites.source.commandLine";
            case USER -> "sites.source.user";
        });
    }

    @Override
    public Parent root() {
        return root;
    }

    @Override
    public Node focusTarget() {
        return list.getItems().isEmpty() && model.mayAdd().get() ? input : list;
    }

    @Override
    public void refresh() {
        model.refresh();
    }

    @Override
    public boolean escape() {
        if (model.pending().get() != null) {
            model.cancelAdd();
            input.requestFocus();
            return true;
        }
        return false;
    }

    /** An origin in bold, where it comes from below it. */
    private final class SiteCell extends ListCell<TrustedSites.Site> {
        @Override
        protected void updateItem(TrustedSites.Site site, boolean empty) {
            super.updateItem(site, empty);
            setText(null);
            if (empty || site == null) {
                setGraphic(null);
                setAccessibleText(null);
                return;
            }
            Label origin = new Label(site.origin());
            origin.getStyleClass().add("entry-main");
            Label source = new Label(sourceText(site.source()));
            source.getStyleClass().add("entry-sub");
            source.setWrapText(true);
            VBox box = new VBox(2, origin, source);
            box.setAlignment(Pos.CENTER_LEFT);
            setGraphic(box);
            setAccessibleText(site.origin() + ", " + source.getText());
        }
    }
}
