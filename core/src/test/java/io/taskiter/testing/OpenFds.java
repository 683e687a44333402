package io.taskiter.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts this process's open fds, and those that are BPF objects, for leak checks. */
public final class OpenFds {
    private OpenFds() {
    }

    public static long count() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    /** {@return how many open fds are BPF programs, links or maps (anon_inode:bpf-*)} */
    public static long bpfObjects() throws IOException {
        long n = 0;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : s.toList()) {
                try {
                    if (Files.readSymbolicLink(p).toString().startsWith("anon_inode:bpf-")) n++;
                } catch (IOException gone) {
                    // the fd of the listing itself, closed by now
                }
            }
        }
        return n;
    }
}
