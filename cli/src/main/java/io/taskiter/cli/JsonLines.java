package io.taskiter.cli;

import java.util.List;

/**
 * JSON Lines: one object per element, keys in column order, absent values as null. Names are raw bytes,
 * so a name that is valid UTF-8 becomes a JSON string as usual, with every character that could act on
 * a terminal escaped as {@code \}{@code uXXXX}; and each byte that is not part of valid UTF-8 is written
 * as the lone surrogate escape {@code \}{@code udcXX} (XX the byte), Python's "surrogateescape": valid
 * UTF-8 never decodes to such a surrogate, so the bytes can always be recovered. A name the kernel
 * would not hand over whole (a path longer than PATH_MAX, {@link io.taskiter.Name#isTruncated()}) is
 * written as the bytes it did hand over, or null when none, followed by the key {@code KEY_truncated}
 * with the value true: never cut silently, never absent silently.
 */
record JsonLines() implements Format {

    @Override
    public void begin(List<? extends Column<?>> columns, Output out) {
    }

    @Override
    public <T> void row(List<Column<T>> columns, T element, Output out) {
        StringBuilder sb = out.text();
        sb.append('{');
        for (int i = 0; i < columns.size(); i++) {
            Column<T> c = columns.get(i);
            if (i > 0) sb.append(',');
            sb.append('"').append(c.key()).append("\":");
            switch (c.cell().apply(element)) {
                case Cell.Num n -> sb.append(n.decimal());
                case Cell.Flag f -> sb.append(f.value());
                case Cell.Word w -> string(sb, w.value());
                case Cell.Text t when t.value().isTruncated() && t.value().length() == 0 -> {
                    sb.append("null,\"").append(c.key()).append("_truncated\":true");
                }
                case Cell.Text t -> {
                    sb.append('"');
                    Utf8.scan(t.value(), new Utf8.Visitor() {
                        @Override
                        public void character(int cp) {
                            JsonLines.character(sb, cp);
                        }

                        @Override
                        public void invalidByte(int b) {
                            unicodeEscape(sb, 0xdc00 | b);
                        }
                    });
                    sb.append('"');
                    if (t.value().isTruncated()) sb.append(",\"").append(c.key()).append("_truncated\":true");
                }
                case Cell.Absent a -> sb.append("null");
            }
        }
        sb.append('}');
        out.endLine();
    }

    @Override
    public void end(Subject<?> subject, long count, Output out) {
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        s.codePoints().forEach(cp -> character(sb, cp));
        sb.append('"');
    }

    private static void character(StringBuilder sb, int cp) {
        switch (cp) {
            case '"' -> sb.append("\\\"");
            case '\\' -> sb.append("\\\\");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case '\b' -> sb.append("\\b");
            case '\f' -> sb.append("\\f");
            default -> {
                // A lone surrogate can only come from a Java string; escaping it keeps the line valid.
                if (Utf8.isUnsafe(cp) || (cp >= 0xd800 && cp <= 0xdfff)) {
                    unicodeEscape(sb, cp);
                } else {
                    sb.appendCodePoint(cp);
                }
            }
        }
    }

    private static void unicodeEscape(StringBuilder sb, int unit) {
        sb.append("\\u");
        for (int shift = 12; shift >= 0; shift -= 4) sb.append(Character.forDigit(unit >> shift & 0xf, 16));
    }
}
