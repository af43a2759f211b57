package org.pechatka.platform;

import java.nio.file.Path;

/**
 * A process for {@link SingleInstanceTest}: claims the instance of the directory in args[0]; the
 * first prints "first" and then "focus" each time a later start asks, until killed; a later start
 * prints "second focused=<true|false>" and exits.
 */
public final class SingleInstanceProbe {

    private SingleInstanceProbe() {}

    public static void main(String[] args) throws Exception {
        SingleInstance.Claim c = SingleInstance.claim(Path.of(args[0]), () -> {
            System.out.println("focus");
            System.out.flush();
        });
        if (c instanceof SingleInstance.Second s) {
            System.out.println("second focused=" + s.focused());
            return;
        }
        System.out.println("first");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
