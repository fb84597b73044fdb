package io.fapiao.ledger.msp;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The {@code NodeOUs} section of an MSP folder's {@code config.yaml}: whether the organisation tells
 * its identities apart by organisational unit, and which OU value stands for each role. With NodeOUs
 * enabled, Fabric accepts only identities that carry exactly one of the role OUs.
 *
 * <pre>{@code
 * NodeOus nodeOus = NodeOus.read(mspFolder, caCertificates);
 * Optional<String> role = nodeOus.roleOf("client");   // Optional[client]
 * String yaml = NodeOus.standard().toYaml("cacerts/ca.hospital.fapiao.local-cert.pem");
 * }</pre>
 *
 * @param enabled whether identities must carry a role OU
 * @param units the role OUs, at most one per role
 */
public record NodeOus(boolean enabled, List<Unit> units) {

    /** The four roles a NodeOU can give, in Fabric's names. */
    public static final List<String> ROLES = List.of("client", "peer", "admin", "orderer");

    /**
     * One role OU.
     *
     * @param role {@code client}, {@code peer}, {@code admin} or {@code orderer}
     * @param organizationalUnit the OU value in the certificate's subject that gives this role
     * @param certifier when present, only certificates issued under this CA may claim the role
     */
    public record Unit(String role, String organizationalUnit, Optional<X509Certificate> certifier) {}

    public NodeOus {
        units = List.copyOf(units);
    }

    /** NodeOUs on, each role's OU named as the role: what cryptogen and fabric-ca write. */
    public static NodeOus standard() {
        return new NodeOus(
                true,
                ROLES.stream()
                        .map(role -> new Unit(role, role, Optional.empty()))
                        .toList());
    }

    /** NodeOUs off: any identity the CA issued is a member, with no role. */
    public static NodeOus disabled() {
        return new NodeOus(false, List.of());
    }

    /** The role that {@code organizationalUnit} gives, if it is one of the role OUs. */
    public Optional<String> roleOf(String organizationalUnit) {
        return units.stream()
                .filter(u -> u.organizationalUnit().equals(organizationalUnit))
                .map(Unit::role)
                .findFirst();
    }

    Optional<Unit> unitFor(String organizationalUnit) {
        return units.stream()
                .filter(u -> u.organizationalUnit().equals(organizationalUnit))
                .findFirst();
    }

    /**
     * Reads {@code config.yaml} in {@code mspFolder}; a folder without one has NodeOUs disabled.
     * A {@code Certificate:} entry is resolved against the folder and must be one of {@code known}.
     */
    public static NodeOus read(Path mspFolder, List<X509Certificate> known) throws InvalidMspFolder {
        Path config = mspFolder.resolve("config.yaml");
        if (!Files.exists(config)) {
            return disabled();
        }
        Object document;
        try (Reader reader = Files.newBufferedReader(config)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException | RuntimeException e) {
            throw new InvalidMspFolder(mspFolder, "config.yaml does not parse: " + e.getMessage(), e);
        }
        if (!(document instanceof Map<?, ?> root) || !(root.get("NodeOUs") instanceof Map<?, ?> nodeOus)) {
            return disabled();
        }
        if (!Boolean.TRUE.equals(nodeOus.get("Enable"))) {
            return disabled();
        }
        List<Unit> units = new ArrayList<>();
        for (String role : ROLES) {
            Object entry = nodeOus.get(yamlKey(role));
            if (entry == null) {
                continue;
            }
            if (!(entry instanceof Map<?, ?> identifier)
                    || !(identifier.get("OrganizationalUnitIdentifier") instanceof String ou)
                    || ou.isBlank()) {
                throw new InvalidMspFolder(
                        mspFolder, "config.yaml: NodeOUs." + yamlKey(role) + " needs an OrganizationalUnitIdentifier");
            }
            Optional<X509Certificate> certifier = Optional.empty();
            if (identifier.get("Certificate") instanceof String file && !file.isBlank()) {
                certifier = Optional.of(certifier(mspFolder, file, known));
            }
            units.add(new Unit(role, ou, certifier));
        }
        return new NodeOus(true, units);
    }

    private static X509Certificate certifier(Path mspFolder, String file, List<X509Certificate> known)
            throws InvalidMspFolder {
        Path path = mspFolder.resolve(file);
        X509Certificate certificate = MspFiles.certificate(mspFolder, path);
        if (!known.contains(certificate)) {
            throw new InvalidMspFolder(
                    mspFolder,
                    "config.yaml names " + file + ", which is not one of the folder's CA or intermediate certificates");
        }
        return certificate;
    }

    /** The {@code config.yaml} text for these NodeOUs, every certifier given as {@code caCertificateFile}. */
    public String toYaml(String caCertificateFile) {
        StringBuilder yaml =
                new StringBuilder("NodeOUs:\n  Enable: ").append(enabled).append('\n');
        for (Unit unit : units) {
            yaml.append("  ")
                    .append(yamlKey(unit.role()))
                    .append(":\n")
                    .append("    Certificate: ")
                    .append(caCertificateFile)
                    .append('\n')
                    .append("    OrganizationalUnitIdentifier: ")
                    .append(unit.organizationalUnit())
                    .append('\n');
        }
        return yaml.toString();
    }

    private static String yamlKey(String role) {
        return Character.toUpperCase(role.charAt(0)) + role.substring(1) + "OUIdentifier";
    }
}
