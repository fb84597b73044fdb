package io.fapiao.ledger.client.provenance;

import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.LedgerBlocks;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.proof.ProofBundle;
import io.fapiao.proof.ProofCheck;
import io.fapiao.proof.ProofReport;
import io.fapiao.proof.ProofVerifier;
import io.fapiao.proof.fabric.ChannelConfig;
import io.fapiao.proof.fabric.FabricBlock;
import io.fapiao.proof.fabric.FabricTransaction;
import io.fapiao.proof.fabric.MalformedLedgerData;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.HistoryEntry;
import io.fapiao.protocol.ledger.InvoiceNumber;
import io.fapiao.protocol.ledger.StoredBill;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The provenance of a bill or invoice, read from the contract's key history and the channel's
 * blocks: a {@link Timeline} of who did what and when, each step's signatures checked, and a
 * self-contained {@link ProofBundle} that {@code fapiao verify-proof} checks offline. The same code
 * reads the embedded node and a Fabric peer (blocks come through {@code qscc}).
 *
 * <pre>{@code
 * try (Ledger ledger = Ledger.connect(auditorSettings)) {
 *     ProvenanceReader reader = new ProvenanceReader(ledger);
 *     Timeline timeline = reader.timeline("HN01-2026-00000042");   // or "91110108MA01ABCD2X:MZ0001"
 *     byte[] bundle = reader.proofBundle("HN01-2026-00000042").toJson();
 * }
 * }</pre>
 */
public final class ProvenanceReader {

    private final FapiaoLedger fapiao;
    private final LedgerBlocks blocks;
    private final String channel;
    private final String chaincode;

    /** A reader over a connection whose identity may read bills, invoices and their history (an auditor's). */
    public ProvenanceReader(Ledger ledger) {
        this(
                new FapiaoLedger(ledger),
                new LedgerBlocks(ledger),
                ledger.settings().channel(),
                ledger.settings().chaincode());
    }

    public ProvenanceReader(FapiaoLedger fapiao, LedgerBlocks blocks, String channel, String chaincode) {
        this.fapiao = fapiao;
        this.blocks = blocks;
        this.channel = channel;
        this.chaincode = chaincode;
    }

    /**
     * The history of the bill named by {@code key} (a bill key or an invoice number), oldest first.
     *
     * @throws ChaincodeRejection {@code NOT_FOUND} when there is no such bill or invoice
     * @throws ProvenanceException when the key is malformed or the ledger's answers do not agree
     */
    public Timeline timeline(String key) throws LedgerException, ProvenanceException {
        ProofBundle bundle = proofBundle(key);
        ProofReport report = ProofVerifier.unpinned().verify(bundle.toJson());
        List<TimelineStep> steps = new ArrayList<>();
        for (int i = 0; i < bundle.steps().size(); i++) {
            ProofBundle.Step step = bundle.steps().get(i);
            String prefix = "step[" + i + "].";
            String blockPrefix = "block[" + step.blockNumber() + "].";
            List<String> problems = report.failures().stream()
                    .filter(c -> c.name().startsWith(prefix)
                            || c.name().startsWith(blockPrefix)
                            || !(c.name().startsWith("step[") || c.name().startsWith("block[")))
                    .map(ProofCheck::toString)
                    .toList();
            FabricTransaction tx = transaction(bundle, step);
            steps.add(new TimelineStep(
                    operation(step.function()),
                    state(step),
                    tx.creator().mspId(),
                    tx.creator().fingerprint(),
                    tx.timestamp().toString(),
                    step.txId(),
                    step.blockNumber(),
                    problems.isEmpty(),
                    problems));
        }
        return new Timeline(bundle.subject().billKey(), bundle.subject().invoiceNumber(), steps);
    }

