package io.taskiter.arch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packages depend only downward: engines -> asm, btf, internal.sys -> root; asm and btf are pure;
 * only internal.sys touches java.lang.foreign. Checked on the sources, references by full name
 * included.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/io/taskiter");
    private static final Pattern REF = Pattern.compile("io\\.taskiter\\.(internal\\.sys|asm|btf|bpf|proc|cli)\\b");

    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "", Set.of(),
            "asm", Set.of(),
            "btf", Set.of(),
            "internal.sys", Set.of(),
            "proc", Set.of("internal.sys"),
            "bpf", Set.of("asm", "btf", "internal.sys"));

    @Test
    void packagesDependOnlyDownward() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = packageOf(f);
                String text = Files.readString(f);
                Matcher m = REF.matcher(text);
                while (m.find()) {
                    String target = m.group(1);
                    if (target.equals(pkg)) continue;
                    if (!ALLOWED.getOrDefault(pkg, Set.of()).contains(target)) {
                        violations.add(f + " (" + (pkg.isEmpty() ? "root" : pkg) + ") refers to " + target);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void onlyTheSyscallLayerTouchesForeignMemory() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (packageOf(f).equals("internal.sys")) continue;
                if (Files.readString(f).contains("java.lang.foreign")) violations.add(f.toString());
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theSyscallLayerIsNotExported() throws IOException {
        String moduleInfo = Files.readString(Path.of("src/main/java/module-info.java"));
        assertThat(moduleInfo).contains("exports io.taskiter;").doesNotContain("exports io.taskiter.internal");
    }

    private static String packageOf(Path f) {
        Path rel = MAIN.relativize(f.getParent());
        return rel.toString().replace('/', '.');
    }
}
