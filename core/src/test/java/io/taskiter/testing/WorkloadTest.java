package io.taskiter.testing;

import io.taskiter.Device;
import io.taskiter.FileType;
import io.taskiter.Name;
import io.taskiter.TaskState;
import io.taskiter.testing.Workload.FileInfo;
import io.taskiter.testing.Workload.PidNamespace;
import io.taskiter.testing.Workload.ProcessInfo;
import io.taskiter.testing.Workload.Spec;
import io.taskiter.testing.Workload.TaskInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The workload's manifest checked against /proc, and its end. */
class WorkloadTest {

    private static final int O_WRONLY = 01;
    private static final int O_RDWR = 02;
    private static final int O_APPEND = 02000;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_CLOEXEC = 02000000;

    @Test
    void theMainProcessAndItsThreadsAreWhatProcShows() throws IOException {
        try (Workload w = Workload.start()) {
            assertThat(w.ppid()).isEqualTo((int) ProcessHandle.current().pid());
            assertThat(w.main().nspid()).isEqualTo(w.pid());
            assertThat(w.handle().pid()).isEqualTo(w.pid());
            assertThat(w.threads()).extracting(TaskInfo::role).containsExactly("leader", "fifteen", "space", "unshared");
            assertThat(w.tids().getFirst()).isEqualTo(w.pid());
            assertThat(taskDir(w.pid())).containsExactlyInAnyOrderElementsOf(w.tids());
            assertThat(w.thread("fifteen").comm()).isEqualTo(Name.of("fifteen_chars15"));
            assertThat(w.thread("fifteen").comm().length()).isEqualTo(15);
            assertThat(w.thread("space").comm()).isEqualTo(Name.of("has space"));
            assertThat(w.thread("leader").comm()).isEqualTo(Name.of("wl-main"));
            assertThat(status(w.pid(), w.pid()).get("Threads")).isEqualTo("4");
            assertThat(w.main().pidns()).isEqualTo(inode(Path.of("/proc/self/ns/pid")));
            for (ProcessInfo p : w.processes()) {
                for (TaskInfo t : p.threads()) {
                    assertThat(t.tgid()).isEqualTo(p.pid());
                    assertThat(comm(p.pid(), t.tid())).as("comm of %s", t).isEqualTo(t.comm());
                    String[] nspid = status(p.pid(), t.tid()).get("NSpid").split("\t");
                    assertThat(nspid[0]).isEqualTo(Integer.toString(t.tid()));
                    assertThat(nspid[nspid.length - 1]).isEqualTo(Integer.toString(t.nstid()));
                }
                if (p.state() != TaskState.ZOMBIE) {
                    assertThat(taskDir(p.pid())).as("threads of %s", p.role()).containsExactlyInAnyOrderElementsOf(p.tids());
                }
                Map<String, String> status = status(p.pid(), p.pid());
                assertThat(status.get("PPid")).isEqualTo(Integer.toString(p.ppid()));
                assertThat(status.get("Uid")).isEqualTo(p.uid() + "\t" + p.euid() + "\t" + p.euid() + "\t" + p.euid());
                assertThat(status.get("Gid")).isEqualTo(p.gid() + "\t" + p.egid() + "\t" + p.egid() + "\t" + p.egid());
            }
        }
    }

    @Test
    void everyFdIsWhatProcShows() throws IOException {
        try (Workload w = Workload.start(Spec.defaults().fds(50))) {
            int files = 0;
            for (ProcessInfo p : w.processes()) {
                for (int owner : p.files().stream().map(FileInfo::tid).distinct().toList()) {
                    Path task = Path.of("/proc/" + p.pid() + "/task/" + owner);
                    assertThat(fdDir(task)).as("table of %d", owner)
                            .containsExactlyElementsOf(p.table(owner).stream().map(FileInfo::fd).toList());
                }
                for (FileInfo f : p.files()) {
                    files++;
                    assertThat(f.tgid()).isEqualTo(p.pid());
                    Path task = Path.of("/proc/" + p.pid() + "/task/" + f.tid());
                    Path link = task.resolve("fd/" + f.fd());
                    assertThat(Name.of(Files.readSymbolicLink(link).toString())).as("path of %s", f).isEqualTo(f.path());
                    Map<String, String> info = fdinfo(task, f.fd());
                    assertThat(Integer.parseInt(info.get("flags"), 8)).as("flags of %s", f).isEqualTo(f.flags());
                    assertThat(Long.parseLong(info.get("pos"))).as("pos of %s", f).isEqualTo(f.pos());
                    assertThat(f.fcntlFlags()).as("fcntl flags of %s", f).isEqualTo(f.flags());
                    assertThat(Files.getAttribute(link, "unix:ino")).as("inode of %s", f).isEqualTo(f.inode());
                    assertThat(Device.ofUser((Long) Files.getAttribute(link, "unix:dev"))).isEqualTo(f.dev());
                    assertThat(Files.getAttribute(link, "unix:size")).isEqualTo(f.size());
                    assertThat(Files.getAttribute(link, "unix:mode")).isEqualTo(f.mode());
                    assertThat(f.toOpenFile().type()).isEqualTo(f.type());
                }
            }
            assertThat(files).isGreaterThan(80);
        }
    }

