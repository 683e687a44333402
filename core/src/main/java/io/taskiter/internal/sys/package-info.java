/** The syscall boundary: the only package that touches java.lang.foreign. Not exported. */
package io.taskiter.internal.sys;
