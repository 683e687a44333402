/** The bpf engine: the kernel's own task iterators, loaded and read through bpf(2). */
package io.taskiter.bpf;