    @Test
    void theFileSetHasEveryType() throws IOException {
        try (Workload w = Workload.start(Spec.minimal().fileSet(true).unsharedThread(true))) {
            int pid = w.pid();
            Path tmp = w.tmpDir();
            assertThat(w.table(pid)).extracting(FileInfo::name).containsExactly("stdin", "stdout", "stderr",
                    "reg", "append", "deleted", "newline", "dir", "devnull", "pipe_r", "pipe_w", "unix_a", "unix_b",
                    "tcp", "udp", "eventfd", "epoll", "timerfd", "signalfd", "inotify", "memfd", "cloexec");
            assertThat(w.table(pid)).extracting(FileInfo::fd).isSorted().doesNotHaveDuplicates();

            FileInfo reg = w.file("reg");
            assertThat(reg.type()).isEqualTo(FileType.REG);
            assertThat(reg.path()).isEqualTo(Name.of(tmp + "/reg.bin"));
            assertThat(reg.pos()).isEqualTo(1234);
            assertThat(reg.size()).isEqualTo(4096);
            assertThat(reg.flags() & 3).isEqualTo(O_RDWR);
            assertThat(reg.inode()).isEqualTo(inode(tmp.resolve("reg.bin")));
            assertThat(w.file("append").flags() & (3 | O_APPEND)).isEqualTo(O_WRONLY | O_APPEND);
            assertThat(w.file("append").pos()).isEqualTo(14);
            assertThat(w.file("deleted").path()).isEqualTo(Name.of(tmp + "/deleted.txt (deleted)"));
            assertThat(w.file("deleted").size()).isEqualTo(100);
            assertThat(w.file("deleted").pos()).isEqualTo(10);
            assertThat(w.file("newline").path()).isEqualTo(Name.of(tmp + "/new\nline.txt"));
            assertThat(w.file("dir").type()).isEqualTo(FileType.DIR);
            assertThat(w.file("dir").flags() & O_DIRECTORY).isEqualTo(O_DIRECTORY);
            assertThat(w.file("devnull").type()).isEqualTo(FileType.CHR);
            assertThat(w.file("devnull").path()).isEqualTo(Name.of("/dev/null"));
            assertThat(w.file("devnull").dev()).isNotEqualTo(new Device(1, 3));
            for (String pipe : List.of("pipe_r", "pipe_w")) {
                FileInfo f = w.file(pipe);
                assertThat(f.type()).isEqualTo(FileType.FIFO);
                assertThat(f.path()).isEqualTo(Name.of("pipe:[" + f.inode() + "]"));
            }
            assertThat(w.file("pipe_r").inode()).isEqualTo(w.file("pipe_w").inode());
            assertThat(w.file("pipe_w").flags() & 3).isEqualTo(O_WRONLY);
            for (String sock : List.of("unix_a", "unix_b", "tcp", "udp")) {
                FileInfo f = w.file(sock);
                assertThat(f.type()).isEqualTo(FileType.SOCK);
                assertThat(f.path()).isEqualTo(Name.of("socket:[" + f.inode() + "]"));
            }
            assertThat(w.file("eventfd").path()).isEqualTo(Name.of("anon_inode:[eventfd]"));
            assertThat(w.file("epoll").path()).isEqualTo(Name.of("anon_inode:[eventpoll]"));
            assertThat(w.file("timerfd").path()).isEqualTo(Name.of("anon_inode:[timerfd]"));
            assertThat(w.file("signalfd").path()).isEqualTo(Name.of("anon_inode:[signalfd]"));
            assertThat(w.file("inotify").path()).isEqualTo(Name.of("anon_inode:inotify"));
            for (String anon : List.of("eventfd", "epoll", "timerfd", "signalfd", "inotify")) {
                assertThat(w.file(anon).type()).as(anon).isEqualTo(FileType.ANON);
            }
            assertThat(w.file("memfd").path()).isEqualTo(Name.of("/memfd:x (deleted)"));
            assertThat(w.file("memfd").type()).isEqualTo(FileType.REG);
            assertThat(w.file("memfd").size()).isEqualTo(5000);
            assertThat(w.file("memfd").pos()).isEqualTo(6);
            for (FileInfo f : w.files()) {
                assertThat(f.flags() & O_CLOEXEC).as("O_CLOEXEC of %s", f.name())
                        .isEqualTo(f.name().equals("cloexec") ? O_CLOEXEC : 0);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", w.tcpPort()), 2000);
            }
            assertThat(w.udpPort()).isPositive();
        }
    }

