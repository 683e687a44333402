package io.taskiter;

import io.taskiter.testing.Workload;
import io.taskiter.testing.Workload.FileInfo;
import io.taskiter.testing.Workload.ProcessInfo;
import io.taskiter.testing.Workload.TaskInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every engine must give on a real workload, asserted against the exact values the workload
 * read back with syscalls: every scope, every file type, the table-sharing rule, the pid namespace.
 */
abstract class EngineContract {
    static Workload w;

    abstract TaskSource source();

    @BeforeAll
    static void startWorkload() {
        w = Workload.start(Workload.Spec.defaults().extraProcesses(3, 4));
    }

    @AfterAll
    static void stopWorkload() {
        w.close();
    }

    private List<Task> tasks(Scope s) throws IOException {
        return source().list(Query.tasks().withScope(s));
    }

    private List<OpenFile> files(Scope s) throws IOException {
        return source().list(Query.files().withScope(s));
    }

    /** The values a task must have, for the fields that do not move while the workload blocks. */
    private static Task expected(ProcessInfo p, TaskInfo t) {
        return new Task(t.tid(), t.tgid(), p.ppid(), t.comm(), null, p.uid(), p.gid(), p.euid(), p.egid(), false,
                p.threads().size(), null, null, null, null, null, p.pidns(), t.nstid(), null, null);
    }

    private static Task stable(Task t) {
        return new Task(t.tid(), t.tgid(), t.ppid(), t.comm(), null, t.uid(), t.gid(), t.euid(), t.egid(), t.kthread(),
                t.threads(), null, null, null, null, null, t.pidns(), t.nstid(), null, null);
    }

