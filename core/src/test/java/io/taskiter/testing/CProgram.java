package io.taskiter.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The tests' C helpers ({@code core/src/test/c/NAME.c}), compiled with gcc at test time into
 * {@code core/target/NAME/NAME}, once per JVM, and again only when the source is newer.
 */
final class CProgram {
    private static final Map<String, Path> BUILT = new HashMap<>();

    private CProgram() {
    }

    /** {@return the binary of core/src/test/c/NAME.c} @throws AssertionError when gcc is missing or fails */
    static synchronized Path build(String name) {
        return BUILT.computeIfAbsent(name, n -> compile(findSource(n), n));
    }

    private static Path findSource(String name) {
        String prop = System.getProperty("taskiter." + name + ".source");
        if (prop != null) return Path.of(prop).toAbsolutePath();
        List<Path> starts = new ArrayList<>();
        try {
            starts.add(Path.of(CProgram.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // no usable class location; user.dir below
        }
        starts.add(Path.of(System.getProperty("user.dir")));
        for (Path start : starts) {
            for (Path d = start.toAbsolutePath(); d != null; d = d.getParent()) {
                for (Path c : List.of(d.resolve("core/src/test/c/" + name + ".c"), d.resolve("src/test/c/" + name + ".c"))) {
                    if (Files.isRegularFile(c) && c.getParent().getParent().getParent().getParent()
                            .getFileName().toString().equals("core")) {
                        return c;
                    }
                }
            }
        }
        throw new AssertionError("cannot find core/src/test/c/" + name + ".c above " + starts
                + " (set -Dtaskiter." + name + ".source=/path/to/" + name + ".c)");
    }

    private static Path compile(Path source, String name) {
        Path core = source.getParent().getParent().getParent().getParent();
        Path out = core.resolve("target/" + name + "/" + name);
        try {
            if (Files.isExecutable(out)
                    && Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(source)) > 0) {
                return out;
            }
            Files.createDirectories(out.getParent());
            Path tmp = out.resolveSibling(name + ".tmp." + ProcessHandle.current().pid());
            List<String> cmd = List.of("gcc", "-O1", "-Wall", "-Werror", "-pthread", "-o", tmp.toString(),
                    source.toString());
            Process gcc;
            try {
                gcc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new AssertionError("gcc is needed to build the test helper (" + source + ") but cannot be run: "
                        + e.getMessage() + "; install gcc (apt-get install gcc)", e);
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            gcc.getInputStream().transferTo(output);
            if (!gcc.waitFor(120, TimeUnit.SECONDS)) {
                gcc.destroyForcibly();
                throw new AssertionError("gcc took more than 120 s on " + source);
            }
            if (gcc.exitValue() != 0) {
                Files.deleteIfExists(tmp);
                throw new AssertionError(String.join(" ", cmd) + " failed (exit status " + gcc.exitValue() + "):\n"
                        + output.toString(StandardCharsets.UTF_8));
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the test helper from " + source, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while compiling the test helper", e);
        }
    }
}
