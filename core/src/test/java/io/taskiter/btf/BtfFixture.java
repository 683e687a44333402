package io.taskiter.btf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes BTF blobs for tests: types are appended in id order (the first is 1), strings are
 * deduplicated, and the header is the plain 24-byte one with the type section first.
 */
final class BtfFixture {
    static final int HEADER = 24;
    static final int FLAG = 1 << 31;

    /** A struct or union member; {@code bitSize} > 0 makes the whole record use kind_flag. */
    record M(String name, int type, int bitOffset, int bitSize) {
    }

    private final ByteOrder order;
    private int[] words = new int[64];
    private int size;
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> offsets = new HashMap<>();
    private int nextId = 1;

    BtfFixture(ByteOrder order) {
        this.order = order;
        strings.write(0);
        offsets.put("", 0);
    }

    static BtfFixture le() {
        return new BtfFixture(ByteOrder.LITTLE_ENDIAN);
    }

    static BtfFixture be() {
        return new BtfFixture(ByteOrder.BIG_ENDIAN);
    }

    static M m(String name, int type, int bitOffset) {
        return new M(name, type, bitOffset, 0);
    }

    static M bits(String name, int type, int bitOffset, int bitSize) {
        return new M(name, type, bitOffset, bitSize);
    }

    ByteOrder order() {
        return order;
    }

    /** {@return the id the next type will get} */
    int nextId() {
        return nextId;
    }

    int string(String s) {
        return offsets.computeIfAbsent(s, k -> {
            int off = strings.size();
            strings.writeBytes(k.getBytes(StandardCharsets.UTF_8));
            strings.write(0);
            return off;
        });
    }

    /** Appends a record as given: name offset, kind, vlen, kind_flag, third word, trailing words. */
    int raw(int nameOff, int kind, int vlen, boolean kindFlag, int third, int... trailer) {
        word(nameOff);
        word((kindFlag ? FLAG : 0) | kind << 24 | vlen);
        word(third);
        for (int w : trailer) word(w);
        return nextId++;
    }

    private void word(int w) {
        if (size == words.length) words = Arrays.copyOf(words, size * 2);
        words[size++] = w;
    }

    int integer(String name, int size, boolean signed) {
        return integer(name, size, signed ? 1 : 0, 0, size * 8);
    }

    int integer(String name, int size, int encoding, int bitOffset, int bits) {
        return raw(string(name), 1, 0, false, size, encoding << 24 | bitOffset << 16 | bits);
    }

    int ptr(int target) {
        return raw(0, 2, 0, false, target);
    }

    int array(int element, int index, int count) {
        return raw(0, 3, 0, false, 0, element, index, count);
    }

    int struct(String name, int size, M... members) {
        return composite(4, name, size, members);
    }

    int union(String name, int size, M... members) {
        return composite(5, name, size, members);
    }

    private int composite(int kind, String name, int size, M... members) {
        boolean flag = Arrays.stream(members).anyMatch(m -> m.bitSize > 0);
        int[] trailer = new int[members.length * 3];
        for (int i = 0; i < members.length; i++) {
            M m = members[i];
            trailer[3 * i] = string(m.name);
            trailer[3 * i + 1] = m.type;
            trailer[3 * i + 2] = flag ? m.bitSize << 24 | m.bitOffset : m.bitOffset;
        }
        return raw(string(name), kind, members.length, flag, size, trailer);
    }

    /** {@code labelsAndValues}: name, value, name, value... */
    int enumeration(String name, int size, boolean signed, Object... labelsAndValues) {
        int n = labelsAndValues.length / 2;
        int[] trailer = new int[n * 2];
        for (int i = 0; i < n; i++) {
            trailer[2 * i] = string((String) labelsAndValues[2 * i]);
            trailer[2 * i + 1] = ((Number) labelsAndValues[2 * i + 1]).intValue();
        }
        return raw(string(name), 6, n, signed, size, trailer);
    }

    int enum64(String name, boolean signed, Object... labelsAndValues) {
        int n = labelsAndValues.length / 2;
        int[] trailer = new int[n * 3];
        for (int i = 0; i < n; i++) {
            long v = ((Number) labelsAndValues[2 * i + 1]).longValue();
            trailer[3 * i] = string((String) labelsAndValues[2 * i]);
            trailer[3 * i + 1] = (int) v;
            trailer[3 * i + 2] = (int) (v >>> 32);
        }
        return raw(string(name), 19, n, signed, 8, trailer);
    }

    int fwd(String name, boolean union) {
        return raw(string(name), 7, 0, union, 0);
    }

    int typedef(String name, int target) {
        return raw(string(name), 8, 0, false, target);
    }

    int volatileOf(int target) {
        return raw(0, 9, 0, false, target);
    }

    int constOf(int target) {
        return raw(0, 10, 0, false, target);
    }

    int restrictOf(int target) {
        return raw(0, 11, 0, false, target);
    }

    int func(String name, int proto, int linkage) {
        return raw(string(name), 12, linkage, false, proto);
    }

    /** {@code namesAndTypes}: name, type id, name, type id... */
    int proto(int returnType, Object... namesAndTypes) {
        int n = namesAndTypes.length / 2;
        int[] trailer = new int[n * 2];
        for (int i = 0; i < n; i++) {
            trailer[2 * i] = string((String) namesAndTypes[2 * i]);
            trailer[2 * i + 1] = (Integer) namesAndTypes[2 * i + 1];
        }
        return raw(0, 13, n, false, returnType, trailer);
    }

    int variable(String name, int type, int linkage) {
        return raw(string(name), 14, 0, false, type, linkage);
    }

