package io.taskiter.matrix;

import io.taskiter.FileField;
import io.taskiter.NoSuchTaskException;
import io.taskiter.OpenFile;
import io.taskiter.Query;
import io.taskiter.Scope;
import io.taskiter.Task;
import io.taskiter.TaskField;
import io.taskiter.TaskSource;
import io.taskiter.VerifierException;
import io.taskiter.bpf.BpfTaskSource;
import io.taskiter.proc.ProcTaskSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The kernel matrix's checker: starts the test workload, walks it with both engines in every scope
 * and compares the rows field by field. One JVM for everything (a JVM start costs about a second
 * under qemu TCG). Prints one PASS/FAIL line per check and a closing "N passed, M failed" line, which
 * kernels/run reads from the guest's console; exits 1 when a check failed.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp taskiter-core.jar:checker.jar
 * io.taskiter.matrix.Check WORKLOAD_BINARY}
 */
public final class Check {
    private final Manifest m;
    private final ProcessHandle workload;
    private TaskSource bpf;
    private final TaskSource procfs = new ProcTaskSource();
    private final Set<String> logs = new java.util.HashSet<>();
    private int passed, failed;

    private Check(Manifest m, ProcessHandle workload) {
        this.m = m;
        this.workload = workload;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Check WORKLOAD_BINARY");
            System.exit(2);
        }
        // the workload blocks until its stdin closes, then kills and reaps all it created
        Process p = new ProcessBuilder(args[0]).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Check c = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.ISO_8859_1));
            c = new Check(Manifest.read(out), p.toHandle());
            c.run();
        } finally {
            p.getOutputStream().close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        }
        System.out.println("taskiter-matrix: " + c.passed + " passed, " + c.failed + " failed");
        System.exit(c.failed == 0 ? 0 : 1);
    }

    private void run() throws Exception {
        try {
            bpf = BpfTaskSource.open();
        } catch (Exception e) {
            fail("bpf engine opens", e.toString());
            return;
        }
        try {
            tasks();
            files();
            namespace();
            manifest();
            noSuchTask();
        } finally {
            bpf.close();
            procfs.close();
        }
    }

    private void tasks() {
        int main = m.pid("main");
        Set<Integer> ours = m.threads().keySet();
        same("tasks ALL", Query.tasks(), t -> ours.contains(t.tgid()));
        same("tasks TID leader", Query.tasks().withScope(Scope.tid(main)), t -> true);
        same("tasks TID thread", Query.tasks().withScope(Scope.tid(m.tid("space"))), t -> true);
        same("tasks TID unshared thread", Query.tasks().withScope(Scope.tid(m.tid("unshared"))), t -> true);
        same("tasks TGID", Query.tasks().withScope(Scope.tgid(main)), t -> true);
        for (String role : List.of("stopped", "zombie", "nobody")) {
            same("tasks TGID " + role, Query.tasks().withScope(Scope.tgid(m.pid(role))), t -> true);
        }
        same("tasks PIDFD", Query.tasks().withScope(Scope.pidfd(workload)), t -> true);
        same("tasks TGID tid,comm,state", Query.tasks().withScope(Scope.tgid(main))
                .withFields(EnumSet.of(TaskField.TID, TaskField.COMM, TaskField.STATE)), t -> true);
    }

    private void files() {
        int main = m.pid("main");
        Set<Integer> ours = m.threads().keySet();
        same("files ALL", Query.files(), f -> ours.contains(f.tgid()));
        same("files TID leader", Query.files().withScope(Scope.tid(main)), f -> true);
        same("files TID thread", Query.files().withScope(Scope.tid(m.tid("space"))), f -> true);
        same("files TID unshared thread", Query.files().withScope(Scope.tid(m.tid("unshared"))), f -> true);
        same("files TGID", Query.files().withScope(Scope.tgid(main)), f -> true);
        same("files PIDFD", Query.files().withScope(Scope.pidfd(workload)), f -> true);
        same("files TGID fd,type", Query.files().withScope(Scope.tgid(main))
                .withFields(EnumSet.of(FileField.FD, FileField.TYPE)), f -> true);
    }

    /** The child pid namespace seen from inside (Query.inNamespaceOf): its pid 1 and pid 2 (2 threads). */
    private void namespace() {
        int init = m.pid("nsinit");
        int childThread = m.nstids().get(m.threads().get(m.pid("nschild")).getLast());
        Query<Task> tasks = Query.tasks().inNamespaceOf(init);
        Query<OpenFile> files = Query.files().inNamespaceOf(init);
        same("pidns tasks ALL", tasks, t -> true);
        same("pidns tasks TID 2", tasks.withScope(Scope.tid(2)), t -> true);
        same("pidns tasks TGID 2", tasks.withScope(Scope.tgid(2)), t -> true);
        same("pidns tasks TID thread", tasks.withScope(Scope.tid(childThread)), t -> true);
        same("pidns files ALL", files, f -> true);
        same("pidns files TGID 2", files.withScope(Scope.tgid(2)), f -> true);
    }

    /** What the kernel's walk must give, from the workload's own account: not only what procfs says. */
    private void manifest() {
        int main = m.pid("main"), unshared = m.tid("unshared");
        List<Integer> want = new ArrayList<>(m.tables().get(main));
        want.addAll(m.tables().get(unshared));
        expect("files TGID are the leader's table then the unshared one, once each",
                () -> bpf.list(Query.files().withScope(Scope.tgid(main))),
                rows -> rows.stream().map(OpenFile::fd).toList().equals(want)
                        && rows.stream().filter(f -> f.tid() == unshared).count() == m.tables().get(unshared).size()
                        && rows.stream().allMatch(f -> f.tid() == main || f.tid() == unshared));
        expect("tasks TGID are the leader then the threads in creation order",
                () -> bpf.list(Query.tasks().withScope(Scope.tgid(main))),
                rows -> rows.stream().map(Task::tid).toList().equals(m.threads().get(main)));
    }

    private void noSuchTask() {
        for (TaskSource s : List.of(bpf, procfs)) {
            String name = "no such task (" + s.name() + ")";
            try {
                s.list(Query.tasks().withScope(Scope.tid(4_000_000)));
                fail(name, "a walk of tid 4000000 gave no error");
            } catch (NoSuchTaskException e) {
                pass(name, 0);
            } catch (Exception e) {
                fail(name, e.toString());
            }
        }
    }

    private interface Walker<T> {
        List<T> list() throws Exception;
    }

    private <T> void same(String name, Query<T> q, Predicate<? super T> keep) {
        long t0 = System.nanoTime();
        try {
            // procfs on both sides of bpf would double the time: the tolerances cover what moves
            List<T> want = procfs.list(q).stream().filter(keep).toList();
            List<T> got = bpf.list(q).stream().filter(keep).toList();
            String d = Same.diff(got, want);
            if (want.isEmpty()) fail(name, "no rows to compare");
            else if (d != null) fail(name, d);
            else pass(name + " (" + want.size() + " rows)", t0);
        } catch (Exception e) {
            fail(name, describe(e));
        }
    }

    private <T> void expect(String name, Walker<T> walk, Predicate<List<T>> ok) {
        long t0 = System.nanoTime();
        try {
            List<T> rows = walk.list();
            if (ok.test(rows)) pass(name, t0);
            else fail(name, "got " + rows);
        } catch (Exception e) {
            fail(name, describe(e));
        }
    }

    /** A verifier rejection is the one failure that needs its log to be fixed: print it whole, once. */
    private String describe(Exception e) {
        if (!(e instanceof VerifierException v)) return e.toString();
        if (!logs.add(v.log())) return v.getMessage() + " (verifier log above)";
        return v.getMessage() + "\n--- verifier log ---\n" + v.log();
    }

    private void pass(String name, long t0) {
        passed++;
        long ms = t0 == 0 ? 0 : (System.nanoTime() - t0) / 1_000_000;
        System.out.println("PASS " + name + (ms > 0 ? " " + ms + " ms" : ""));
    }

    private void fail(String name, String why) {
        failed++;
        System.out.println("FAIL " + name + ": " + why);
    }
}
