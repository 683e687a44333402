package io.taskiter.cli;

import java.util.List;

/**
 * Aligned columns for people. Widths are fixed per column (rows stream, so later rows cannot widen
 * earlier ones); a wider value pushes the rest of its row right instead of being cut, and the last column
 * is never padded. Sizes are shown in binary units, times in seconds, flags in octal as fdinfo shows
 * them, names escaped as {@link Backslashed} does; an absent value is "-". The last line counts the rows.
 */
record Table() implements Format {
    private static final String ABSENT = "-";

    @Override
    public void begin(List<? extends Column<?>> columns, Output out) {
        StringBuilder sb = out.text();
        for (int i = 0; i < columns.size(); i++) {
            cell(sb, columns, i, columns.get(i).header());
        }
        out.endLine();
    }

    @Override
    public <T> void row(List<Column<T>> columns, T element, Output out) {
        StringBuilder sb = out.text();
        StringBuilder value = new StringBuilder(32);
        for (int i = 0; i < columns.size(); i++) {
            value.setLength(0);
            render(value, columns.get(i).cell().apply(element));
            cell(sb, columns, i, value);
        }
        out.endLine();
    }

    @Override
    public void end(Subject<?> subject, long count, Output out) {
        out.text().append(count).append(' ').append(count == 1 ? subject.singular() : subject.plural());
        out.endLine();
    }

    private static void cell(StringBuilder sb, List<? extends Column<?>> columns, int i, CharSequence value) {
        Column<?> c = columns.get(i);
        boolean last = i == columns.size() - 1;
        if (i > 0) sb.append(' ');
        int pad = Math.max(0, c.width() - Character.codePointCount(value, 0, value.length()));
        switch (c.align()) {
            case RIGHT -> sb.repeat(' ', pad).append(value);
            case LEFT -> {
                sb.append(value);
                if (!last) sb.repeat(' ', pad);
            }
        }
    }

    static void render(StringBuilder sb, Cell cell) {
        switch (cell) {
            case Cell.Num n -> {
                switch (n.style()) {
                    case DECIMAL, UNSIGNED -> sb.append(n.decimal());
                    case OCTAL -> sb.append('0').append(Long.toOctalString(n.value()));
                    case BYTES -> bytes(sb, n.value());
                    case NANOS -> seconds(sb, n.value());
                }
            }
            case Cell.Flag f -> sb.append(f.value() ? "yes" : "no");
            case Cell.Word w -> sb.append(w.value());
            case Cell.Text t -> Backslashed.append(sb, t.value());
            case Cell.Absent a -> sb.append(ABSENT);
        }
    }

    /** At most five characters below 1000 PiB: 512B, 9.5K, 12K, 1023M, 1.2G. */
    private static void bytes(StringBuilder sb, long n) {
        if (n < 1024) {
            sb.append(n).append('B');
            return;
        }
        String units = "KMGTPE";
        int u = 0;
        double v = n / 1024.0;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        // Round before choosing the form so 9.96K reads 10K, not 10.0K.
        long tenths = Math.round(v * 10);
        if (tenths < 100) {
            sb.append(tenths / 10).append('.').append(tenths % 10);
        } else {
            sb.append(Math.round(v));
        }
        sb.append(units.charAt(u));
    }

    /** Seconds with two decimals, truncated like ps and top do. */
    private static void seconds(StringBuilder sb, long ns) {
        if (ns < 0) {
            sb.append(ns).append("ns");
            return;
        }
        long centis = ns / 10_000_000;
        sb.append(centis / 100).append('.');
        long frac = centis % 100;
        if (frac < 10) sb.append('0');
        sb.append(frac);
    }
}
