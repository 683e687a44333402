package io.taskiter.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The running kernel's own BTF: the lookups TaskIter makes at every start. */
@Tag("kernel")
class BtfVmlinuxTest {
    private static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");
    private static Btf btf;

    @BeforeAll
    static void load() throws Exception {
        if (!Files.isReadable(VMLINUX)) {
            String why = VMLINUX + " is not readable (kernel without CONFIG_DEBUG_INFO_BTF?)";
            if ("require".equals(System.getProperty("taskiter.kernelTests"))) fail(why);
            Assumptions.abort(why);
        }
        long t0 = System.nanoTime();
        btf = Btf.load(VMLINUX);
        long t1 = System.nanoTime();
        OptionalInt task = btf.findId("bpf_iter_task", Kind.FUNC);
        Member pid = btf.member("task_struct", "pid").orElseThrow();
        Member state = btf.memberAny("task_struct", new String[] {"__state"}, new String[] {"state"}).orElseThrow();
        Member fd = btf.member("bpf_iter__task_file", "fd").orElseThrow();
        long t2 = System.nanoTime();
        System.out.printf("vmlinux BTF: %s, load+index %.1f ms, first lookups %.1f ms (func %s, pid@%d, state@%d, fd@%d)%n",
                btf, (t1 - t0) / 1e6, (t2 - t1) / 1e6, task, pid.byteOffset(), state.byteOffset(), fd.byteOffset());
    }

    private static Member member(String struct, String... path) throws BtfFormatException {
        return btf.member(struct, path).orElseThrow(() -> new AssertionError(struct + "." + String.join(".", path)));
    }

    private static Type.Composite pointee(Member m) throws BtfFormatException {
        assertThat(m.type()).isInstanceOf(Type.Pointer.class);
        return (Type.Composite) btf.resolve(((Type.Pointer) m.type()).target());
    }

    @Test
    void iteratorFunctionsAreFuncsNotStructs() throws Exception {
        for (String name : new String[] {"bpf_iter_task", "bpf_iter_task_file", "bpf_iter_task_vma"}) {
            int func = btf.findId(name, Kind.FUNC).orElseThrow();
            assertThat(btf.type(func)).isInstanceOfSatisfying(Type.Func.class, f -> assertThat(f.name()).isEqualTo(name));
            OptionalInt struct = btf.findId(name, Kind.STRUCT);
            struct.ifPresent(s -> assertThat(s).isNotEqualTo(func));
            System.out.printf("%s: FUNC %d, STRUCT %s%n", name, func, struct);
        }
        // Since 6.7 the open-coded iterators brought structs of the same names.
        assertThat(btf.findId("bpf_iter_task", Kind.STRUCT)).isPresent();
        Type.Func func = (Type.Func) btf.type(btf.findId("bpf_iter_task", Kind.FUNC).orElseThrow());
        assertThat(btf.type(func.proto())).isInstanceOf(Type.FuncProto.class);
        System.out.printf("probe bpf_iter_attach_task: FUNC %s%n", btf.findId("bpf_iter_attach_task", Kind.FUNC));
    }

