/**
 * The nouns and contracts of TaskIter: {@link io.taskiter.Task}, {@link io.taskiter.OpenFile},
 * {@link io.taskiter.Scope}, {@link io.taskiter.Query}, {@link io.taskiter.Program} and the engine
 * seam {@link io.taskiter.TaskSource}. Depends on nothing else of the project.
 */
package io.taskiter;
