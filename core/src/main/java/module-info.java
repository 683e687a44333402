/**
 * TaskIter: walk the tasks and open files of a Linux host with the semantics of the kernel's BPF task
 * iterators. The root package holds the values and contracts; {@code io.taskiter.proc} and
 * {@code io.taskiter.bpf} are the two engines. The eBPF assembler ({@code io.taskiter.asm}) and the BTF reader
 * ({@code io.taskiter.btf}) are pure and internal until their API is worth promising; the syscall layer
 * ({@code io.taskiter.internal.sys}) is the only code that touches FFM and is never exported.
 */
module io.taskiter {
    exports io.taskiter;
    exports io.taskiter.proc;
    exports io.taskiter.bpf;
}
