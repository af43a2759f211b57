package org.pechatka.desktop;

/**
 * What the tray and the status window say about the running app: whether portals can reach it,
 * on which port, how many tokens are present, and whether the admin policy could be read.
 *
 * @param port         the endpoint's port (the one it listens on, or the one it could not take)
 * @param phase        where the endpoint stands
 * @param tokens       tokens present now
 * @param policyBroken the admin policy file exists but could not be read (its defaults apply)
 */
public record AppStatus(int port, Phase phase, int tokens, boolean policyBroken) {

    /** The endpoint's state. */
    public enum Phase {
        /** Still starting: tokens, keys and the server are being set up. */
        STARTING,
        /** Listening: portals can reach Pechatka. */
        LISTENING,
        /** The port is taken by another program: portals cannot reach Pechatka. */
        PORT_BUSY
    }

    public AppStatus {
        java.util.Objects.requireNonNull(phase, "phase");
    }

    /** The state before the server has started. */
    public static AppStatus starting(int port) {
        return new AppStatus(port, Phase.STARTING, 0, false);
    }

    /** Something the person (or their admin) should look at: the tray shows the problem state. */
    public boolean problem() {
        return phase == Phase.PORT_BUSY || policyBroken;
    }

    public AppStatus withPhase(Phase p) {
        return new AppStatus(port, p, tokens, policyBroken);
    }

    public AppStatus withPort(int p) {
        return new AppStatus(p, phase, tokens, policyBroken);
    }

    public AppStatus withTokens(int n) {
        return new AppStatus(port, phase, n, policyBroken);
    }

    public AppStatus withPolicyBroken(boolean broken) {
        return new AppStatus(port, phase, tokens, broken);
    }
}