    @Test
    void theUnsharedThreadOwnsATableOfItsOwn() throws IOException {
        try (Workload w = Workload.start(Spec.minimal().fileSet(true).unsharedThread(true))) {
            TaskInfo tu = w.unsharedThread();
            assertThat(tu.tid()).isNotEqualTo(w.pid());
            List<FileInfo> own = w.table(tu.tid());
            assertThat(own).extracting(FileInfo::name).containsExactly("stdin", "stdout", "stderr", "unshared");
            assertThat(own).extracting(FileInfo::fd).containsExactly(0, 1, 2, 3);
            assertThat(own.getLast().path()).isEqualTo(Name.of(w.tmpDir() + "/unshared.txt"));
            assertThat(fdDir(Path.of("/proc/" + w.pid() + "/task/" + tu.tid()))).containsExactly(0, 1, 2, 3);
            // fd 3 of the leader's table is another file; fds 0-2 are the same open files
            assertThat(w.table(w.pid()).get(3).name()).isEqualTo("reg");
            assertThat(w.table(w.pid()).subList(0, 3)).extracting(FileInfo::inode)
                    .containsExactlyElementsOf(own.subList(0, 3).stream().map(FileInfo::inode).toList());
            assertThat(w.files()).hasSize(w.table(w.pid()).size() + 4);
        }
    }

