package io.fapiao.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ResponseUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shim's SEVERE report of an error response, as the contract's refusals and its faults reach it. */
class RefusalLoggingTest {
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final Logger root = Logger.getLogger("");
    /** Loggers whose levels other tests in this JVM turn off (ContractFixture quiets the shim and root). */
    private final List<Logger> levelled = List.of(root, Logger.getLogger("org.hyperledger"));

    private final List<Level> levels = new ArrayList<>();

    @BeforeEach
    void capture() {
        RefusalLogging.install();
        levelled.forEach(logger -> {
            levels.add(logger.getLevel());
            logger.setLevel(Level.INFO);
        });
        root.addHandler(capture);
    }

    @AfterEach
    void release() {
        root.removeHandler(capture);
        for (int i = 0; i < levelled.size(); i++) {
            levelled.get(i).setLevel(levels.get(i));
        }
    }

    @Test
    void aRefusalIsOneInfoLineWithItsCode() {
        ResponseUtils.newErrorResponse(ChaincodeError.NOT_FOUND.exception("bill 9111:none"));

        assertThat(records).hasSize(1);
        assertThat(records.get(0).getLevel()).isEqualTo(Level.INFO);
        assertThat(records.get(0).getMessage()).isEqualTo("refused NOT_FOUND: bill 9111:none");
    }

    @Test
    void aFaultStaysSevereWithItsStackTrace() {
        ResponseUtils.newErrorResponse(new IllegalStateException("state store unreadable"));

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(record.getMessage()).contains("state store unreadable").contains("\tat ");
        });
    }

    @Test
    void aChaincodeExceptionWithoutOneOfTheContractsCodesIsNotTakenForARefusal() {
        ResponseUtils.newErrorResponse(new ChaincodeException("SOMETHING_ELSE: not ours"));

        assertThat(records).singleElement().extracting(LogRecord::getLevel).isEqualTo(Level.SEVERE);
        assertThat(RefusalLogging.refusal(null)).isEmpty();
    }
}
