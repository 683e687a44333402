package io.taskiter.btf;

import java.util.List;

/**
 * A decoded BTF type. References to other types are ids, decoded on demand with {@link Btf#type},
 * because kernel types are cyclic (a task points at its parent task) and most are never looked at.
 * Names are {@code ""} for anonymous types.
 */
public sealed interface Type {

    /** {@return the type id; 0 for void} */
    int id();

    Kind kind();

    /** {@return the name, {@code ""} when anonymous or when the kind has none} */
    String name();

    /** Type id 0: what a {@code void *} points at and what a procedure returns. */
    record Void() implements Type {
        @Override
        public int id() {
            return 0;
        }

        @Override
        public Kind kind() {
            return Kind.VOID;
        }

        @Override
        public String name() {
            return "";
        }
    }

    /**
     * An integer (including char and _Bool). {@code bitOffset} and {@code bits} describe an int that
     * occupies only part of its bytes, the legacy way of encoding bitfields.
     */
    record Int(int id, String name, int size, boolean signed, boolean character, boolean bool,
               int bitOffset, int bits) implements Type {
        @Override
        public Kind kind() {
            return Kind.INT;
        }
    }

    /** A pointer to {@code target} (0 for {@code void *}); the reader takes pointers as 8 bytes. */
    record Pointer(int id, int target) implements Type {
        @Override
        public Kind kind() {
            return Kind.PTR;
        }

        @Override
        public String name() {
            return "";
        }
    }

    /** {@code element[count]}; {@code count} is unsigned 32-bit in BTF, hence a long. */
    record Array(int id, int element, int index, long count) implements Type {
        @Override
        public Kind kind() {
            return Kind.ARRAY;
        }

        @Override
        public String name() {
            return "";
        }
    }

    /** A struct or a union: something with members at offsets. */
    sealed interface Composite extends Type permits Struct, Union {
        int size();

        List<StructMember> members();
    }

    /** A struct: {@code size} bytes, members in declaration order. */
    record Struct(int id, String name, int size, List<StructMember> members) implements Composite {
        public Struct {
            members = List.copyOf(members);
        }

        @Override
        public Kind kind() {
            return Kind.STRUCT;
        }
    }

    /** A union: {@code size} bytes of overlapping members. */
    record Union(int id, String name, int size, List<StructMember> members) implements Composite {
        public Union {
            members = List.copyOf(members);
        }

        @Override
        public Kind kind() {
            return Kind.UNION;
        }
    }

    /**
     * A member as declared in its struct or union; {@code name} is {@code ""} for an anonymous struct
     * or union member, whose own members are reached as if they were direct.
     *
     * @param bitOffset from the start of the enclosing struct or union
     * @param bitSize   bitfield width, 0 when not a bitfield
     */
    record StructMember(String name, int type, long bitOffset, int bitSize) {
    }

    /** An enum, {@code kind} {@link Kind#ENUM} (values up to 32 bits) or {@link Kind#ENUM64}. */
    record Enum(int id, Kind kind, String name, int size, boolean signed, List<Enumerator> values)
            implements Type {
        public Enum {
            values = List.copyOf(values);
        }
    }

    /** One value of an enum; an unsigned 32-bit enum's values are zero-extended. */
    record Enumerator(String name, long value) {
    }

    /** A forward declaration of a struct or (when {@code union}) a union whose body BTF lacks. */
    record Fwd(int id, String name, boolean union) implements Type {
        @Override
        public Kind kind() {
            return Kind.FWD;
        }
    }

    /** {@code typedef target name}. */
    record Typedef(int id, String name, int target) implements Type {
        @Override
        public Kind kind() {
            return Kind.TYPEDEF;
        }
    }

    /**
     * A {@link Kind#CONST}, {@link Kind#VOLATILE}, {@link Kind#RESTRICT} or {@link Kind#TYPE_TAG} on
     * {@code target}; a type tag's name is the tag.
     */
    record Qualifier(int id, Kind kind, String name, int target) implements Type {
    }

    /** A function: its name, its {@link FuncProto}, and its linkage (0 static, 1 global, 2 extern). */
    record Func(int id, String name, int proto, int linkage) implements Type {
        @Override
        public Kind kind() {
            return Kind.FUNC;
        }
    }

    /** A function signature; a variadic one ends with a parameter of type 0. */
    record FuncProto(int id, int returnType, List<Param> params) implements Type {
        public FuncProto {
            params = List.copyOf(params);
        }

        @Override
        public Kind kind() {
            return Kind.FUNC_PROTO;
        }

        @Override
        public String name() {
            return "";
        }
    }

    /** A parameter of a {@link FuncProto}; the name is {@code ""} in prototypes of pointers to functions. */
    record Param(String name, int type) {
    }

    /**
     * The kinds a walker of tasks does not inspect: {@link Kind#VAR}, {@link Kind#DATASEC},
     * {@link Kind#FLOAT} and {@link Kind#DECL_TAG}. {@code sizeOrType} is the record's third word: a
     * size for DATASEC and FLOAT, a type id for VAR and DECL_TAG.
     */
    record Other(int id, Kind kind, String name, int sizeOrType) implements Type {
    }
}
