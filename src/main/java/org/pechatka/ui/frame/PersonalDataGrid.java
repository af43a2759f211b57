package org.pechatka.ui.frame;

import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import org.pechatka.ui.common.Messages;

/**
 * The personal data a site asks for, as the picker and the consent window both show it: a row per
 * attribute with its name and the value sent, or "not in this certificate" when the certificate
 * lacks it. The value labels carry the id {@code attribute-<protocol name>}. Texts {@code data.line}
 * and {@code data.missing} come from the screen's messages.
 */
public final class PersonalDataGrid {

    private PersonalDataGrid() {}

    /**
     * Replaces the rows of {@code grid} with {@code lines}.
     *
     * @param valueStyle the style class the screen gives its value labels (beside {@code value} or
     *                   {@code value-missing})
     */
    public static void fill(GridPane grid, List<AttributeLine> lines, Messages messages, Formats formats,
            String valueStyle) {
        grid.getChildren().clear();
        int row = 0;
        for (AttributeLine line : lines) {
            Label name = fieldLabel(messages.get("data.line", formats.attribute(line.attribute())));
            Label value = new Label(line.value() != null ? line.value() : messages.get("data.missing"));
            value.setId("attribute-" + line.attribute().protocolName());
            value.getStyleClass().addAll(line.value() != null ? "value" : "value-missing", valueStyle);
            value.setWrapText(true);
            grid.addRow(row++, name, value);
        }
    }

    /** The name column's label of a two-column field grid: never squeezed, aligned with its value's first line. */
    public static Label fieldLabel(String text) {
        Label name = new Label(text);
        name.getStyleClass().add("field-label");
        name.setMinWidth(Region.USE_PREF_SIZE);
        GridPane.setValignment(name, VPos.TOP);
        return name;
    }
}
