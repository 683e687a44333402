package io.taskiter.bpf;

import io.taskiter.internal.sys.Processes;
import io.taskiter.internal.sys.RawFiles;
import io.taskiter.internal.sys.RawFiles.IntList;

import java.nio.charset.StandardCharsets;

/** Where the caller stands among pid namespaces, and a thread of it to probe the kernel with. */
final class Levels {
    /** PROC_PID_INIT_INO: the inode of the initial pid namespace, fixed by the kernel. */
    private static final long INIT_PID_NS = 0xEFFFFFFCL;

    private Levels() {
    }

    /**
     * {@return the level of the caller's pid namespace} (0 for the initial one). Below the initial
     * namespace /proc cannot tell it, so the ancestors are counted with NS_GET_PARENT, which stops
     * where the caller's view ends: that is exactly its own level only on the host, hence the
     * refusal otherwise.
     */
    static int callerLevel() throws io.taskiter.EngineUnavailableException {
        long inum = Processes.pidNamespace(0);
        if (inum < 0) throw new io.taskiter.EngineUnavailableException("cannot read /proc/self/ns/pid");
        if (inum == INIT_PID_NS) return 0;
        throw new io.taskiter.EngineUnavailableException(
                "running inside a pid namespace other than the initial one is not supported by the bpf engine yet");
    }

    /** {@return a thread of process {@code pid} that is not its leader} */
    static int someThreadOf(int pid) {
        IntList tids = new IntList();
        byte[] p = ("/proc/" + pid + "/task").getBytes(StandardCharsets.US_ASCII);
        try (RawFiles io = new RawFiles()) {
            io.listNumbers(p, p.length, tids);
        }
        for (int i = 0; i < tids.size(); i++) {
            if (tids.get(i) != pid) return tids.get(i);
        }
        throw new IllegalStateException("a JVM always has threads besides its leader");
    }
}
