import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.pechatka.ui.tray.TrayIcons;
import org.pechatka.ui.tray.TrayState;

/**
 * Writes Pechatka's icon (the tray's seal, drawn by {@link TrayIcons}) as PNG files for the
 * installers, so the menus, the window list and the tray show one picture. Run with the source
 * launcher and the built classes on the class path:
 * {@code java -Djava.awt.headless=true -cp target/classes MakeIcon.java OUT_DIR 256 128 48}.
 */
public final class MakeIcon {

    private MakeIcon() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        java.nio.file.Files.createDirectories(out);
        for (int i = 1; i < args.length; i++) {
            int size = Integer.parseInt(args[i]);
            BufferedImage img = TrayIcons.draw(TrayState.IDLE, size);
            ImageIO.write(img, "png", out.resolve("pechatka-" + size + ".png").toFile());
        }
    }
}