    /**
     * A self-contained proof bundle of the bill named by {@code key}: its sealed bill, every step
     * (submission, verdict, issuance, claim, reversal) with the record it wrote, the blocks holding
     * them, the configuration blocks they were ordered under (with every config block back to the genesis
     * block) and the organisations' CA certificates. Add the invoice document with {@link #withDocument}.
     */
    public ProofBundle proofBundle(String key) throws LedgerException, ProvenanceException {
        BillKey billKey = resolve(key);
        StoredBill stored = fapiao.bill(billKey);
        String invoiceNumber = stored.bill().invoiceNumber();
        // Which record each transaction wrote, by the history it appears in.
        Map<String, Map<String, JsonNode>> written = new HashMap<>();
        collect(written, "bill", "bill:" + billKey.uscc() + ":" + billKey.billId());
        if (invoiceNumber != null) {
            collect(written, "invoice", "invoice:" + invoiceNumber);
            try {
                collect(written, "claim", "claim:" + invoiceNumber);
            } catch (ChaincodeRejection e) {
                if (!e.code().equals("NOT_FOUND")) {
                    throw e;
                }
            }
        }
        Map<Long, FabricBlock> held = new TreeMap<>();
        held.put(0L, block(0));
        List<Located> located = new ArrayList<>();
        for (Map.Entry<String, Map<String, JsonNode>> entry : written.entrySet()) {
            located.add(locate(entry.getKey(), entry.getValue(), held));
        }
        located.sort(Comparator.comparingLong(Located::blockNumber).thenComparingInt(Located::index));
        List<ProofBundle.Step> steps = located.stream().map(Located::step).toList();
        List<ChannelConfig> configs = ConfigBlocks.addTo(held, this::block);
        Map<String, Map<String, X509Certificate>> roots = new TreeMap<>();
        for (ChannelConfig config : configs) {
            config.rootCertificates()
                    .forEach((msp, cas) -> cas.forEach(ca -> roots.computeIfAbsent(msp, k -> new LinkedHashMap<>())
                            .putIfAbsent(ProofVerifier.sha256(ca), ca)));
        }
        List<ProofBundle.Authority> authorities = new ArrayList<>();
        try {
            for (Map.Entry<String, Map<String, X509Certificate>> org : roots.entrySet()) {
                for (X509Certificate ca : org.getValue().values()) {
                    authorities.add(new ProofBundle.Authority(org.getKey(), Base64Url.encode(ca.getEncoded())));
                }
            }
        } catch (CertificateEncodingException e) {
            throw new ProvenanceException(
                    ProvenanceException.Reason.INCONSISTENT_LEDGER,
                    "a CA certificate of the channel's configuration cannot be encoded: " + e.getMessage(),
                    e);
        }
        List<String> blockBytes = held.values().stream()
                .map(b -> Base64Url.encode(b.block().toByteArray()))
                .toList();
        return new ProofBundle(
                ProofBundle.FORMAT,
                new ProofBundle.Subject(billKey.toString(), invoiceNumber),
                channel,
                chaincode,
                authorities,
                blockBytes,
                stored.sealedBill(),
                steps,
                null);
    }

    /** The bundle with a document whose hash a step records: {@code invoice} or {@code reversal}. */
    public static ProofBundle withDocument(ProofBundle bundle, String kind, byte[] content) {
        List<ProofBundle.Document> documents =
                new ArrayList<>(bundle.documents() == null ? List.of() : bundle.documents());
        documents.add(new ProofBundle.Document(kind, Base64Url.encode(content)));
        return new ProofBundle(
                bundle.format(),
                bundle.subject(),
                bundle.channel(),
                bundle.chaincode(),
                bundle.authorities(),
                bundle.blocks(),
                bundle.sealedBill(),
                bundle.steps(),
                documents);
    }

    private BillKey resolve(String key) throws LedgerException, ProvenanceException {
        if (key == null || key.isBlank()) {
            throw new ProvenanceException(
                    ProvenanceException.Reason.MALFORMED_KEY,
                    "give a bill key <uscc>:<billId> or an invoice number such as 44010126-0000000042");
        }
        try {
            InvoiceNumber.parse("invoiceNumber", key);
            return BillKey.parse(fapiao.invoice(key).billKey());
        } catch (IllegalArgumentException notAnInvoiceNumber) {
            try {
                return BillKey.parse(key);
            } catch (IllegalArgumentException e) {
                throw new ProvenanceException(
                        ProvenanceException.Reason.MALFORMED_KEY,
                        "'" + key
                                + "' is neither a bill key <uscc>:<billId> nor an invoice number such as 44010126-0000000042",
                        e);
            }
        }
    }

