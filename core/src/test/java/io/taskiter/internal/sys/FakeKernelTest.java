package io.taskiter.internal.sys;

import io.taskiter.Errno;
import io.taskiter.SyscallException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bpf(2) encoders and error mapping, against a fake kernel that records what it is handed. */
class FakeKernelTest {
    private final List<String> calls = new ArrayList<>();

    @AfterEach
    void realKernel() {
        Sys.fake(null);
    }

    private static int u32(long addr, long off) {
        return MemorySegment.ofAddress(addr).reinterpret(off + 4).get(ValueLayout.JAVA_INT, off);
    }

    @Test
    void linkCreateEncodesTheScopeInIterInfo() throws Exception {
        Sys.fake((nr, cmd, attr, size, d, e) -> {
            if (nr == Sys.Nr.CLOSE) {
                calls.add("close " + cmd);
                return 0;
            }
            assertThat(nr).isEqualTo(Sys.Nr.BPF);
            assertThat(cmd).isEqualTo(28);                       // BPF_LINK_CREATE
            assertThat(size).isEqualTo(32);
            long info = MemorySegment.ofAddress(attr).reinterpret(32).get(ValueLayout.JAVA_LONG, 16);
            calls.add("link prog=" + u32(attr, 0) + " target=" + u32(attr, 4) + " type=" + u32(attr, 8)
                    + " flags=" + u32(attr, 12) + " len=" + u32(attr, 24)
                    + (info == 0 ? "" : " tid=" + u32(info, 0) + " pid=" + u32(info, 4) + " pidfd=" + u32(info, 8)));
            return 42;
        });
        try (Fd prog = Fd.adopt(7, "prog");
             Fd all = Bpf.createIterLink(prog, 0, 0, 0);
             Fd tgid = Bpf.createIterLink(prog, 0, 1234, 0);
             Fd pidfd = Bpf.createIterLink(prog, 0, 0, 9)) {
            assertThat(all.number()).isEqualTo(42);
        }
        assertThat(calls).containsExactly(
                "link prog=7 target=0 type=28 flags=0 len=0",
                "link prog=7 target=0 type=28 flags=0 len=16 tid=0 pid=1234 pidfd=0",
                "link prog=7 target=0 type=28 flags=0 len=16 tid=0 pid=0 pidfd=9",
                "close 42", "close 42", "close 42", "close 7");
    }

    @Test
    void progLoadNamesTheCommandAndErrno() {
        Sys.fake((nr, cmd, attr, size, d, e) -> nr == Sys.Nr.BPF ? -Errno.EPERM.number() : 0);
        assertThatThrownBy(() -> Bpf.loadIterProgram("t", new byte[16], 1, null))
                .isInstanceOf(SyscallException.class)
                .hasMessage("bpf(PROG_LOAD): EPERM (operation not permitted)")
                .extracting(x -> ((SyscallException) x).errno()).isEqualTo(Errno.EPERM);
    }

    @Test
    void progLoadSetsTypeAttachAndLicense() throws Exception {
        Sys.fake((nr, cmd, attr, size, d, e) -> {
            if (nr != Sys.Nr.BPF) return 0;
            MemorySegment a = MemorySegment.ofAddress(attr).reinterpret(size);
            long license = a.get(ValueLayout.JAVA_LONG, 16);
            calls.add("type=" + a.get(ValueLayout.JAVA_INT, 0) + " insns=" + a.get(ValueLayout.JAVA_INT, 4)
                    + " attach=" + a.get(ValueLayout.JAVA_INT, 68) + " btf=" + a.get(ValueLayout.JAVA_INT, 108)
                    + " license=" + MemorySegment.ofAddress(license).reinterpret(4).getString(0)
                    + " log=" + a.get(ValueLayout.JAVA_INT, 24));
            return 5;
        });
        try (Fd fd = Bpf.loadIterProgram("taskiter_task", new byte[24], 64256, null)) {
            assertThat(fd.number()).isEqualTo(5);
        }
        assertThat(calls).containsExactly("type=26 insns=3 attach=28 btf=64256 license=GPL log=0");
    }

    @Test
    void anFdClosesExactlyOnce() {
        List<Long> closed = new ArrayList<>();
        Sys.fake((nr, a, b, c, d, e) -> {
            if (nr == Sys.Nr.CLOSE) closed.add(a);
            return 0;
        });
        Fd fd = Fd.adopt(11, "x");
        fd.close();
        fd.close();
        assertThat(closed).containsExactly(11L);
        assertThatThrownBy(fd::number).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void iterReadRetriesEagainAndReportsOtherErrors() throws Exception {
        int[] n = {0};
        Sys.fake((nr, a, b, c, d, e) -> switch (nr) {
            case READ -> ++n[0] < 3 ? -Errno.EAGAIN.number() : -Errno.E2BIG.number();
            default -> 0;
        });
        try (IterReader r = new IterReader(); Fd fd = Fd.adopt(3, "iter")) {
            assertThatThrownBy(() -> r.read(fd, new byte[IterReader.CHUNK]))
                    .hasMessage("read(bpf iter): E2BIG (argument list too long)");
        }
        assertThat(n[0]).isEqualTo(3);
    }
}
