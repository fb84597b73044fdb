package io.fapiao.chaincode;

import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logs a contract refusal as what it is: one INFO line with its code, not a SEVERE stack trace.
 *
 * <p>Fabric's shim turns every {@code ChaincodeException} into an error response and, on the way,
 * logs it at SEVERE with its whole stack trace ({@code ResponseUtils.newErrorResponse}). For this
 * contract such an exception is always a {@link ChaincodeError}: a request the client got wrong
 * (NOT_FOUND, ALREADY_CLAIMED, BILL_CONFLICT ...), answered as designed. An operator must not be
 * paged for it, and the node's log must keep SEVERE for faults.
 *
 * <p>The shim's loggers are private instances, unknown to the log manager, whose parent is the
 * {@code org.hyperledger.fabric} logger; a filter cannot be set on them by name. So this handler
 * takes that parent's place in the chain: it rewrites exactly the contract's refusals and hands
 * every other record, unchanged, to the handlers the record would have reached without it.
 *
 * <pre>{@code
 * RefusalLogging.install(); // once per JVM; FapiaoContract does it when its class is loaded
 * }</pre>
 */
final class RefusalLogging extends Handler {
    private static final Pattern REFUSAL =
            Pattern.compile("org\\.hyperledger\\.fabric\\.shim\\.ChaincodeException: (([A-Z_]+): [^\\r\\n]*)");

    /** Held strongly: the log manager keeps loggers weakly, and a collected logger loses its handler. */
    private static final Logger FABRIC = Logger.getLogger("org.hyperledger.fabric");

    private static final Logger REFUSALS = Logger.getLogger("io.fapiao.chaincode.refusals");

    private RefusalLogging() {}

    static synchronized void install() {
        for (Handler handler : FABRIC.getHandlers()) {
            if (handler instanceof RefusalLogging) {
                return;
            }
        }
        FABRIC.addHandler(new RefusalLogging());
        FABRIC.setUseParentHandlers(false);
    }

    @Override
    public void publish(LogRecord record) {
        Optional<String> refusal = refusal(record.getMessage());
        if (refusal.isPresent()) {
            REFUSALS.info(() -> "refused " + refusal.get());
            return;
        }
        for (Logger logger = FABRIC.getParent();
                logger != null;
                logger = logger.getUseParentHandlers() ? logger.getParent() : null) {
            for (Handler handler : logger.getHandlers()) {
                handler.publish(record);
            }
        }
    }

    @Override
    public void flush() {
        // publishes nothing itself
    }

    @Override
    public void close() {
        // holds nothing
    }

    /** {@code CODE: detail} when the message reports one of the contract's own refusals. */
    static Optional<String> refusal(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher matcher = REFUSAL.matcher(message);
        if (!matcher.find()
                || ChaincodeError.fromMessage(matcher.group(2) + ":").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(matcher.group(1));
    }
}
