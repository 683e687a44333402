package io.taskiter.bpf;

import io.taskiter.FileField;
import io.taskiter.OpenFile;
import io.taskiter.Query;
import io.taskiter.SyscallException;
import io.taskiter.Walk;
import io.taskiter.internal.sys.Processes;

import java.io.IOException;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;

/**
 * Whether the kernel's own TGID file walk lists a thread that has an fd table of its own. Before
 * Linux 6.7 (c12e785e8648, not in 6.1.y) it decides whether to skip a thread by the previous
 * thread's table, and so drops such a thread when it follows one sharing the leader's table.
 * Behavioural, on this JVM: a new thread (the last of the list, after threads that share) unshares
 * its table and waits while this process is walked.
 */
final class TableProbe {
    private TableProbe() {
    }

    /** {@return true when the walk listed the thread}; false also when the probe could not be made */
    static boolean tgidWalkListsOwnTables(Programs programs, BpfTaskSource.View caller) throws IOException {
        int me = (int) ProcessHandle.current().pid();
        CountDownLatch ready = new CountDownLatch(1), done = new CountDownLatch(1);
        int[] tid = {0};
        boolean[] unshared = {false};
        Thread t = Thread.ofPlatform().daemon().name("taskiter-table-probe").start(() -> {
            tid[0] = Processes.gettid();
            try {
                // from here on this thread opens nothing: the JVM would not find it in its own table
                Processes.unshareFiles();
                unshared[0] = true;
            } catch (SyscallException e) {
                // not probed: the caller takes the way that is right on every kernel
            }
            ready.countDown();
            await(done);
        });
        try {
            await(ready);
            if (!unshared[0]) return false;
            Query<OpenFile> q = Query.files().withFields(EnumSet.of(FileField.FD));
            try (Walk<OpenFile> w = programs.walk(q, caller, 0, me, null)) {
                boolean listed = false;
                for (OpenFile f = w.next(); f != null; f = w.next()) listed |= f.tid() == tid[0];
                return listed;
            }
        } finally {
            done.countDown();
            uninterruptibly(t::join);
        }
    }

    private interface Blocking {
        void run() throws InterruptedException;
    }

    private static void await(CountDownLatch latch) {
        uninterruptibly(latch::await);
    }

    /** The probe thread must not outlive the probe: waits on, then keeps the interrupt for the caller. */
    private static void uninterruptibly(Blocking b) {
        boolean interrupted = false;
        while (true) {
            try {
                b.run();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
