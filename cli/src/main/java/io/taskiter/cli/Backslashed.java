package io.taskiter.cli;

import io.taskiter.Name;
import java.nio.charset.StandardCharsets;

/**
 * The escaping of names in csv and table output, chosen so that one element stays one line and no
 * control byte reaches a terminal: {@code \\} for a backslash, {@code \n}, {@code \r}, {@code \t}, and
 * {@code \xHH} for every other unsafe character (each of its UTF-8 bytes) and for every byte that is not
 * valid UTF-8. Reversible: reading {@code \xHH} as the byte HH gives the name's bytes back. A name the
 * kernel would not hand over whole (a path longer than PATH_MAX) ends with {@code \...}, which no escape
 * produces: the bytes before it are all the kernel gave (none for such a path).
 */
final class Backslashed {
    /** The mark of a truncated name: a backslash followed by what no escape starts with. */
    static final String TRUNCATED = "\\...";

    private Backslashed() {
    }

    static void append(StringBuilder sb, Name name) {
        Utf8.scan(name, new Utf8.Visitor() {
            @Override
            public void character(int cp) {
                Backslashed.character(sb, cp);
            }

            @Override
            public void invalidByte(int b) {
                hex(sb, b);
            }
        });
        // never produced by the escapes above, so it cannot be mistaken for bytes of the name
        if (name.isTruncated()) sb.append(TRUNCATED);
    }

    /** {@return a message made safe for one line of stderr} */
    static String line(String message) {
        StringBuilder sb = new StringBuilder(message.length());
        message.codePoints().forEach(cp -> character(sb, cp));
        return sb.toString();
    }

    private static void character(StringBuilder sb, int cp) {
        switch (cp) {
            case '\\' -> sb.append("\\\\");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            default -> {
                if (!Utf8.isUnsafe(cp)) {
                    sb.appendCodePoint(cp);
                } else {
                    for (byte b : Character.toString(cp).getBytes(StandardCharsets.UTF_8)) hex(sb, b & 0xff);
                }
            }
        }
    }

    private static void hex(StringBuilder sb, int b) {
        sb.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
    }
}
