package io.fapiao.ledger.consortium;

import io.fapiao.ledger.msp.IdentityRejected;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes consortium folders; {@link Consortium} reads them. It generates the development consortium
 * (HospitalOrg, FinanceOrg, IssuerOrg, AuditorOrg; see {@code docs/consortium.md}) on a node's first
 * start or for a Fabric network, adds an organisation that joins, and revokes an identity. Every
 * method returns the folder read again, so callers never hold a view older than what they wrote.
 *
 * <pre>{@code
 * Consortium consortium = ConsortiumGenerator.openOrCreate(dataDir.resolve("crypto"));
 * consortium = ConsortiumGenerator.revoke(consortium, "HospitalOrgMSP", "hospital1");
 * consortium = ConsortiumGenerator.addOrganisation(consortium, joining);
 * }</pre>
 */
public final class ConsortiumGenerator {

    private static final String GENERATING = ".generating-";

    private ConsortiumGenerator() {}

    /**
     * Loads the consortium in {@code cryptoDir}, first generating the development consortium there if
     * the folder is missing or empty. Generation happens in a sibling folder that is renamed into
     * place when complete, so a crash never leaves a half-written consortium behind.
     */
    public static Consortium openOrCreate(Path cryptoDir) throws ConsortiumUnavailable {
        Path root = cryptoDir.toAbsolutePath().normalize();
        if (isMissingOrEmpty(root)) {
            generate(root, DevelopmentConsortium.organisations());
        }
        return Consortium.load(root);
    }

    /**
     * Generates, in {@code cryptoDir} (missing or empty), the development consortium shaped for a
     * Fabric network: each organisation with a {@code peer0} and an {@code orderer0} of its own besides
     * its users (network/fabric.sh; docs/network.md). A folder that is not empty is refused.
     */
    public static Consortium createForNetwork(Path cryptoDir) throws ConsortiumUnavailable {
        Path root = cryptoDir.toAbsolutePath().normalize();
        if (!isMissingOrEmpty(root)) {
            throw new ConsortiumUnavailable("cannot generate a consortium in " + root + ": the folder is not empty");
        }
        generate(root, DevelopmentConsortium.networkOrganisations());
        return Consortium.load(root);
    }

    /**
     * Adds an organisation to this consortium's folder, as a hospital joining a running network does
     * (network/fabric.sh add-org; docs/network.md): its CAs and identities are generated in a staging
     * folder that is renamed into place, then {@code consortium.yaml} is replaced to list it. Returns
     * the consortium read again. An organisation whose MSP ID or domain is taken is refused.
     */
    public static Consortium addOrganisation(Consortium consortium, Organisation organisation)
            throws ConsortiumUnavailable {
        CryptoLayout layout = consortium.layout();
        for (Organisation existing : consortium.organisations()) {
            if (existing.mspId().equals(organisation.mspId())
                    || existing.domain().equals(organisation.domain())) {
                throw new ConsortiumUnavailable("the consortium at " + layout.root() + " already has "
                        + existing.mspId() + " (" + existing.domain() + ")");
            }
        }
        Path staging = layout.root().resolve(".adding-" + UUID.randomUUID());
        try {
            new ConsortiumGenesis(staging, hostNames(), Instant.now()).writeOrganisation(organisation);
            Path target = layout.organisation(organisation);
            Files.createDirectories(target.getParent());
            Files.move(new CryptoLayout(staging).organisation(organisation), target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(staging);
            List<Organisation> all = new ArrayList<>(consortium.organisations());
            all.add(organisation);
            MaterialFiles.replace(layout.manifest(), ConsortiumGenesis.manifest(all));
        } catch (IOException | RuntimeException e) {
            try {
                deleteTree(staging);
            } catch (IOException ignored) {
                // A later attempt uses a new staging folder.
            }
            throw new ConsortiumUnavailable(
                    "cannot add " + organisation.mspId() + " to " + layout.root() + ": " + e.getMessage(), e);
        }
        return Consortium.load(layout.root());
    }

    /**
     * Adds {@code userName}'s certificate to its organisation's revocation list ({@code msp/crls/crl.pem},
     * signed by the organisation's CA) and returns the consortium read again, whose membership rejects
     * the certificate as {@link IdentityRejected.Reason#REVOKED}. Memberships obtained earlier keep
     * their view; a node must switch to the new one.
     */
    public static Consortium revoke(Consortium consortium, String mspId, String userName) throws ConsortiumUnavailable {
        CryptoLayout layout = consortium.layout();
        Organisation org = consortium.organisation(mspId);
        X509Certificate revoked = consortium.user(mspId, userName).certificate();
        Path crlFile = layout.crl(org);
        try {
            Optional<X509CRL> previous = Files.exists(crlFile)
                    ? Optional.of(RevocationList.parse(Files.readAllBytes(crlFile)))
                    : Optional.empty();
            String crl = RevocationList.adding(
                    previous, revoked, consortium.certificateAuthority(mspId).identity(), Instant.now());
            Files.createDirectories(crlFile.getParent());
            MaterialFiles.replace(crlFile, crl);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConsortiumUnavailable("cannot update the revocation list " + crlFile + ": " + e.getMessage(), e);
        }
        return Consortium.load(layout.root());
    }

    private static boolean isMissingOrEmpty(Path root) throws ConsortiumUnavailable {
        if (!Files.exists(root)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new ConsortiumUnavailable("cannot read the consortium folder " + root + ": " + e.getMessage(), e);
        }
    }

    private static void generate(Path root, List<Organisation> organisations) throws ConsortiumUnavailable {
        Path parent = root.getParent();
        String prefix = "." + root.getFileName() + GENERATING;
        Path staging = parent.resolve(prefix + UUID.randomUUID());
        try {
            Files.createDirectories(parent);
            removeAbandoned(parent, prefix);
            Files.createDirectory(staging);
            new ConsortiumGenesis(staging, hostNames(), Instant.now()).write(organisations);
            MaterialFiles.forceDirectory(staging);
            try {
                // rename(2) also replaces an empty directory, so an empty cryptoDir is swapped in one step.
                Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE);
            } catch (DirectoryNotEmptyException | FileAlreadyExistsException e) {
                // Another process generated it first; its consortium wins and ours is discarded.
                deleteTree(staging);
            }
            MaterialFiles.forceDirectory(parent);
        } catch (IOException | RuntimeException e) {
            try {
                deleteTree(staging);
            } catch (IOException ignored) {
                // The next start removes it.
            }
            throw new ConsortiumUnavailable(
                    "cannot generate the development consortium in " + root + ": " + e.getMessage(), e);
        }
    }

    /** Staging folders of generations a crash interrupted. */
    private static void removeAbandoned(Path parent, String prefix) throws IOException {
        try (Stream<Path> entries = Files.list(parent)) {
            for (Path entry : entries.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .toList()) {
                deleteTree(entry);
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(folder)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }

    /** This machine's names, so clients on the LAN can also reach the node by name. */
    private static List<String> hostNames() {
        List<String> names = new ArrayList<>();
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (host != null && !host.isBlank()) {
                names.add(host);
            }
        } catch (IOException | SecurityException e) {
            // No resolvable host name: localhost and 127.0.0.1 still work.
        }
        return names;
    }
}
