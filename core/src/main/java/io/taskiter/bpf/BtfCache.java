package io.taskiter.bpf;

import io.taskiter.EngineUnavailableException;
import io.taskiter.btf.Btf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;

/**
 * Resolved kernel types kept between runs, per kernel build: parsing the kernel's 5 MB of BTF is most
 * of a cold start, and what a program needs of it is a few dozen numbers. The key is the kernel's
 * build id (/sys/kernel/notes) and the BTF's size, so a new kernel, or a rebuilt one, misses the cache.
 * Best effort: an unwritable or corrupted cache only means parsing the BTF.
 */
final class BtfCache {
    /** Bumped whenever what is resolved changes (new members, new meanings). */
    private static final int FORMAT = 2;
    private static final String VMLINUX = "/sys/kernel/btf/vmlinux";

    private BtfCache() {
    }

    /**
     * {@return the kernel's types}, from the cache when it holds this kernel's, else parsed from BTF
     * (and cached). A BTF path other than the kernel's own is never cached.
     */
    static KernelTypes load(Path btfPath) throws IOException {
        Path entry = btfPath.toString().equals(VMLINUX) ? entry(btfPath) : null;
        if (entry != null) {
            try {
                KernelTypes cached = KernelTypes.deserialize(Files.readString(entry, StandardCharsets.US_ASCII));
                if (cached != null) return cached;
            } catch (IOException e) {
                // not cached yet, or unreadable: parse
            }
        }
        Btf btf = Btf.load(btfPath);
        KernelTypes kernel = new KernelTypes(btf);
        if (entry != null) store(entry, kernel.serialize());
        return kernel;
    }

    private static Path entry(Path btfPath) {
        try {
            CRC32 crc = new CRC32();
            crc.update(Files.readAllBytes(Path.of("/sys/kernel/notes")));
            String key = Long.toHexString(crc.getValue()) + "-" + Files.size(btfPath) + "-v" + FORMAT;
            return directory().resolve("kernel-" + key + ".txt");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Path directory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("taskiter");
    }

    private static void store(Path entry, String text) {
        try {
            Files.createDirectories(entry.getParent());
            Path tmp = Files.createTempFile(entry.getParent(), "kernel", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // a read-only or foreign home: the next run parses again
        }
    }

    /** For the error path: no BTF at all is its own reason. */
    static boolean missing(IOException e) {
        return e instanceof NoSuchFileException || e instanceof java.io.FileNotFoundException;
    }

    static EngineUnavailableException unavailable(Path btfPath, IOException e) {
        // FileNotFoundException also means "cannot be opened" (a directory, no permission)
        if (missing(e) && !Files.exists(btfPath)) {
            return new EngineUnavailableException("no BTF at " + btfPath + " (needs a kernel built with CONFIG_DEBUG_INFO_BTF)");
        }
        return new EngineUnavailableException("unusable BTF at " + btfPath + ": " + e.getMessage(), e);
    }
}
