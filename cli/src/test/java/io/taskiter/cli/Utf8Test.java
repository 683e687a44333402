package io.taskiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskiter.Name;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The strict decoder agrees with the JDK's on what is valid, and reports each bad byte alone. */
class Utf8Test {

    private static List<String> events(byte... b) {
        List<String> out = new ArrayList<>();
        Utf8.scan(Name.of(b), new Utf8.Visitor() {
            @Override
            public void character(int cp) {
                out.add("U+" + Integer.toHexString(cp));
            }

            @Override
            public void invalidByte(int x) {
                out.add("x" + Integer.toHexString(x));
            }
        });
        return out;
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    @Test
    void validSequencesOfEveryLength() {
        assertThat(events(bytes('a', 0xc3, 0xa9, 0xe2, 0x9c, 0x93, 0xf0, 0x9f, 0x98, 0x80)))
                .containsExactly("U+61", "U+e9", "U+2713", "U+1f600");
    }

    @Test
    void brokenSequencesAreBytes() {
        assertThat(events(bytes(0xc0, 0xaf))).as("overlong").containsExactly("xc0", "xaf");
        assertThat(events(bytes(0xed, 0xa0, 0x80))).as("surrogate").containsExactly("xed", "xa0", "x80");
        assertThat(events(bytes(0xf4, 0x90, 0x80, 0x80))).as("above U+10FFFF").containsExactly("xf4", "x90", "x80", "x80");
        assertThat(events(bytes(0xe2, 0x82, 'A'))).as("truncated").containsExactly("xe2", "x82", "U+41");
        assertThat(events(bytes(0xff, 0xc3))).containsExactly("xff", "xc3");
    }

    @Test
    void agreesWithTheJdkOnValidity() {
        for (Name n : Hostile.random(2000)) {
            boolean anyInvalid = events(n.bytes()).stream().anyMatch(e -> e.startsWith("x"));
            assertThat(anyInvalid).as("%s", n).isEqualTo(!n.isUtf8());
        }
    }
}