    /** {@code entries}: type, offset, size triples. */
    int datasec(String name, int size, int... entries) {
        return raw(string(name), 15, entries.length / 3, false, size, entries);
    }

    int floating(String name, int size) {
        return raw(string(name), 16, 0, false, size);
    }

    int declTag(String name, int type, int component) {
        return raw(string(name), 17, 0, false, type, component);
    }

    int typeTag(String name, int target) {
        return raw(string(name), 18, 0, false, target);
    }

    /** {@return the blob: header, type section, string section} */
    byte[] build() {
        byte[] str = strings.toByteArray();
        int typeLen = size * 4;
        ByteBuffer b = ByteBuffer.allocate(HEADER + typeLen + str.length).order(order);
        b.putShort((short) 0xEB9F).put((byte) 1).put((byte) 0).putInt(HEADER);
        b.putInt(0).putInt(typeLen).putInt(typeLen).putInt(str.length);
        for (int i = 0; i < size; i++) b.putInt(words[i]);
        b.put(str);
        return b.array();
    }

    /** Overwrites the word at {@code offset} of a built blob, in the blob's byte order. */
    static void poke(byte[] blob, ByteOrder order, int offset, int value) {
        ByteBuffer.wrap(blob).order(order).putInt(offset, value);
    }

    static int peek(byte[] blob, ByteOrder order, int offset) {
        return ByteBuffer.wrap(blob).order(order).getInt(offset);
    }

    /** A blob with every kind, shaped like the kernel types TaskIter reads, and the ids of its types. */
    record Sample(byte[] blob, Map<String, Integer> ids) {
        int id(String name) {
            Integer id = ids.get(name);
            if (id == null) throw new IllegalArgumentException(name);
            return id;
        }
    }

    static Sample sample(ByteOrder order) {
        BtfFixture f = new BtfFixture(order);
        Map<String, Integer> ids = new HashMap<>();
        int sInt = f.integer("int", 4, true);
        int uInt = f.integer("unsigned int", 4, false);
        int chr = f.integer("char", 1, 2, 0, 8);
        int lng = f.integer("long", 8, true);
        int taskPtr = f.ptr(f.nextId() + 3);
        int comm = f.array(chr, sInt, 16);
        int pidT = f.typedef("pid_t", sInt);
        int task = f.nextId();
        int anonUnion = task + 1;
        int anonStruct = task + 2;
        int cvPid = task + 4;
        int inner = task + 5;
        f.struct("task_struct", 56,
                m("__state", uInt, 0),
                m("flags", uInt, 32),
                m("", anonUnion, 64),
                m("real_parent", taskPtr, 128),
                m("comm", comm, 192),
                bits("lo", uInt, 320, 3),
                bits("hi", uInt, 323, 5),
                m("nr", cvPid, 352),
                m("in", inner, 384));
        f.union("", 8, m("x", lng, 0), m("", anonStruct, 0));
        f.struct("", 8, m("pid", pidT, 0), m("tgid", pidT, 32));
        int vol = f.volatileOf(pidT);
        f.constOf(vol);
        f.struct("inner", 8, m("x", sInt, 0), m("y", sInt, 32));
        ids.putAll(Map.of("int", sInt, "unsigned int", uInt, "char", chr, "long", lng, "task_ptr", taskPtr,
                "comm", comm, "pid_t", pidT, "task_struct", task, "anon_union", anonUnion, "anon_struct", anonStruct));
        ids.putAll(Map.of("volatile", vol, "const", cvPid, "inner", inner));
        ids.put("enum", f.enumeration("state", 4, false, "A", 0, "B", 0xffffffff));
        ids.put("senum", f.enumeration("sstate", 4, true, "NEG", -2));
        ids.put("enum64", f.enum64("big", true, "M", -5L, "N", 1L << 40));
        int fileFwd = f.fwd("file", false);
        ids.put("fwd", fileFwd);
        ids.put("struct bpf_iter_task", f.struct("bpf_iter_task", 16, m("a", lng, 0), m("b", lng, 64)));
        int proto = f.proto(sInt, "task", taskPtr, "", 0);
        ids.put("proto", proto);
        ids.put("func bpf_iter_task", f.func("bpf_iter_task", proto, 1));
        int var = f.variable("v", sInt, 1);
        ids.put("var", var);
        ids.put("datasec", f.datasec(".data", 4, var, 0, 4));
        ids.put("float", f.floating("double", 8));
        ids.put("decl_tag", f.declTag("tag", ids.get("func bpf_iter_task"), -1));
        int userInt = f.typeTag("user", sInt);
        ids.put("type_tag", userInt);
        int userPtr = f.ptr(userInt);
        ids.put("restrict", f.restrictOf(userPtr));
        int filePtr = f.ptr(fileFwd);
        ids.put("file_ptr", filePtr);
        ids.put("bpf_iter__task_file", f.struct("bpf_iter__task_file", 32,
                m("meta", f.nextId() + 1, 0), m("task", taskPtr, 64), m("fd", uInt, 128), m("file", filePtr, 192)));
        ids.put("void_ptr", f.ptr(0));
        ids.put("task_t", f.typedef("task_t", task));
        int u3 = f.integer("unsigned int", 4, 0, 0, 3);
        ids.put("u3", u3);
        ids.put("legacy", f.struct("legacy", 4, m("lo", u3, 0), m("hi", u3, 3)));
        ids.put("union_fwd", f.fwd("u", true));
        return new Sample(f.build(), Map.copyOf(ids));
    }
}
