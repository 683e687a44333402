package io.taskiter.cli;

import java.util.List;

/**
 * CSV as RFC 4180 quotes it, with a header row of the keys. Records end with LF rather than the RFC's
 * CRLF, as Unix tools expect; each record is one line, because names are escaped as in
 * {@link Backslashed} before quoting (so no CR or LF is left inside a field). A field holding a comma or
 * a quote is quoted, quotes doubled. An absent value is an empty field; an empty name is {@code ""}, so
 * the two stay apart.
 */
record Csv() implements Format {

    @Override
    public void begin(List<? extends Column<?>> columns, Output out) {
        StringBuilder sb = out.text();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(columns.get(i).key());
        }
        out.endLine();
    }

    @Override
    public <T> void row(List<Column<T>> columns, T element, Output out) {
        StringBuilder sb = out.text();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) sb.append(',');
            switch (columns.get(i).cell().apply(element)) {
                case Cell.Num n -> sb.append(n.decimal());
                case Cell.Flag f -> sb.append(f.value());
                case Cell.Word w -> field(sb, w.value());
                case Cell.Text t -> {
                    StringBuilder escaped = new StringBuilder(t.value().length() + 8);
                    Backslashed.append(escaped, t.value());
                    if (escaped.isEmpty()) {
                        sb.append("\"\"");
                    } else {
                        field(sb, escaped);
                    }
                }
                case Cell.Absent a -> {
                }
            }
        }
        out.endLine();
    }

    @Override
    public void end(Subject<?> subject, long count, Output out) {
    }

    private static void field(StringBuilder sb, CharSequence s) {
        if (!needsQuotes(s)) {
            sb.append(s);
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') sb.append('"');
            sb.append(c);
        }
        sb.append('"');
    }

    private static boolean needsQuotes(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') return true;
        }
        return false;
    }
}
