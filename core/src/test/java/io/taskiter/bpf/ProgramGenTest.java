package io.taskiter.bpf;

import io.taskiter.Query;
import io.taskiter.TaskField;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated programs, without a kernel: what older verifiers need them to do or avoid. */
class ProgramGenTest {
    /** Offsets that tell members apart in the disassembly: member i sits at 8 + 8 i. */
    static final Kernel FAKE = new Kernel() {
        @Override
        public boolean has(Off o) {
            return true;
        }

        @Override
        public int off(Off o) {
            return 8 + 8 * o.ordinal();
        }

        @Override
        public int size(Off o) {
            return o == Off.TASK_COMM ? 16 : 8;
        }

        @Override
        public int upidSize() {
            return 16;
        }

        @Override
        public int[] rssCounters() {
            return new int[]{1000, 1040, 1120};
        }
    };

    static String program(Query<?> q) {
        Layout layout = Layouts.of(q, FAKE, false);
        return ProgramGen.generate(q.target(), FAKE, layout, 3, 0, 0, 0).disassemble();
    }

    @Test
    void rssCountersAreReadAsPlainMemoryNotThroughBtf() {
        // Linux 6.1's verifier rejects a BTF load into mm->rss_stat.count[i] (an atomic_long_t)
        String code = program(Query.tasks().withFields(EnumSet.of(TaskField.TID, TaskField.RSS_BYTES)));
        for (int counter : FAKE.rssCounters()) {
            assertThat(code).doesNotContain("+" + counter + ")");
            assertThat(code).contains("r3 += " + counter);
        }
        assertThat(code.split("call bpf_probe_read_kernel#113", -1)).hasSize(4);
    }
}
