package io.taskiter.btf;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.zip.CRC32;

/**
 * The types of one BTF blob, usually the running kernel's {@code /sys/kernel/btf/vmlinux}.
 *
 * <p>Parsing checks the header and makes one pass over the type section to learn where each record
 * starts; types are decoded only when asked for. A malformed blob is reported as a
 * {@link BtfFormatException}, by the parse or by the lookup that first reads the bad part, and never
 * as another exception or an endless loop. Both byte orders are read. Split BTF (kernel modules,
 * whose ids continue those of vmlinux) is not supported.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Btf {
    /** BTF is under 16 MiB for the kernel's own loader; this only keeps a wrong path from eating the heap. */
    static final long MAX_FILE = 256L << 20;
    private static final int CHUNK = 8 << 10;

    private final Index index;
    private final Decoder decoder;
    private volatile String checksum;

    private Btf(byte[] data) throws BtfFormatException {
        this.index = Index.of(Blob.of(data));
        this.decoder = new Decoder(index);
    }

    /** {@return the types of {@code blob}} The array is copied, so the caller may reuse it. */
    public static Btf parse(byte[] blob) throws BtfFormatException {
        return new Btf(blob.clone());
    }

    /**
     * {@return the types of the BTF file at {@code path}}
     * @throws BtfFormatException when the file is not well-formed BTF
     * @throws IOException        when it cannot be read (a missing file is a {@code FileNotFoundException})
     */
    public static Btf load(Path path) throws IOException {
        return new Btf(read(path));
    }

    /**
     * Reads in 8 KiB steps rather than with {@code Files.readAllBytes}: sysfs hands out 4 KiB per read,
     * and for a larger request the JDK allocates a native buffer of the request's size on every call,
     * which made reading vmlinux slower than parsing it. Up to 8 KiB it uses a buffer on the stack.
     */
    private static byte[] read(Path path) throws IOException {
        boolean local = path.getFileSystem() == FileSystems.getDefault();
        long size = local ? path.toFile().length() : Files.size(path);
        if (size > MAX_FILE) throw BtfFormatException.of("%s is %d bytes, too large for BTF", path, size);
        try (InputStream in = local ? new FileInputStream(path.toFile()) : Files.newInputStream(path)) {
            byte[] data = new byte[(int) Math.max(size, CHUNK)];
            int n = 0;
            while (true) {
                if (n == data.length) {
                    // The size may have been a guess (pseudo-files report 0 or 4096): probe before growing.
                    int next = in.read();
                    if (next < 0) break;
                    if (data.length >= MAX_FILE) throw BtfFormatException.of("%s is too large for BTF", path);
                    data = Arrays.copyOf(data, (int) Math.min(MAX_FILE, 2L * data.length));
                    data[n++] = (byte) next;
                }
                int got = in.read(data, n, Math.min(CHUNK, data.length - n));
                if (got < 0) break;
                n += got;
            }
            return n == data.length ? data : Arrays.copyOf(data, n);
        }
    }

    /** {@return the number of types; valid ids are 1 to this, and 0 for void} */
    public int typeCount() {
        return index.count();
    }

    /**
     * {@return the id of the first type of that name and kind, empty when there is none}
     * Kind matters: since Linux 6.7 {@code bpf_iter_task} is both a FUNC and a STRUCT.
     */
    public OptionalInt findId(String name, Kind kind) {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.VOID || name.isEmpty()) return OptionalInt.empty();
        byte[] want = name.getBytes(StandardCharsets.UTF_8);
        Blob blob = index.blob();
        int code = kind.code();
        int count = index.count();
        for (int id = 1; id <= count; id++) {
            if (index.kindCode(id) != code) continue;
            if (blob.nameEquals(blob.u32(index.start(id)), want)) return OptionalInt.of(id);
        }
        return OptionalInt.empty();
    }

    /**
     * {@return the type of that id, decoded; 0 is {@link Type.Void}}
     * @throws IllegalArgumentException when {@code id} is not in 0..{@link #typeCount()}
     */
    public Type type(int id) throws BtfFormatException {
        index.check(id);
        return decoder.decode(id);
    }

    /** {@return the type of that id with typedefs and qualifiers skipped} */
    public Type resolve(int id) throws BtfFormatException {
        index.check(id);
        return decoder.decode(decoder.skipModifiers(id));
    }

    /**
     * {@return the size in bytes of that type, typedefs and qualifiers skipped; pointers are 8}
     * @throws BtfFormatException also for a type without a size: void, a function, a forward declaration
     */
    public int sizeOf(int id) throws BtfFormatException {
        index.check(id);
        return decoder.sizeOf(id);
    }

    /**
     * Finds a member of the struct (or else union, or else typedef of one) named {@code struct} by a
     * path of member names, each naming a member of the previous one's type. Steps go through
     * embedded structs and unions, never through pointers; members of anonymous structs and unions
     * are found as if they were direct. An empty path gives the struct itself at offset 0.
     *
     * @return the member, empty when the struct or a name on the path does not exist
     */
    public Optional<Member> member(String struct, String... path) throws BtfFormatException {
        OptionalInt root = container(struct);
        if (root.isEmpty()) return Optional.empty();
        return new MemberSearch(index, decoder).find(root.getAsInt(), path.clone());
    }

    /**
     * Like {@link #member}, trying each path in turn: for fields the kernel renamed, e.g.
     * {@code memberAny("task_struct", new String[] {"__state"}, new String[] {"state"})}.
     *
     * @return the member of the first path that resolves, empty when none does
     */
    public Optional<Member> memberAny(String struct, String[]... paths) throws BtfFormatException {
        OptionalInt root = container(struct);
        if (root.isEmpty()) return Optional.empty();
        for (String[] path : paths) {
            Optional<Member> m = new MemberSearch(index, decoder).find(root.getAsInt(), path.clone());
            if (m.isPresent()) return m;
        }
        return Optional.empty();
    }

    private OptionalInt container(String name) {
        OptionalInt id = findId(name, Kind.STRUCT);
        if (id.isEmpty()) id = findId(name, Kind.UNION);
        if (id.isEmpty()) id = findId(name, Kind.TYPEDEF);
        return id;
    }

    /**
     * {@return a cheap identity of the blob: its length and CRC32, e.g. {@code "5520272-1f0c3a9b"}}
     * Two kernels with the same checksum have the same types, so offsets resolved once can be cached
     * under it.
     */
    public String checksum() {
        String c = checksum;
        if (c == null) {
            byte[] data = index.blob().data;
            CRC32 crc = new CRC32();
            crc.update(data);
            // Neither String.format nor "+": the first use of either costs milliseconds at every start.
            String hex = Long.toHexString(crc.getValue() | 1L << 32).substring(1);
            c = Integer.toString(data.length).concat("-").concat(hex);
            checksum = c;
        }
        return c;
    }

    @Override
    public String toString() {
        return "Btf[" + index.count() + " types, " + index.blob().data.length + " bytes]";
    }
}
