package io.fapiao.protocol.bill;

/** What is wrong with one value, before it is placed at a path: a {@link ViolationCode} and a message. */
record Problem(String code, String message) {
    Violation at(String path) {
        return new Violation(path, code, message);
    }
}
