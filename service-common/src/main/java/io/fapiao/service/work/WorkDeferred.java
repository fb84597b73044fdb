package io.fapiao.service.work;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a {@link WorkHandler} whose item must wait for something else to finish first (another
 * item's decision), which is no failure: the item is put back, due after {@link #retryAfter()}, its
 * attempt not counted, and the wait logged quietly.
 *
 * <pre>{@code
 * throw new WorkDeferred("bill " + other + " with the same payer and items is being decided", Duration.ofMillis(200));
 * }</pre>
 */
public class WorkDeferred extends Exception {
    private final Duration retryAfter;

    public WorkDeferred(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** How long the item waits before it is tried again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
