package io.taskiter.cli;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict parser for one JSON Lines object (RFC 8259): rejects raw control characters in strings,
 * unknown escapes, leading zeros, trailing text. Values: String, BigInteger, Boolean, null, Map.
 */
final class MiniJson {
    private final String s;
    private int i;

    private MiniJson(String s) {
        this.s = s;
    }

    static Map<String, Object> object(String line) {
        MiniJson p = new MiniJson(line);
        Object v = p.value();
        if (p.i != line.length()) throw p.error("trailing text");
        if (!(v instanceof Map<?, ?>)) throw p.error("not an object");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        return m;
    }

    /** {@return the bytes a surrogateescape string stands for}: lone U+DC80..U+DCFF are raw bytes */
    static byte[] bytes(String decoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int k = 0; k < decoded.length(); ) {
            int cp = decoded.codePointAt(k);
            k += Character.charCount(cp);
            if (cp >= 0xdc80 && cp <= 0xdcff) {
                out.write(cp & 0xff);
            } else {
                out.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private Object value() {
        if (i >= s.length()) throw error("end of input");
        char c = s.charAt(i);
        return switch (c) {
            case '{' -> object();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        if (peek() == '}') {
            i++;
            return m;
        }
        while (true) {
            if (peek() != '"') throw error("key expected");
            String key = string();
            if (m.containsKey(key)) throw error("duplicate key " + key);
            expect(':');
            m.put(key, value());
            char c = peek();
            i++;
            if (c == '}') return m;
            if (c != ',') throw error("',' or '}' expected");
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = peek();
            i++;
            if (c == '"') return sb.toString();
            if (c < 0x20) throw error("raw control character");
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = peek();
            i++;
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) throw error("short \\u escape");
                    String hex = s.substring(i, i + 4);
                    if (!hex.matches("[0-9a-fA-F]{4}")) throw error("bad \\u escape");
                    sb.append((char) Integer.parseInt(hex, 16));
                    i += 4;
                }
                default -> throw error("unknown escape \\" + e);
            }
        }
    }

    private Object number() {
        int start = i;
        if (peek() == '-') i++;
        if (i < s.length() && s.charAt(i) == '0' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
            throw error("leading zero");
        }
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
        if (i == start || (i == start + 1 && s.charAt(start) == '-')) throw error("value expected");
        return new BigInteger(s.substring(start, i));
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, i)) throw error(word + " expected");
        i += word.length();
        return v;
    }

    private void expect(char c) {
        if (peek() != c) throw error("'" + c + "' expected");
        i++;
    }

    private char peek() {
        if (i >= s.length()) throw error("end of input");
        return s.charAt(i);
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at " + i + " in " + s);
    }
}
