package io.taskiter;

/**
 * The type of an open file, from the S_IFMT bits of its inode's mode. Anonymous inodes (eventfd, epoll,
 * timerfd, signalfd, inotify, ...) carry no type bits and are {@link #ANON}.
 */
public enum FileType {
    REG, DIR, CHR, BLK, FIFO, SOCK, LNK, ANON;

    /** {@return the type for an st_mode value} */
    public static FileType ofMode(int mode) {
        return switch (mode & 0170000) {
            case 0100000 -> REG;
            case 0040000 -> DIR;
            case 0020000 -> CHR;
            case 0060000 -> BLK;
            case 0010000 -> FIFO;
            case 0140000 -> SOCK;
            case 0120000 -> LNK;
            default -> ANON;
        };
    }
}
