package io.taskiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskiter.testing.KernelTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, point 4: the built jar as uid/gid 65534 with no capabilities (setpriv): both commands work
 * with procfs, show what /proc lets that user see with unreadable fields absent, exit 0; --engine bpf
 * exits 4 saying why; auto falls back and says so. With CAP_BPF and CAP_PERFMON (ambient) but still uid
 * 65534, bpf works.
 */
@KernelTest
class PrivilegesIT {
    private static final List<String> NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
            "--inh-caps=-all");
    private static final List<String> BPF_CAPS = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
            "--inh-caps=-all,+bpf,+perfmon", "--ambient-caps=+bpf,+perfmon");

    private static JarProcess.Result as(List<String> prefix, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(JarProcess.java(args));
        return JarProcess.run(cmd);
    }

    @Test
    void nobodyListsWithProcfs() {
        JarProcess.Result tasks = as(NOBODY, "tasks", "--engine", "procfs", "--format", "json",
                "--fields", "tid,uid,comm,exe,pidns");
        assertThat(tasks.code()).as(tasks.err()).isZero();
        assertThat(tasks.err()).isEmpty();
        boolean sawRootWithoutExe = false;
        boolean sawOwnExe = false;
        for (String line : tasks.outLines()) {
            Map<String, Object> m = MiniJson.object(line);
            assertThat(m).containsKeys("tid", "uid", "comm", "exe");
            assertThat(m.get("comm")).as("comm is readable for everyone").isNotNull();
            if (((Number) m.get("uid")).intValue() == 0 && m.get("exe") == null) sawRootWithoutExe = true;
            if (((Number) m.get("uid")).intValue() == 65534 && m.get("exe") != null) sawOwnExe = true;
        }
        assertThat(sawRootWithoutExe).as("another user's exe is absent, not an error").isTrue();
        assertThat(sawOwnExe).as("its own exe is there").isTrue();

        JarProcess.Result files = as(NOBODY, "files", "--engine", "procfs", "--format", "csv");
        assertThat(files.code()).as(files.err()).isZero();
        // other users' fd tables are closed to nobody: the walk completes, and says what it could not list
        assertThat(files.err()).matches("taskiter: \\d+ tasks could not be looked into \\(permission denied\\): "
                + "their files are not listed\n");
        List<String> rows = files.outLines();
        assertThat(rows.getFirst()).isEqualTo("tgid,tid,fd,type,path,flags,pos,inode,dev,size");
        assertThat(rows).hasSizeGreaterThan(3);
        JarProcess.Result table = as(NOBODY, "files", "--engine", "procfs");
        assertThat(table.code()).isZero();
        assertThat(table.outLines().getLast()).endsWith(" files");
    }

    @Test
    void nobodyIsRefusedBpfAndAutoFallsBack() {
        for (String command : List.of("tasks", "files")) {
            JarProcess.Result bpf = as(NOBODY, command, "--engine", "bpf");
            assertThat(bpf.code()).isEqualTo(Main.UNAVAILABLE);
            assertThat(bpf.out()).isEmpty();
            assertThat(bpf.err()).isEqualTo("taskiter: bpf unavailable: no permission: bpf(MAP_CREATE): EPERM "
                    + "(needs CAP_BPF and CAP_PERFMON, or root)\n");
            JarProcess.Result auto = as(NOBODY, command, "--verbose", "--format", "json");
            assertThat(auto.code()).isZero();
            assertThat(auto.err()).startsWith("taskiter: engine procfs (bpf unavailable: no permission: bpf(MAP_CREATE): "
                    + "EPERM (needs CAP_BPF and CAP_PERFMON, or root))\n");
            if (command.equals("tasks")) assertThat(auto.err().lines()).hasSize(1);
            else assertThat(auto.err().lines().toList().getLast()).endsWith("their files are not listed");
            assertThat(auto.outLines()).isNotEmpty();
        }
    }

    @Test
    void capBpfAndCapPerfmonWithoutRootRunBpf() {
        JarProcess.Result tasks = as(BPF_CAPS, "tasks", "--engine", "bpf", "--verbose", "--format", "json",
                "--fields", "tid,uid,comm");
        assertThat(tasks.code()).as(tasks.err()).isZero();
        assertThat(tasks.err()).isEqualTo("taskiter: engine bpf\n");
        assertThat(tasks.outLines()).hasSizeGreaterThan(10).anySatisfy(l -> assertThat(l).contains("\"uid\":65534"));
        JarProcess.Result files = as(BPF_CAPS, "files", "--engine", "bpf", "--format", "csv", "--fields", "tgid,fd,path");
        assertThat(files.code()).as(files.err()).isZero();
        assertThat(files.outLines()).hasSizeGreaterThan(10);
        JarProcess.Result auto = as(BPF_CAPS, "tasks", "--verbose", "--fields", "tid");
        assertThat(auto.err()).isEqualTo("taskiter: engine bpf\n");
    }
}
