package io.taskiter;

import java.util.Objects;

/**
 * Which tasks a walk visits (the kernel's iterator link parameters). Numbers are read in the walk's
 * pid namespace ({@link Query#inNamespaceOf(int)}), the caller's by default.
 */
public sealed interface Scope {
    /** Every task of the namespace, ascending tid, threads of different processes interleaved. */
    record All() implements Scope {
    }

    /** Exactly one thread (any thread, leader or not). */
    record Tid(int tid) implements Scope {
        public Tid {
            requirePositive("tid", tid);
        }
    }

    /** Every thread of one process: the leader first, then the others in creation order. */
    record Tgid(int pid) implements Scope {
        public Tgid {
            requirePositive("pid", pid);
        }
    }

    /**
     * Like {@link Tgid}, but bound to one process rather than a number: the engine holds a pidfd
     * ({@code pidfd_open(2)}) for the walk and never reports a process that reused the number. The
     * handle's identity (pid and start time) is checked when the pidfd is opened.
     */
    record Pidfd(ProcessHandle process) implements Scope {
        public Pidfd {
            Objects.requireNonNull(process, "process");
        }
    }

    static Scope all() {
        return new All();
    }

    static Scope tid(int tid) {
        return new Tid(tid);
    }

    static Scope tgid(int pid) {
        return new Tgid(pid);
    }

    static Scope pidfd(ProcessHandle process) {
        return new Pidfd(process);
    }

    private static void requirePositive(String what, int n) {
        if (n <= 0) throw new IllegalArgumentException(what + " must be a positive number, not " + n);
    }
}
