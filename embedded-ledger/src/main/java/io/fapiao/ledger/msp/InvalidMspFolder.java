package io.fapiao.ledger.msp;

import java.nio.file.Path;

/**
 * An MSP folder that cannot be loaded: a missing {@code cacerts/}, a certificate or CRL that does not
 * parse, a CRL no CA of the organisation signed, a {@code config.yaml} that names an unknown file.
 * The message names the folder and the file, so an operator can fix it.
 *
 * <pre>{@code
 * try {
 *     OrganisationMsp.load("HospitalOrgMSP", Path.of("crypto/peerOrganizations/hospital.fapiao.local/msp"));
 * } catch (InvalidMspFolder e) {
 *     log.error("fix the MSP folder: {}", e.getMessage());
 * }
 * }</pre>
 */
public final class InvalidMspFolder extends Exception {

    private final Path folder;

    public InvalidMspFolder(Path folder, String message) {
        super("MSP folder " + folder + ": " + message);
        this.folder = folder;
    }

    public InvalidMspFolder(Path folder, String message, Throwable cause) {
        super("MSP folder " + folder + ": " + message, cause);
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }
}
