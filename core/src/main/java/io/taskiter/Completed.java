package io.taskiter;

/**
 * What a completed walk did.
 *
 * @param shown  the elements handed to the program
 * @param denied the tasks the walk could not look into for lack of permission (an unprivileged
 *               caller cannot list another user's fds): their elements are missing, and a caller that
 *               shows the walk to a person should say so
 */
public record Completed(long shown, long denied) {
}
