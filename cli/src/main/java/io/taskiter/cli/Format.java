package io.taskiter.cli;

import java.util.List;

/**
 * An output format: how a header, a row and the end of a walk are written. Rows are written as they
 * come (nothing of the walk is held), so no format may depend on rows it has not seen yet.
 */
sealed interface Format permits Table, JsonLines, Csv {

    List<String> NAMES = List.of("table", "json", "csv");

    /** {@return the format of that name, or null} */
    static Format named(String name) {
        return switch (name) {
            case "table" -> new Table();
            case "json" -> new JsonLines();
            case "csv" -> new Csv();
            default -> null;
        };
    }

    /** Written before the first row, or at the end when there was none. */
    void begin(List<? extends Column<?>> columns, Output out);

    <T> void row(List<Column<T>> columns, T element, Output out);

    /** Written when the walk completed (the program's stop), never when it was abandoned. */
    void end(Subject<?> subject, long count, Output out);
}
