package dev.wharf.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the results chart with Java2D (headless): compute time relative to wasmtime per kernel, and
 * start-up wall time per module and runner. Plain grouped bars with the goal lines drawn in.
 */
final class Chart {
    private Chart() {}

    record Group(String label, double[] values) {}

    record Panel(String title, String axis, List<String> series, List<Group> groups, double[] marks, String[] markLabels) {}

    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd)};

    static void write(Path png, String title, List<Panel> panels) throws IOException {
        int panelW = 640, h = 560;
        var img = new BufferedImage(panelW * panels.size(), h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 16, 24);
        for (int i = 0; i < panels.size(); i++) {
            drawPanel(g, panels.get(i), i * panelW, 40, panelW, h - 40);
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static void drawPanel(Graphics2D g, Panel p, int x0, int y0, int w, int h) {
        int left = x0 + 70, right = x0 + w - 20, top = y0 + 40, bottom = y0 + h - 90;
        double max = 0;
        for (Group gr : p.groups()) {
            for (double v : gr.values()) {
                max = Math.max(max, v);
            }
        }
        for (double m : p.marks()) {
            max = Math.max(max, m);
        }
        max = niceCeiling(max * 1.08);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.BLACK);
        g.drawString(p.title(), x0 + 16, y0 + 16);
        // axis and grid
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int t = 0; t <= 5; t++) {
            double v = max * t / 5;
            int y = bottom - (int) ((bottom - top) * v / max);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = v >= 100 ? String.format("%.0f", v) : String.format("%.2g", v);
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, top, left, bottom);
        g.drawLine(left, bottom, right, bottom);
        var saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(p.axis(), -(top + bottom) / 2 - g.getFontMetrics().stringWidth(p.axis()) / 2, x0 + 18);
        g.setTransform(saved);
        // bars
        int groups = p.groups().size(), series = p.series().size();
        double slot = (right - left) / (double) groups;
        double barW = slot * 0.8 / series;
        for (int i = 0; i < groups; i++) {
            Group gr = p.groups().get(i);
            for (int s = 0; s < series; s++) {
                double v = gr.values()[s];
                if (Double.isNaN(v)) {
                    continue;
                }
                int bx = (int) (left + i * slot + slot * 0.1 + s * barW);
                int by = bottom - (int) ((bottom - top) * v / max);
                g.setColor(PALETTE[s % PALETTE.length]);
                g.fillRect(bx, by, Math.max(1, (int) barW - 1), bottom - by);
            }
            g.setColor(Color.BLACK);
            String label = gr.label();
            int lx = (int) (left + i * slot + slot / 2 - g.getFontMetrics().stringWidth(label) / 2.0);
            g.drawString(label, lx, bottom + 14);
        }
        // goal and reference lines
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        for (int m = 0; m < p.marks().length; m++) {
            int y = bottom - (int) ((bottom - top) * p.marks()[m] / max);
            g.setColor(Color.RED.darker());
            g.drawLine(left, y, right, y);
            // alternate sides so labels of nearby lines do not overprint each other
            int lw = g.getFontMetrics().stringWidth(p.markLabels()[m]);
            g.drawString(p.markLabels()[m], m % 2 == 0 ? left + 4 : right - lw - 4, y - 4);
        }
        g.setStroke(new BasicStroke());
        // legend
        int lx = left, ly = bottom + 40;
        for (int s = 0; s < series; s++) {
            int itemW = 24 + g.getFontMetrics().stringWidth(p.series().get(s));
            if (lx + itemW > right && lx > left) {
                lx = left;
                ly += 18;
            }
            g.setColor(PALETTE[s % PALETTE.length]);
            g.fillRect(lx, ly - 10, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(p.series().get(s), lx + 16, ly);
            lx += itemW;
        }
    }

    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * mag >= v) {
                return step * mag;
            }
        }
        return 10 * mag;
    }
}
