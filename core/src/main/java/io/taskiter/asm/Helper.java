package io.taskiter.asm;

import java.util.Locale;

/**
 * The kernel helper functions TaskIter's programs call, numbered as {@code enum bpf_func_id} in the
 * kernel's {@code include/uapi/linux/bpf.h} numbers them. The numbers are ABI: the kernel never
 * renumbers a helper. {@link Asm#call(int)} reaches any helper not listed here.
 */
public enum Helper {
    MAP_LOOKUP_ELEM(1), MAP_UPDATE_ELEM(2), MAP_DELETE_ELEM(3), PROBE_READ(4), KTIME_GET_NS(5),
    TRACE_PRINTK(6), GET_CURRENT_PID_TGID(14), GET_CURRENT_UID_GID(15), GET_CURRENT_COMM(16),
    GET_CURRENT_TASK(35), PROBE_READ_STR(45), PROBE_READ_USER(112), PROBE_READ_KERNEL(113),
    PROBE_READ_USER_STR(114), PROBE_READ_KERNEL_STR(115), GET_NS_CURRENT_PID_TGID(120), SEQ_PRINTF(126),
    SEQ_WRITE(127), D_PATH(147), SEQ_PRINTF_BTF(150), GET_CURRENT_TASK_BTF(158), SNPRINTF(165),
    FIND_VMA(180), COPY_FROM_USER_TASK(191);

    private final int id;

    Helper(int id) {
        this.id = id;
    }

    /** {@return the helper's number, the immediate of its call instruction} */
    public int id() {
        return id;
    }

    /** {@return the helper's C name, e.g. "bpf_seq_write"} */
    public String kernelName() {
        return "bpf_" + name().toLowerCase(Locale.ROOT);
    }

    /** {@return the helper of that number, or null for one not listed} */
    public static Helper ofId(int id) {
        for (Helper h : values()) {
            if (h.id == id) return h;
        }
        return null;
    }
}
