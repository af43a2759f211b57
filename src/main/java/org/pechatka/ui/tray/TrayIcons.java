package org.pechatka.ui.tray;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;

/**
 * Pechatka's tray icon drawn with Java2D at the exact size the tray host asks for, so it stays
 * crisp at any size and scale: a round seal (the name means "seal"), with an orange dot while a
 * request waits and grey with a red mark when something is wrong.
 */
public final class TrayIcons {

    static final Color SEAL = new Color(0x1d, 0x4f, 0x91);
    static final Color SEAL_PROBLEM = new Color(0x6b, 0x77, 0x85);
    static final Color PENDING_DOT = new Color(0xf0, 0x8c, 0x00);
    static final Color PROBLEM_DOT = new Color(0xd3, 0x2f, 0x2f);

    private TrayIcons() {}

    /** The icon for {@code state}, {@code size} × {@code size} pixels. */
    public static BufferedImage draw(TrayState state, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            double s = size;
            double pad = Math.max(1, s / 16);
            // the seal: a filled disc, a white ring inside it, a white centre
            g.setColor(state == TrayState.PROBLEM ? SEAL_PROBLEM : SEAL);
            g.fill(new Ellipse2D.Double(pad, pad, s - 2 * pad, s - 2 * pad));
            g.setColor(Color.WHITE);
            float ring = (float) Math.max(1, s / 14);
            g.setStroke(new BasicStroke(ring));
            double inset = s * 0.22;
            g.draw(new Ellipse2D.Double(inset, inset, s - 2 * inset, s - 2 * inset));
            double core = s * 0.2;
            g.fill(new Ellipse2D.Double((s - core) / 2, (s - core) / 2, core, core));
            if (state == TrayState.PENDING) {
                dot(g, s, PENDING_DOT, false);
            } else if (state == TrayState.PROBLEM) {
                dot(g, s, PROBLEM_DOT, true);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** A dot in the top-right corner with a white rim, so it reads on dark and light panels. */
    private static void dot(Graphics2D g, double s, Color color, boolean exclamation) {
        double d = s * 0.5;
        double x = s - d;
        double y = 0;
        g.setColor(Color.WHITE);
        g.fill(new Ellipse2D.Double(x, y, d, d));
        double rim = Math.max(1, s / 16);
        g.setColor(color);
        g.fill(new Ellipse2D.Double(x + rim, y + rim, d - 2 * rim, d - 2 * rim));
        if (exclamation && s >= 16) {
            g.setColor(Color.WHITE);
            double w = Math.max(1.5, s / 14);
            double cx = x + d / 2;
            g.fill(new java.awt.geom.Rectangle2D.Double(cx - w / 2, y + d * 0.22, w, d * 0.36));
            g.fill(new java.awt.geom.Rectangle2D.Double(cx - w / 2, y + d * 0.66, w, w));
        }
    }

    /** The same icon as a JavaFX image (window icons, the status window). */
    public static javafx.scene.image.Image fxImage(TrayState state, int size) {
        BufferedImage img = draw(state, size);
        javafx.scene.image.WritableImage fx = new javafx.scene.image.WritableImage(size, size);
        int[] argb = img.getRGB(0, 0, size, size, null, 0, size);
        fx.getPixelWriter().setPixels(0, 0, size, size, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0,
                size);
        return fx;
    }
}
