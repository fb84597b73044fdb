package io.fapiao.service.instance;

/**
 * This process cannot have the instance id it is configured for. {@link #code()} says why, the
 * message what to do; the service does not start.
 *
 * <table>
 *   <caption>Codes</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>{@code INSTANCE_ID_INVALID}</td><td>{@code fapiao.instance-id} (or the id file) is not 1 to 40
 *       letters, digits, dots, dashes or underscores, starting with a letter or digit</td></tr>
 *   <tr><td>{@code INSTANCE_ID_IN_USE}</td><td>another running process holds the id file of the same
 *       {@code fapiao.data-dir}</td></tr>
 *   <tr><td>{@code INSTANCE_ID_UNREADABLE}</td><td>the id file cannot be created, read or locked</td></tr>
 * </table>
 *
 * <pre>{@code
 * try {
 *     InstanceIdentity.load(null, dataDir);
 * } catch (InstanceIdUnusable e) {
 *     if (e.code().equals("INSTANCE_ID_IN_USE")) { ... }
 * }
 * }</pre>
 */
public final class InstanceIdUnusable extends RuntimeException {
    private final String code;

    InstanceIdUnusable(String code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
    }

    /** {@code INSTANCE_ID_INVALID}, {@code INSTANCE_ID_IN_USE} or {@code INSTANCE_ID_UNREADABLE}. */
    public String code() {
        return code;
    }
}
