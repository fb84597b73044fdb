package io.fapiao.ledger.client.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.LedgerBlocks;
import io.fapiao.ledger.client.Recorded;
import io.fapiao.ledger.client.fabric.FabricNetwork;
import io.fapiao.protocol.ledger.Governance;
import io.fapiao.protocol.ledger.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A hospital organisation joins a running Fabric network ({@code network/fabric.sh add-org}): the
 * channel's configuration admits it by an update a majority of the founders' admins signed, its peer
 * catches up to the same chain, endorses the contract's transactions, and its users are then governed
 * like any other organisation's. Runs on {@link FabricNetwork}: without Fabric's binaries it is skipped,
 * or failed under {@code CI=true}.
 */
class JoiningOrganisationIT {
    private static final String FINANCE_MSP = "FinanceOrgMSP";
    private static final String NEWCOMER = "Hospital2OrgMSP";

    private static FabricNetwork network;
    private static final List<Ledger> connections = new ArrayList<>();

    @BeforeAll
    static void startNetworkAndAddAHospital() throws Exception {
        network = FabricNetwork.up(Path.of("target", "fabric-join"), 20000);
        // Governance exists before the newcomer arrives, as on a platform that already runs.
        financeAdmin(FINANCE_MSP).initGovernance(FINANCE_MSP);
        network.join("Hospital2Org", "hospital2.fapiao.local");
    }

    @AfterAll
    static void stopNetwork() throws Exception {
        connections.forEach(Ledger::close);
        if (network != null) {
            network.close();
        }
    }

    @Test
    void theNewcomersPeerHoldsTheSameChainAsAFoundersPeer() throws Exception {
        LedgerBlocks founder = new LedgerBlocks(connect(FINANCE_MSP, "Admin", FINANCE_MSP));
        LedgerBlocks newcomer = new LedgerBlocks(connect(NEWCOMER, "hospital1", NEWCOMER));
        long height = founder.chainInfo().getHeight();
        assertThat(newcomer.chainInfo().getHeight()).isGreaterThanOrEqualTo(height);
        for (long number = 0; number < height; number++) {
            assertThat(newcomer.block(number).getHeader())
                    .as("block %d", number)
                    .isEqualTo(founder.block(number).getHeader());
        }
    }

    @Test
    void theNewcomersPeerEndorsesAndItsHospitalIsGovernedLikeAnyOther() throws Exception {
        // FinanceOrg's Admin, through the newcomer's own gateway, grants it the hospital role.
        FapiaoLedger admin = financeAdmin(NEWCOMER);
        Recorded<Governance> granted = admin.grantRoles(NEWCOMER, List.of(Role.HOSPITAL));

        List<String> endorsers =
                endorsers(new LedgerBlocks(admin.ledger()).blockOf(granted.transactionId()), granted.transactionId());
        assertThat(endorsers)
                .as("MAJORITY of five organisations, the gateway's own peer among them")
                .contains(NEWCOMER)
                .hasSizeGreaterThanOrEqualTo(3)
                .doesNotHaveDuplicates();

        FapiaoLedger hospital = new FapiaoLedger(connect(NEWCOMER, "hospital1", NEWCOMER));
        assertThat(hospital.governance().grants().get(NEWCOMER)).containsExactly(Role.HOSPITAL);
    }

    /** The MSP IDs of the endorsements of transaction {@code txId} in {@code block}. */
    private static List<String> endorsers(Block block, String txId) throws Exception {
        for (var data : block.getData().getDataList()) {
            Payload payload = Payload.parseFrom(Envelope.parseFrom(data).getPayload());
            var header = org.hyperledger.fabric.protos.common.ChannelHeader.parseFrom(
                    payload.getHeader().getChannelHeader());
            if (!header.getTxId().equals(txId)) {
                continue;
            }
            Transaction transaction = Transaction.parseFrom(payload.getData());
            ChaincodeActionPayload action =
                    ChaincodeActionPayload.parseFrom(transaction.getActions(0).getPayload());
            List<String> msps = new ArrayList<>();
            for (Endorsement endorsement : action.getAction().getEndorsementsList()) {
                msps.add(SerializedIdentity.parseFrom(endorsement.getEndorser()).getMspid());
            }
            return msps;
        }
        throw new AssertionError(
                "transaction " + txId + " is not in block " + block.getHeader().getNumber());
    }

    private static FapiaoLedger financeAdmin(String gatewayOf) throws Exception {
        return new FapiaoLedger(connect(FINANCE_MSP, "Admin", gatewayOf));
    }

    /** {@code user} of {@code mspId}, through the peer of organisation {@code gatewayOf}. */
    private static Ledger connect(String mspId, String user, String gatewayOf) throws Exception {
        Ledger ledger = Ledger.connect(network.gateway(gatewayOf, mspId)
                .certificate(network.certificate(mspId, user))
                .privateKey(network.privateKey(mspId, user))
                .build());
        connections.add(ledger);
        return ledger;
    }
}
