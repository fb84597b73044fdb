package io.fapiao.service.http;

import java.io.IOException;

/** A request body grew past the limit while it was read; answered 413 {@code TOO_LARGE}. */
public final class BodyTooLarge extends IOException {
    private final long limit;

    public BodyTooLarge(long limit) {
        super("the request body is longer than " + limit + " bytes");
        this.limit = limit;
    }

    /** The limit, in bytes. */
    public long limit() {
        return limit;
    }
}
