package org.pechatka.server;

/** What the server tells the rest of the app (the tray shows it). */
public interface ServerEvents {

    /** A page from an origin that is not trusted tried to connect (origin as sent, or "(none)"). */
    void originBlocked(String origin);

    /** Logs only. */
    static ServerEvents logging() {
        System.Logger log = System.getLogger(ServerEvents.class.getName());
        return origin -> log.log(System.Logger.Level.INFO, "blocked a request from {0}", origin);
    }
}
