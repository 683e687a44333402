/** A reader of the kernel's BTF type information. Pure: bytes in, types out, no system calls. */
package io.taskiter.btf;