    @Test
    void theChildrenAreStoppedZombieAndNobody() throws IOException {
        try (Workload w = Workload.start(Spec.minimal().children(true))) {
            ProcessInfo stopped = w.stopped();
            ProcessInfo zombie = w.zombie();
            ProcessInfo nobody = w.nobody();
            assertThat(stopped.state()).isEqualTo(TaskState.STOPPED);
            assertThat(state(stopped.pid())).isEqualTo('T');
            assertThat(zombie.state()).isEqualTo(TaskState.ZOMBIE);
            assertThat(state(zombie.pid())).isEqualTo('Z');
            assertThat(zombie.files()).isEmpty();
            assertThat(zombie.leader().comm()).isEqualTo(Name.of("wl-zombie"));
            assertThat(nobody.state()).isNull();
            assertThat(List.of(nobody.uid(), nobody.gid(), nobody.euid(), nobody.egid())).containsOnly(65534);
            assertThat(status(nobody.pid(), nobody.pid()).get("Uid")).isEqualTo("65534\t65534\t65534\t65534");
            assertThat(status(nobody.pid(), nobody.pid()).get("Gid")).isEqualTo("65534\t65534\t65534\t65534");
            for (ProcessInfo child : List.of(stopped, zombie, nobody)) {
                assertThat(child.ppid()).isEqualTo(w.pid());
                assertThat(child.threads()).hasSize(1);
            }
            assertThat(nobody.files()).extracting(FileInfo::name).containsExactly("stdin", "stdout", "stderr");
            assertThat(w.pids()).containsExactly(w.pid(), stopped.pid(), zombie.pid(), nobody.pid());
            assertThatThrownBy(w::namespace).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void thePidNamespaceHasItsInitAndAChildOfTwoThreads() throws IOException {
        try (Workload w = Workload.start(Spec.minimal().pidNamespace(true))) {
            PidNamespace ns = w.namespace();
            assertThat(ns.inode()).isEqualTo(inode(Path.of("/proc/" + ns.init().pid() + "/ns/pid")))
                    .isNotEqualTo(w.main().pidns());
            assertThat(ns.child().pidns()).isEqualTo(ns.inode());
            assertThat(ns.init().nspid()).isEqualTo(1);
            assertThat(ns.init().nsppid()).isZero();
            assertThat(ns.init().ppid()).isEqualTo(w.pid());
            assertThat(ns.child().nspid()).isEqualTo(2);
            assertThat(ns.child().nsppid()).isEqualTo(1);
            assertThat(ns.child().ppid()).isEqualTo(ns.init().pid());
            assertThat(ns.child().threads()).extracting(TaskInfo::nstid).containsExactly(2, 3);
            assertThat(ns.child().threads()).extracting(TaskInfo::comm)
                    .containsExactly(Name.of("wl-nschild"), Name.of("wl-nsthread"));
            assertThat(lastNsPid(ns.init().pid(), ns.init().pid())).isEqualTo("1");
            assertThat(lastNsPid(ns.child().pid(), ns.child().pid())).isEqualTo("2");
            assertThat(lastNsPid(ns.child().pid(), ns.child().tids().get(1))).isEqualTo("3");
        }
    }

    @Test
    void extraProcessesHaveTheirThreads() throws IOException {
        try (Workload w = Workload.start(Spec.minimal().extraProcesses(3, 4))) {
            assertThat(w.extras()).hasSize(3);
            for (ProcessInfo p : w.extras()) {
                assertThat(p.ppid()).isEqualTo(w.pid());
                assertThat(p.threads()).hasSize(4);
                assertThat(taskDir(p.pid())).containsExactlyInAnyOrderElementsOf(p.tids());
            }
            ProcessInfo victim = w.extras().get(1);
            w.kill(victim.pid());
            assertThat(w.exists(victim.pid())).isFalse();
            assertThat(Files.exists(Path.of("/proc/" + victim.pid()))).isFalse();
            assertThat(w.exists(w.extras().get(0).pid())).isTrue();
            assertThat(w.exists(w.extras().get(2).pid())).isTrue();
        }
    }

    @Test
    void theMinimalWorkloadIsOneThreadWithThreeFds() throws IOException {
        try (Workload w = Workload.start(Spec.minimal())) {
            assertThat(w.processes()).hasSize(1);
            assertThat(w.tids()).containsExactly(w.pid());
            assertThat(taskDir(w.pid())).containsExactly(w.pid());
            assertThat(w.files()).extracting(FileInfo::name).containsExactly("stdin", "stdout", "stderr");
            assertThat(w.files()).extracting(FileInfo::type).containsOnly(FileType.FIFO);
            assertThat(fdDir(Path.of("/proc/" + w.pid()))).containsExactly(0, 1, 2);
        }
    }

    @Test
    void extraFdsAreDevNullAndCapped() throws IOException {
        try (Workload w = Workload.start(Spec.minimal().fds(300))) {
            List<FileInfo> nulls = w.files().stream().filter(f -> f.name().startsWith("null.")).toList();
            assertThat(nulls).hasSize(300);
            assertThat(nulls).extracting(FileInfo::path).containsOnly(Name.of("/dev/null"));
            assertThat(nulls.getLast().name()).isEqualTo("null.299");
            assertThat(fdDir(Path.of("/proc/" + w.pid()))).hasSize(303);
        }
        assertThatThrownBy(() -> Workload.start(Spec.minimal().fds(1_000_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RLIMIT_NOFILE");
        assertThatThrownBy(() -> Spec.minimal().fds(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeLeavesNothing() throws IOException {
        Workload w = Workload.start(Spec.defaults().extraProcesses(2, 2));
        List<Integer> pids = w.pids();
        List<Integer> tids = new ArrayList<>();
        w.processes().forEach(p -> tids.addAll(p.tids()));
        Path tmp = w.tmpDir();
        assertThat(pids).hasSize(8);
        assertThat(Files.isDirectory(tmp)).isTrue();
        for (int pid : pids) assertThat(w.exists(pid)).isTrue();
        w.close();
        for (int pid : pids) assertThat(w.exists(pid)).as("process %d", pid).isFalse();
        for (int tid : tids) assertThat(Files.exists(Path.of("/proc/" + tid))).as("task %d", tid).isFalse();
        assertThat(Files.exists(tmp)).isFalse();
        w.close(); // idempotent
    }

    @Test
    void theManifestParserRejectsGarbage() {
        assertThatThrownBy(() -> WorkloadManifest.parse("hello\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkloadManifest.parse("taskiter-workload 1\nproc main 1 2\nend\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkloadManifest.parse("taskiter-workload 1\n")).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- /proc, read directly ----

    private static List<Integer> taskDir(int pid) throws IOException {
        return numbers(Path.of("/proc/" + pid + "/task"));
    }

    private static List<Integer> fdDir(Path task) throws IOException {
        return numbers(task.resolve("fd"));
    }

    private static List<Integer> numbers(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> Integer.parseInt(p.getFileName().toString())).sorted().toList();
        }
    }

    private static Name comm(int pid, int tid) throws IOException {
        byte[] b = Files.readAllBytes(Path.of("/proc/" + pid + "/task/" + tid + "/comm"));
        assertThat(b[b.length - 1]).isEqualTo((byte) '\n');
        return Name.of(b, 0, b.length - 1);
    }

    private static Map<String, String> status(int pid, int tid) throws IOException {
        return keyValues(Path.of("/proc/" + pid + "/task/" + tid + "/status"));
    }

    private static Map<String, String> fdinfo(Path task, int fd) throws IOException {
        return keyValues(task.resolve("fdinfo/" + fd));
    }

    private static Map<String, String> keyValues(Path file) throws IOException {
        Map<String, String> m = new java.util.HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            int colon = line.indexOf(':');
            if (colon > 0) m.putIfAbsent(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        return m;
    }

    private static String lastNsPid(int pid, int tid) throws IOException {
        String[] f = status(pid, tid).get("NSpid").split("\t");
        return f[f.length - 1];
    }

    private static char state(int pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.ISO_8859_1);
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    private static long inode(Path p) throws IOException {
        return (Long) Files.getAttribute(p, "unix:ino");
    }
}