    private static long startTicks(int tid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + tid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[22 - 3]);
    }

    @Test
    void everyTaskOfTheWorkloadWithExactValues() throws IOException {
        List<Task> all = tasks(Scope.all());
        Name exe = Name.of(Workload.binary().toString());
        String cgroup = ownCgroup();
        for (ProcessInfo p : w.processes()) {
            for (TaskInfo t : p.threads()) {
                List<Task> found = all.stream().filter(x -> x.tid() == t.tid()).toList();
                assertThat(found).as("%s %s", p.role(), t.role()).hasSize(1);
                Task got = found.getFirst();
                assertThat(stable(got)).as("%s %s", p.role(), t.role()).isEqualTo(expected(p, t));
                if (p.state() != null) assertThat(got.state()).isEqualTo(p.state());
                else assertThat(got.state()).isIn(TaskState.SLEEPING, TaskState.RUNNING);
                assertThat(got.startNs()).isEqualTo(startTicks(t.tid()) * 10_000_000L);
                assertThat(got.cgroup()).isEqualTo(cgroup);
                if (p.state() == TaskState.ZOMBIE) {
                    assertThat(got.exe()).isNull();
                    assertThat(got.rssBytes()).isZero();
                    assertThat(got.vszBytes()).isZero();
                } else {
                    assertThat(got.exe()).isEqualTo(exe);
                    assertThat(got.rssBytes()).isPositive();
                    assertThat(got.vszBytes()).isGreaterThan(got.rssBytes());
                }
                assertThat(got.utimeNs()).isNotNull().isNotNegative();
                assertThat(got.stimeNs()).isNotNull().isNotNegative();
            }
        }
    }

    private static String ownCgroup() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            if (line.startsWith("0::")) return line.substring(3);
        }
        return null;
    }

    @Test
    void theAllWalkIsInAscendingTidOrder() throws IOException {
        List<Integer> tids = tasks(Scope.all()).stream().map(Task::tid).toList();
        assertThat(tids).isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates();
        assertThat(tids).containsAll(w.tids());
        assertThat(tids).contains(2); // kthreadd: kernel threads are tasks too
    }

    @Test
    void tgidScopeGivesTheLeaderThenThreadsInCreationOrder() throws IOException {
        for (ProcessInfo p : w.processes()) {
            if (p.pidns() != w.main().pidns()) continue;
            assertThat(tasks(Scope.tgid(p.pid()))).extracting(Task::tid).as(p.role()).containsExactlyElementsOf(p.tids());
        }
        assertThat(tasks(Scope.pidfd(w.handle()))).extracting(Task::tid).containsExactlyElementsOf(w.tids());
    }

    @Test
    void tidScopeGivesExactlyThatThread() throws IOException {
        for (TaskInfo t : w.threads()) {
            List<Task> got = tasks(Scope.tid(t.tid()));
            assertThat(got).hasSize(1);
            assertThat(stable(got.getFirst())).isEqualTo(expected(w.main(), t));
        }
        assertThat(w.thread("fifteen").comm().length()).isEqualTo(15);
        assertThat(tasks(Scope.tid(w.thread("space").tid())).getFirst().comm()).isEqualTo(Name.of("has space"));
    }

    @Test
    void stoppedZombieAndNobody() throws IOException {
        assertThat(tasks(Scope.tgid(w.stopped().pid()))).extracting(Task::state).containsOnly(TaskState.STOPPED);
        assertThat(tasks(Scope.tgid(w.zombie().pid()))).extracting(Task::state).containsExactly(TaskState.ZOMBIE);
        Task nobody = tasks(Scope.tid(w.nobody().pid())).getFirst();
        assertThat(List.of(nobody.uid(), nobody.gid(), nobody.euid(), nobody.egid())).containsOnly(65534);
    }

    @Test
    void everyFileOfTheWorkloadWithExactValues() throws IOException {
        List<OpenFile> all = files(Scope.all());
        for (ProcessInfo p : w.processes()) {
            Set<Integer> owners = p.files().stream().map(FileInfo::tid).collect(java.util.stream.Collectors.toSet());
            for (TaskInfo t : p.threads()) {
                List<OpenFile> got = all.stream().filter(f -> f.tid() == t.tid()).toList();
                List<OpenFile> want = p.table(t.tid()).stream().map(FileInfo::toOpenFile).toList();
                // a thread sharing its leader's table shows nothing; a table owner shows its table, exactly
                assertThat(got).as("%s %s", p.role(), t.role()).containsExactlyElementsOf(owners.contains(t.tid()) ? want : List.of());
            }
        }
        assertThat(w.table(w.unsharedThread().tid())).extracting(FileInfo::name).contains("unshared");
        assertThat(w.zombie().files()).isEmpty();
    }

    @Test
    void fileTypesAndPathsAreWhatProcShows() throws IOException {
        List<OpenFile> got = files(Scope.tgid(w.pid()));
        record Expect(String name, FileType type, String pathPrefix) {
        }
        for (Expect e : List.of(new Expect("reg", FileType.REG, "/"), new Expect("dir", FileType.DIR, "/"),
                new Expect("devnull", FileType.CHR, "/dev/null"), new Expect("pipe_r", FileType.FIFO, "pipe:["),
                new Expect("unix_a", FileType.SOCK, "socket:["), new Expect("tcp", FileType.SOCK, "socket:["),
                new Expect("eventfd", FileType.ANON, "anon_inode:[eventfd]"), new Expect("epoll", FileType.ANON, "anon_inode:[eventpoll]"),
                new Expect("inotify", FileType.ANON, "anon_inode:inotify"), new Expect("memfd", FileType.REG, "/memfd:x (deleted)"))) {
            FileInfo f = w.file(e.name());
            OpenFile o = got.stream().filter(x -> x.fd() == f.fd() && x.tid() == w.pid()).findFirst().orElseThrow();
            assertThat(o.type()).as(e.name()).isEqualTo(e.type());
            assertThat(o.path().toString()).as(e.name()).startsWith(e.pathPrefix());
        }
        OpenFile reg = got.stream().filter(x -> x.fd() == w.file("reg").fd()).findFirst().orElseThrow();
        assertThat(reg.pos()).isEqualTo(1234);
        assertThat(got.stream().filter(x -> x.fd() == w.file("deleted").fd()).findFirst().orElseThrow().path().toString()).endsWith(" (deleted)");
        assertThat(got.stream().filter(x -> x.fd() == w.file("newline").fd()).findFirst().orElseThrow().path().toString()).contains("\n");
        assertThat(got.stream().filter(x -> x.fd() == w.file("cloexec").fd()).findFirst().orElseThrow().flags() & 02000000).isNotZero();
        assertThat(got.stream().filter(x -> x.fd() == w.file("append").fd()).findFirst().orElseThrow().flags() & 02000).isNotZero();
    }

    @Test
    void tgidFilesGiveTheLeadersTableThenTheUnsharedOne() throws IOException {
        List<OpenFile> want = new ArrayList<>();
        want.addAll(w.table(w.pid()).stream().map(FileInfo::toOpenFile).toList());
        want.addAll(w.table(w.unsharedThread().tid()).stream().map(FileInfo::toOpenFile).toList());
        assertThat(files(Scope.tgid(w.pid()))).containsExactlyElementsOf(want);
        assertThat(files(Scope.pidfd(w.handle()))).containsExactlyElementsOf(want);
    }

    @Test
    void tidFilesListTheNamedThreadsTableSharedOrNot() throws IOException {
        int sharing = w.thread("space").tid();
        List<OpenFile> leaders = w.table(w.pid()).stream().map(FileInfo::toOpenFile).toList();
        assertThat(files(Scope.tid(sharing))).extracting(OpenFile::tid).containsOnly(sharing);
        assertThat(files(Scope.tid(sharing))).extracting(OpenFile::fd).containsExactlyElementsOf(leaders.stream().map(OpenFile::fd).toList());
        int unshared = w.unsharedThread().tid();
        assertThat(files(Scope.tid(unshared))).containsExactlyElementsOf(w.table(unshared).stream().map(FileInfo::toOpenFile).toList());
        assertThat(files(Scope.tid(w.zombie().pid()))).isEmpty();
    }

    @Test
    void aPidNamespaceSeenFromInside() throws IOException {
        Workload.PidNamespace ns = w.namespace();
        Query<Task> inside = Query.tasks().inNamespaceOf(ns.init().pid());
        List<Task> got = source().list(inside);
        List<Task> want = new ArrayList<>();
        for (ProcessInfo p : List.of(ns.init(), ns.child())) {
            for (TaskInfo t : p.threads()) {
                want.add(new Task(t.nstid(), p.nspid(), p.nsppid(), t.comm(), null, p.uid(), p.gid(), p.euid(), p.egid(),
                        false, p.threads().size(), null, null, null, null, null, ns.inode(), t.nstid(), null, null));
            }
        }
        want.sort(Comparator.comparingInt(Task::tid));
        assertThat(got.stream().map(EngineContract::stable).toList()).containsExactlyElementsOf(want);
        assertThat(want.getFirst().tid()).isEqualTo(1);
        assertThat(want.getFirst().ppid()).isZero();

        assertThat(source().list(inside.withScope(Scope.tid(2)))).extracting(Task::tid).containsExactly(2);
        assertThat(source().list(inside.withScope(Scope.tgid(2)))).extracting(Task::tid)
                .containsExactlyElementsOf(ns.child().threads().stream().map(TaskInfo::nstid).toList());
        assertThat(source().list(inside.withScope(Scope.tid(ns.child().threads().getLast().nstid()))))
                .extracting(Task::tgid).containsExactly(2);

        List<OpenFile> files = source().list(Query.files().inNamespaceOf(ns.init().pid()));
        assertThat(files).extracting(OpenFile::tgid).containsOnly(1, 2);
        assertThat(files.stream().filter(f -> f.tgid() == 1).toList()).extracting(OpenFile::fd)
                .containsExactlyElementsOf(ns.init().files().stream().map(FileInfo::fd).toList());
        assertThat(files).isSortedAccordingTo(Comparator.comparingInt(OpenFile::tid).thenComparingInt(OpenFile::fd));
    }

    @Test
    void whatDoesNotExistIsSaidNotWalked() {
        assertThatThrownBy(() -> tasks(Scope.tid(4_000_000))).isInstanceOf(NoSuchTaskException.class);
        assertThatThrownBy(() -> tasks(Scope.tgid(4_000_000))).isInstanceOf(NoSuchTaskException.class);
        assertThatThrownBy(() -> tasks(Scope.tgid(w.thread("space").tid()))).isInstanceOf(NoSuchTaskException.class)
                .hasMessageContaining("thread of process " + w.pid());
        assertThatThrownBy(() -> source().list(Query.tasks().inNamespaceOf(4_000_000))).isInstanceOf(NoSuchTaskException.class);
        int init = w.namespace().init().pid();
        assertThatThrownBy(() -> source().list(Query.tasks().inNamespaceOf(init).withScope(Scope.tid(99))))
                .isInstanceOf(NoSuchTaskException.class);
    }

    @Test
    void projectionFillsOnlyTheFieldsAskedFor() throws IOException {
        List<Task> got = source().list(Query.tasks().withScope(Scope.tgid(w.pid()))
                .withFields(EnumSet.of(TaskField.TID, TaskField.COMM)));
        assertThat(got).extracting(Task::comm).containsExactlyElementsOf(w.threads().stream().map(TaskInfo::comm).toList());
        assertThat(got).allSatisfy(t -> {
            assertThat(t.ppid()).isNull();
            assertThat(t.exe()).isNull();
            assertThat(t.uid()).isNull();
        });
        List<OpenFile> files = source().list(Query.files().withScope(Scope.tid(w.pid())).withFields(EnumSet.of(FileField.FD)));
        assertThat(files).allSatisfy(f -> assertThat(f.path()).isNull());
    }
}
