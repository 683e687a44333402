package io.taskiter.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process of the hardening helper ({@code core/src/test/c/hardening.c}, compiled with gcc on first
 * use next to the {@link Workload} helper): a storm of short-lived processes and threads, a process with
 * many threads and fds, hostile names, forced pid reuse. {@link #start} waits for its "ready" line and
 * keeps the lines before it ({@link #facts()}); {@link #close()} closes its stdin, SIGKILLs it by pid and
 * waits until it is reaped. Everything it forks dies with it.
 */
public final class Helper implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final OutputStream in;
    private final StringBuffer err = new StringBuffer();
    private final List<String> facts = new ArrayList<>();

    private Helper(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.ISO_8859_1));
        this.in = process.getOutputStream();
        Thread.ofPlatform().daemon().name("helper-stderr-" + process.pid()).start(() -> {
            try (var e = process.getErrorStream()) {
                byte[] b = new byte[4096];
                for (int n; (n = e.read(b)) > 0; ) err.append(new String(b, 0, n, StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // gone
            }
        });
    }

    /** Starts the helper with these arguments (see hardening.c) and waits for "ready". */
    public static Helper start(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary().toString());
        cmd.addAll(List.of(args));
        Helper h;
        try {
            h = new Helper(new ProcessBuilder(cmd).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        h.facts.addAll(h.untilReady());
        return h;
    }

    private List<String> untilReady() {
        List<String> lines = new ArrayList<>();
        try {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.equals("ready")) return lines;
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process.destroyForcibly();
        throw new AssertionError("hardening helper ended before ready: " + lines + " " + err);
    }

    /** Sends one line and {@return the lines the helper printed before its next "ready"} */
    public List<String> command(String line) {
        try {
            in.write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return untilReady();
    }

    /** {@return the lines printed before the first "ready"} */
    public List<String> facts() {
        return facts;
    }

    /** {@return the fields of every fact line starting with {@code key}, the key dropped} */
    public List<String[]> facts(String key) {
        List<String[]> out = new ArrayList<>();
        for (String f : facts) {
            String[] w = f.split(" ");
            if (w[0].equals(key)) out.add(java.util.Arrays.copyOfRange(w, 1, w.length));
        }
        return out;
    }

    /** {@return the integer of the first fact line starting with {@code key}} */
    public int fact(String key) {
        return Integer.parseInt(facts(key).getFirst()[0]);
    }

    public int pid() {
        return (int) process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** SIGKILLs the helper itself and waits until it is reaped: from then on its pid names nothing. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) throw new AssertionError("helper " + pid() + " did not die");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@return what the helper wrote on stderr} */
    public String stderr() {
        return err.toString();
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // gone already
        }
        kill();
    }

    /** {@return hex decoded} */
    public static byte[] unhex(String s) {
        return WorkloadManifest.hex(s);
    }

    /** {@return the helper binary, compiled once per JVM from core/src/test/c/hardening.c} */
    public static Path binary() {
        return CProgram.build("hardening");
    }
}
