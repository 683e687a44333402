package io.taskiter;

/** What a walk visits: the kernel's iterator targets. */
public enum Target {
    /** every task (thread) */
    TASK("task"),
    /** every open fd of every fd table, a table shared by threads once, under its owner */
    TASK_FILE("task_file");

    private final String kernelName;

    Target(String kernelName) {
        this.kernelName = kernelName;
    }

    /** {@return the kernel's name of the target (bpf_iter_NAME)} */
    public String kernelName() {
        return kernelName;
    }
}