    private void collect(Map<String, Map<String, JsonNode>> written, String kind, String historyKey)
            throws LedgerException {
        for (HistoryEntry version : fapiao.history(historyKey).versions()) {
            if (!version.isDelete()) {
                written.computeIfAbsent(version.txId(), k -> new HashMap<>()).put(kind, version.value());
            }
        }
    }

    private record Located(ProofBundle.Step step, long blockNumber, int index) {}

    private Located locate(String txId, Map<String, JsonNode> records, Map<Long, FabricBlock> held)
            throws LedgerException, ProvenanceException {
        FabricBlock block;
        try {
            block = FabricBlock.parse(blocks.blockOf(txId).toByteArray());
        } catch (MalformedLedgerData e) {
            throw inconsistent("the block holding " + txId + " does not parse: " + e.getMessage(), e);
        }
        held.putIfAbsent(block.number(), block);
        try {
            for (int i = 0; i < block.envelopes().size(); i++) {
                if (!FabricTransaction.txIdOf(block.envelopes().get(i)).equals(txId)) {
                    continue;
                }
                FabricTransaction tx = FabricTransaction.parse(block.envelopes().get(i));
                String function = operation(tx.function());
                String kind = switch (function) {
                    case "SubmitBill", "RecordVerification" -> "bill";
                    case "IssueInvoice", "ReverseInvoice" -> "invoice";
                    case "ClaimInvoice" -> "claim";
                    default -> null;
                };
                JsonNode record = kind == null ? null : records.get(kind);
                if (record == null) {
                    throw inconsistent(
                            "transaction " + txId + " (" + tx.function() + ") is in the history of " + records.keySet()
                                    + " but wrote no " + kind + " version there",
                            null);
                }
                return new Located(
                        new ProofBundle.Step(tx.function(), txId, block.number(), record), block.number(), i);
            }
        } catch (MalformedLedgerData e) {
            throw inconsistent("transaction " + txId + " does not parse: " + e.getMessage(), e);
        }
        throw inconsistent("block " + block.number() + " does not hold transaction " + txId, null);
    }

    private FabricBlock block(long number) throws LedgerException, ProvenanceException {
        try {
            return FabricBlock.parse(blocks.block(number).toByteArray());
        } catch (MalformedLedgerData e) {
            throw inconsistent("block " + number + " does not parse: " + e.getMessage(), e);
        }
    }

    private static FabricTransaction transaction(ProofBundle bundle, ProofBundle.Step step) throws ProvenanceException {
        try {
            for (String encoded : bundle.blocks()) {
                FabricBlock block = FabricBlock.parse(Base64Url.decode("block", encoded));
                if (block.number() != step.blockNumber()) {
                    continue;
                }
                for (var envelope : block.envelopes()) {
                    if (FabricTransaction.txIdOf(envelope).equals(step.txId())) {
                        return FabricTransaction.parse(envelope);
                    }
                }
            }
        } catch (MalformedLedgerData | io.fapiao.protocol.ProtocolException e) {
            throw inconsistent("transaction " + step.txId() + " does not parse: " + e.getMessage(), e);
        }
        throw inconsistent("transaction " + step.txId() + " is not in block " + step.blockNumber(), null);
    }

    private static String state(ProofBundle.Step step) {
        JsonNode state = step.record().get("state");
        return state != null && state.isString() ? state.stringValue() : "CLAIMED";
    }

    private static String operation(String function) {
        int colon = function.lastIndexOf(':');
        return colon < 0 ? function : function.substring(colon + 1);
    }

    private static ProvenanceException inconsistent(String message, Throwable cause) {
        return new ProvenanceException(ProvenanceException.Reason.INCONSISTENT_LEDGER, message, cause);
    }
}
