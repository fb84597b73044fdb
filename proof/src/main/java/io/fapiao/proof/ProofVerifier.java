package io.fapiao.proof;

import io.fapiao.proof.fabric.BlockSignature;
import io.fapiao.proof.fabric.ChannelConfig;
import io.fapiao.proof.fabric.CompositeKey;
import io.fapiao.proof.fabric.ConfigChain;
import io.fapiao.proof.fabric.Consenter;
import io.fapiao.proof.fabric.ConsenterSet;
import io.fapiao.proof.fabric.FabricBlock;
import io.fapiao.proof.fabric.FabricIdentity;
import io.fapiao.proof.fabric.FabricTransaction;
import io.fapiao.proof.fabric.MalformedLedgerData;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CertificateTrust;
import io.fapiao.protocol.crypto.Certificates;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.AnchoredDocument;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.Claim;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.protocol.statement.AnchorStatement;
import io.fapiao.protocol.statement.IssuanceStatement;
import io.fapiao.protocol.statement.ReversalStatement;
import io.fapiao.protocol.statement.Statement;
import io.fapiao.protocol.statement.VerdictStatement;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Checks a {@link ProofBundle} offline, each check named in the {@link ProofReport}: the bundle's
 * canonical form; that its CA certificates are the channel configuration's; the chain of
 * configuration blocks from the genesis block on; each block's data hash, the hash chain between
 * consecutive included blocks, and its orderer signatures under the configuration in force for it
 * (one orderer's signature, or a quorum of distinct SmartBFT consenters on a BFT channel);
 * for each step, that its transaction is in its block and marked VALID, the creator's signature and
 * certificate chain, the endorsements, and that the write set holds exactly the record the step
 * claims; the sealed bill's header digest and signature; the verdict, issuance, reversal and anchor
 * statements' signatures; and included documents' hashes. Nothing here opens a connection.
 *
 * <pre>{@code
 * ProofReport report = ProofVerifier.pinned(List.of(financeCa, hospitalCa, issuerCa)).verify(json);
 * report.checks().forEach(System.out::println);
 * }</pre>
 */
public final class ProofVerifier {

    private static final HexFormat COLONS = HexFormat.ofDelimiter(":").withUpperCase();

    private final Set<String> pinned;

    private ProofVerifier(Set<String> pinned) {
        this.pinned = pinned;
    }

    /** A verifier that takes the bundle's CA certificates as given and reports their fingerprints. */
    public static ProofVerifier unpinned() {
        return new ProofVerifier(null);
    }

    /** A verifier that fails unless every CA certificate of the bundle is one of {@code trusted}. */
    public static ProofVerifier pinned(Collection<X509Certificate> trusted) {
        Set<String> fingerprints = new HashSet<>();
        trusted.forEach(certificate -> fingerprints.add(sha256(certificate)));
        return new ProofVerifier(Set.copyOf(fingerprints));
    }

    /** Checks a bundle's bytes; never throws: whatever is wrong is a FAIL check. */
    public ProofReport verify(byte[] json) {
        Run run = new Run();
        try {
            run.verify(json);
        } catch (RuntimeException e) {
            // Guard rail only: every expected failure is a named check before this point.
            run.fail("verifier", "stopped at an unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return new ProofReport(run.checks, run.anchors);
    }

    /** The state of one verification. */
    private final class Run {
        final List<ProofCheck> checks = new ArrayList<>();
        final List<TrustAnchor> anchors = new ArrayList<>();
        final Map<String, List<X509Certificate>> authorities = new TreeMap<>();
        final Map<Long, FabricBlock> blocks = new LinkedHashMap<>();
        /** The configuration each block's signatures (and its transactions' identities) are checked under. */
        final Map<Long, ChannelConfig> governed = new HashMap<>();
        ConfigChain configs;
        ProofBundle bundle;
        SealedBill sealed;
        String headerDigest;
        X509Certificate submitter;
        String issuedDocumentHash;
        String reversalDocumentHash;

        void pass(String name, String detail) {
            checks.add(new ProofCheck(name, ProofCheck.Outcome.PASS, detail));
        }

        void fail(String name, String detail) {
            checks.add(new ProofCheck(name, ProofCheck.Outcome.FAIL, detail));
        }

        void note(String name, String detail) {
            checks.add(new ProofCheck(name, ProofCheck.Outcome.NOTE, detail));
        }

        boolean check(boolean ok, String name, String passed, String failed) {
            if (ok) {
                pass(name, passed);
            } else {
                fail(name, failed);
            }
            return ok;
        }

        boolean failed() {
            return checks.stream().anyMatch(c -> c.outcome() == ProofCheck.Outcome.FAIL);
        }

        void verify(byte[] json) {
            if (!readBundle(json) || !readAuthorities() || !readBlocks() || !checkConfiguration()) {
                return;
            }
            checkTrust();
            for (FabricBlock block : blocks.values()) {
                checkBlock(block);
            }
            checkSealedBill();
            checkSteps();
            checkDocuments();
        }

        boolean readBundle(byte[] json) {
            try {
                if (!Arrays.equals(CanonicalJson.canonicalize(json), json)) {
                    fail("bundle.canonical", "the bundle is not in canonical JSON form (RFC 8785): something was added, "
                            + "removed or re-spelled outside the values");
                    return false;
                }
                pass("bundle.canonical", "canonical JSON (RFC 8785), " + json.length + " bytes");
                bundle = ProofBundle.fromJson(json);
            } catch (ProtocolException | IllegalArgumentException e) {
                fail("bundle.json", "not a proof bundle document: " + e.getMessage());
                return false;
            }
            if (!Arrays.equals(CanonicalJson.encode(bundle), json)) {
                fail("bundle.shape", "the bundle has members or values a " + ProofBundle.FORMAT
                        + " bundle does not hold (a number written as text, an explicit null, ...)");
                return false;
            }
            if (!check(ProofBundle.FORMAT.equals(bundle.format()), "bundle.format", ProofBundle.FORMAT,
                    "format is '" + bundle.format() + "'; this verifier reads " + ProofBundle.FORMAT)) {
                return false;
            }
            List<String> missing = new ArrayList<>();
            if (bundle.subject() == null || bundle.subject().billKey() == null) {
                missing.add("subject.billKey");
            }
            for (Map.Entry<String, Object> field : Map.<String, Object>of("channel", nonNull(bundle.channel()),
                    "chaincode", nonNull(bundle.chaincode()), "authorities", nonNull(bundle.authorities()),
                    "blocks", nonNull(bundle.blocks()), "sealedBill", nonNull(bundle.sealedBill()),
                    "steps", nonNull(bundle.steps())).entrySet()) {
                if (Boolean.FALSE.equals(field.getValue())) {
                    missing.add(field.getKey());
                }
            }
            return check(missing.isEmpty(), "bundle.shape", "all members present", "missing: " + new TreeSet<>(missing));
        }

        boolean readAuthorities() {
            for (int i = 0; i < bundle.authorities().size(); i++) {
                ProofBundle.Authority authority = bundle.authorities().get(i);
                String name = "authority[" + i + "]";
                try {
                    X509Certificate certificate = Certificates.fromDer(
                            Base64Url.decode(name + ".certificate", authority.certificate()));
                    if (certificate.getBasicConstraints() < 0) {
                        fail(name, "the certificate of " + authority.mspId() + " is not a CA certificate");
                        continue;
                    }
                    authorities.computeIfAbsent(String.valueOf(authority.mspId()), k -> new ArrayList<>()).add(certificate);
                    anchors.add(new TrustAnchor(authority.mspId(), certificate.getSubjectX500Principal().getName(),
                            sha256(certificate), pinned != null && pinned.contains(sha256(certificate))));
                } catch (ProtocolException e) {
                    fail(name, "the certificate of " + authority.mspId() + " does not parse: " + e.getMessage());
                }
            }
            return !failed() && check(!authorities.isEmpty(), "authorities", authorities.size() + " organisations",
                    "the bundle names no certificate authority");
        }

        boolean readBlocks() {
            long previous = -1;
            for (int i = 0; i < bundle.blocks().size(); i++) {
                String name = "block#" + i;
                try {
                    FabricBlock block = FabricBlock.parse(Base64Url.decode("blocks[" + i + "]", bundle.blocks().get(i)));
                    if (block.number() <= previous) {
                        fail("blocks.order", "block " + block.number() + " follows block " + previous
                                + "; blocks go by ascending number, each once");
                        return false;
                    }
                    previous = block.number();
                    blocks.put(block.number(), block);
                } catch (ProtocolException | MalformedLedgerData e) {
                    fail(name + ".structure", e.getMessage());
                    return false;
                }
            }
            return check(!blocks.isEmpty(), "blocks", blocks.size() + " blocks: " + blocks.keySet(),
                    "the bundle holds no block");
        }

        boolean checkConfiguration() {
            FabricBlock first = blocks.values().iterator().next();
            ChannelConfig config;
            try {
                config = ChannelConfig.of(first);
            } catch (MalformedLedgerData e) {
                fail("config", "the first block must be the channel's configuration block: " + e.getMessage());
                return false;
            }
            // The chain of configurations starts at the genesis block: a bundle that starts at a later config
            // block would let its author choose which configuration the checks rest on.
            if (!check(first.number() == 0 && config.sequence() == 0, "config",
                    "block 0 is the channel's genesis configuration (" + consensus(config) + ")",
                    "the first block must be the genesis configuration block 0 (config sequence 0); it is block "
                            + first.number() + " with config sequence " + config.sequence())) {
                return false;
            }
            byte[] codes = first.validationCodes();
            if (!check(codes.length == 1 && codes[0] == TxValidationCode.VALID_VALUE, "config.valid",
                    "the configuration transaction is marked VALID",
                    "the configuration block's TRANSACTIONS_FILTER does not mark its transaction VALID")) {
                return false;
            }
            if (!check(bundle.channel().equals(config.channelId()), "config.channel",
                    "block " + first.number() + " configures channel " + config.channelId(),
                    "the configuration block is for channel " + config.channelId() + ", the bundle says " + bundle.channel())) {
                return false;
            }
            configs = ConfigChain.startingWith(config);
            for (FabricBlock block : blocks.values()) {
                if (block.number() > 0 && ChannelConfig.isConfigBlock(block)) {
                    readLaterConfiguration(block);
                }
            }
            Map<String, Set<String>> declared = new TreeMap<>();
            for (ChannelConfig each : configs.configurations().values()) {
                each.rootCertificates().forEach((msp, certs) ->
                        declared.computeIfAbsent(msp, k -> new TreeSet<>()).addAll(fingerprints(certs)));
            }
            Map<String, Set<String>> brought = new TreeMap<>();
            authorities.forEach((msp, certs) -> brought.put(msp, fingerprints(certs)));
            return check(declared.equals(brought), "authorities.config",
                    "the bundle's CA certificates are those the configuration blocks " + configs.numbers()
                            + " declare for " + declared.keySet(),
                    "the bundle's CA certificates differ from the configuration blocks' " + configs.numbers()
                            + " (they declare " + declared.keySet() + ")");
        }

        /**
         * A config block after the genesis block (a config update: an organisation or a consenter added or
         * removed). Only one that is valid, for this channel and the next in sequence joins the chain; blocks it
         * would govern then fail {@code governingConfig}.
         */
        void readLaterConfiguration(FabricBlock block) {
            String name = "config[" + block.number() + "]";
            ChannelConfig config;
            try {
                config = ChannelConfig.of(block);
                pass(name, "config sequence " + config.sequence() + ", " + consensus(config));
            } catch (MalformedLedgerData e) {
                fail(name, "the configuration block does not parse: " + e.getMessage());
                return;
            }
            byte[] codes = block.validationCodes();
            boolean valid = check(codes.length == 1 && codes[0] == TxValidationCode.VALID_VALUE, name + ".valid",
                    "the configuration transaction is marked VALID",
                    "the configuration block's TRANSACTIONS_FILTER does not mark its transaction VALID");
            boolean channel = check(bundle.channel().equals(config.channelId()), name + ".channel",
                    "configures channel " + config.channelId(),
                    "the configuration block is for channel " + config.channelId() + ", the bundle says " + bundle.channel());
            if (valid && channel) {
                try {
                    configs.append(block.number(), config);
                    pass(name + ".sequence", "follows config sequence " + (config.sequence() - 1));
                } catch (ConfigChain.NotGoverned e) {
                    fail(name + ".sequence", e.getMessage());
                }
            }
        }

        void checkTrust() {
            if (pinned == null) {
                note("trust.pinned", "no trusted certificates given: the verdict holds for the CA certificates the "
                        + "bundle brings; compare their fingerprints with ones obtained out of band, or pin them");
                return;
            }
            List<String> unpinned = anchors.stream().filter(a -> !a.pinned()).map(a -> a.mspId() + " " + a.sha256()).toList();
            check(unpinned.isEmpty(), "trust.pinned", "every CA certificate of the bundle is pinned",
                    "CA certificates not among the trusted ones: " + unpinned);
        }

        void checkBlock(FabricBlock block) {
            String name = "block[" + block.number() + "]";
            check(block.dataHashMatches(), name + ".dataHash", "SHA-256 of the " + block.envelopes().size()
                    + " envelopes equals the header's data hash", "the envelopes do not hash to the header's data hash");
            FabricBlock previous = blocks.get(block.number() - 1);
            if (previous != null) {
                check(Arrays.equals(previous.headerHash(), block.header().getPreviousHash().toByteArray()),
                        name + ".chain", "previous hash is block " + previous.number() + "'s header hash",
                        "previous hash is not block " + previous.number() + "'s header hash");
            }
            byte[] codes = block.validationCodes();
            boolean defined = codes.length == block.envelopes().size();
            for (byte code : codes) {
                defined &= TxValidationCode.forNumber(code & 0xff) != null && TxValidationCode.forNumber(code & 0xff)
                        != TxValidationCode.NOT_VALIDATED;
            }
            check(defined, name + ".validationCodes", codes.length + " validation codes",
                    "TRANSACTIONS_FILTER has " + codes.length + " entries for " + block.envelopes().size()
                            + " transactions, or an undefined code");
            ConfigChain.Governing governing;
            try {
                governing = configs.governing(block);
            } catch (ConfigChain.NotGoverned e) {
                fail(name + ".governingConfig", e.getMessage());
                return;
            }
            ChannelConfig config = governing.config();
            pass(name + ".governingConfig", "config block " + governing.configBlock() + " (" + consensus(config) + ")");
            governed.put(block.number(), config);
            if (config.bft()) {
                checkConsenterQuorum(name, block, config);
            } else {
                checkOneOrderer(name, block, config);
            }
        }

        /** The one-orderer rule (solo, etcdraft, the embedded node): each signature names its orderer in a signature header. */
        void checkOneOrderer(String name, FabricBlock block, ChannelConfig config) {
            try {
                List<BlockSignature> signatures = block.signatures();
                if (signatures.isEmpty()) {
                    fail(name + ".ordererSignature", "the block carries no orderer signature");
                    return;
                }
                Instant at = blockTime(block);
                for (BlockSignature each : signatures) {
                    if (!(each instanceof BlockSignature.ByCreator signature)) {
                        fail(name + ".ordererSignature", "signature #" + each.position() + " names a consenter id "
                                + "(SmartBFT's form), but the governing configuration orders by '"
                                + config.consensusType() + "', whose orderer names itself in a signature header");
                        continue;
                    }
                    if (!signature.valid()) {
                        fail(name + ".ordererSignature", "the signature of " + signature.creator()
                                + " does not verify over the block header and metadata");
                        continue;
                    }
                    Optional<String> untrusted = chainProblem(signature.creator(), at, "orderer", config);
                    check(untrusted.isEmpty(), name + ".ordererSignature",
                            "signed by orderer " + signature.creator() + ", issued by the " + signature.creator().mspId()
                                    + " CA", untrusted.orElse(""));
                }
            } catch (MalformedLedgerData e) {
                fail(name + ".ordererSignature", e.getMessage());
            }
        }

        /**
         * The SmartBFT rule: a quorum of distinct consenters of the governing configuration signed the block,
         * each by id, each signature verifying under that consenter's identity, each identity issued by its
         * organisation's CA. Stricter than Fabric's policy evaluation, which skips a signature it cannot use:
         * the signature list is not itself signed, so a signature that is not a good one of a distinct
         * consenter can only have been added or changed after the orderers wrote the block.
         */
        void checkConsenterQuorum(String name, FabricBlock block, ChannelConfig config) {
            ConsenterSet consenters = config.consenters();
            List<BlockSignature> signatures;
            try {
                signatures = block.signatures();
            } catch (MalformedLedgerData e) {
                fail(name + ".quorum", "the block's signatures cannot be read: " + e.getMessage());
                return;
            }
            if (block.number() == 0 && signatures.isEmpty()) {
                note(name + ".quorum", "the genesis block is unsigned, as Fabric writes it (configtxgen; every node "
                        + "starts from it as given): it is trusted through the CA certificates it declares, which the "
                        + "consenters' certificates must chain to (pin them with --trust)");
                return;
            }
            Instant at = blockTime(block);
            List<String> unknown = new ArrayList<>();
            List<Long> repeated = new ArrayList<>();
            List<String> badSignatures = new ArrayList<>();
            List<String> untrusted = new ArrayList<>();
            Set<Long> seen = new HashSet<>();
            Set<Long> good = new TreeSet<>();
            for (BlockSignature each : signatures) {
                if (!(each instanceof BlockSignature.ByConsenter signature)) {
                    unknown.add("signature #" + each.position() + " names its signer in a signature header (the "
                            + "one-orderer form); on a BFT channel each consenter signs by id");
                    continue;
                }
                Optional<Consenter> consenter = consenters.find(signature.consenterId());
                if (consenter.isEmpty()) {
                    unknown.add("signature #" + each.position() + " names consenter " + signature.consenterId()
                            + ", which is not in the consenter set " + consenters.ids());
                    continue;
                }
                if (!seen.add(signature.consenterId())) {
                    repeated.add(signature.consenterId());
                    continue;
                }
                if (!signature.validFor(consenter.get())) {
                    badSignatures.add("the signature of " + consenter.get() + " does not verify over the block header"
                            + " and metadata");
                    continue;
                }
                Optional<String> problem = chainProblem(consenter.get().identity(), at, null, config);
                if (problem.isPresent()) {
                    untrusted.add(consenter.get() + ": " + problem.get());
                    continue;
                }
                good.add(signature.consenterId());
            }
            check(unknown.isEmpty(), name + ".consenterId", "every signature names a consenter of the set "
                    + consenters.ids(), String.join("; ", unknown));
            check(repeated.isEmpty(), name + ".distinctConsenters", "no consenter signed twice",
                    "consenter(s) " + repeated + " signed more than once; each consenter signs a block once");
            check(badSignatures.isEmpty(), name + ".consenterSignature", "each consenter's signature verifies",
                    String.join("; ", badSignatures));
            check(untrusted.isEmpty(), name + ".consenterCertificate", "each signing consenter's identity is "
                    + "issued by its organisation's CA of the governing configuration, valid at " + at,
                    String.join("; ", untrusted));
            String rule = "Fabric's BFT quorum for " + consenters.size() + " consenters is " + consenters.quorum()
                    + " (f = " + consenters.faultsTolerated() + ")";
            check(good.size() >= consenters.quorum(), name + ".quorum", "consenters " + good + " of "
                    + consenters.ids() + " signed; " + rule, good.size() + " distinct consenter(s) " + good
                    + " signed with a good signature and certificate; " + rule);
        }

        void checkSealedBill() {
            try {
                sealed = SealedBill.fromJson(CanonicalJson.encode(bundle.sealedBill()));
            } catch (ProtocolException | IllegalArgumentException e) {
                fail("sealedBill.format", e.getMessage());
                return;
            }
            headerDigest = Base64Url.encode(sealed.header().headerDigest().toByteArray());
            String key = sealed.header().issuerId() + ":" + sealed.header().billId();
            check(key.equals(bundle.subject().billKey()), "subject.billKey", "the sealed bill is " + key,
                    "the sealed bill is " + key + ", the bundle is about " + bundle.subject().billKey());
            try {
                sealed.checkHeaderDigest();
                pass("sealedBill.headerDigest", "the header digest matches the header fields");
            } catch (ProtocolException e) {
                fail("sealedBill.headerDigest", e.getMessage());
                return;
            }
            try {
                submitter = sealed.checkSignature();
                pass("sealedBill.signature", "signed by " + submitter.getSubjectX500Principal().getName());
            } catch (ProtocolException e) {
                fail("sealedBill.signature", e.getMessage());
            }
        }

        void checkSteps() {
            int submissions = 0;
            int issuances = 0;
            long lastBlock = -1;
            int lastIndex = -1;
            for (int i = 0; i < bundle.steps().size(); i++) {
                ProofBundle.Step step = bundle.steps().get(i);
                String name = "step[" + i + "]." + operation(step.function());
                int index = checkStep(name, step);
                if (index >= 0) {
                    boolean ordered = step.blockNumber() > lastBlock || (step.blockNumber() == lastBlock && index > lastIndex);
                    check(ordered, name + ".order", "after the previous step",
                            "steps must be in ledger order; this one comes before the previous");
                    lastBlock = step.blockNumber();
                    lastIndex = index;
                }
                submissions += operation(step.function()).equals("SubmitBill") ? 1 : 0;
                issuances += operation(step.function()).equals("IssueInvoice") ? 1 : 0;
            }
            check(submissions == 1, "steps.submission", "one SubmitBill step",
                    submissions + " SubmitBill steps; a bundle holds exactly the one that stored the sealed bill");
            boolean invoiced = bundle.subject().invoiceNumber() != null;
            check(issuances == (invoiced ? 1 : 0), "steps.issuance",
                    invoiced ? "one IssueInvoice step for " + bundle.subject().invoiceNumber() : "not issued",
                    issuances + " IssueInvoice steps for a subject " + (invoiced ? "with" : "without") + " an invoice number");
        }

        /** The step's checks; the transaction's index in its block, or -1 when it was not found. */
        int checkStep(String name, ProofBundle.Step step) {
            FabricBlock block = blocks.get(step.blockNumber());
            if (block == null) {
                fail(name + ".inBlock", "block " + step.blockNumber() + " is not in the bundle");
                return -1;
            }
            int index = -1;
            try {
                for (int i = 0; i < block.envelopes().size() && index < 0; i++) {
                    if (FabricTransaction.txIdOf(block.envelopes().get(i)).equals(step.txId())) {
                        index = i;
                    }
                }
            } catch (MalformedLedgerData e) {
                fail(name + ".inBlock", e.getMessage());
                return -1;
            }
            if (!check(index >= 0, name + ".inBlock", "transaction " + step.txId() + " is #" + index + " of block "
                    + block.number(), "block " + block.number() + " holds no transaction " + step.txId())) {
                return -1;
            }
            byte[] codes = block.validationCodes();
            int code = index < codes.length ? codes[index] & 0xff : -1;
            check(code == TxValidationCode.VALID_VALUE, name + ".valid", "marked VALID in TRANSACTIONS_FILTER",
                    "marked " + Optional.ofNullable(TxValidationCode.forNumber(code)).map(Enum::name).orElse("" + code)
                            + " in TRANSACTIONS_FILTER: the ledger did not apply it");
            FabricTransaction tx;
            try {
                tx = FabricTransaction.parse(block.envelopes().get(index));
            } catch (MalformedLedgerData e) {
                fail(name + ".structure", e.getMessage());
                return index;
            }
            check(tx.channelId().equals(bundle.channel()) && tx.chaincodeName().equals(bundle.chaincode()),
                    name + ".channel", "channel " + tx.channelId() + ", chaincode " + tx.chaincodeName(),
                    "the transaction is for channel " + tx.channelId() + " chaincode " + tx.chaincodeName());
            check(tx.function().equals(step.function()) && tx.responseStatus() == 200, name + ".function",
                    "called " + tx.function() + " " + tx.arguments().size() + " arguments, status 200",
                    "the transaction called " + tx.function() + " (status " + tx.responseStatus() + "), the step says "
                            + step.function());
            check(tx.txIdDerivedFromNonceAndCreator(), name + ".txId", "derived from nonce and creator",
                    "the transaction id is not SHA-256(nonce ‖ creator)");
            check(tx.creatorSignatureValid(), name + ".creatorSignature", "signed by " + tx.creator(),
                    "the envelope's signature does not verify under its creator's certificate");
            Optional<ChannelConfig> config = governingOf(step.blockNumber());
            Optional<String> creatorProblem = config.isEmpty() ? Optional.of(NOT_GOVERNED)
                    : chainProblem(tx.creator(), tx.timestamp(), null, config.get());
            check(creatorProblem.isEmpty(), name + ".creatorCertificate", "issued by the " + tx.creator().mspId()
                    + " CA, valid at " + tx.timestamp(), creatorProblem.orElse(""));
            check(tx.proposalHashMatches(), name + ".proposalHash", "the endorsed response answers this proposal",
                    "the endorsed response's proposal hash is not this transaction's");
            checkEndorsements(name, tx, config);
            checkRecord(name, step, tx);
            return index;
        }

        void checkEndorsements(String name, FabricTransaction tx, Optional<ChannelConfig> config) {
            try {
                List<FabricTransaction.EndorsementCheck> endorsements = tx.endorsements();
                if (endorsements.isEmpty()) {
                    fail(name + ".endorsements", "the transaction carries no endorsement");
                    return;
                }
                List<String> problems = new ArrayList<>();
                for (FabricTransaction.EndorsementCheck endorsement : endorsements) {
                    if (!endorsement.valid()) {
                        problems.add("the signature of " + endorsement.endorser() + " does not verify");
                    } else {
                        (config.isEmpty() ? Optional.of(NOT_GOVERNED)
                                : chainProblem(endorsement.endorser(), tx.timestamp(), "peer", config.get()))
                                .ifPresent(problems::add);
                    }
                }
                check(problems.isEmpty(), name + ".endorsements", endorsements.size() + " endorsement(s) by "
                        + endorsements.stream().map(e -> e.endorser().mspId()).toList(), String.join("; ", problems));
            } catch (MalformedLedgerData e) {
                fail(name + ".endorsements", e.getMessage());
            }
        }

        void checkRecord(String name, ProofBundle.Step step, FabricTransaction tx) {
            if (step.record() == null) {
                fail(name + ".writeSet", "the step claims no record");
                return;
            }
            try {
                switch (operation(step.function())) {
                    case "SubmitBill" -> submitted(name, step, tx);
                    case "RecordVerification" -> verified(name, step, tx);
                    case "IssueInvoice" -> issued(name, step, tx);
                    case "ReverseInvoice" -> reversed(name, step, tx);
                    case "ClaimInvoice" -> claimed(name, step, tx);
                    case "AnchorDocument" -> anchored(name, step, tx);
                    default -> fail(name + ".writeSet", "a proof bundle holds no " + step.function() + " step");
                }
            } catch (ProtocolException e) {
                fail(name + ".record", "the step's record is not of its kind: " + e.getMessage());
            } catch (MalformedLedgerData e) {
                fail(name + ".writeSet", e.getMessage());
            }
        }

        void submitted(String name, ProofBundle.Step step, FabricTransaction tx) throws ProtocolException, MalformedLedgerData {
            BillRecord bill = Json.bind(step.record(), BillRecord.class);
            wrote(name, step, tx, CompositeKey.of("fapiao.bill", bill.uscc(), bill.billId()), "bill record");
            Optional<byte[]> stored = tx.written(bundle.chaincode(), CompositeKey.of("fapiao.sealedbill", bill.uscc(),
                    bill.billId()));
            check(stored.isPresent() && Arrays.equals(stored.get(), CanonicalJson.encode(bundle.sealedBill())),
                    name + ".sealedBill", "the transaction stored exactly the bundle's sealed bill",
                    "the sealed bill the transaction stored is not the bundle's");
            check(bill.billKey().equals(bundle.subject().billKey()) && headerDigest != null
                            && headerDigest.equals(bill.headerDigest()), name + ".record",
                    "bill " + bill.billKey() + " " + bill.state(), "the bill record is not the subject's sealed bill's");
            if (submitter != null) {
                if (submitter.equals(tx.creator().certificate())) {
                    pass(name + ".sealer", "the sealed bill is signed by the submitting identity");
                } else {
                    note(name + ".sealer", "the sealed bill is signed by a seal certificate the contract checked "
                            + "against the submitter registry (fingerprint " + bill.signerFingerprint() + ")");
                }
            }
        }

        void verified(String name, ProofBundle.Step step, FabricTransaction tx) throws ProtocolException, MalformedLedgerData {
            BillRecord bill = Json.bind(step.record(), BillRecord.class);
            wrote(name, step, tx, CompositeKey.of("fapiao.bill", bill.uscc(), bill.billId()), "bill record");
            var verdict = bill.verification();
            if (!check(verdict != null && tx.txId().equals(verdict.txId()) && bill.billKey().equals(bundle.subject().billKey()),
                    name + ".record", "verdict " + (verdict == null ? "" : verdict.verdict() + " " + verdict.reasonCodes()),
                    "the bill record holds no verdict of this transaction for the subject")) {
                return;
            }
            statement(name, new VerdictStatement(bill.billKey(), String.valueOf(headerDigest), verdict.verdict(),
                    verdict.reasonCodes()), verdict.signature(), tx);
        }

        void issued(String name, ProofBundle.Step step, FabricTransaction tx) throws ProtocolException, MalformedLedgerData {
            InvoiceRecord invoice = Json.bind(step.record(), InvoiceRecord.class);
            wrote(name, step, tx, CompositeKey.of("fapiao.invoice", invoice.invoiceNumber()), "invoice record");
            if (!check(invoice.billKey().equals(bundle.subject().billKey())
                            && invoice.invoiceNumber().equals(bundle.subject().invoiceNumber()), name + ".record",
                    "invoice " + invoice.invoiceNumber() + " of bill " + invoice.billKey(),
                    "the invoice record is not the subject's invoice")) {
                return;
            }
            issuedDocumentHash = invoice.documentHash();
            statement(name, new IssuanceStatement(invoice.billKey(), String.valueOf(headerDigest), invoice.invoiceNumber(),
                    invoice.checkCodeDigest(), invoice.documentHash()), invoice.signature(), tx);
        }

        void reversed(String name, ProofBundle.Step step, FabricTransaction tx) throws ProtocolException, MalformedLedgerData {
            InvoiceRecord invoice = Json.bind(step.record(), InvoiceRecord.class);
            wrote(name, step, tx, CompositeKey.of("fapiao.invoice", invoice.invoiceNumber()), "invoice record");
            var reversal = invoice.reversal();
            if (!check(reversal != null && tx.txId().equals(reversal.txId())
                            && invoice.invoiceNumber().equals(bundle.subject().invoiceNumber()), name + ".record",
                    "reversed by " + (reversal == null ? "" : reversal.redInvoiceNumber()),
                    "the invoice record holds no reversal of this transaction for the subject's invoice")) {
                return;
            }
            reversalDocumentHash = reversal.documentHash();
            statement(name, new ReversalStatement(invoice.invoiceNumber(), reversal.reasonCode(),
                    reversal.redInvoiceNumber(), reversal.documentHash()), reversal.signature(), tx);
        }

        void claimed(String name, ProofBundle.Step step, FabricTransaction tx) throws ProtocolException, MalformedLedgerData {
            Claim claim = Json.bind(step.record(), Claim.class);
            wrote(name, step, tx, CompositeKey.of("fapiao.claim", claim.invoiceNumber()), "claim");
            check(claim.invoiceNumber().equals(bundle.subject().invoiceNumber()), name + ".record",
                    "claimed by " + claim.claimantId(), "the claim is not on the subject's invoice");
        }

        void anchored(String name, ProofBundle.Step step, FabricTransaction tx) throws ProtocolException, MalformedLedgerData {
            AnchoredDocument document = Json.bind(step.record(), AnchoredDocument.class);
            wrote(name, step, tx, CompositeKey.of("fapiao.document", document.kind(), document.documentId()),
                    "anchored document");
            statement(name, new AnchorStatement(document.kind(), document.documentId(), document.sha256()),
                    document.signature(), tx);
        }

        void wrote(String name, ProofBundle.Step step, FabricTransaction tx, String key, String what)
                throws MalformedLedgerData {
            Optional<byte[]> value = tx.written(bundle.chaincode(), key);
            check(value.isPresent() && Arrays.equals(value.get(), CanonicalJson.encode(step.record())),
                    name + ".writeSet", "the write set holds exactly the step's " + what,
                    value.isPresent() ? "the " + what + " the transaction wrote is not the step's"
                            : "the transaction wrote no " + what + " under the step's key");
        }

        void statement(String name, Statement statement, String signature, FabricTransaction tx) {
            boolean valid;
            try {
                valid = statement.verifiedBy(tx.creator().certificate(), Base64Url.decode("signature", signature));
            } catch (ProtocolException e) {
                valid = false;
            }
            check(valid, name + ".statement", statement.statementType() + " signed by " + tx.creator(),
                    "the " + statement.statementType() + " signature does not verify under the caller's certificate");
        }

        void checkDocuments() {
            if (bundle.documents() == null) {
                return;
            }
            for (ProofBundle.Document document : bundle.documents()) {
                String name = "document[" + document.kind() + "].sha256";
                String expected = "invoice".equals(document.kind()) ? issuedDocumentHash
                        : "reversal".equals(document.kind()) ? reversalDocumentHash : null;
                if (expected == null) {
                    fail(name, "no step of the bundle records a hash for a document of kind " + document.kind());
                    continue;
                }
                try {
                    String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(Base64Url.decode("document.content", document.content())));
                    check(actual.equals(expected), name, "SHA-256 " + actual + " as recorded on the ledger",
                            "SHA-256 " + actual + ", the ledger records " + expected);
                } catch (ProtocolException | NoSuchAlgorithmException e) {
                    fail(name, e.getMessage());
                }
            }
        }

        /**
         * Why {@code identity} is not trusted at {@code at} under {@code config} (empty when it is): issued by a
         * root CA the configuration declares for its MSP, valid then, and of the NodeOU {@code requiredUnit}.
         */
        Optional<String> chainProblem(FabricIdentity identity, Instant at, String requiredUnit, ChannelConfig config) {
            List<X509Certificate> cas = config.rootCertificates().get(identity.mspId());
            if (cas == null || cas.isEmpty()) {
                return Optional.of(identity.mspId() + " is not an organisation of the channel's configuration");
            }
            try {
                CertificateTrust.of(cas).check(identity.certificate(), at);
            } catch (ProtocolException e) {
                return Optional.of(e.getMessage());
            }
            if (requiredUnit != null && !identity.organisationalUnits().contains(requiredUnit)) {
                return Optional.of("the certificate of " + identity + " is not an " + requiredUnit + " certificate (no OU="
                        + requiredUnit + ")");
            }
            return Optional.empty();
        }

        /** The configuration block {@code number} is governed by, once its {@code governingConfig} check passed. */
        Optional<ChannelConfig> governingOf(long number) {
            return Optional.ofNullable(governed.get(number));
        }

        Instant blockTime(FabricBlock block) {
            // A block has no time of its own; its first transaction's timestamp is the orderer's "now".
            try {
                var envelope = org.hyperledger.fabric.protos.common.Envelope.parseFrom(block.envelopes().get(0));
                var payload = org.hyperledger.fabric.protos.common.Payload.parseFrom(envelope.getPayload());
                var header = org.hyperledger.fabric.protos.common.ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
                return Instant.ofEpochSecond(header.getTimestamp().getSeconds(), header.getTimestamp().getNanos());
            } catch (com.google.protobuf.InvalidProtocolBufferException | IndexOutOfBoundsException e) {
                return Instant.now();
            }
        }
    }

    private static final String NOT_GOVERNED = "the configuration in force at this block is not established (see its "
            + "governingConfig check), so its organisations' CAs are unknown";

    /** How a configuration orders blocks, for a report line. */
    static String consensus(ChannelConfig config) {
        return config.bft() ? "BFT, consenters " + config.consenters().ids() + ", quorum " + config.consenters().quorum()
                : "consensus type '" + config.consensusType() + "', one orderer signs";
    }

    /** The contract function without a {@code contract:} prefix. */
    static String operation(String function) {
        if (function == null) {
            return "";
        }
        int colon = function.lastIndexOf(':');
        return colon < 0 ? function : function.substring(colon + 1);
    }

    private static Object nonNull(Object value) {
        return value != null;
    }

    static Set<String> fingerprints(List<X509Certificate> certificates) {
        Set<String> set = new TreeSet<>();
        certificates.forEach(c -> set.add(sha256(c)));
        return set;
    }

    /** SHA-256 of the DER, colon-separated upper-case hex. */
    public static String sha256(X509Certificate certificate) {
        try {
            return COLONS.formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }
}
