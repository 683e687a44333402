package io.taskiter.cli;

import io.taskiter.Field;
import java.util.function.Function;

/**
 * Everything every format needs to know about one field: the JSON/CSV key (the field's), the table
 * header and width, and how to get the value from an element. One description per field is what keeps
 * table, json and csv from disagreeing.
 *
 * @param width the table width; values that are wider push the rest of the row right rather than being cut
 */
record Column<T>(Field field, String header, int width, Align align, Function<? super T, Cell> cell) {

    enum Align { LEFT, RIGHT }

    String key() {
        return field.key();
    }
}
