package org.pechatka.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.pechatka.config.Origins;
import org.pechatka.config.UserSettings;
import org.pechatka.desktop.SettingsProblem;
import org.pechatka.desktop.TrustedSites;
import org.pechatka.protocol.Grants;
import org.pechatka.server.OriginPolicy;

/**
 * Trusted sites for Settings, over the settings file and the running endpoint's origin policy: a
 * change is saved, then takes effect at once (the endpoint closes a removed site's connections),
 * and a removed site's certificate grants are forgotten.
 */
final class SettingsSites implements TrustedSites {

    private static final System.Logger LOG = System.getLogger(SettingsSites.class.getName());

    private final SettingsFile file;
    private final OriginPolicy origins;
    private final Grants grants;

    SettingsSites(SettingsFile file, OriginPolicy origins, Grants grants) {
        this.file = file;
        this.origins = origins;
        this.grants = grants;
    }

    @Override
    public List<Site> list() {
        List<Site> out = new ArrayList<>();
        for (String o : origins.origins()) {
            OriginPolicy.Source s = origins.source(o);
            if (s != null) {
                out.add(new Site(o, switch (s) {
                    case ADMIN -> Source.ADMIN;
                    case COMMAND_LINE -> Source.COMMAND_LINE;
                    case USER -> Source.USER;
                }));
            }
        }
        return out;
    }

    @Override
    public boolean userMayAdd() {
        return origins.userOriginsAllowed();
    }

    @Override
    public synchronized Optional<SettingsProblem> add(String origin) {
        if (!userMayAdd()) {
            return Optional.of(SettingsProblem.NOT_ALLOWED_BY_ADMIN);
        }
        if (Origins.normalize(origin) == null) {
            return Optional.of(SettingsProblem.NOT_AN_ORIGIN);
        }
        String n = Origins.normalizeTrustable(origin);
        if (n == null) {
            return Optional.of(SettingsProblem.NOT_HTTPS);
        }
        if (origins.source(n) != null) {
            return Optional.of(SettingsProblem.ALREADY_LISTED);
        }
        Optional<SettingsProblem> problem = saveAndApply(s -> s.withOrigin(n));
        if (problem.isPresent()) {
            return problem;
        }
        LOG.log(System.Logger.Level.INFO, "the user trusts {0} now", n);
        return Optional.empty();
    }

    @Override
    public synchronized Optional<SettingsProblem> remove(String origin) {
        String n = Origins.normalize(origin);
        OriginPolicy.Source source = n == null ? null : origins.source(n);
        if (source == null) {
            return Optional.of(SettingsProblem.NOT_LISTED);
        }
        if (source == OriginPolicy.Source.ADMIN) {
            return Optional.of(SettingsProblem.SET_BY_ADMIN);
        }
        if (source == OriginPolicy.Source.COMMAND_LINE) {
            return Optional.of(SettingsProblem.SET_FOR_THIS_RUN);
        }
        Optional<SettingsProblem> problem = saveAndApply(s -> s.withoutOrigin(n)); // closes its connections at once
        if (problem.isPresent()) {
            return problem;
        }
        try {
            if (origins.source(n) == null && grants.revoke(n)) {
                LOG.log(System.Logger.Level.INFO, "certificates given to {0} are forgotten", n);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot save the certificate grants: {0}", e.getMessage());
        }
        LOG.log(System.Logger.Level.INFO, "the user no longer trusts {0}", n);
        return Optional.empty();
    }

    /**
     * Saves the changed trusted sites and makes the running endpoint follow them at once (a removed
     * site's connections are closed); {@code CANNOT_SAVE} when the file cannot be written, and then
     * nothing changes.
     */
    private Optional<SettingsProblem> saveAndApply(UnaryOperator<UserSettings> change) {
        UserSettings saved;
        try {
            saved = file.update(change);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot save the trusted sites: {0}", e.getMessage());
            return Optional.of(SettingsProblem.CANNOT_SAVE);
        }
        origins.replaceUserOrigins(saved.trustedOrigins());
        return Optional.empty();
    }
}
