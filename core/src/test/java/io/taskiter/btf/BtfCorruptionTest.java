package io.taskiter.btf;

import static io.taskiter.btf.BtfFixture.m;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A malformed blob is a BtfFormatException, from the parse or from the lookup that meets it. */
class BtfCorruptionTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int TYPES = BtfFixture.HEADER;

    private static void malformed(byte[] blob, String message) {
        assertThatThrownBy(() -> Btf.parse(blob)).isInstanceOf(BtfFormatException.class)
                .hasMessageStartingWith("btf: ").hasMessageContaining(message);
    }

    private static void malformedLookup(Executable lookup, String message) {
        assertThatThrownBy(lookup::execute).isInstanceOf(BtfFormatException.class)
                .hasMessageStartingWith("btf: ").hasMessageContaining(message);
    }

    /** One int and a struct holding it. */
    private static byte[] small() {
        BtfFixture f = BtfFixture.le();
        int i = f.integer("int", 4, true);
        f.struct("s", 4, m("a", i, 0));
        return f.build();
    }

    @Test
    void empty() {
        malformed(new byte[0], "shorter than the 24-byte header");
    }

    @Test
    void everyTruncation() {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            byte[] blob = BtfFixture.sample(order).blob();
            for (int len = 0; len < blob.length; len++) {
                byte[] cut = java.util.Arrays.copyOf(blob, len);
                assertThatThrownBy(() -> Btf.parse(cut)).as("truncated to %d of %d", len, blob.length)
                        .isInstanceOf(BtfFormatException.class);
            }
        }
    }

    @Test
    void badMagic() {
        byte[] blob = small();
        blob[0] = 0x12;
        blob[1] = 0x34;
        malformed(blob, "bad magic 0x1234 at offset 0x0");
    }

    @Test
    void badVersion() {
        byte[] blob = small();
        blob[2] = 2;
        malformed(blob, "unsupported version 2");
    }

    @Test
    void headerLength() {
        byte[] blob = small();
        BtfFixture.poke(blob, LE, 4, blob.length + 1);
        malformed(blob, "header length");
        BtfFixture.poke(blob, LE, 4, 23);
        malformed(blob, "header length 23");
        BtfFixture.poke(blob, LE, 4, -1);
        malformed(blob, "header length 4294967295");
    }

    @Test
    void sectionsOutOfBounds() {
        byte[] blob = small();
        int typeLen = BtfFixture.peek(blob, LE, 12);
        BtfFixture.poke(blob, LE, 12, typeLen + 1000);
        malformed(blob, "type section");
        blob = small();
        BtfFixture.poke(blob, LE, 8, -4);
        malformed(blob, "runs past the end of the blob");
        blob = small();
        BtfFixture.poke(blob, LE, 20, BtfFixture.peek(blob, LE, 20) + 1);
        malformed(blob, "string section");
        blob = small();
        BtfFixture.poke(blob, LE, 16, -1);
        malformed(blob, "string section");
        blob = small();
        BtfFixture.poke(blob, LE, 8, 2);
        malformed(blob, "not 4-byte aligned");
    }

    @Test
    void overlappingSections() {
        byte[] blob = small();
        BtfFixture.poke(blob, LE, 16, 4);
        BtfFixture.poke(blob, LE, 20, 8);
        malformed(blob, "overlaps");
    }

    @Test
    void stringSectionMustBeNulDelimited() {
        byte[] blob = small();
        blob[blob.length - 1] = 'x';
        malformed(blob, "does not start and end with NUL");
        blob = small();
        BtfFixture.poke(blob, LE, 20, 0);
        malformed(blob, "does not start and end with NUL");
    }

    @Test
    void typeNameOffsetPastStrings() {
        byte[] blob = small();
        BtfFixture.poke(blob, LE, TYPES, 0x7fff_0000);
        malformed(blob, "name offset 0x7fff0000 at offset 0x18 is past the string section");
    }

    @Test
    void memberNameOffsetPastStrings() throws Exception {
        byte[] blob = small();
        BtfFixture.poke(blob, LE, TYPES + 16 + 12, 1 << 20); // the struct's first member
        Btf btf = Btf.parse(blob);
        malformedLookup(() -> btf.type(2), "name offset 0x100000 at offset 0x34");
        malformedLookup(() -> btf.member("s", "a"), "past the string section");
    }

    @Test
    void typeIdOutOfRange() throws Exception {
        BtfFixture f = BtfFixture.le();
        f.ptr(99);
        f.struct("s", 8, m("p", 1, 0), m("q", 77, 64));
        f.typedef("t", -1);
        Btf btf = Btf.parse(f.build());
        malformedLookup(() -> btf.type(1), "type reference 99 at offset 0x20 is past the last type 3");
        malformedLookup(() -> btf.member("s", "p"), "type reference 99");
        malformedLookup(() -> btf.member("s", "q"), "type reference 77");
        malformedLookup(() -> btf.type(2), "type reference 77");
        malformedLookup(() -> btf.resolve(3), "type reference 4294967295");
        malformedLookup(() -> btf.sizeOf(3), "type reference 4294967295");
    }

    @Test
    void unknownKinds() {
        for (int kind : new int[] {0, 20, 31}) {
            BtfFixture f = BtfFixture.le();
            f.integer("int", 4, true);
            f.raw(0, kind, 0, false, 1);
            malformed(f.build(), "type 2 at offset 0x28 has unknown kind " + kind);
        }
    }

    @Test
    void vlenRunsPastTheEnd() {
        byte[] blob = small();
        int info = BtfFixture.peek(blob, LE, TYPES + 16 + 4);
        BtfFixture.poke(blob, LE, TYPES + 16 + 4, info | 0xffff);
        malformed(blob, "type 2 at offset 0x28 runs past the type section");
        // A type section that ends inside a record's fixed part.
        blob = small();
        BtfFixture.poke(blob, LE, 12, BtfFixture.peek(blob, LE, 12) - 16);
        malformed(blob, "type 2 at offset 0x28 runs past the type section");
    }

    @Test
    void typedefAndQualifierCycles() throws Exception {
        BtfFixture f = BtfFixture.le();
        f.typedef("a", 2);
        f.constOf(3);
        f.volatileOf(1);
        f.struct("s", 4, m("x", 1, 0));
        f.struct("t", 4, m("s", 4, 0));
        Btf btf = Btf.parse(f.build());
        assertThat(btf.type(1)).isEqualTo(new Type.Typedef(1, "a", 2));
        malformedLookup(() -> btf.resolve(1), "chain longer than 32 (a cycle?)");
        malformedLookup(() -> btf.sizeOf(2), "chain longer than 32");
        malformedLookup(() -> btf.member("s", "x"), "chain longer than 32");
        malformedLookup(() -> btf.member("t", "s", "x"), "chain longer than 32");
        malformedLookup(() -> btf.member("a", "x"), "chain longer than 32");
    }

    @Test
    void arrayAndVarCycles() throws Exception {
        BtfFixture f = BtfFixture.le();
        f.array(1, 0, 4);
        f.variable("v", 2, 0);
        Btf btf = Btf.parse(f.build());
        malformedLookup(() -> btf.sizeOf(1), "arrays nested deeper than 32");
        malformedLookup(() -> btf.sizeOf(2), "nested deeper than 32");
    }

    @Test
    void anonymousMemberCycle() throws Exception {
        BtfFixture f = BtfFixture.le();
        f.struct("s", 4, m("", 1, 0));
        Btf btf = Btf.parse(f.build());
        malformedLookup(() -> btf.member("s", "x"), "anonymous members nested deeper than 32");
    }

    @Test
    void anonymousMemberFanOutIsBounded() throws Exception {
        // Each level has many anonymous members of the next: the search would visit 200^4 members.
        BtfFixture f = BtfFixture.le();
        int levels = 4;
        int first = f.nextId();
        for (int level = 0; level < levels; level++) {
            BtfFixture.M[] members = new BtfFixture.M[200];
            int next = level == levels - 1 ? first + levels : first + level + 1;
            for (int i = 0; i < members.length; i++) members[i] = m("", next, 0);
            f.struct(level == 0 ? "top" : "", 4, members);
        }
        f.struct("", 4, m("leaf", first + levels + 1, 0));
        f.integer("int", 4, true);
        Btf btf = Btf.parse(f.build());
        assertThat(btf.member("top", "leaf")).isPresent();
        malformedLookup(() -> btf.member("top", "nothing"), "visits over");
    }

    @Test
    void hugeSizes() throws Exception {
        BtfFixture f = BtfFixture.le();
        f.struct("s", -8);
        f.integer("i", 4, true);
        f.array(2, 2, -1);
        Btf btf = Btf.parse(f.build());
        malformedLookup(() -> btf.type(1), "size 4294967288, over 2 GiB");
        malformedLookup(() -> btf.sizeOf(1), "over 2 GiB");
        malformedLookup(() -> btf.sizeOf(3), "array type 3 at offset 0x34 is over 2 GiB");
        assertThat(btf.type(3)).isEqualTo(new Type.Array(3, 2, 2, 0xffffffffL));
    }

    @Test
    void memberOffsetsBeyondTwoGigabytes() throws Exception {
        // Each step of the path adds almost 2^32 bits; a byte offset must stay an int.
        BtfFixture f = BtfFixture.le();
        f.struct("s", 4, m("a", 1, -8));
        Btf btf = Btf.parse(f.build());
        assertThat(btf.member("s", "a", "a", "a", "a").orElseThrow().bitOffset()).isEqualTo(4 * 0xfffffff8L);
        malformedLookup(() -> btf.member("s", "a", "a", "a", "a", "a", "a", "a", "a", "a"), "over 2 GiB");
    }

    /**
     * Random damage to a blob with every kind: each mutant either fails to parse, or parses and then
     * every lookup answers or fails with BtfFormatException, within a bounded time.
     */
    @Test
    void randomMutations() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                byte[] original = BtfFixture.sample(order).blob();
                long seed = 0x5eed_b7f0L + order.hashCode();
                Random random = new Random(seed);
                int parsed = 0;
                for (int round = 0; round < 3000; round++) {
                    byte[] blob = mutate(original, order, random);
                    try {
                        exercise(Btf.parse(blob));
                        parsed++;
                    } catch (BtfFormatException expected) {
                        // fine: detected
                    } catch (Throwable t) {
                        fail("%s round %d (seed %d): %s".formatted(order, round, seed, t), t);
                    }
                }
                // The mutations must also reach past the parse, into the lookups.
                assertThat(parsed).as("mutants that parsed").isGreaterThan(300);
            }
        });
    }

    private static byte[] mutate(byte[] original, ByteOrder order, Random random) {
        byte[] blob = original.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(10) == 0 ? random.nextInt(BtfFixture.HEADER) : random.nextInt(blob.length);
            switch (random.nextInt(4)) {
                case 0 -> blob[at] = (byte) random.nextInt(256);
                case 1 -> blob[at] ^= (byte) (1 << random.nextInt(8));
                default -> {
                    // A whole word set to a value likely to mean something: a small id, a kind, a bound.
                    int word = at & ~3;
                    if (word + 4 > blob.length) break;
                    int[] choices = {0, 1, 2, 3, 40, 41, 255, -1, 0x7fffffff, 0x80000000, 0xffff, 1 << 24,
                        random.nextInt(21) << 24 | random.nextInt(4), random.nextInt()};
                    BtfFixture.poke(blob, order, word, choices[random.nextInt(choices.length)]);
                }
            }
        }
        return blob;
    }

    private static void exercise(Btf btf) throws Exception {
        String[] names = {"task_struct", "bpf_iter_task", "bpf_iter__task_file", "int", "state", "big", "legacy",
            "task_t", "file", "v", ".data", "double", "tag", "user", "pid_t", "inner", ""};
        for (Kind kind : Kind.values()) {
            for (String name : names) {
                var id = btf.findId(name, kind);
                id.ifPresent(i -> assertThat(i).isBetween(1, btf.typeCount()));
            }
        }
        for (int id = 0; id <= btf.typeCount(); id++) {
            expectFormatErrorOnly(btf, id);
        }
        String[][] paths = {{"pid"}, {"tgid"}, {"comm"}, {"in", "y"}, {"hi"}, {"nr"}, {"x"}, {"fd"}, {"file"}, {},
            {"real_parent", "pid"}, {"lo"}};
        for (String struct : new String[] {"task_struct", "bpf_iter__task_file", "legacy", "task_t", "inner"}) {
            for (String[] path : paths) {
                try {
                    btf.member(struct, path);
                } catch (BtfFormatException expected) {
                    // fine
                }
            }
            try {
                btf.memberAny(struct, paths);
            } catch (BtfFormatException expected) {
                // fine
            }
        }
        assertThat(btf.checksum()).isNotEmpty();
    }

    private static void expectFormatErrorOnly(Btf btf, int id) {
        try {
            btf.type(id);
        } catch (BtfFormatException expected) {
            // fine
        }
        try {
            btf.resolve(id);
        } catch (BtfFormatException expected) {
            // fine
        }
        try {
            btf.sizeOf(id);
        } catch (BtfFormatException expected) {
            // fine
        }
    }
}
