package io.taskiter.bpf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.taskiter.EngineUnavailableException;
import io.taskiter.btf.Btf;
import io.taskiter.btf.BtfFormatException;
import io.taskiter.btf.Kind;

/**
 * Issue 5, point 5: fuzzes the BTF reader and what the bpf engine resolves from it ({@link KernelTypes}):
 * whatever the bytes, the only failures are {@link BtfFormatException} and, for the engine, an
 * {@link EngineUnavailableException}; never another exception, an endless loop or a read out of
 * bounds. Seeds: {@code src/test/resources/io/taskiter/bpf/BtfFuzzTestInputs/parseAndLookUp} (the test
 * fixture's sample, both byte orders).
 *
 * <p>CI runs it in fuzzing mode for 8 seconds (the surefire execution "fuzz" in core/pom.xml); a long
 * run: {@code mvn -pl core test -Dtest=BtfFuzzTest -Dtaskiter.fuzz.duration=30m}.
 */
class BtfFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void parseAndLookUp(byte[] blob) {
        Btf btf;
        try {
            btf = Btf.parse(blob);
        } catch (BtfFormatException e) {
            return;
        }
        int count = btf.typeCount();
        for (int id = 0; id <= Math.min(count, 200); id++) {
            try {
                btf.type(id);
            } catch (BtfFormatException e) {
                // malformed type: said so
            }
            try {
                btf.resolve(id);
            } catch (BtfFormatException e) {
                // a chain of modifiers that is malformed or endless
            }
            try {
                btf.sizeOf(id);
            } catch (BtfFormatException e) {
                // no size, or malformed
            }
        }
        for (Kind k : Kind.values()) {
            btf.findId("task_struct", k);
            btf.findId("bpf_iter_task", k);
        }
        try {
            btf.member("task_struct", "comm");
            btf.memberAny("task_struct", new String[]{"__state"}, new String[]{"state"});
            btf.member("task_struct", "anon_struct", "x");
        } catch (BtfFormatException e) {
            // malformed members
        }
        try {
            new KernelTypes(btf);
        } catch (BtfFormatException | EngineUnavailableException e) {
            // not a kernel's BTF: the engine says it is unavailable
        }
    }
}
