package org.pechatka.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.pechatka.desktop.LocalTrust;
import org.pechatka.server.tls.CommandRunner;
import org.pechatka.server.tls.LocalTls;
import org.pechatka.server.tls.TrustStores;

/**
 * {@link LocalTrust} over {@link TrustStores}, as {@code pechatka trust status|install} does it, for
 * the user's browser stores only: the Linux system store needs root, which a window cannot ask
 * for, and Linux browsers do not read it (they use their NSS databases). Calls run programs
 * (certutil) and take a moment: call them off the JavaFX thread.
 */
public final class DesktopLocalTrust implements LocalTrust {

    private final TrustStores stores;

    public DesktopLocalTrust(TrustStores stores) {
        this.stores = stores;
    }

    /** The current user's browser stores, for this installation's local CA. */
    public static DesktopLocalTrust forCurrentUser(LocalTls tls) throws IOException {
        TrustStores.Settings settings = TrustStores.Settings.forCurrentUser(tls.caCertificateFile(), tls.caCertificate())
                .withSystemAnchors(null);
        return new DesktopLocalTrust(new TrustStores(settings, CommandRunner.system()));
    }

    @Override
    public synchronized Status status() {
        return summarise(stores.status());
    }

    @Override
    public synchronized Status install() {
        return summarise(stores.install());
    }

    static Status summarise(List<TrustStores.Report> reports) {
        List<Store> list = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (TrustStores.Report r : reports) {
            list.add(new Store(r.store().label(), storeState(r.state())));
            details.add(r.line() + "  [" + r.store().location() + "]");
        }
        long trusted = list.stream().filter(s -> s.state() == StoreState.TRUSTED).count();
        State state = list.isEmpty() ? State.NO_STORES
                : trusted == list.size() ? State.TRUSTED
                : trusted == 0 ? State.NOT_TRUSTED
                : State.PARTLY;
        return new Status(state, details, list);
    }

    static StoreState storeState(TrustStores.State s) {
        return switch (s) {
            case TRUSTED -> StoreState.TRUSTED;
            case OTHER_TRUST, NOT_INSTALLED, NO_DATABASE -> StoreState.NOT_TRUSTED;
            case NEEDS_ROOT -> StoreState.NEEDS_ADMIN;
            case TOOL_MISSING -> StoreState.TOOL_MISSING;
            case CONFLICT, FAILED -> StoreState.FAILED;
        };
    }
}
