package io.taskiter.bpf;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cgroup v2 paths by cgroup id. A program can cheaply read a task's default-hierarchy cgroup id
 * (its kernfs node id, which is the directory's inode number in cgroupfs) but not build the path;
 * user space maps ids to the paths /proc/PID/cgroup shows by walking the cgroup2 mount once, and again
 * when an id is new (a cgroup created since).
 */
final class CgroupPaths {
    private Path mount;
    private boolean mountKnown;
    private final Map<Long, String> byId = new HashMap<>();
    private boolean rescanned;

    /** A new walk may meet cgroups made since the last scan: allow one more. */
    void newWalk() {
        rescanned = false;
    }

    /** {@return the cgroup's path, or null when unknown (no cgroup2 mount, or removed since)} */
    String path(long id) {
        String p = byId.get(id);
        if (!mountKnown) {
            // only walks that ask for cgroups pay for finding the mount
            mount = findMount();
            mountKnown = true;
        }
        if (p == null && !rescanned && mount != null) {
            rescanned = true;
            scan();
            p = byId.get(id);
        }
        return p;
    }

    private void scan() {
        try {
            Files.walkFileTree(mount, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Object ino = Files.getAttribute(dir, "unix:ino");
                    String rel = mount.relativize(dir).toString();
                    byId.put(((Number) ino).longValue(), "/" + rel);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UnsupportedOperationException e) {
            // a cgroup removed mid-walk or an unreadable mount: the paths found so far stand
        }
    }

    private static Path findMount() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/mountinfo"));
            for (String line : lines) {
                int dash = line.indexOf(" - ");
                if (dash < 0 || !line.startsWith("cgroup2 ", dash + 3)) continue;
                String[] f = line.substring(0, dash).split(" ");
                // field 4 is the root within the filesystem: only a mount of the hierarchy's root maps ids to full paths
                if (f.length > 4 && f[3].equals("/")) return Path.of(f[4].replace("\\040", " "));
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
