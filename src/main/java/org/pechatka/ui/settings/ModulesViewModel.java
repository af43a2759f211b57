package org.pechatka.ui.settings;

import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.pechatka.desktop.SettingsProblem;
import org.pechatka.desktop.TokenModules;

/**
 * Token modules: the list, adding by path (the check loads the library, so it runs in the
 * background while {@link #busy()} is set) and removing the user's own.
 */
final class ModulesViewModel {

    private final TokenModules modules;
    private final Executor background;
    private final Executor fx;
    private final ObservableList<TokenModules.Module> list = FXCollections.observableArrayList();
    private final StringProperty input = new SimpleStringProperty("");
    private final ObjectProperty<SettingsProblem> problem = new SimpleObjectProperty<>();
    private final StringProperty added = new SimpleStringProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();

    /**
     * @param background where the module check runs
     * @param fx         where results are applied (the JavaFX thread)
     */
    ModulesViewModel(TokenModules modules, Executor background, Executor fx) {
        this.modules = modules;
        this.background = background;
        this.fx = fx;
        refresh();
    }

    void refresh() {
        list.setAll(modules.list());
    }

    /** Checks and adds the typed path. */
    void add() {
        if (busy.get()) {
            return;
        }
        String path = input.get() == null ? "" : input.get().strip();
        busy.set(true);
        problem.set(null);
        added.set(null);
        background.execute(() -> {
            Optional<SettingsProblem> p = modules.add(path);
            fx.execute(() -> {
                busy.set(false);
                problem.set(p.orElse(null));
                if (p.isEmpty()) {
                    added.set(path);
                    input.set("");
                }
                refresh();
            });
        });
    }

    void remove(TokenModules.Module module) {
        if (module == null) {
            return;
        }
        added.set(null);
        problem.set(modules.remove(module.path()).orElse(null));
        refresh();
    }

    boolean changesNeedRestart() {
        return modules.changesNeedRestart();
    }

    ObservableList<TokenModules.Module> list() {
        return list;
    }

    StringProperty input() {
        return input;
    }

    ObjectProperty<SettingsProblem> problem() {
        return problem;
    }

    /** The path just added, or null. */
    StringProperty added() {
        return added;
    }

    BooleanProperty busy() {
        return busy;
    }
}
