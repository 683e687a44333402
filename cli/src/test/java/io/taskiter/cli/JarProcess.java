package io.taskiter.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built jar ({@code cli/target/taskiter.jar}, given by failsafe as {@code taskiter.jar}) as a
 * real process, with the launcher's JVM flags. The jar is copied to a directory any user can read, so
 * that it also runs under {@code setpriv} as another user.
 */
final class JarProcess {
    record Result(int code, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    private static Path jar;

    private JarProcess() {
    }

    static synchronized Path jar() {
        if (jar == null) {
            String built = System.getProperty("taskiter.jar");
            if (built == null || !Files.isRegularFile(Path.of(built))) {
                throw new AssertionError("run with failsafe after package: no jar at -Dtaskiter.jar=" + built);
            }
            try {
                Path dir = Files.createTempDirectory("taskiter-jar", PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwxr-xr-x")));
                jar = Files.copy(Path.of(built), dir.resolve("taskiter.jar"), StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
                dir.toFile().deleteOnExit();
                jar.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jar;
    }

    /** {@return the java command line for the jar}, to put after a prefix such as setpriv */
    static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto",
                "--enable-native-access=ALL-UNNAMED", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Result run(List<String> cmd) {
        try {
            Path out = Files.createTempFile("taskiter-out", ".txt");
            Path err = Files.createTempFile("taskiter-err", ".txt");
            try {
                Process p = new ProcessBuilder(cmd).directory(Path.of("/").toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("did not end in 120 s: " + cmd);
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
