/*
 * Source of the golden bytes in io.taskiter.asm tests. Self-contained (no libbpf headers): the
 * helpers are declared by number as the kernel's bpf.h numbers them. Built at development time only:
 *
 *   clang-19 -O2 -target bpf -mcpu=v3 -c golden.c -o golden.o
 *   llvm-objdump-19 -d -r golden.o
 *   llvm-objcopy-19 -O binary --only-section=iter/task golden.o task.bin
 *
 * The tests rebuild each section with Asm and compare the encoded bytes with these.
 */
typedef unsigned long long u64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;
typedef long long s64;
typedef int s32;

static long (*bpf_seq_write)(void *m, const void *data, u32 len) = (void *) 127;
static long (*bpf_probe_read_kernel)(void *dst, u32 size, const void *src) = (void *) 113;
static u64 (*bpf_get_current_pid_tgid)(void) = (void *) 14;

struct task { s32 pid; s32 tgid; u16 flags; u8 state; u8 pad; u64 start; struct task *parent; };
struct ctx { void *meta; struct task *task; };

/* Loads of every size, a null check, a stack record and a helper call. */
__attribute__((section("iter/task"), used))
int dump_task(struct ctx *ctx)
{
	struct task *t = ctx->task;
	struct { u64 start; s32 pid; u16 flags; u8 state; u8 kind; } rec;

	if (!t)
		return 0;
	rec.start = t->start;
	rec.pid = t->pid;
	rec.flags = t->flags;
	rec.state = t->state;
	rec.kind = 7;
	bpf_seq_write(ctx->meta, &rec, sizeof(rec));
	return 0;
}

/* 64-bit arithmetic with immediates and registers, a 64-bit constant and signed compares. */
__attribute__((section("alu64"), used))
s64 f_alu64(s64 a, s64 b, u64 c)
{
	s64 x = a * 3 + b;
	x ^= 0x5a;
	x |= b << 7;
	x &= ~(s64)0xff;
	x -= c >> 3;
	x += (s64)(c / 10);
	x = x >> 2;
	if (x > b)
		x = x * b;
	if (x < -1000)
		x = -x;
	return x + 0x123456789abcdefLL;
}

/* 32-bit arithmetic and 32-bit compares (-mcpu=v3 selects alu32 and jmp32). */
__attribute__((section("alu32"), used))
u32 f_alu32(u32 a, u32 b)
{
	u32 x = a + 17;
	x *= b;
	x ^= a >> 5;
	x |= b << 3;
	if (x > 1000)
		x -= b;
	if (a == b)
		x &= 0xfff;
	x /= (b | 1);
	return x % 7;
}

/* A loop (backward jump), stores of every size, an atomic add and a helper result. */
__attribute__((section("loop"), used))
int f_loop(u64 *counter, u8 *buf)
{
	u64 id = bpf_get_current_pid_tgid();
	int i;

#pragma clang loop unroll(disable)
	for (i = 0; i < 8; i++) {
		buf[i] = (u8) i;
		if (buf[i + 8] == 0)
			break;
	}
	*(u16 *) (buf + 16) = (u16) id;
	*(u32 *) (buf + 20) = (u32) (id >> 32);
	*(u64 *) (buf + 24) = id;
	__sync_fetch_and_add(counter, 1);
	return i;
}

/* bpf_probe_read_kernel into a stack buffer, then a chain of dependent reads. */
__attribute__((section("probe"), used))
int f_probe(struct task *t)
{
	struct task *parent;
	s32 pid = 0;

	if (bpf_probe_read_kernel(&parent, sizeof(parent), &t->parent) != 0)
		return -1;
	if (bpf_probe_read_kernel(&pid, sizeof(pid), &parent->tgid) < 0)
		return -2;
	return pid;
}

char _license[] __attribute__((section("license"), used)) = "GPL";
