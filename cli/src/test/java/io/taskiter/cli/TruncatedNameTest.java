package io.taskiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskiter.Name;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A path longer than PATH_MAX, which the kernel hands over neither to readlink nor to bpf_d_path, is
 * marked in every format: never cut silently, never dropped, never confused with a real name.
 */
class TruncatedNameTest {
    private static final Name NOTHING_KNOWN = Name.truncated(new byte[0], 0, 0);
    private static final Name PART_KNOWN = Name.truncated("/a\nb".getBytes(), 0, 4);

    private static FakeSource files() {
        return FakeSource.of("procfs", List.of(FakeSource.file(7, 3, NOTHING_KNOWN), FakeSource.file(7, 4, PART_KNOWN),
                FakeSource.file(7, 5, Name.of("\\..."))));
    }

    @Test
    void jsonSaysNullAndTruncated() {
        Cli.Result r = Cli.run(files(), "files", "--format", "json", "--fields", "fd,path");
        assertThat(r.code()).isZero();
        assertThat(r.outLines()).containsExactly(
                "{\"fd\":3,\"path\":null,\"path_truncated\":true}",
                "{\"fd\":4,\"path\":\"/a\\nb\",\"path_truncated\":true}",
                "{\"fd\":5,\"path\":\"\\\\...\"}");
        for (String line : r.outLines()) assertThat(MiniJson.object(line)).isNotNull();
        Map<String, Object> first = MiniJson.object(r.outLines().getFirst());
        assertThat(first).containsEntry("path_truncated", true);
    }

    @Test
    void csvAndTableEndItWithAMarkNoEscapeProduces() {
        Cli.Result csv = Cli.run(files(), "files", "--format", "csv", "--fields", "fd,path");
        assertThat(csv.outLines()).containsExactly("fd,path", "3,\\...", "4,/a\\nb\\...", "5,\\\\...");
        Cli.Result table = Cli.run(files(), "files", "--fields", "fd,path");
        assertThat(table.outLines()).containsExactly("   FD PATH", "    3 \\...", "    4 /a\\nb\\...", "    5 \\\\...",
                "3 files");
    }

    @Test
    void aTruncatedNameIsNeverEqualToAComplete() {
        assertThat(NOTHING_KNOWN).isNotEqualTo(Name.of(new byte[0]));
        assertThat(PART_KNOWN).isNotEqualTo(Name.of("/a\nb")).isEqualTo(Name.truncated("x/a\nb".getBytes(), 1, 5));
        assertThat(PART_KNOWN.isTruncated()).isTrue();
        assertThat(Name.of("/a").isTruncated()).isFalse();
    }
}