    @Test
    void taskStruct() throws Exception {
        Member pid = member("task_struct", "pid");
        Member tgid = member("task_struct", "tgid");
        Member comm = member("task_struct", "comm");
        Member flags = member("task_struct", "flags");
        Member state = btf.memberAny("task_struct", new String[] {"__state"}, new String[] {"state"}).orElseThrow();
        System.out.printf("task_struct (%d bytes): pid %d, tgid %d, comm %d, flags %d, state %d, real_parent %d, "
                        + "files %d, mm %d, thread_pid %d%n", btf.sizeOf(btf.findId("task_struct", Kind.STRUCT).orElseThrow()),
                pid.byteOffset(), tgid.byteOffset(), comm.byteOffset(), flags.byteOffset(), state.byteOffset(),
                member("task_struct", "real_parent").byteOffset(), member("task_struct", "files").byteOffset(),
                member("task_struct", "mm").byteOffset(), member("task_struct", "thread_pid").byteOffset());

        assertThat(pid.type()).isInstanceOfSatisfying(Type.Int.class, i -> {
            assertThat(i.size()).isEqualTo(4);
            assertThat(i.signed()).isTrue();
        });
        assertThat(tgid.type()).isEqualTo(pid.type());
        assertThat(tgid.bitOffset()).isEqualTo(pid.bitOffset() + 32);
        assertThat(pid.bitOffset() % 32).isZero();
        assertThat(comm.type()).isInstanceOfSatisfying(Type.Array.class, a -> {
            assertThat(a.count()).isEqualTo(16);
            try {
                assertThat(btf.resolve(a.element())).isInstanceOfSatisfying(Type.Int.class,
                        c -> assertThat(c.size()).isEqualTo(1));
                assertThat(btf.sizeOf(a.id())).isEqualTo(16);
            } catch (BtfFormatException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(flags.type()).isInstanceOfSatisfying(Type.Int.class, i -> assertThat(i.size()).isEqualTo(4));
        assertThat(state.type()).isInstanceOf(Type.Int.class);
        assertThat(pointee(member("task_struct", "real_parent")).name()).isEqualTo("task_struct");
        assertThat(pointee(member("task_struct", "files")).name()).isEqualTo("files_struct");
        assertThat(pointee(member("task_struct", "mm")).name()).isEqualTo("mm_struct");
        assertThat(pointee(member("task_struct", "thread_pid")).name()).isEqualTo("pid");
        for (Member m : new Member[] {pid, tgid, comm, flags, state}) assertThat(m.isBitfield()).isFalse();
    }

    @Test
    void filesAndPids() throws Exception {
        assertThat(member("file", "f_path").type()).isInstanceOfSatisfying(Type.Struct.class, s -> {
            assertThat(s.name()).isEqualTo("path");
            assertThat(s.size()).isEqualTo(16);
        });
        assertThat(member("file", "f_path", "dentry").byteOffset()).isEqualTo(member("file", "f_path").byteOffset() + 8);
        assertThat(pointee(member("file", "f_inode")).name()).isEqualTo("inode");
        assertThat(member("inode", "i_mode").type()).isInstanceOfSatisfying(Type.Int.class, i -> {
            assertThat(i.size()).isEqualTo(2);
            assertThat(i.signed()).isFalse();
        });
        Member numbers = member("pid", "numbers");
        assertThat(numbers.type()).isInstanceOfSatisfying(Type.Array.class, a -> {
            try {
                assertThat(btf.resolve(a.element()).name()).isEqualTo("upid");
            } catch (BtfFormatException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(member("upid", "nr").type()).isInstanceOfSatisfying(Type.Int.class, i -> assertThat(i.size()).isEqualTo(4));
        assertThat(pointee(member("upid", "ns")).name()).isEqualTo("pid_namespace");
        System.out.printf("file.f_path %d, file.f_inode %d, inode.i_mode %d, pid.numbers %d, upid.nr %d, upid.ns %d%n",
                member("file", "f_path").byteOffset(), member("file", "f_inode").byteOffset(),
                member("inode", "i_mode").byteOffset(), numbers.byteOffset(), member("upid", "nr").byteOffset(),
                member("upid", "ns").byteOffset());
    }

    @Test
    void iteratorContexts() throws Exception {
        // The context layouts are kernel ABI: meta, task, then fd and file.
        assertThat(member("bpf_iter__task_file", "fd").byteOffset()).isEqualTo(16);
        assertThat(member("bpf_iter__task_file", "file").byteOffset()).isEqualTo(24);
        assertThat(pointee(member("bpf_iter__task_file", "file")).name()).isEqualTo("file");
        assertThat(member("bpf_iter__task", "task").byteOffset()).isEqualTo(8);
        assertThat(pointee(member("bpf_iter__task", "task")).name()).isEqualTo("task_struct");
    }

    @Test
    void everyTypeDecodes() throws Exception {
        long t0 = System.nanoTime();
        int sized = 0;
        for (int id = 0; id <= btf.typeCount(); id++) {
            Type t = btf.type(id);
            assertThat(t.id()).isEqualTo(id);
            if (t instanceof Type.Composite || t instanceof Type.Int || t instanceof Type.Array) {
                btf.sizeOf(id);
                sized++;
            }
        }
        System.out.printf("decoded all %d types (%d sized) in %.1f ms%n", btf.typeCount(), sized,
                (System.nanoTime() - t0) / 1e6);
        assertThat(btf.typeCount()).isGreaterThan(10_000);
    }

    @Test
    void checksumIsStable() throws Exception {
        String first = btf.checksum();
        assertThat(Btf.load(VMLINUX).checksum()).isEqualTo(first);
        assertThat(first).startsWith(Files.size(VMLINUX) + "-");
        System.out.println("vmlinux checksum " + first);
    }
}
