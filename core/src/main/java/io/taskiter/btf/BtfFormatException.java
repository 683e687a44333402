package io.taskiter.btf;

import io.taskiter.TaskIterException;

/**
 * A BTF blob is malformed: truncated, corrupted, or using a feature this reader does not know. The
 * message names what is wrong and at which byte offset of the blob, e.g.
 * {@code "btf: type 1234 at offset 0x3a0 runs past the type section"}.
 */
public final class BtfFormatException extends TaskIterException {
    private static final long serialVersionUID = 1L;

    public BtfFormatException(String message) {
        super(message);
    }

    /** Every message carries the same prefix so that a CLI error line tells where it came from. */
    static BtfFormatException of(String format, Object... args) {
        return new BtfFormatException("btf: " + format.formatted(args));
    }
}
