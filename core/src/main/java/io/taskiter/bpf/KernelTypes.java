package io.taskiter.bpf;

import io.taskiter.EngineUnavailableException;
import io.taskiter.Target;
import io.taskiter.btf.Btf;
import io.taskiter.btf.BtfFormatException;
import io.taskiter.btf.Kind;
import io.taskiter.btf.Member;
import io.taskiter.btf.Type;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** {@link Kernel} resolved from a BTF blob (normally /sys/kernel/btf/vmlinux). */
final class KernelTypes implements Kernel {
    private static final int MM_FILEPAGES = 0, MM_ANONPAGES = 1, MM_SHMEMPAGES = 3;

    private final Map<Off, int[]> members = new EnumMap<>(Off.class);
    private final int upidSize;
    private final int[] rss;
    private final Map<Target, Integer> attachIds = new EnumMap<>(Target.class);
    /** Whether the kernel takes tid/pid/pid_fd link parameters (Linux 6.1, "bpf: Parameterize task iterators"). */
    final boolean scopes;

    KernelTypes(Btf btf) throws BtfFormatException, EngineUnavailableException {
        for (Target t : Target.values()) {
            OptionalInt id = btf.findId("bpf_iter_" + t.kernelName(), Kind.FUNC);
            if (id.isEmpty()) {
                throw new EngineUnavailableException("kernel too old: no " + t.kernelName()
                        + " iterator in its BTF (needs Linux >= 5.8)");
            }
            attachIds.put(t, id.getAsInt());
        }
        scopes = btf.findId("bpf_iter_attach_task", Kind.FUNC).isPresent();
        for (Off o : Off.values()) {
            Optional<Member> m = btf.memberAny(o.struct, o.paths);
            if (m.isPresent() && !m.get().isBitfield()) {
                members.put(o, new int[]{m.get().byteOffset(), btf.sizeOf(m.get().type().id())});
            }
        }
        upidSize = btf.findId("upid", Kind.STRUCT).isPresent()
                ? btf.sizeOf(btf.findId("upid", Kind.STRUCT).getAsInt()) : 0;
        rss = rssCounters(btf);
        for (Off required : new Off[]{Off.TASK_THREAD_PID, Off.TASK_GROUP_LEADER, Off.PID_NUMBERS, Off.UPID_NR,
                Off.UPID_NS, Off.PID_LEVEL, Off.PIDNS_INUM}) {
            if (!has(required)) {
                throw new EngineUnavailableException("kernel not supported: its BTF lacks " + required.struct
                        + "." + String.join(".", required.paths[0]));
            }
        }
        if (upidSize == 0) throw new EngineUnavailableException("kernel not supported: its BTF lacks struct upid");
    }

    private KernelTypes(Map<Target, Integer> attachIds, boolean scopes, Map<Off, int[]> members, int upidSize,
                        int[] rss) {
        this.attachIds.putAll(attachIds);
        this.scopes = scopes;
        this.members.putAll(members);
        this.upidSize = upidSize;
        this.rss = rss;
    }

    /** {@return the resolved values as text, one "key value..." line each}: what {@link BtfCache} keeps */
    String serialize() {
        StringBuilder sb = new StringBuilder();
        for (var e : attachIds.entrySet()) sb.append("attach ").append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        sb.append("scopes ").append(scopes).append('\n');
        sb.append("upid ").append(upidSize).append('\n');
        if (rss != null) sb.append("rss ").append(rss[0]).append(' ').append(rss[1]).append(' ').append(rss[2]).append('\n');
        for (var e : members.entrySet()) {
            sb.append("member ").append(e.getKey()).append(' ').append(e.getValue()[0]).append(' ').append(e.getValue()[1]).append('\n');
        }
        return sb.toString();
    }

    /** {@return the values {@link #serialize()} wrote}, or null when the text is not such a record */
    static KernelTypes deserialize(String text) {
        Map<Target, Integer> attach = new EnumMap<>(Target.class);
        Map<Off, int[]> members = new EnumMap<>(Off.class);
        Boolean scopes = null;
        int upid = 0;
        int[] rss = null;
        try {
            for (String line : text.split("\n")) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "attach" -> attach.put(Target.valueOf(f[1]), Integer.parseInt(f[2]));
                    case "scopes" -> scopes = Boolean.parseBoolean(f[1]);
                    case "upid" -> upid = Integer.parseInt(f[1]);
                    case "rss" -> rss = new int[]{Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3])};
                    case "member" -> members.put(Off.valueOf(f[1]), new int[]{Integer.parseInt(f[2]), Integer.parseInt(f[3])});
                    default -> {
                        return null;
                    }
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
        if (scopes == null || upid == 0 || attach.size() != Target.values().length) return null;
        return new KernelTypes(attach, scopes, members, upid, rss);
    }

    /**
     * mm_struct.rss_stat is an array of percpu_counter since Linux 6.2 and a struct holding an
     * atomic_long_t array before; /proc reads the counters' shared value in both.
     */
    private int[] rssCounters(Btf btf) throws BtfFormatException {
        if (!has(Off.MM_RSS_STAT)) return null;
        Optional<Member> stat = btf.member("mm_struct", "rss_stat");
        if (stat.isEmpty()) return null;
        int base = stat.get().byteOffset();
        Type t = stat.get().type();
        int stride, inner;
        if (t instanceof Type.Array arr) {
            Type elem = btf.resolve(arr.element());
            if (!(elem instanceof Type.Struct s)) return null;
            Optional<Member> count = btf.member(s.name(), "count");
            if (count.isEmpty()) return null;
            stride = btf.sizeOf(elem.id());
            inner = count.get().byteOffset();
        } else if (t instanceof Type.Struct s) {
            Optional<Member> count = btf.member(s.name(), "count");
            if (count.isEmpty()) return null;
            stride = 8;
            inner = count.get().byteOffset();
        } else {
            return null;
        }
        return new int[]{base + inner + MM_FILEPAGES * stride, base + inner + MM_ANONPAGES * stride,
                base + inner + MM_SHMEMPAGES * stride};
    }

    int attachId(Target t) {
        return attachIds.get(t);
    }

    @Override
    public boolean has(Off o) {
        return members.containsKey(o);
    }

    @Override
    public int off(Off o) {
        int[] m = members.get(o);
        if (m == null) throw new IllegalStateException("kernel lacks " + o);
        return m[0];
    }

    @Override
    public int size(Off o) {
        int[] m = members.get(o);
        if (m == null) throw new IllegalStateException("kernel lacks " + o);
        return m[1];
    }

    @Override
    public int upidSize() {
        return upidSize;
    }

    @Override
    public int[] rssCounters() {
        return rss;
    }
}
