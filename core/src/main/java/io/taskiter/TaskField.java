package io.taskiter;

import java.util.EnumSet;
import java.util.Set;

/** The fields of {@link Task}, by the names the CLI and JSON use. */
public enum TaskField implements Field {
    TID("tid"), TGID("tgid"), PPID("ppid"), COMM("comm"), STATE("state"),
    UID("uid"), GID("gid"), EUID("euid"), EGID("egid"), KTHREAD("kthread"), THREADS("threads"),
    START_NS("start_ns"), UTIME_NS("utime_ns"), STIME_NS("stime_ns"),
    RSS_BYTES("rss_bytes"), VSZ_BYTES("vsz_bytes"), PIDNS("pidns"), NSTID("nstid"),
    CGROUP("cgroup"), EXE("exe");

    private final String key;

    TaskField(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    /** {@return every field} */
    public static Set<TaskField> all() {
        return EnumSet.allOf(TaskField.class);
    }

    /** {@return the field of that key, or null} */
    public static TaskField ofKey(String key) {
        for (TaskField f : values()) {
            if (f.key.equals(key)) return f;
        }
        return null;
    }
}
