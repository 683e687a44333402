package io.taskiter.btf;

import static io.taskiter.btf.BtfFixture.m;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BtfParseTest {

    static Stream<ByteOrder> orders() {
        return Stream.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN);
    }

    private static BtfFixture.Sample sample;

    private static Btf parse(ByteOrder order) throws BtfFormatException {
        sample = BtfFixture.sample(order);
        return Btf.parse(sample.blob());
    }

    private static int id(String name) {
        return sample.id(name);
    }

    @ParameterizedTest
    @MethodSource("orders")
    void decodesEveryKind(ByteOrder order) throws Exception {
        Btf btf = parse(order);
        assertThat(btf.typeCount()).isEqualTo(id("union_fwd"));
        assertThat(btf.type(0)).isEqualTo(new Type.Void());
        assertThat(btf.type(id("int"))).isEqualTo(new Type.Int(1, "int", 4, true, false, false, 0, 32));
        assertThat(btf.type(id("char"))).isEqualTo(new Type.Int(3, "char", 1, false, true, false, 0, 8));
        assertThat(btf.type(id("task_ptr"))).isEqualTo(new Type.Pointer(5, id("task_struct")));
        assertThat(btf.type(id("comm"))).isEqualTo(new Type.Array(6, id("char"), id("int"), 16));
        assertThat(btf.type(id("pid_t"))).isEqualTo(new Type.Typedef(7, "pid_t", id("int")));
        assertThat(btf.type(id("volatile"))).isEqualTo(new Type.Qualifier(id("volatile"), Kind.VOLATILE, "", id("pid_t")));
        assertThat(btf.type(id("const"))).isEqualTo(new Type.Qualifier(id("const"), Kind.CONST, "", id("volatile")));
        assertThat(btf.type(id("restrict")).kind()).isEqualTo(Kind.RESTRICT);
        assertThat(btf.type(id("type_tag"))).isEqualTo(new Type.Qualifier(id("type_tag"), Kind.TYPE_TAG, "user", id("int")));
        assertThat(btf.type(id("anon_union"))).isEqualTo(new Type.Union(id("anon_union"), "", 8, List.of(
                new Type.StructMember("x", id("long"), 0, 0), new Type.StructMember("", id("anon_struct"), 0, 0))));
        assertThat(btf.type(id("enum"))).isEqualTo(new Type.Enum(id("enum"), Kind.ENUM, "state", 4, false, List.of(
                new Type.Enumerator("A", 0), new Type.Enumerator("B", 0xffffffffL))));
        assertThat(btf.type(id("senum"))).isEqualTo(new Type.Enum(id("senum"), Kind.ENUM, "sstate", 4, true, List.of(
                new Type.Enumerator("NEG", -2))));
        assertThat(btf.type(id("enum64"))).isEqualTo(new Type.Enum(id("enum64"), Kind.ENUM64, "big", 8, true, List.of(
                new Type.Enumerator("M", -5), new Type.Enumerator("N", 1L << 40))));
        assertThat(btf.type(id("fwd"))).isEqualTo(new Type.Fwd(id("fwd"), "file", false));
        assertThat(btf.type(id("union_fwd"))).isEqualTo(new Type.Fwd(id("union_fwd"), "u", true));
        assertThat(btf.type(id("proto"))).isEqualTo(new Type.FuncProto(id("proto"), id("int"), List.of(
                new Type.Param("task", id("task_ptr")), new Type.Param("", 0))));
        assertThat(btf.type(id("func bpf_iter_task")))
                .isEqualTo(new Type.Func(id("func bpf_iter_task"), "bpf_iter_task", id("proto"), 1));
        assertThat(btf.type(id("var"))).isEqualTo(new Type.Other(id("var"), Kind.VAR, "v", id("int")));
        assertThat(btf.type(id("datasec"))).isEqualTo(new Type.Other(id("datasec"), Kind.DATASEC, ".data", 4));
        assertThat(btf.type(id("float"))).isEqualTo(new Type.Other(id("float"), Kind.FLOAT, "double", 8));
        assertThat(btf.type(id("decl_tag")))
                .isEqualTo(new Type.Other(id("decl_tag"), Kind.DECL_TAG, "tag", id("func bpf_iter_task")));
        assertThat(btf.type(id("void_ptr"))).isEqualTo(new Type.Pointer(id("void_ptr"), 0));
    }

    @ParameterizedTest
    @MethodSource("orders")
    void everyRecordKindIsIndexed(ByteOrder order) throws Exception {
        Btf btf = parse(order);
        var kinds = java.util.EnumSet.noneOf(Kind.class);
        for (int i = 1; i <= btf.typeCount(); i++) kinds.add(btf.type(i).kind());
        assertThat(kinds).containsExactlyInAnyOrder(Stream.of(Kind.values()).filter(k -> k != Kind.VOID).toArray(Kind[]::new));
    }

    @ParameterizedTest
    @MethodSource("orders")
    void findIdFiltersByKind(ByteOrder order) throws Exception {
        Btf btf = parse(order);
        assertThat(btf.findId("bpf_iter_task", Kind.STRUCT)).hasValue(id("struct bpf_iter_task"));
        assertThat(btf.findId("bpf_iter_task", Kind.FUNC)).hasValue(id("func bpf_iter_task"));
        assertThat(id("struct bpf_iter_task")).isLessThan(id("func bpf_iter_task"));
        assertThat(btf.findId("bpf_iter_task", Kind.UNION)).isEmpty();
        assertThat(btf.findId("bpf_iter_tas", Kind.FUNC)).isEmpty();
        assertThat(btf.findId("bpf_iter_task_file", Kind.FUNC)).isEmpty();
        assertThat(btf.findId("", Kind.STRUCT)).isEmpty();
        assertThat(btf.findId("int", Kind.VOID)).isEmpty();
        // Two INTs share the name "unsigned int": the first wins.
        assertThat(btf.findId("unsigned int", Kind.INT)).hasValue(id("unsigned int"));
        assertThat(btf.findId("state", Kind.ENUM)).hasValue(id("enum"));
        assertThat(btf.findId("big", Kind.ENUM64)).hasValue(id("enum64"));
    }

    @ParameterizedTest
    @MethodSource("orders")
    void membersThroughAnonymousUnionAndStruct(ByteOrder order) throws Exception {
        Btf btf = parse(order);
        Member pid = btf.member("task_struct", "pid").orElseThrow();
        assertThat(pid.bitOffset()).isEqualTo(64);
        assertThat(pid.byteOffset()).isEqualTo(8);
        assertThat(pid.bitSize()).isZero();
        assertThat(pid.type()).isEqualTo(btf.type(id("int")));
        Member tgid = btf.member("task_struct", "tgid").orElseThrow();
        assertThat(tgid.byteOffset()).isEqualTo(12);
        assertThat(btf.member("task_struct", "x").orElseThrow().type()).isEqualTo(btf.type(id("long")));
        assertThat(btf.member("task_struct", "__state").orElseThrow().byteOffset()).isZero();
        assertThat(btf.member("task_struct", "flags").orElseThrow().byteOffset()).isEqualTo(4);
    }

    @ParameterizedTest
    @MethodSource("orders")
    void memberPathsAndTypes(ByteOrder order) throws Exception {
        Btf btf = parse(order);
        assertThat(btf.member("task_struct", "in", "y").orElseThrow().byteOffset()).isEqualTo(52);
        assertThat(btf.member("task_struct", "in").orElseThrow().type())
                .isInstanceOfSatisfying(Type.Struct.class, s -> assertThat(s.size()).isEqualTo(8));
        assertThat(btf.member("task_struct", "comm").orElseThrow().type())
                .isEqualTo(new Type.Array(id("comm"), id("char"), id("int"), 16));
        assertThat(btf.member("task_struct", "real_parent").orElseThrow())
                .isEqualTo(new Member(128, 0, new Type.Pointer(id("task_ptr"), id("task_struct"))));
        // const volatile pid_t: qualifiers and the typedef are skipped.
        assertThat(btf.member("task_struct", "nr").orElseThrow())
                .isEqualTo(new Member(352, 0, btf.type(id("int"))));
        Member file = btf.member("bpf_iter__task_file", "file").orElseThrow();
        assertThat(file.byteOffset()).isEqualTo(24);
        assertThat(btf.member("bpf_iter__task_file", "fd").orElseThrow().byteOffset()).isEqualTo(16);
        assertThat(btf.member("bpf_iter__task_file", "meta").orElseThrow().type())
                .isEqualTo(new Type.Pointer(id("void_ptr"), 0));
    }

    @ParameterizedTest
    @MethodSource("orders")
    void memberNotFound(ByteOrder order) throws Exception {
        Btf btf = parse(order);
        assertThat(btf.member("no_such_struct", "pid")).isEmpty();
        assertThat(btf.member("task_struct", "no_such_member")).isEmpty();
        assertThat(btf.member("task_struct", "pi")).isEmpty();
        // Never through a pointer, never into an int.
        assertThat(btf.member("task_struct", "real_parent", "pid")).isEmpty();
        assertThat(btf.member("task_struct", "pid", "x")).isEmpty();
        assertThat(btf.member("task_struct", "lo", "x")).isEmpty();
        assertThatThrownBy(() -> btf.member("task_struct", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("orders")
    void emptyPathIsTheStructItself(ByteOrder order) throws Exception {
        Btf btf = parse(order);
        Member whole = btf.member("task_struct").orElseThrow();
        assertThat(whole.bitOffset()).isZero();
        assertThat(whole.type()).isInstanceOfSatisfying(Type.Struct.class, s -> {
            assertThat(s.size()).isEqualTo(56);
            assertThat(s.members()).hasSize(9);
        });
        // A typedef of a struct is found when no struct has the name.
        assertThat(btf.member("task_t", "tgid").orElseThrow().byteOffset()).isEqualTo(12);
    }

    @ParameterizedTest
    @MethodSource("orders")
    void bitfields(ByteOrder order) throws Exception {
        Btf btf = parse(order);
        assertThat(btf.member("task_struct", "lo").orElseThrow()).isEqualTo(new Member(320, 3, btf.type(id("unsigned int"))));
        Member hi = btf.member("task_struct", "hi").orElseThrow();
        assertThat(hi.bitOffset()).isEqualTo(323);
        assertThat(hi.bitSize()).isEqualTo(5);
        assertThat(hi.byteOffset()).isEqualTo(40);
        assertThat(hi.isBitfield()).isTrue();
        assertThat(((Type.Struct) btf.type(id("task_struct"))).members().get(6))
                .isEqualTo(new Type.StructMember("hi", id("unsigned int"), 323, 5));
        // Without kind_flag, the width comes from the int type.
        Member legacy = btf.member("legacy", "hi").orElseThrow();
        assertThat(legacy.bitOffset()).isEqualTo(3);
        assertThat(legacy.bitSize()).isEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("orders")
    void memberAnyTakesTheFirstPathThatResolves(ByteOrder order) throws Exception {
        Btf btf = parse(order);
        assertThat(btf.memberAny("task_struct", new String[] {"state"}, new String[] {"__state"}).orElseThrow().bitOffset())
                .isZero();
        assertThat(btf.memberAny("task_struct", new String[] {"in", "y"}, new String[] {"flags"}).orElseThrow().byteOffset())
                .isEqualTo(52);
        assertThat(btf.memberAny("task_struct", new String[] {"nope"}, new String[] {"nix"})).isEmpty();
        assertThat(btf.memberAny("task_struct")).isEmpty();
        assertThat(btf.memberAny("nothing", new String[] {"pid"})).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("orders")
    void sizes(ByteOrder order) throws Exception {
        Btf btf = parse(order);
        assertThat(btf.sizeOf(id("int"))).isEqualTo(4);
        assertThat(btf.sizeOf(id("task_ptr"))).isEqualTo(8);
        assertThat(btf.sizeOf(id("comm"))).isEqualTo(16);
        assertThat(btf.sizeOf(id("const"))).isEqualTo(4);
        assertThat(btf.sizeOf(id("task_struct"))).isEqualTo(56);
        assertThat(btf.sizeOf(id("task_t"))).isEqualTo(56);
        assertThat(btf.sizeOf(id("anon_union"))).isEqualTo(8);
        assertThat(btf.sizeOf(id("enum64"))).isEqualTo(8);
        assertThat(btf.sizeOf(id("float"))).isEqualTo(8);
        assertThat(btf.sizeOf(id("var"))).isEqualTo(4);
        assertThat(btf.sizeOf(id("restrict"))).isEqualTo(8);
        for (String unsized : List.of("fwd", "proto", "func bpf_iter_task", "decl_tag")) {
            assertThatThrownBy(() -> btf.sizeOf(id(unsized))).isInstanceOf(BtfFormatException.class)
                    .hasMessageContaining("has no size");
        }
        assertThatThrownBy(() -> btf.sizeOf(0)).isInstanceOf(BtfFormatException.class).hasMessageContaining("void");
    }

    @ParameterizedTest
    @MethodSource("orders")
    void resolveSkipsTypedefsAndQualifiers(ByteOrder order) throws Exception {
        Btf btf = parse(order);
        assertThat(btf.resolve(id("const"))).isEqualTo(btf.type(id("int")));
        assertThat(btf.resolve(id("restrict"))).isEqualTo(btf.type(id("restrict") - 1));
        assertThat(btf.resolve(id("task_t")).name()).isEqualTo("task_struct");
        assertThat(btf.resolve(0)).isEqualTo(new Type.Void());
    }

    @Test
    void bothByteOrdersDecodeAlike() throws Exception {
        Btf le = Btf.parse(BtfFixture.sample(ByteOrder.LITTLE_ENDIAN).blob());
        Btf be = Btf.parse(BtfFixture.sample(ByteOrder.BIG_ENDIAN).blob());
        assertThat(be.typeCount()).isEqualTo(le.typeCount());
        for (int i = 0; i <= le.typeCount(); i++) assertThat(be.type(i)).isEqualTo(le.type(i));
        assertThat(be.checksum()).isNotEqualTo(le.checksum());
    }

    @Test
    void callerIdsOutOfRange() throws Exception {
        Btf btf = parse(ByteOrder.LITTLE_ENDIAN);
        assertThatThrownBy(() -> btf.type(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> btf.type(btf.typeCount() + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> btf.sizeOf(btf.typeCount() + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checksumIsLengthAndCrc() throws Exception {
        byte[] blob = BtfFixture.sample(ByteOrder.LITTLE_ENDIAN).blob();
        var crc = new java.util.zip.CRC32();
        crc.update(blob);
        Btf btf = Btf.parse(blob);
        assertThat(btf.checksum()).isEqualTo("%d-%08x".formatted(blob.length, crc.getValue())).isSameAs(btf.checksum());
        // parse copies: changing the caller's array afterwards changes nothing.
        blob[blob.length - 2] ^= 1;
        assertThat(Btf.parse(blob).checksum()).isNotEqualTo(btf.checksum());
        assertThat(btf.checksum()).isEqualTo("%d-%08x".formatted(blob.length, crc.getValue()));
    }

    @Test
    void minimalBlobWithNoTypes() throws Exception {
        Btf btf = Btf.parse(BtfFixture.le().build());
        assertThat(btf.typeCount()).isZero();
        assertThat(btf.findId("int", Kind.INT)).isEmpty();
        assertThat(btf.member("task_struct", "pid")).isEmpty();
        assertThat(btf.type(0)).isEqualTo(new Type.Void());
    }

    @Test
    void longerHeaderAndStringsFirstAreAccepted() throws Exception {
        BtfFixture f = BtfFixture.le();
        int s = f.struct("s", 4, m("a", f.nextId() + 1, 0));
        f.integer("int", 4, true);
        byte[] plain = f.build();
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        int typeLen = BtfFixture.peek(plain, le, 12);
        int strLen = BtfFixture.peek(plain, le, 20);
        int typeOff = (strLen + 3) & ~3;
        // A 32-byte header (as a newer kernel may write), strings first, padding, then the types.
        byte[] blob = new byte[32 + typeOff + typeLen];
        System.arraycopy(plain, 0, blob, 0, 24);
        System.arraycopy(plain, 24 + typeLen, blob, 32, strLen);
        System.arraycopy(plain, 24, blob, 32 + typeOff, typeLen);
        BtfFixture.poke(blob, le, 4, 32);
        BtfFixture.poke(blob, le, 8, typeOff);
        BtfFixture.poke(blob, le, 16, 0);
        Btf btf = Btf.parse(blob);
        assertThat(btf.member("s", "a").orElseThrow().type().name()).isEqualTo("int");
        assertThat(btf.findId("s", Kind.STRUCT)).hasValue(s);
    }

    @Test
    void loadReadsAFile(@TempDir Path dir) throws Exception {
        byte[] blob = BtfFixture.sample(ByteOrder.LITTLE_ENDIAN).blob();
        Path file = dir.resolve("btf");
        Files.write(file, blob);
        Btf btf = Btf.load(file);
        assertThat(btf.checksum()).isEqualTo(Btf.parse(blob).checksum());
        assertThat(btf.member("task_struct", "tgid").orElseThrow().byteOffset()).isEqualTo(12);
        Files.write(file, new byte[0]);
        assertThatThrownBy(() -> Btf.load(file)).isInstanceOf(BtfFormatException.class);
        assertThatThrownBy(() -> Btf.load(dir.resolve("missing"))).isInstanceOf(IOException.class);
    }

    @Test
    void formatExceptionIsATaskIterException() {
        assertThat(new BtfFormatException("x")).isInstanceOf(io.taskiter.TaskIterException.class)
                .isInstanceOf(IOException.class);
    }
}
