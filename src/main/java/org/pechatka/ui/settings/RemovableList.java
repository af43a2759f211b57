package org.pechatka.ui.settings;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.pechatka.ui.common.Views;

/**
 * The wiring the Settings lists share (trusted sites, token modules): entries some of which may be
 * removed, with the Remove button and the Delete key acting on the selection, and a note saying why
 * a selected entry cannot be removed; and the field with its Add button below the list. One place,
 * so both lists answer the keyboard and the mouse the same way.
 */
final class RemovableList {

    private RemovableList() {}

    /**
     * Fills {@code list} and wires Remove and Delete.
     *
     * @param placeholder  what the empty list says
     * @param removable    whether an entry may be removed (the button is disabled otherwise)
     * @param readOnlyNote the note for a selected entry that may not be removed
     * @param remove       removes an entry (only ever called with a removable one)
     */
    static <T> void wire(ListView<T> list, ObservableList<T> items, Supplier<ListCell<T>> cells, String placeholder,
            Button removeButton, Label selectionNote, Predicate<T> removable, Function<T, String> readOnlyNote,
            Consumer<T> remove) {
        Views.hiddenWhenEmpty(selectionNote);
        list.setItems(items);
        list.setCellFactory(v -> cells.get());
        list.setPlaceholder(new Label(placeholder));
        Consumer<T> selectionChanged = item -> {
            boolean mayRemove = item != null && removable.test(item);
            removeButton.setDisable(!mayRemove);
            selectionNote.setText(item == null || mayRemove ? "" : readOnlyNote.apply(item));
        };
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> selectionChanged.accept(now));
        Runnable removeSelected = () -> {
            T item = list.getSelectionModel().getSelectedItem();
            if (item != null && removable.test(item)) {
                remove.accept(item);
            }
        };
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE) {
                e.consume();
                removeSelected.run();
            }
        });
        removeButton.setOnAction(e -> removeSelected.run());
        selectionChanged.accept(null);
    }

    /** The field below the list: bound to {@code text}; Enter in it and the Add button both run {@code add}. */
    static void addField(TextField input, StringProperty text, Button addButton, Runnable add) {
        input.textProperty().bindBidirectional(text);
        input.setOnAction(e -> add.run());
        addButton.setOnAction(e -> add.run());
    }
}
