package io.taskiter;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What to walk: a target, a scope, the fields wanted and the pid namespace numbers are seen from.
 * Immutable; the {@code with...} methods return copies.
 *
 * @param <T>          the element type, {@link Task} or {@link OpenFile}
 * @param target       the iterator target
 * @param scope        which tasks
 * @param fields       the fields to fill (the others stay null); engines fetch only these
 * @param namespacePid 0 for the caller's pid namespace, else a process (by its pid in the caller's
 *                     namespace) whose pid namespace the walk is seen from
 */
public record Query<T>(Target target, Scope scope, Set<? extends Field> fields, int namespacePid) {

    public Query {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(scope, "scope");
        if (namespacePid < 0) throw new IllegalArgumentException("namespace pid must be positive: " + namespacePid);
        Class<?> kind = target == Target.TASK ? TaskField.class : FileField.class;
        for (Field f : fields) {
            if (!kind.isInstance(f)) throw new IllegalArgumentException(f.key() + " is not a field of " + target.kernelName());
        }
        fields = Collections.unmodifiableSet(fields.isEmpty() ? Set.of() : copy(fields));
    }

    /** {@return a walk of every task, every field, in the caller's namespace} */
    public static Query<Task> tasks() {
        return new Query<>(Target.TASK, Scope.all(), TaskField.all(), 0);
    }

    /** {@return a walk of every open file, every field, in the caller's namespace} */
    public static Query<OpenFile> files() {
        return new Query<>(Target.TASK_FILE, Scope.all(), FileField.all(), 0);
    }

    public Query<T> withScope(Scope s) {
        return new Query<>(target, s, fields, namespacePid);
    }

    public Query<T> withFields(Set<? extends Field> f) {
        return new Query<>(target, scope, f, namespacePid);
    }

    /** {@return this walk seen from the pid namespace of process {@code pid}} */
    public Query<T> inNamespaceOf(int pid) {
        if (pid <= 0) throw new IllegalArgumentException("namespace pid must be a positive number, not " + pid);
        return new Query<>(target, scope, fields, pid);
    }

    /** {@return whether the field is wanted} */
    public boolean wants(Field f) {
        return fields.contains(f);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Set<? extends Field> copy(Set<? extends Field> fields) {
        Field first = fields.iterator().next();
        return first instanceof TaskField ? EnumSet.copyOf((Set<TaskField>) (Set) fields)
                : EnumSet.copyOf((Set<FileField>) (Set) fields);
    }
}
