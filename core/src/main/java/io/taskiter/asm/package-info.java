/** An eBPF assembler with labels, and its disassembler. Pure: no system calls. */
package io.taskiter.asm;
