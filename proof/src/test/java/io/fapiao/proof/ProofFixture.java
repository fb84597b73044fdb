package io.fapiao.proof;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.fapiao.proof.fabric.BlockHash;
import io.fapiao.proof.fabric.CompositeKey;
import io.fapiao.proof.fabric.ProposalDigests;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.statement.AnchorStatement;
import io.fapiao.protocol.statement.IssuanceStatement;
import io.fapiao.protocol.statement.ReversalStatement;
import io.fapiao.protocol.statement.Statement;
import io.fapiao.protocol.statement.VerdictStatement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.LastConfig;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.orderer.ConsensusType;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeSpec;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Valid proof bundles built from throwaway keys, so that a test changes exactly one thing and sees
 * exactly the check that guards it fail. The bundle is a whole history on a one-orderer channel:
 * the genesis configuration (block 0: a clinic organisation whose CA issues the client and the peer,
 * an orderer organisation), then one block per step: SubmitBill (1), RecordVerification (2),
 * IssueInvoice (3), ClaimInvoice (4), ReverseInvoice (5), AnchorDocument (6), each an endorser
 * transaction signed by its creator, endorsed by the peer, writing its record, the block signed by
 * the orderer; and the invoice and reversal documents. The sealed bill and the record templates are
 * the ones ledger-client's ProofBundleIT recorded (proof-bundle.json): a sealed bill is checked on
 * its own, with the certificate it carries.
 *
 * <p>A test changes a step's transaction ({@link #step}), a block ({@link #block}), the genesis
 * configuration ({@link #genesis}), adds a later config block ({@link #laterConfig}) or edits the
 * finished bundle ({@link #bundle}); everything downstream (hashes, chain, signatures) is computed
 * after the change, so only the change itself is wrong.
 *
 * <pre>{@code
 * byte[] json = ProofFixture.valid().step(ProofFixture.CLAIM, tx -> tx.status = 500).json();
 * assertThat(failures(json)).containsExactly("step[3].ClaimInvoice.function");
 * }</pre>
 */
final class ProofFixture {

    static final String CHANNEL = "fapiao";
    static final String CHAINCODE = "fapiao";
    static final String CLINIC_MSP = "ClinicOrgMSP";
    static final String ORDERER_MSP = "OrdererOrgMSP";

    /** The steps by index, each in block index + 1. */
    static final int SUBMIT = 0;

    static final int VERIFY = 1;
    static final int ISSUE = 2;
    static final int CLAIM = 3;
    static final int REVERSE = 4;
    static final int ANCHOR = 5;
    static final List<String> FUNCTIONS = List.of(
            "SubmitBill", "RecordVerification", "IssueInvoice", "ClaimInvoice", "ReverseInvoice", "AnchorDocument");

    static final byte[] INVOICE_DOCUMENT = "<invoice HN01-2026-00000001/>".getBytes(UTF_8);
    static final byte[] REVERSAL_DOCUMENT = "<red-letter invoice HN01-2026-00000002/>".getBytes(UTF_8);

    private static final Instant FROM = Instant.parse("2020-01-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2046-01-01T00:00:00Z");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** An identity and the MSP it presents itself under. */
    record Party(String mspId, Identity identity) {
        ByteString serialized() {
            return SerializedIdentity.newBuilder()
                    .setMspid(mspId)
                    .setIdBytes(ByteString.copyFrom(Pem.certificate(identity.certificate()), UTF_8))
                    .build()
                    .toByteString();
        }

        byte[] sign(byte[] message) {
            try {
                return identity.signer().sign(message);
            } catch (ProtocolException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // The throwaway PKI, made once: key generation is the slow part.
    static final CertificateAuthority CLINIC_CA = ca("ClinicOrg", "ca.clinic");
    static final CertificateAuthority ORDERER_CA = ca("OrdererOrg", "ca.orderer");
    /** A CA no configuration declares, with the clinic's name: what it issues must not be trusted. */
    static final CertificateAuthority FOREIGN_CA = ca("ClinicOrg", "ca.clinic");

    static final Party CLIENT = party(CLINIC_CA, CLINIC_MSP, "user1.clinic", "client");
    static final Party OTHER_CLIENT = party(CLINIC_CA, CLINIC_MSP, "user2.clinic", "client");
    static final Party PEER = party(CLINIC_CA, CLINIC_MSP, "peer0.clinic", "peer");
    static final Party ORDERER = party(ORDERER_CA, ORDERER_MSP, "orderer0.orderer", "orderer");
    static final Party FOREIGN_CLIENT = party(FOREIGN_CA, CLINIC_MSP, "user1.clinic", "client");

    private static final ProofBundle RECORDED = recorded();

    private static CertificateAuthority ca(String organisation, String commonName) {
        return CertificateAuthority.create(CryptoSuite.INTL, organisation, commonName, FROM, UNTIL);
    }

    static Party party(CertificateAuthority ca, String mspId, String name, String unit) {
        return new Party(
                mspId, ca.issue(IdentityProfile.named(name).withUnit(unit).validBetween(FROM, UNTIL)));
    }

    private static ProofBundle recorded() {
        try (InputStream in = ProofFixture.class.getResourceAsStream("proof-bundle.json")) {
            return ProofBundle.fromJson(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ProtocolException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One step's transaction and what the bundle says of it; every field a default a test may change. */
    static final class Tx {
        /** The function the transaction calls (its first argument) and the bundle step's function. */
        String function;

        String stepFunction;
        List<String> arguments = List.of("argument");
        String channelId = CHANNEL;
        String chaincodeName = CHAINCODE;
        Party creator = CLIENT;
        /** Who signs the record's statement; null: the creator. */
        Party statementSigner;
        /** The transaction id; null: derived from the nonce and the creator, as Fabric does. */
        String txId;
        /** The step's tx id in the bundle; null: the transaction's. */
        String stepTxId;
        /** The block the bundle says holds it; null: the block that does. */
        Long stepBlock;

        byte[] nonce;
        Instant timestamp;
        int status = 200;
        List<Party> endorsers = new ArrayList<>(List.of(PEER));
        boolean badEnvelopeSignature;
        boolean badEndorsementSignature;
        boolean badProposalHash;
        /** Two actions instead of Fabric's one. */
        boolean twoActions;
        /** The record the step claims and the transaction writes (statements signed after {@link #edit}). */
        ObjectNode record;
        /** Applied to the record after its defaults and signature. */
        UnaryOperator<ObjectNode> edit = UnaryOperator.identity();
        /** The bundle's step claims no record. */
        boolean noStepRecord;
        /** Applied to key → value of the write set after the defaults. */
        Consumer<Map<String, ByteString>> writes = w -> {};
        /** The write set's bytes instead of a TxReadWriteSet; null: the write set. */
        ByteString results;
    }

    /** One block, every field a default a test may change. */
    static final class BlockSpec {
        final long number;
        List<ByteString> envelopes = new ArrayList<>();
        /** TRANSACTIONS_FILTER; null: VALID for each envelope. */
        byte[] codes;
        /** null: the previous block's header hash (empty for block 0). */
        byte[] previousHash;
        /** null: the envelopes' hash. */
        byte[] dataHash;

        long lastConfig;
        Party orderer = ORDERER;
        boolean unsigned;
        boolean badSignature;
        /** SmartBFT's form: an identifier header naming consenter 1, no signature header. */
        boolean consenterForm;

        BlockSpec(long number) {
            this.number = number;
        }
    }

    /** A configuration block's contents. */
    static final class ConfigSpec {
        long number;
        long sequence;
        String channelId = CHANNEL;
        String consensusType = "etcdraft";
        Map<String, CertificateAuthority> organisations = new TreeMap<>(Map.of(CLINIC_MSP, CLINIC_CA));
        Map<String, CertificateAuthority> ordererOrganisations = new TreeMap<>(Map.of(ORDERER_MSP, ORDERER_CA));
        /** The CONFIG envelope's payload data instead of a ConfigEnvelope; null: the ConfigEnvelope. */
        ByteString data;
    }

    private final List<Tx> steps = new ArrayList<>();
    private final ConfigSpec genesis = new ConfigSpec();
    private final List<ConfigSpec> laterConfigs = new ArrayList<>();
    private final Map<Long, Consumer<BlockSpec>> blockChanges = new LinkedHashMap<>();
    private UnaryOperator<ProofBundle> bundleChange = UnaryOperator.identity();
    private ProofBundle.Subject subject = RECORDED.subject();
    private JsonNode sealedBill = RECORDED.sealedBill();

    private ProofFixture() {
        for (int i = 0; i < FUNCTIONS.size(); i++) {
            Tx tx = new Tx();
            tx.function = FUNCTIONS.get(i);
            tx.stepFunction = FUNCTIONS.get(i);
            tx.nonce = ("nonce of step " + i).getBytes(UTF_8);
            tx.timestamp = T0.plusSeconds(60L * (i + 1));
            steps.add(tx);
        }
    }

    /** A bundle that verifies; change one thing before {@link #json()}. */
    static ProofFixture valid() {
        return new ProofFixture();
    }

    ProofFixture step(int index, Consumer<Tx> change) {
        change.accept(steps.get(index));
        return this;
    }

    ProofFixture block(long number, Consumer<BlockSpec> change) {
        blockChanges.merge(number, change, Consumer::andThen);
        return this;
    }

    ProofFixture genesis(Consumer<ConfigSpec> change) {
        change.accept(genesis);
        return this;
    }

    /** A config update after the steps' blocks (block 7 for the first), one sequence after the genesis. */
    ProofFixture laterConfig(Consumer<ConfigSpec> change) {
        ConfigSpec config = new ConfigSpec();
        config.number = steps.size() + 1 + laterConfigs.size();
        config.sequence = laterConfigs.size() + 1;
        change.accept(config);
        laterConfigs.add(config);
        return this;
    }

    ProofFixture subject(ProofBundle.Subject subject) {
        this.subject = subject;
        return this;
    }

    ProofFixture sealedBill(UnaryOperator<ObjectNode> change) {
        this.sealedBill = change.apply(((ObjectNode) RECORDED.sealedBill()).deepCopy());
        return this;
    }

    ProofFixture bundle(UnaryOperator<ProofBundle> change) {
        bundleChange = change;
        return this;
    }

    /** The bundle's canonical JSON. */
    byte[] json() {
        return bundle().toJson();
    }

    ProofBundle bundle() {
        List<Block> blocks = new ArrayList<>();
        List<ProofBundle.Step> bundleSteps = new ArrayList<>();
        blocks.add(block(new BlockSpec(0), List.of(configEnvelope(genesis)), null));
        for (int i = 0; i < steps.size(); i++) {
            Tx tx = steps.get(i);
            long number = i + 1;
            String txId = tx.txId != null
                    ? tx.txId
                    : ProposalDigests.txId(ByteString.copyFrom(tx.nonce), tx.creator.serialized());
            ObjectNode record = record(i, tx, txId);
            ByteString envelope = envelope(tx, txId, record);
            blocks.add(block(new BlockSpec(number), List.of(envelope), blocks.get(blocks.size() - 1)));
            JsonNode claimed = tx.noStepRecord ? null : record;
            bundleSteps.add(new ProofBundle.Step(
                    tx.stepFunction,
                    tx.stepTxId != null ? tx.stepTxId : txId,
                    tx.stepBlock != null ? tx.stepBlock : number,
                    claimed));
        }
        for (ConfigSpec config : laterConfigs) {
            BlockSpec spec = new BlockSpec(config.number);
            spec.lastConfig = config.number; // a config block names itself
            blocks.add(block(spec, List.of(configEnvelope(config)), blocks.get(blocks.size() - 1)));
        }
        List<ProofBundle.Authority> authorities = new ArrayList<>();
        try {
            authorities.add(new ProofBundle.Authority(
                    CLINIC_MSP, Base64Url.encode(CLINIC_CA.certificate().getEncoded())));
            authorities.add(new ProofBundle.Authority(
                    ORDERER_MSP, Base64Url.encode(ORDERER_CA.certificate().getEncoded())));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        List<ProofBundle.Document> documents = List.of(
                new ProofBundle.Document("invoice", Base64Url.encode(INVOICE_DOCUMENT)),
                new ProofBundle.Document("reversal", Base64Url.encode(REVERSAL_DOCUMENT)));
        ProofBundle bundle = new ProofBundle(
                ProofBundle.FORMAT,
                subject,
                CHANNEL,
                CHAINCODE,
                authorities,
                blocks.stream().map(b -> Base64Url.encode(b.toByteArray())).toList(),
                sealedBill,
                bundleSteps,
                documents);
        return bundleChange.apply(bundle);
    }

    /** The bundle with other steps (dropped, swapped, ...). */
    static ProofBundle withSteps(ProofBundle b, List<ProofBundle.Step> steps) {
        return new ProofBundle(
                b.format(),
                b.subject(),
                b.channel(),
                b.chaincode(),
                b.authorities(),
                b.blocks(),
                b.sealedBill(),
                steps,
                b.documents());
    }

    static ProofBundle withBlocks(ProofBundle b, List<String> blocks) {
        return new ProofBundle(
                b.format(),
                b.subject(),
                b.channel(),
                b.chaincode(),
                b.authorities(),
                blocks,
                b.sealedBill(),
                b.steps(),
                b.documents());
    }

    static ProofBundle withAuthorities(ProofBundle b, List<ProofBundle.Authority> authorities) {
        return new ProofBundle(
                b.format(),
                b.subject(),
                b.channel(),
                b.chaincode(),
                authorities,
                b.blocks(),
                b.sealedBill(),
                b.steps(),
                b.documents());
    }

    static ProofBundle withDocuments(ProofBundle b, List<ProofBundle.Document> documents) {
        return new ProofBundle(
                b.format(),
                b.subject(),
                b.channel(),
                b.chaincode(),
                b.authorities(),
                b.blocks(),
                b.sealedBill(),
                b.steps(),
                documents);
    }

    // --- records -------------------------------------------------------------------------------------

    private ObjectNode record(int index, Tx tx, String txId) {
        Party signer = tx.statementSigner != null ? tx.statementSigner : tx.creator;
        String headerDigest = sealedBill.path("header").path("headerDigest").asString();
        ObjectNode record = tx.record != null
                ? tx.record
                : switch (index) {
                    case SUBMIT -> template(0);
                    case VERIFY -> {
                        ObjectNode bill = template(1);
                        ObjectNode verification = (ObjectNode) bill.get("verification");
                        verification.put("txId", txId);
                        List<String> reasons = new ArrayList<>();
                        verification.get("reasonCodes").forEach(code -> reasons.add(code.asString()));
                        verification.put(
                                "signature",
                                sign(
                                        signer,
                                        new VerdictStatement(
                                                bill.get("billKey").asString(),
                                                headerDigest,
                                                verification.get("verdict").asString(),
                                                reasons)));
                        yield bill;
                    }
                    case ISSUE -> {
                        ObjectNode invoice = template(2);
                        invoice.put("documentHash", sha256Hex(INVOICE_DOCUMENT));
                        invoice.put("signature", sign(signer, issuance(invoice, headerDigest)));
                        yield invoice;
                    }
                    case CLAIM -> template(3);
                    case REVERSE -> {
                        ObjectNode invoice = template(2);
                        invoice.put("documentHash", sha256Hex(INVOICE_DOCUMENT));
                        invoice.put("signature", sign(CLIENT, issuance(invoice, headerDigest)));
                        invoice.put("state", "REVERSED");
                        ObjectNode reversal = invoice.putObject("reversal");
                        reversal.put("at", tx.timestamp.toString());
                        reversal.put("documentHash", sha256Hex(REVERSAL_DOCUMENT));
                        reversal.put("reasonCode", "R01");
                        reversal.put("redInvoiceNumber", "HN01-2026-00000002");
                        reversal.put("txId", txId);
                        reversal.put(
                                "signature",
                                sign(
                                        signer,
                                        new ReversalStatement(
                                                invoice.get("invoiceNumber").asString(),
                                                "R01",
                                                "HN01-2026-00000002",
                                                sha256Hex(REVERSAL_DOCUMENT))));
                        yield invoice;
                    }
                    case ANCHOR -> {
                        ObjectNode document = Json.mapper().createObjectNode();
                        document.put("documentId", "DS-0001");
                        document.put("kind", "discharge-summary");
                        document.put("sha256", sha256Hex("discharge summary".getBytes(UTF_8)));
                        document.put(
                                "signature",
                                sign(
                                        signer,
                                        new AnchorStatement(
                                                "discharge-summary",
                                                "DS-0001",
                                                sha256Hex("discharge summary".getBytes(UTF_8)))));
                        yield document;
                    }
                    default -> throw new IllegalArgumentException("no step " + index);
                };
        return tx.edit.apply(record);
    }

    private static IssuanceStatement issuance(ObjectNode invoice, String headerDigest) {
        return new IssuanceStatement(
                invoice.get("billKey").asString(),
                headerDigest,
                invoice.get("invoiceNumber").asString(),
                invoice.get("checkCodeDigest").asString(),
                invoice.get("documentHash").asString());
    }

    /** A recorded record, about this fixture's subject. */
    private ObjectNode template(int recordedStep) {
        ObjectNode record = ((ObjectNode) RECORDED.steps().get(recordedStep).record()).deepCopy();
        if (record.has("billKey")) {
            record.put("billKey", subject.billKey());
        }
        return record;
    }

    private static String sign(Party signer, Statement statement) {
        return Base64Url.encode(signer.sign(statement.signedBytes()));
    }

    /** Key → value the step's function writes for {@code record}, as the contract derives the keys. */
    private Map<String, ByteString> defaultWrites(String function, JsonNode record) {
        Map<String, ByteString> writes = new LinkedHashMap<>();
        ByteString value = ByteString.copyFrom(CanonicalJson.encode(record));
        switch (function) {
            case "SubmitBill" -> {
                writes.put(CompositeKey.of("fapiao.bill", text(record, "uscc"), text(record, "billId")), value);
                writes.put(
                        CompositeKey.of("fapiao.sealedbill", text(record, "uscc"), text(record, "billId")),
                        ByteString.copyFrom(CanonicalJson.encode(sealedBill)));
            }
            case "RecordVerification" ->
                writes.put(CompositeKey.of("fapiao.bill", text(record, "uscc"), text(record, "billId")), value);
            case "IssueInvoice", "ReverseInvoice" ->
                writes.put(CompositeKey.of("fapiao.invoice", text(record, "invoiceNumber")), value);
            case "ClaimInvoice" -> writes.put(CompositeKey.of("fapiao.claim", text(record, "invoiceNumber")), value);
            case "AnchorDocument" ->
                writes.put(CompositeKey.of("fapiao.document", text(record, "kind"), text(record, "documentId")), value);
            default -> writes.put("unknown", value);
        }
        return writes;
    }

    private static String text(JsonNode record, String field) {
        return record.path(field).asString("");
    }

    // --- transactions --------------------------------------------------------------------------------

    private ByteString envelope(Tx tx, String txId, ObjectNode record) {
        ByteString creator = tx.creator.serialized();
        ChannelHeader channelHeader = ChannelHeader.newBuilder()
                .setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
                .setChannelId(tx.channelId)
                .setTxId(txId)
                .setTimestamp(Timestamp.newBuilder().setSeconds(tx.timestamp.getEpochSecond()))
                .setExtension(ChaincodeHeaderExtension.newBuilder()
                        .setChaincodeId(ChaincodeID.newBuilder().setName(tx.chaincodeName))
                        .build()
                        .toByteString())
                .build();
        ByteString channelHeaderBytes = channelHeader.toByteString();
        ByteString signatureHeader = SignatureHeader.newBuilder()
                .setCreator(creator)
                .setNonce(ByteString.copyFrom(tx.nonce))
                .build()
                .toByteString();
        ChaincodeInput.Builder input = ChaincodeInput.newBuilder().addArgs(ByteString.copyFrom(tx.function, UTF_8));
        tx.arguments.forEach(argument -> input.addArgs(ByteString.copyFrom(argument, UTF_8)));
        ByteString proposalPayload = ChaincodeProposalPayload.newBuilder()
                .setInput(ChaincodeInvocationSpec.newBuilder()
                        .setChaincodeSpec(ChaincodeSpec.newBuilder()
                                .setChaincodeId(ChaincodeID.newBuilder().setName(tx.chaincodeName))
                                .setInput(input))
                        .build()
                        .toByteString())
                .build()
                .toByteString();
        Map<String, ByteString> writes = defaultWrites(ProofVerifier.operation(tx.function), record);
        tx.writes.accept(writes);
        KVRWSet.Builder kv = KVRWSet.newBuilder();
        writes.forEach(
                (key, value) -> kv.addWrites(KVWrite.newBuilder().setKey(key).setValue(value)));
        ByteString results = tx.results != null
                ? tx.results
                : TxReadWriteSet.newBuilder()
                        .setDataModel(TxReadWriteSet.DataModel.KV)
                        .addNsRwset(NsReadWriteSet.newBuilder()
                                .setNamespace(CHAINCODE)
                                .setRwset(kv.build().toByteString()))
                        .build()
                        .toByteString();
        byte[] proposalHash = ProposalDigests.proposalHash(channelHeaderBytes, signatureHeader, proposalPayload);
        if (tx.badProposalHash) {
            proposalHash[0] ^= 1;
        }
        ByteString response = ProposalResponsePayload.newBuilder()
                .setProposalHash(ByteString.copyFrom(proposalHash))
                .setExtension(ChaincodeAction.newBuilder()
                        .setResults(results)
                        .setResponse(Response.newBuilder().setStatus(tx.status))
                        .setChaincodeId(ChaincodeID.newBuilder().setName(tx.chaincodeName))
                        .build()
                        .toByteString())
                .build()
                .toByteString();
        ChaincodeEndorsedAction.Builder endorsed =
                ChaincodeEndorsedAction.newBuilder().setProposalResponsePayload(response);
        for (Party endorser : tx.endorsers) {
            byte[] signature =
                    endorser.sign(response.concat(endorser.serialized()).toByteArray());
            if (tx.badEndorsementSignature) {
                signature = endorser.sign("something else".getBytes(UTF_8));
            }
            endorsed.addEndorsements(Endorsement.newBuilder()
                    .setEndorser(endorser.serialized())
                    .setSignature(ByteString.copyFrom(signature)));
        }
        TransactionAction action = TransactionAction.newBuilder()
                .setHeader(signatureHeader)
                .setPayload(ChaincodeActionPayload.newBuilder()
                        .setChaincodeProposalPayload(proposalPayload)
                        .setAction(endorsed)
                        .build()
                        .toByteString())
                .build();
        Transaction.Builder transaction = Transaction.newBuilder().addActions(action);
        if (tx.twoActions) {
            transaction.addActions(action);
        }
        Payload payload = Payload.newBuilder()
                .setHeader(
                        Header.newBuilder().setChannelHeader(channelHeaderBytes).setSignatureHeader(signatureHeader))
                .setData(transaction.build().toByteString())
                .build();
        byte[] signature =
                tx.creator.sign(tx.badEnvelopeSignature ? "something else".getBytes(UTF_8) : payload.toByteArray());
        return Envelope.newBuilder()
                .setPayload(payload.toByteString())
                .setSignature(ByteString.copyFrom(signature))
                .build()
                .toByteString();
    }

    private static ByteString configEnvelope(ConfigSpec spec) {
        ConfigGroup.Builder application = ConfigGroup.newBuilder();
        spec.organisations.forEach((msp, ca) -> application.putGroups(msp, organisation(msp, ca)));
        ConfigGroup.Builder orderer = ConfigGroup.newBuilder()
                .putValues(
                        "ConsensusType",
                        value(ConsensusType.newBuilder()
                                .setType(spec.consensusType)
                                .build()
                                .toByteString()));
        spec.ordererOrganisations.forEach((msp, ca) -> orderer.putGroups(msp, organisation(msp, ca)));
        Config config = Config.newBuilder()
                .setSequence(spec.sequence)
                .setChannelGroup(ConfigGroup.newBuilder()
                        .putGroups("Application", application.build())
                        .putGroups("Orderer", orderer.build()))
                .build();
        ChannelHeader header = ChannelHeader.newBuilder()
                .setType(HeaderType.CONFIG_VALUE)
                .setChannelId(spec.channelId)
                .setTimestamp(Timestamp.newBuilder().setSeconds(T0.getEpochSecond() + spec.number))
                .build();
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(header.toByteString()))
                .setData(
                        spec.data != null
                                ? spec.data
                                : ConfigEnvelope.newBuilder()
                                        .setConfig(config)
                                        .build()
                                        .toByteString())
                .build();
        return Envelope.newBuilder().setPayload(payload.toByteString()).build().toByteString();
    }

    private static ConfigGroup organisation(String mspId, CertificateAuthority ca) {
        FabricMSPConfig msp = FabricMSPConfig.newBuilder()
                .setName(mspId)
                .addRootCerts(ByteString.copyFrom(Pem.certificate(ca.certificate()), UTF_8))
                .build();
        return ConfigGroup.newBuilder()
                .putValues(
                        "MSP",
                        value(MSPConfig.newBuilder()
                                .setConfig(msp.toByteString())
                                .build()
                                .toByteString()))
                .build();
    }

    private static ConfigValue value(ByteString bytes) {
        return ConfigValue.newBuilder().setValue(bytes).build();
    }

    // --- blocks --------------------------------------------------------------------------------------

    private Block block(BlockSpec spec, List<ByteString> envelopes, Block previous) {
        spec.envelopes.addAll(envelopes);
        blockChanges.getOrDefault(spec.number, s -> {}).accept(spec);
        BlockData data = BlockData.newBuilder().addAllData(spec.envelopes).build();
        byte[] previousHash = spec.previousHash != null
                ? spec.previousHash
                : previous == null ? new byte[0] : BlockHash.header(previous.getHeader());
        BlockHeader header = BlockHeader.newBuilder()
                .setNumber(spec.number)
                .setPreviousHash(ByteString.copyFrom(previousHash))
                .setDataHash(ByteString.copyFrom(spec.dataHash != null ? spec.dataHash : BlockHash.data(data)))
                .build();
        ByteString value = OrdererBlockMetadata.newBuilder()
                .setLastConfig(LastConfig.newBuilder().setIndex(spec.lastConfig))
                .build()
                .toByteString();
        Metadata.Builder signatures = Metadata.newBuilder().setValue(value);
        if (!spec.unsigned) {
            MetadataSignature.Builder signature = MetadataSignature.newBuilder();
            ByteString signerHeader;
            if (spec.consenterForm) {
                signerHeader = IdentifierHeader.newBuilder()
                        .setIdentifier(1)
                        .setNonce(ByteString.copyFrom(new byte[] {1, 2, 3}))
                        .build()
                        .toByteString();
                signature.setIdentifierHeader(signerHeader);
            } else {
                signerHeader = SignatureHeader.newBuilder()
                        .setCreator(spec.orderer.serialized())
                        .setNonce(ByteString.copyFrom(new byte[] {1, 2, 3}))
                        .build()
                        .toByteString();
                signature.setSignatureHeader(signerHeader);
            }
            byte[] signed = value.concat(signerHeader)
                    .concat(ByteString.copyFrom(BlockHash.headerBytes(header)))
                    .toByteArray();
            if (spec.badSignature) {
                signed = Arrays.copyOf(signed, signed.length + 1);
            }
            signatures.addSignatures(signature.setSignature(ByteString.copyFrom(spec.orderer.sign(signed))));
        }
        byte[] codes = spec.codes != null ? spec.codes : new byte[spec.envelopes.size()];
        BlockMetadata.Builder metadata = BlockMetadata.newBuilder();
        for (int i = 0; i <= BlockMetadataIndex.COMMIT_HASH_VALUE; i++) {
            metadata.addMetadata(ByteString.EMPTY);
        }
        metadata.setMetadata(
                BlockMetadataIndex.SIGNATURES_VALUE, signatures.build().toByteString());
        metadata.setMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE, ByteString.copyFrom(codes));
        return Block.newBuilder()
                .setHeader(header)
                .setData(data)
                .setMetadata(metadata)
                .build();
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
