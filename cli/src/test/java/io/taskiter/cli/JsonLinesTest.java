package io.taskiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskiter.FileType;
import io.taskiter.Name;
import io.taskiter.OpenFile;
import io.taskiter.Task;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

    @Test
    void aTaskHasEveryKeyInOrder() {
        Cli.Result r = Cli.run(FakeSource.of("procfs", List.of(FakeSource.task(1, 1, "init"))), "tasks", "--format", "json");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("{\"tid\":1,\"tgid\":1,\"ppid\":1,\"comm\":\"init\",\"state\":\"S\",\"uid\":1000,"
                + "\"gid\":1000,\"euid\":1000,\"egid\":1000,\"kthread\":false,\"threads\":2,\"start_ns\":1500000000,"
                + "\"utime_ns\":250000000,\"stime_ns\":10000000,\"rss_bytes\":5242880,\"vsz_bytes\":209715200,"
                + "\"pidns\":4026531836,\"nstid\":1,\"cgroup\":\"/user.slice\",\"exe\":\"/usr/bin/init\"}\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void absentValuesAreNull() {
        Task kthread = new Task(2, 2, 0, Name.of("kthreadd"), null, 0, 0, 0, 0, true, 1,
                null, null, null, null, null, null, null, null, null);
        String out = Cli.run(FakeSource.of("procfs", List.of(kthread)), "tasks", "--format=json").out();
        assertThat(out).isEqualTo("{\"tid\":2,\"tgid\":2,\"ppid\":0,\"comm\":\"kthreadd\",\"state\":null,\"uid\":0,"
                + "\"gid\":0,\"euid\":0,\"egid\":0,\"kthread\":true,\"threads\":1,\"start_ns\":null,\"utime_ns\":null,"
                + "\"stime_ns\":null,\"rss_bytes\":null,\"vsz_bytes\":null,\"pidns\":null,\"nstid\":null,"
                + "\"cgroup\":null,\"exe\":null}\n");
    }

    @Test
    void aFileHasEveryKeyInOrder() {
        OpenFile f = new OpenFile(100, 101, 3, FileType.SOCK, Name.of("socket:[5678]"), 02004002, 0L,
                5678L, new io.taskiter.Device(0, 8), 0L);
        String out = Cli.run(FakeSource.of("procfs", List.of(f)), "files", "--format", "json").out();
        assertThat(out).isEqualTo("{\"tgid\":100,\"tid\":101,\"fd\":3,\"type\":\"SOCK\",\"path\":\"socket:[5678]\","
                + "\"flags\":526338,\"pos\":0,\"inode\":5678,\"dev\":\"0:8\",\"size\":0}\n");
    }

    @Test
    void unsignedKernelValuesStayUnsigned() {
        Task t = new Task(1, 1, 0, Name.of("x"), null, -2, -2, -2, -2, false, 1, null, null, null, null, null,
                -1L, null, null, null);
        Map<String, Object> m = MiniJson.object(Cli.run(FakeSource.of("procfs", List.of(t)), "tasks", "--format=json",
                "--fields=uid,pidns").out().strip());
        assertThat(m).containsEntry("uid", new BigInteger("4294967294")).containsEntry("pidns", new BigInteger("18446744073709551615"));
    }

    @Test
    void hostileNamesAreEscapedExactly() {
        String out = Cli.run(FakeSource.of("procfs", Hostile.tasks().subList(0, 11)), "tasks", "--format", "json",
                "--fields", "comm").out();
        assertThat(out).isEqualTo("""
                {"comm":"a\\nb"}
                {"comm":"tab\\there"}
                {"comm":"say \\"hi\\""}
                {"comm":"a,b"}
                {"comm":"back\\\\slash"}
                {"comm":"\\u001b[31mred"}
                {"comm":"x\\udcffy\\udcc3"}
                {"comm":"h\u00e9llo \u2713\ud83d\ude00"}
                {"comm":"cr\\rhere"}
                {"comm":"csi\\u009b2J"}
                {"comm":""}
                """);
    }

    @Test
    void everyLineParsesAndEveryNameRoundTrips() {
        List<Name> names = new java.util.ArrayList<>(Hostile.ALL);
        names.addAll(Hostile.random(300));
        List<Task> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < names.size(); i++) tasks.add(FakeSource.task(i + 1, i + 1, names.get(i)));
        Cli.Result r = Cli.run(FakeSource.of("procfs", tasks), "tasks", "--format", "json");
        List<String> lines = r.outLines();
        assertThat(lines).hasSize(names.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertThat(line).doesNotContain("\u001b").doesNotContain("\r");
            Map<String, Object> m = MiniJson.object(line);
            assertThat(m.keySet()).containsExactly("tid", "tgid", "ppid", "comm", "state", "uid", "gid", "euid", "egid",
                    "kthread", "threads", "start_ns", "utime_ns", "stime_ns", "rss_bytes", "vsz_bytes", "pidns",
                    "nstid", "cgroup", "exe");
            assertThat(MiniJson.bytes((String) m.get("comm"))).as("line %d", i).isEqualTo(names.get(i).bytes());
            byte[] exe = MiniJson.bytes((String) m.get("exe"));
            assertThat(Name.of(exe)).isEqualTo(tasks.get(i).exe());
        }
    }

    @Test
    void aFourKilobytePathIsOneLine() {
        OpenFile f = FakeSource.file(7, 4, Hostile.LONG_PATH);
        Cli.Result r = Cli.run(FakeSource.of("procfs", List.of(f)), "files", "--format", "json", "--fields", "path");
        assertThat(r.outLines()).hasSize(1);
        assertThat(MiniJson.bytes((String) MiniJson.object(r.outLines().getFirst()).get("path")))
                .isEqualTo(Hostile.LONG_PATH.bytes());
    }

    @Test
    void fieldsProjectAndOrderTheKeys() {
        String out = Cli.run(FakeSource.of("procfs", List.of(FakeSource.task(9, 8, "w"))), "tasks", "--format", "json",
                "--fields", "comm,tid,state").out();
        assertThat(out).isEqualTo("{\"comm\":\"w\",\"tid\":9,\"state\":\"S\"}\n");
        String files = Cli.run(FakeSource.of("procfs", List.of(FakeSource.file(5, 1, Name.of("/dev/null")))),
                "files", "--format", "json", "--fields", " dev , fd").out();
        assertThat(files).isEqualTo("{\"dev\":\"259:2\",\"fd\":1}\n");
    }

    @Test
    void anEmptyWalkWritesNothing() {
        Cli.Result r = Cli.run(FakeSource.of("procfs", List.of()), "files", "--format", "json");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
    }
}
