package io.taskiter.bpf;

import io.taskiter.TaskState;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** What the decoder computes as /proc does: pure, no kernel. */
class DecoderTest {
    @Test
    void mulDivIsExactWhereTheProductOverflows() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long c = 1 + r.nextLong(Long.MAX_VALUE - 1);
            long a = r.nextLong(c);               // stime <= stime + utime
            long b = r.nextLong(Long.MAX_VALUE);  // runtime
            long want = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValue();
            assertThat(Decoder.mulDiv(a, b, c)).as("%d * %d / %d", a, b, c).isEqualTo(want);
        }
        // a task with minutes of cpu: 60 s system of 100 s sampled, 101 s precise
        assertThat(Decoder.mulDiv(60_000_000_000L, 101_000_000_000L, 100_000_000_000L)).isEqualTo(60_600_000_000L);
    }

    @Test
    void cpuTimesAreScaledAndNeverGoBack() {
        // sampled 30 ms user, 10 ms system, 44 ms precise: system = 44 * 10 / 40 = 11 ms
        assertThat(Decoder.adjustedCputime(30_000_000, 10_000_000, 44_000_000, 0, 0))
                .containsExactly(33_000_000, 11_000_000);
        // what was reported before stands when the precise runtime has not grown past it
        assertThat(Decoder.adjustedCputime(30, 10, 40, 25, 20)).containsExactly(25, 20);
        assertThat(Decoder.adjustedCputime(0, 10, 50, 0, 0)).containsExactly(0, 50);
        assertThat(Decoder.adjustedCputime(10, 0, 50, 0, 0)).containsExactly(50, 0);
    }

    @Test
    void stateLettersAsProcShowsThem() {
        assertThat(Decoder.state(0, 0)).isEqualTo(TaskState.RUNNING);
        assertThat(Decoder.state(1, 0)).isEqualTo(TaskState.SLEEPING);
        assertThat(Decoder.state(2, 0)).isEqualTo(TaskState.DISK_SLEEP);
        assertThat(Decoder.state(0x402, 0)).isEqualTo(TaskState.IDLE);          // TASK_IDLE
        assertThat(Decoder.state(4, 0)).isEqualTo(TaskState.STOPPED);
        assertThat(Decoder.state(8, 0)).isEqualTo(TaskState.TRACING_STOP);
        assertThat(Decoder.state(0, 32)).isEqualTo(TaskState.ZOMBIE);           // EXIT_ZOMBIE
        assertThat(Decoder.state(0, 16)).isEqualTo(TaskState.DEAD);
        assertThat(Decoder.state(64, 0)).isEqualTo(TaskState.PARKED);
        assertThat(Decoder.state(0x8000 | 1, 0)).isEqualTo(TaskState.DISK_SLEEP); // frozen shows as D
    }
}
