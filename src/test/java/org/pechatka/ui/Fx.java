package org.pechatka.ui;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;

/** Small helpers for window tests: run on the JavaFX thread, wait for a condition, find windows, save pictures. */
public final class Fx {

    public static final Path SHOTS = Path.of("target/screenshots");

    private Fx() {}

    /** Runs {@code c} on the JavaFX thread (directly when already on it) and returns its result, waiting up to 20 s. */
    public static <T> T on(Callable<T> c) throws Exception {
        if (Platform.isFxApplicationThread()) {
            return c.call();
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(20, TimeUnit.SECONDS);
    }

    /** Runs {@code r} on the JavaFX thread and waits for it. */
    public static void run(Runnable r) throws Exception {
        on(() -> {
            r.run();
            return null;
        });
    }

    /** Waits (up to 20 s) until {@code condition} holds on the JavaFX thread. */
    public static void await(String what, BooleanSupplier condition) throws Exception {
        for (int i = 0; i < 400; i++) {
            if (on(condition::getAsBoolean)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    /** The showing Pechatka windows whose title contains {@code part}. */
    public static java.util.List<Stage> windows(String part) throws Exception {
        return on(() -> Window.getWindows().stream()
                .filter(w -> w instanceof Stage s && s.isShowing() && s.getTitle() != null
                        && s.getTitle().startsWith("Pechatka") && s.getTitle().contains(part))
                .map(w -> (Stage) w).toList());
    }

    /** Waits until a showing window titled with {@code part} has the focus. */
    public static Stage awaitFocused(String part) throws Exception {
        Stage[] found = new Stage[1];
        await("a focused window titled " + part, () -> {
            for (Window w : Window.getWindows()) {
                if (w instanceof Stage s && s.isShowing() && s.isFocused() && s.getTitle() != null
                        && s.getTitle().contains(part)) {
                    found[0] = s;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    @SuppressWarnings("unchecked")
    public static <T extends Node> T lookup(Stage stage, String selector) throws Exception {
        return on(() -> (T) stage.getScene().lookup(selector));
    }

    /** Saves a picture of the scene to target/screenshots/NAME.png (after layout settles). */
    public static Path screenshot(Scene scene, String name) throws Exception {
        Thread.sleep(250);
        Path file = SHOTS.resolve(name + ".png");
        savePng(scene, file);
        return file;
    }

    /** Saves a picture of the scene, as it is now, to {@code file} (PNG; its folder is created). */
    public static void savePng(Scene scene, Path file) throws Exception {
        WritableImage img = on(() -> scene.snapshot(null));
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader r = img.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, r.getArgb(x, y));
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(out, "png", file.toFile());
    }
}
