package io.taskiter.bpf;

import io.taskiter.FileField;
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

    static String program(Query<?> q, boolean skipShared) {
        Layout layout = Layouts.of(q, FAKE, false);
        return ProgramGen.generate(q.target(), FAKE, layout, 3, 0, 0, 0, skipShared).disassemble();
    }

    @Test
    void rssCountersAreReadAsPlainMemoryNotThroughBtf() {
        // Linux 6.1's verifier rejects a BTF load into mm->rss_stat.count[i] (an atomic_long_t)
        String code = program(Query.tasks().withFields(EnumSet.of(TaskField.TID, TaskField.RSS_BYTES)), false);
        for (int counter : FAKE.rssCounters()) {
            assertThat(code).doesNotContain("+" + counter + ")");
            assertThat(code).contains("r3 += " + counter);
        }
        assertThat(code.split("call bpf_probe_read_kernel#113", -1)).hasSize(4);
    }

    @Test
    void fileWalksButTidOnesLeaveOutThreadsSharingTheLeadersTable() {
        // task->group_leader, then task->files against the leader's files
        String leader = "(r7 +" + FAKE.off(Off.TASK_GROUP_LEADER) + ")", table = " +" + FAKE.off(Off.TASK_FILES) + ")";
        Query<?> files = Query.files().withFields(EnumSet.of(FileField.FD));
        String skipping = program(files, true);
        assertThat(skipping).contains("r1 = *(u64 *)" + leader).contains("if r1 == r7 goto")
                .contains("r2 = *(u64 *)(r7" + table).contains("r3 = *(u64 *)(r1" + table).contains("if r2 == r3 goto");
        assertThat(program(files, false)).doesNotContain("if r1 == r7").doesNotContain("if r2 == r3");
        // the task walk never skips
        assertThat(program(Query.tasks().withFields(EnumSet.of(TaskField.TID)), true)).doesNotContain("if r1 == r7");
    }
}
