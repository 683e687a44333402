package io.taskiter.bpf;

/**
 * What the programs need to know of the running kernel, resolved from its BTF: member offsets, a few
 * sizes, and the attach points. Offsets of members the kernel lacks are absent ({@link #has}).
 */
interface Kernel {
    boolean has(Off o);

    /** {@return the byte offset of the member within its struct} */
    int off(Off o);

    /** {@return the size in bytes of the member} */
    int size(Off o);

    /** {@return sizeof(struct upid): the stride of pid->numbers[]} */
    int upidSize();

    /**
     * {@return the offsets, within mm_struct, of the counters /proc sums for RSS (file, anon, shmem
     * pages)}, or null when the layout is not one this engine knows
     */
    int[] rssCounters();
}
