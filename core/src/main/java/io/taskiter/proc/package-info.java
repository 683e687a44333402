/** The procfs engine: the kernel iterators' semantics rebuilt from /proc, for any user. */
package io.taskiter.proc;
