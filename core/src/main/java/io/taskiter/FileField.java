package io.taskiter;

import java.util.EnumSet;
import java.util.Set;

/** The fields of {@link OpenFile}, by the names the CLI and JSON use. */
public enum FileField implements Field {
    TGID("tgid"), TID("tid"), FD("fd"), TYPE("type"), PATH("path"), FLAGS("flags"), POS("pos"),
    INODE("inode"), DEV("dev"), SIZE("size");

    private final String key;

    FileField(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    /** {@return every field} */
    public static Set<FileField> all() {
        return EnumSet.allOf(FileField.class);
    }

    /** {@return the field of that key, or null} */
    public static FileField ofKey(String key) {
        for (FileField f : values()) {
            if (f.key.equals(key)) return f;
        }
        return null;
    }
}
