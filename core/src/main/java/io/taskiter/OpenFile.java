package io.taskiter;

/**
 * One open file descriptor of a task's fd table. {@code tgid}, {@code tid} and {@code fd} are always
 * present; the others are null when not asked for ({@link FileField}) or not obtainable (the file was
 * closed between two reads, the caller may not see it).
 *
 * @param tgid  the table owner's process id
 * @param tid   the table owner: the leader, or a thread with a table of its own (SPEC section 4)
 * @param fd    the descriptor number
 * @param type  from the inode's mode
 * @param path  {@code readlink /proc/PID/fd/N}, byte for byte
 * @param flags the open flags as {@code fdinfo} shows them (including O_CLOEXEC from the fd table)
 * @param pos   the file position ({@code fdinfo} pos)
 * @param inode {@code st_ino}
 * @param dev   {@code st_dev}: the device of the filesystem holding the inode
 * @param size  {@code st_size}
 */
public record OpenFile(
        int tgid, int tid, int fd, FileType type, Name path,
        Integer flags, Long pos, Long inode, Device dev, Long size) {
}
