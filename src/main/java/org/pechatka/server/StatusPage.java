package org.pechatka.server;

/**
 * {@code GET /}: a small self-test page that helps a person accept the local certificate and check
 * their setup. No personal data: status, version, how many sites are trusted, how many tokens are
 * present.
 */
public final class StatusPage {

    /**
     * What the page shows.
     *
     * @param version        the application version
     * @param trustedOrigins how many sites are trusted
     * @param tokens         how many tokens and key files are present
     */
    public record Status(String version, int trustedOrigins, int tokens) {}

    private StatusPage() {}

    static String render(Status s) {
        return """
                <!doctype html>
                <html lang="be">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Pechatka: працуе / works</title>
                <style>
                body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1d2733}
                h1{font-size:1.6rem;margin-bottom:.2rem} .ok{color:#17733a;font-weight:600}
                table{border-collapse:collapse;margin:1rem 0} td{padding:.25rem 1rem .25rem 0}
                td:first-child{color:#5a6675} p.small{color:#5a6675;font-size:.9rem}
                </style>
                </head>
                <body>
                <h1>Pechatka</h1>
                <p class="ok" id="status">✔ Працуе і даступная з гэтага браўзера. / Running and reachable from this browser.</p>
                <table>
                <tr><td>Версія / Version</td><td id="version">%s</td></tr>
                <tr><td>Пратакол / Protocol</td><td>1</td></tr>
                <tr><td>Давераныя сайты / Trusted sites</td><td id="trusted">%d</td></tr>
                <tr><td>Токены / Tokens</td><td id="tokens">%d</td></tr>
                </table>
                <p class="small">Калі вы бачыце гэту старонку без папярэджання браўзера, сертыфікат Pechatka
                давераны. / If this page opened without a browser warning, Pechatka's certificate is trusted.</p>
                </body>
                </html>
                """.formatted(escape(s.version()), s.trustedOrigins(), s.tokens());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
