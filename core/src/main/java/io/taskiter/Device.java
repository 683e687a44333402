package io.taskiter;

/** A device number as the kernel encodes it in {@code st_dev} (major and minor). */
public record Device(int major, int minor) {
    /** {@return the device of a kernel-internal dev_t (major in the top 12 bits of 32)} */
    public static Device ofKernel(long devT) {
        return new Device((int) (devT >>> 20), (int) (devT & 0xfffff));
    }

    /** {@return the device of a user-space dev_t as {@code stat(2)} returns it} */
    public static Device ofUser(long dev) {
        int major = (int) (((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfff));
        int minor = (int) (((dev >>> 12) & 0xffffff00L) | (dev & 0xff));
        return new Device(major, minor);
    }

    @Override
    public String toString() {
        return major + ":" + minor;
    }
}
