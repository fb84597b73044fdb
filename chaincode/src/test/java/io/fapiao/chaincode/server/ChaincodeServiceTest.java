package io.fapiao.chaincode.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The service's log level: WARNING unless the shim's CORE_CHAINCODE_LOGGING_LEVEL names another. */
class ChaincodeServiceTest {

    @Test
    void theShimsLevelNamesMapToJavaLoggingLevelsAndTheDefaultIsWarning() {
        assertThat(ChaincodeService.logLevel(null)).isEqualTo(Level.WARNING);
        assertThat(ChaincodeService.logLevel(" ")).isEqualTo(Level.WARNING);
        assertThat(ChaincodeService.logLevel("info")).isEqualTo(Level.INFO);
        assertThat(ChaincodeService.logLevel("DEBUG")).isEqualTo(Level.FINEST);
        assertThat(ChaincodeService.logLevel("CRITICAL")).isEqualTo(Level.SEVERE);
        assertThat(ChaincodeService.logLevel("WARNING")).isEqualTo(Level.WARNING);
    }
}
