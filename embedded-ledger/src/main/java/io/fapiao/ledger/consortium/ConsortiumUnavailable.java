package io.fapiao.ledger.consortium;

/**
 * A consortium folder that cannot be generated, read or changed. The message names the step and the
 * file, for example {@code cannot load consortium at /var/fapiao/crypto: consortium.yaml is missing}.
 *
 * <pre>{@code
 * try {
 *     Consortium consortium = ConsortiumGenerator.openOrCreate(dataDir.resolve("crypto"));
 * } catch (ConsortiumUnavailable e) {
 *     System.err.println(e.getMessage());
 * }
 * }</pre>
 */
public final class ConsortiumUnavailable extends Exception {

    public ConsortiumUnavailable(String message) {
        super(message);
    }

    public ConsortiumUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
