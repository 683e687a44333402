package io.taskiter;

/** A field of a walked element; {@link #key()} is its name in the CLI and in JSON. */
public sealed interface Field permits TaskField, FileField {
    String key();
}
