package io.taskiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskiter.testing.KernelTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, point 5: with the BTF the bpf engine reads pointed (test-only property {@code taskiter.btf})
 * at a missing, empty, truncated or corrupted copy of this kernel's BTF: {@code --engine bpf} exits 4
 * with one line saying why, {@code auto} falls back to procfs and says so with --verbose, and never does
 * an exception escape. Random corruptions may leave the engine working: then bpf exits 0, never 1.
 */
@KernelTest
class BtfFallbackTest {
    private static final String PROPERTY = "taskiter.btf";
    private static Path dir;
    private static byte[] vmlinux;

    @BeforeAll
    static void copy() throws IOException {
        dir = Files.createTempDirectory("taskiter-btf");
        vmlinux = Files.readAllBytes(Path.of("/sys/kernel/btf/vmlinux"));
    }

    @AfterAll
    static void clean() throws IOException {
        System.clearProperty(PROPERTY);
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) Files.delete(p);
        }
        Files.delete(dir);
    }

    private record Bad(String what, Path path) {
    }

    private static Path write(String name, byte[] b) throws IOException {
        return Files.write(dir.resolve(name), b);
    }

    private static byte[] with(int offset, int value) {
        byte[] b = vmlinux.clone();
        ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).putInt(offset, value);
        return b;
    }

    private static List<Bad> detectable() throws IOException {
        ByteBuffer hdr = ByteBuffer.wrap(vmlinux).order(ByteOrder.nativeOrder());
        int typeOff = 24 + hdr.getInt(8);
        int typeLen = hdr.getInt(12);
        int strOff = 24 + hdr.getInt(16);
        List<Bad> bad = new ArrayList<>();
        bad.add(new Bad("missing", dir.resolve("missing")));
        bad.add(new Bad("empty", write("empty", new byte[0])));
        bad.add(new Bad("header only", write("header", java.util.Arrays.copyOf(vmlinux, 24))));
        bad.add(new Bad("half", write("half", java.util.Arrays.copyOf(vmlinux, vmlinux.length / 2))));
        bad.add(new Bad("all but one byte", write("short1", java.util.Arrays.copyOf(vmlinux, vmlinux.length - 1))));
        byte[] magic = vmlinux.clone();
        magic[0] ^= 0x55;
        bad.add(new Bad("bad magic", write("magic", magic)));
        bad.add(new Bad("type section past the end", write("typelen", with(12, typeLen * 2))));
        bad.add(new Bad("string section past the end", write("strlen", with(20, Integer.MAX_VALUE))));
        byte[] garbage = vmlinux.clone();
        java.util.Arrays.fill(garbage, typeOff + typeLen / 3, typeOff + typeLen / 3 + 4096, (byte) 0xff);
        bad.add(new Bad("garbage in the types", write("garbage", garbage)));
        byte[] noNul = vmlinux.clone();
        java.util.Arrays.fill(noNul, strOff, vmlinux.length, (byte) 'a');
        bad.add(new Bad("strings without NUL", write("nonul", noNul)));
        bad.add(new Bad("a directory", dir));
        return bad;
    }

    private static Cli.Result run(Path btf, String... args) {
        System.setProperty(PROPERTY, btf.toString());
        try {
            return Cli.run(Engines.standard(), args);
        } finally {
            System.clearProperty(PROPERTY);
        }
    }

    @Test
    void bpfExitsFourAndAutoFallsBack() throws IOException {
        for (Bad b : detectable()) {
            Cli.Result bpf = run(b.path(), "tasks", "--engine", "bpf", "--fields", "tid");
            assertThat(bpf.code()).as("%s: %s", b.what(), bpf.err()).isEqualTo(Main.UNAVAILABLE);
            assertThat(bpf.out()).isEmpty();
            assertThat(bpf.err()).as(b.what()).startsWith("taskiter: bpf unavailable: ").endsWith("\n")
                    .containsOnlyOnce("\n").contains(b.path().toString());
            if (b.what().equals("missing")) {
                assertThat(bpf.err()).isEqualTo("taskiter: bpf unavailable: no BTF at " + b.path()
                        + " (needs a kernel built with CONFIG_DEBUG_INFO_BTF)\n");
            }
            Cli.Result auto = run(b.path(), "tasks", "--verbose", "--fields", "tid", "--format", "csv");
            assertThat(auto.code()).as("%s: %s", b.what(), auto.err()).isZero();
            assertThat(auto.err()).as(b.what()).startsWith("taskiter: engine procfs (bpf unavailable: ").containsOnlyOnce("\n");
            assertThat(auto.outLines()).hasSizeGreaterThan(10);
        }
    }

    @Test
    void randomCorruptionNeverEscapesAsAnException() throws IOException {
        Random r = new Random(5);
        int seeds = Integer.getInteger("taskiter.btf.corruptions", 12);
        for (int i = 0; i < seeds; i++) {
            byte[] b = vmlinux.clone();
            int flips = 1 + r.nextInt(64);
            for (int k = 0; k < flips; k++) b[24 + r.nextInt(b.length - 24)] = (byte) r.nextInt(256);
            Path p = write("random" + i, b);
            Cli.Result bpf = run(p, "files", "--engine", "bpf", "--fields", "fd,path", "--pid", "" + ProcessHandle.current().pid());
            assertThat(bpf.code()).as("corruption %d: %s", i, bpf.err()).isIn(Main.OK, Main.UNAVAILABLE);
            assertThat(bpf.err()).doesNotContain("internal error").doesNotContain("\tat ");
            Cli.Result auto = run(p, "tasks", "--fields", "tid");
            assertThat(auto.code()).as("corruption %d: %s", i, auto.err()).isZero();
            Files.delete(p);
        }
    }
}
