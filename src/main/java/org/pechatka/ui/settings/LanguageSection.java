package org.pechatka.ui.settings;

import java.util.Map;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleGroup;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.Views;

/** Language: the system's, Belarusian, Russian or English; each language is named in itself. */
final class LanguageSection implements SectionPage {

    @FXML
    private ToggleGroup languages;
    @FXML
    private RadioButton system;
    @FXML
    private RadioButton be;
    @FXML
    private RadioButton ru;
    @FXML
    private RadioButton en;
    @FXML
    private Label problem;

    private final PreferencesViewModel model;
    private final Messages messages;
    private final Parent root;
    private Map<Toggle, Language> byToggle;

    LanguageSection(PreferencesViewModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
        this.root = Views.load(this, "language.fxml", messages);
        bind();
    }

    private void bind() {
        Views.hiddenWhenEmpty(problem);
        Language os = PreferencesViewModel.systemLanguage();
        system.setText(messages.get("language.system", messages.get("language." + os.tag())));
        byToggle = Map.of(be, Language.BE, ru, Language.RU, en, Language.EN);
        select();
        model.chosenLanguage().addListener((o, was, now) -> select());
        languages.selectedToggleProperty().addListener((o, was, now) -> {
            if (now != null) {
                model.chooseLanguage(byToggle.get(now)); // system: null
            }
        });
        model.problem().addListener((o, was, now) -> problem.setText(SectionPage.problemText(messages, now)));
    }

    private void select() {
        Language chosen = model.chosenLanguage().get();
        Toggle t = chosen == null ? system : switch (chosen) {
            case BE -> be;
            case RU -> ru;
            case EN -> en;
        };
        if (languages.getSelectedToggle() != t) {
            languages.selectToggle(t);
        }
    }

    @Override
    public Parent root() {
        return root;
    }

    @Override
    public Node focusTarget() {
        return (Node) languages.getSelectedToggle();
    }

    @Override
    public void refresh() {
        model.refresh();
    }
}
