package org.pechatka.ui.settings;

import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.pechatka.desktop.SettingsProblem;
import org.pechatka.desktop.SiteInput;
import org.pechatka.desktop.TrustedSites;

/**
 * Trusted sites: the list, and adding in two steps. {@link #requestAdd()} reads what was typed and,
 * when it is a site that can be trusted, shows the warning for that exact origin
 * ({@link #pending()}); only {@link #confirmAdd()} adds it. No window needed (unit-testable).
 */
final class SitesViewModel {

    /** What just happened, for a short confirmation line. */
    enum Done { ADDED, REMOVED }

    private final TrustedSites sites;
    private final ObservableList<TrustedSites.Site> list = FXCollections.observableArrayList();
    private final StringProperty input = new SimpleStringProperty("");
    private final StringProperty pending = new SimpleStringProperty();
    private final ObjectProperty<SettingsProblem> problem = new SimpleObjectProperty<>();
    private final ObjectProperty<Done> done = new SimpleObjectProperty<>();
    private final StringProperty doneOrigin = new SimpleStringProperty();
    private final BooleanProperty mayAdd = new SimpleBooleanProperty();

    SitesViewModel(TrustedSites sites) {
        this.sites = sites;
        refresh();
    }

    void refresh() {
        list.setAll(sites.list());
        mayAdd.set(sites.userMayAdd());
    }

    /** Checks the typed site; shows the warning (sets {@link #pending()}) or the problem. */
    void requestAdd() {
        done.set(null);
        if (!mayAdd.get()) {
            problem.set(SettingsProblem.NOT_ALLOWED_BY_ADMIN);
            return;
        }
        SiteInput.Parsed parsed = SiteInput.parse(input.get());
        if (!parsed.ok()) {
            pending.set(null);
            problem.set(parsed.problem());
            return;
        }
        if (list.stream().anyMatch(s -> s.origin().equals(parsed.origin()))) {
            pending.set(null);
            problem.set(SettingsProblem.ALREADY_LISTED);
            return;
        }
        problem.set(null);
        pending.set(parsed.origin());
    }

    /** Adds the site whose warning is shown. */
    void confirmAdd() {
        String origin = pending.get();
        if (origin == null) {
            return;
        }
        pending.set(null);
        Optional<SettingsProblem> p = sites.add(origin);
        problem.set(p.orElse(null));
        if (p.isEmpty()) {
            input.set("");
            finished(Done.ADDED, origin);
        }
        refresh();
    }

    /** Closes the warning without adding anything. */
    void cancelAdd() {
        pending.set(null);
    }

    void remove(TrustedSites.Site site) {
        if (site == null) {
            return;
        }
        done.set(null);
        Optional<SettingsProblem> p = sites.remove(site.origin());
        problem.set(p.orElse(null));
        if (p.isEmpty()) {
            finished(Done.REMOVED, site.origin());
        }
        refresh();
    }

    private void finished(Done what, String origin) {
        doneOrigin.set(origin);
        done.set(what);
    }

    ObservableList<TrustedSites.Site> list() {
        return list;
    }

    StringProperty input() {
        return input;
    }

    /** The origin whose warning is shown, or null. */
    StringProperty pending() {
        return pending;
    }

    ObjectProperty<SettingsProblem> problem() {
        return problem;
    }

    ObjectProperty<Done> done() {
        return done;
    }

    StringProperty doneOrigin() {
        return doneOrigin;
    }

    BooleanProperty mayAdd() {
        return mayAdd;
    }
}
