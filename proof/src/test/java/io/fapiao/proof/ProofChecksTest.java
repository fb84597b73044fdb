package io.fapiao.proof;

import static io.fapiao.proof.ProofFixture.ANCHOR;
import static io.fapiao.proof.ProofFixture.CLAIM;
import static io.fapiao.proof.ProofFixture.ISSUE;
import static io.fapiao.proof.ProofFixture.REVERSE;
import static io.fapiao.proof.ProofFixture.SUBMIT;
import static io.fapiao.proof.ProofFixture.VERIFY;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.fapiao.proof.fabric.CompositeKey;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.json.Base64Url;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every check {@link ProofVerifier} makes, each shown to fail on a bundle that breaks it and nothing
 * else: a valid {@link ProofFixture} bundle with one thing changed. Where the verifier's design makes
 * a second check fail with the first (identities under an unknown configuration are unknown; a
 * document's hash is read only from a record that is the subject's; the steps rest on the sealed
 * bill's header digest), the test names both. The SmartBFT checks ({@code block[n].quorum},
 * {@code .consenterId}, {@code .distinctConsenters}, {@code .consenterSignature},
 * {@code .consenterCertificate}) are shown the same way in {@link BftProofTest}.
 */
class ProofChecksTest {

    private static List<String> failures(byte[] json) {
        return failures(ProofVerifier.unpinned().verify(json));
    }

    private static List<String> failures(ProofReport report) {
        return report.failures().stream().map(ProofCheck::name).toList();
    }

    private static List<String> failures(ProofFixture fixture) {
        return failures(fixture.json());
    }

    private static String encoded(CertificateAuthority ca) {
        try {
            return Base64Url.encode(ca.certificate().getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProofFixture valid() {
        return ProofFixture.valid();
    }

    @Test
    void theWholeHistoryVerifiesWithEveryCheckPassing() {
        ProofReport report = ProofVerifier.unpinned().verify(valid().json());
        assertThat(report.verified()).as(report.failures().toString()).isTrue();
        assertThat(report.checks())
                .extracting(ProofCheck::name)
                .contains(
                        "block[1].chain",
                        "block[6].ordererSignature",
                        "step[1].RecordVerification.statement",
                        "step[2].IssueInvoice.statement",
                        "step[4].ReverseInvoice.statement",
                        "step[5].AnchorDocument.statement",
                        "step[3].ClaimInvoice.record",
                        "document[invoice].sha256",
                        "document[reversal].sha256",
                        "steps.submission",
                        "steps.issuance");
        // The sealed bill is the recorded one, so its seal is not the submitting identity's.
        assertThat(report.checks())
                .filteredOn(c -> c.outcome() == ProofCheck.Outcome.NOTE)
                .extracting(ProofCheck::name)
                .containsExactly("trust.pinned", "step[0].SubmitBill.sealer");
    }

    @Nested
    class TheBundleDocument {

        @Test
        void bundleCanonical() {
            byte[] json = valid().json();
            byte[] spaced = (" " + new String(json, UTF_8)).getBytes(UTF_8);
            assertThat(failures(spaced)).containsExactly("bundle.canonical");
        }

        @Test
        void bundleJson() {
            assertThat(failures("not json".getBytes(UTF_8))).containsExactly("bundle.json");
            assertThat(failures("[]".getBytes(UTF_8))).containsExactly("bundle.json");
        }

        @Test
        void bundleShapeRefusesAValueTheFormatDoesNotHold() {
            String json = new String(
                    valid().bundle(b -> ProofFixture.withDocuments(b, null)).json(), UTF_8);
            String withNull = json.replace("\"format\":", "\"documents\":null,\"format\":");
            assertThat(failures(withNull.getBytes(UTF_8))).containsExactly("bundle.shape");
        }

        @Test
        void bundleShapeRefusesAMissingMember() {
            ProofReport report = ProofVerifier.unpinned()
                    .verify(valid().bundle(b -> ProofFixture.withSteps(b, null)).json());
            assertThat(failures(report)).containsExactly("bundle.shape");
            assertThat(report.firstFailure().orElseThrow().detail()).isEqualTo("missing: [steps]");
        }

        @Test
        void bundleFormat() {
            assertThat(failures(valid().bundle(b -> new ProofBundle(
                            "fapiao.proof.v0",
                            b.subject(),
                            b.channel(),
                            b.chaincode(),
                            b.authorities(),
                            b.blocks(),
                            b.sealedBill(),
                            b.steps(),
                            b.documents()))))
                    .containsExactly("bundle.format");
        }

        @Test
        void authorityThatIsNotACaCertificate() throws Exception {
            String client = Base64Url.encode(
                    ProofFixture.CLIENT.identity().certificate().getEncoded());
            assertThat(failures(
                            valid().bundle(b -> withAuthority(b, new ProofBundle.Authority("ClinicOrgMSP", client)))))
                    .containsExactly("authority[2]");
        }

        @Test
        void authorityThatDoesNotParse() {
            assertThat(failures(
                            valid().bundle(b -> withAuthority(b, new ProofBundle.Authority("ClinicOrgMSP", "AAAA")))))
                    .containsExactly("authority[2]");
        }

        @Test
        void authoritiesNone() {
            assertThat(failures(valid().bundle(b -> ProofFixture.withAuthorities(b, List.of()))))
                    .containsExactly("authorities");
        }

        @Test
        void blockStructure() {
            // A block with a field Fabric does not define (field 9, varint 1) after its own.
            assertThat(failures(valid().bundle(b -> withBlock(b, 3, bytes -> concat(bytes, new byte[] {0x48, 0x01})))))
                    .containsExactly("block#3.structure");
            assertThat(failures(valid().bundle(b -> withBlock(b, 3, bytes -> new byte[] {0, 0, 0}))))
                    .containsExactly("block#3.structure");
        }

        @Test
        void blocksOrder() {
            assertThat(failures(valid().bundle(b -> {
                        List<String> blocks = new ArrayList<>(b.blocks());
                        Collections.swap(blocks, 2, 3);
                        return ProofFixture.withBlocks(b, blocks);
                    })))
                    .containsExactly("blocks.order");
        }

        @Test
        void blocksNone() {
            assertThat(failures(valid().bundle(b -> ProofFixture.withBlocks(b, List.of()))))
                    .containsExactly("blocks");
        }
    }

    @Nested
    class TheChannelConfiguration {

        @Test
        void configIsTheFirstBlock() {
            assertThat(failures(valid().bundle(b -> ProofFixture.withBlocks(
                            b, b.blocks().subList(1, b.blocks().size())))))
                    .containsExactly("config");
        }

        @Test
        void configIsTheGenesisConfiguration() {
            assertThat(failures(valid().genesis(c -> c.sequence = 1))).containsExactly("config");
        }

        @Test
        void configValid() {
            assertThat(failures(valid().block(0, b -> b.codes = new byte[] {TxValidationCode.BAD_PAYLOAD_VALUE})))
                    .containsExactly("config.valid");
        }

        @Test
        void configChannel() {
            assertThat(failures(valid().genesis(c -> c.channelId = "another"))).containsExactly("config.channel");
        }

        @Test
        void aLaterConfigBlockJoinsTheChainAndGovernsItself() {
            ProofReport report =
                    ProofVerifier.unpinned().verify(valid().laterConfig(c -> {}).json());
            assertThat(report.verified()).as(report.failures().toString()).isTrue();
            assertThat(report.checks())
                    .extracting(ProofCheck::toString)
                    .contains(
                            "PASS config[7].sequence: follows config sequence 0",
                            "PASS block[7].governingConfig: config block 0 (consensus type 'etcdraft', one orderer signs)");
        }

        // A config block that does not join the chain is still signed under the configuration before it, so
        // only its own check fails (blocks it would govern then fail governingConfig; here none follows).

        @Test
        void laterConfigThatDoesNotParse() {
            assertThat(failures(valid().laterConfig(c -> c.data = ByteString.copyFrom(new byte[] {0x0a, 0x05}))))
                    .containsExactly("config[7]");
        }

        @Test
        void laterConfigValid() {
            assertThat(failures(valid().laterConfig(c -> {})
                            .block(7, b -> b.codes = new byte[] {TxValidationCode.BAD_PAYLOAD_VALUE})))
                    .containsExactly("config[7].valid");
        }

        @Test
        void laterConfigChannel() {
            assertThat(failures(valid().laterConfig(c -> c.channelId = "another")))
                    .containsExactly("config[7].channel");
        }

        @Test
        void laterConfigSequence() {
            assertThat(failures(valid().laterConfig(c -> c.sequence = 2))).containsExactly("config[7].sequence");
        }

        @Test
        void authoritiesConfig() {
            assertThat(failures(valid().bundle(b -> withAuthority(
                            b, new ProofBundle.Authority("ClinicOrgMSP", encoded(ProofFixture.FOREIGN_CA))))))
                    .containsExactly("authorities.config");
            assertThat(failures(valid().bundle(b ->
                            ProofFixture.withAuthorities(b, b.authorities().subList(0, 1)))))
                    .containsExactly("authorities.config");
        }

        @Test
        void trustPinned() {
            byte[] json = valid().json();
            ProofReport partly = ProofVerifier.pinned(List.of(ProofFixture.CLINIC_CA.certificate()))
                    .verify(json);
            assertThat(failures(partly)).containsExactly("trust.pinned");
            ProofReport fully = ProofVerifier.pinned(
                            List.of(ProofFixture.CLINIC_CA.certificate(), ProofFixture.ORDERER_CA.certificate()))
                    .verify(json);
            assertThat(fully.verified()).isTrue();
            assertThat(fully.trustAnchors())
                    .allSatisfy(anchor -> assertThat(anchor.pinned()).isTrue());
        }
    }

    @Nested
    class TheBlocks {

        @Test
        void blockDataHash() {
            assertThat(failures(valid().block(3, b -> b.dataHash = new byte[32])))
                    .containsExactly("block[3].dataHash");
        }

        @Test
        void blockChain() {
            assertThat(failures(valid().block(3, b -> b.previousHash = new byte[32])))
                    .containsExactly("block[3].chain");
        }

        @Test
        void blockValidationCodesOnePerTransaction() {
            assertThat(failures(valid().block(3, b -> b.codes = new byte[] {0, 0})))
                    .containsExactly("block[3].validationCodes");
        }

        @Test
        void blockValidationCodesDefined() {
            // NOT_VALIDATED is no outcome; the step in the block is then not VALID either.
            assertThat(failures(valid().block(
                                    4, b -> b.codes = new byte[] {(byte) TxValidationCode.NOT_VALIDATED_VALUE})))
                    .containsExactly("block[4].validationCodes", "step[3].ClaimInvoice.valid");
        }

        @Test
        void blockGoverningConfig() {
            // Under an unknown configuration, the CAs of the block's identities are unknown too.
            assertThat(failures(valid().block(4, b -> b.lastConfig = 2)))
                    .containsExactly(
                            "block[4].governingConfig",
                            "step[3].ClaimInvoice.creatorCertificate",
                            "step[3].ClaimInvoice.endorsements");
        }

        @Test
        void ordererSignatureMissing() {
            assertThat(failures(valid().block(3, b -> b.unsigned = true))).containsExactly("block[3].ordererSignature");
        }

        @Test
        void ordererSignatureInSmartBftsForm() {
            assertThat(failures(valid().block(3, b -> b.consenterForm = true)))
                    .containsExactly("block[3].ordererSignature");
        }

        @Test
        void ordererSignatureThatDoesNotVerify() {
            assertThat(failures(valid().block(3, b -> b.badSignature = true)))
                    .containsExactly("block[3].ordererSignature");
        }

        @Test
        void ordererSignatureByAnUntrustedOrderer() {
            ProofFixture.Party foreign =
                    ProofFixture.party(ProofFixture.FOREIGN_CA, "OrdererOrgMSP", "orderer0", "orderer");
            assertThat(failures(valid().block(3, b -> b.orderer = foreign)))
                    .containsExactly("block[3].ordererSignature");
        }

        @Test
        void ordererSignatureByANonOrderer() {
            ProofFixture.Party client = ProofFixture.party(ProofFixture.ORDERER_CA, "OrdererOrgMSP", "admin", "client");
            assertThat(failures(valid().block(3, b -> b.orderer = client)))
                    .containsExactly("block[3].ordererSignature");
        }
    }

    @Nested
    class TheSealedBill {

        @Test
        void sealedBillFormat() {
            // The steps rest on the sealed bill's header digest: without it no bill record or statement matches.
            assertThat(failures(valid().sealedBill(bill -> {
                        bill.remove("payload");
                        return bill;
                    })))
                    .containsExactly(
                            "sealedBill.format",
                            "step[0].SubmitBill.record",
                            "step[1].RecordVerification.statement",
                            "step[2].IssueInvoice.statement");
        }

        @Test
        void subjectBillKey() {
            // The records are about the subject; the sealed bill is another bill.
            assertThat(failures(valid().subject(
                                    new ProofBundle.Subject("91610113MA03AX231B:MZ0000000099", "HN01-2026-00000001"))))
                    .containsExactly("subject.billKey");
        }

        @Test
        void sealedBillHeaderDigest() {
            assertThat(failures(valid().sealedBill(bill -> {
                        ((ObjectNode) bill.get("header")).put("billCode", "61060125");
                        return bill;
                    })))
                    .containsExactly("sealedBill.headerDigest");
        }

        @Test
        void sealedBillSignature() {
            assertThat(failures(valid().sealedBill(bill -> {
                        ObjectNode signer = (ObjectNode) bill.get("signer");
                        String signature = signer.get("signature").asString();
                        signer.put(
                                "signature",
                                signature.substring(0, 10)
                                        + (signature.charAt(10) == 'A' ? 'B' : 'A')
                                        + signature.substring(11));
                        return bill;
                    })))
                    .containsExactly("sealedBill.signature");
        }
    }

    @Nested
    class TheTransactions {

        @Test
        void inBlockNamesABlockOfTheBundle() {
            assertThat(failures(valid().step(CLAIM, tx -> tx.stepBlock = 9L)))
                    .containsExactly("step[3].ClaimInvoice.inBlock");
        }

        @Test
        void inBlockNamesATransactionOfTheBlock() {
            assertThat(failures(valid().step(CLAIM, tx -> tx.stepTxId = "0".repeat(64))))
                    .containsExactly("step[3].ClaimInvoice.inBlock");
        }

        @Test
        void markedValid() {
            assertThat(failures(
                            valid().block(4, b -> b.codes = new byte[] {TxValidationCode.MVCC_READ_CONFLICT_VALUE})))
                    .containsExactly("step[3].ClaimInvoice.valid");
        }

        @Test
        void structure() {
            assertThat(failures(valid().step(CLAIM, tx -> tx.twoActions = true)))
                    .containsExactly("step[3].ClaimInvoice.structure");
        }

        @Test
        void channel() {
            assertThat(failures(valid().step(CLAIM, tx -> tx.channelId = "another")))
                    .containsExactly("step[3].ClaimInvoice.channel");
            assertThat(failures(valid().step(CLAIM, tx -> tx.chaincodeName = "another")))
                    .containsExactly("step[3].ClaimInvoice.channel");
        }

        @Test
        void functionCalledAndSucceeded() {
            assertThat(failures(valid().step(CLAIM, tx -> tx.status = 500)))
                    .containsExactly("step[3].ClaimInvoice.function");
            assertThat(failures(valid().step(CLAIM, tx -> tx.function = "fapiao:ClaimInvoice")))
                    .containsExactly("step[3].ClaimInvoice.function");
        }

        @Test
        void txId() {
            assertThat(failures(valid().step(CLAIM, tx -> tx.txId = "ab".repeat(32))))
                    .containsExactly("step[3].ClaimInvoice.txId");
        }

        @Test
        void creatorSignature() {
            assertThat(failures(valid().step(CLAIM, tx -> tx.badEnvelopeSignature = true)))
                    .containsExactly("step[3].ClaimInvoice.creatorSignature");
        }

        @Test
        void creatorCertificate() {
            assertThat(failures(valid().step(CLAIM, tx -> tx.creator = ProofFixture.FOREIGN_CLIENT)))
                    .containsExactly("step[3].ClaimInvoice.creatorCertificate");
            ProofFixture.Party stranger = ProofFixture.party(ProofFixture.FOREIGN_CA, "StrangerMSP", "user1", "client");
            assertThat(failures(valid().step(CLAIM, tx -> tx.creator = stranger)))
                    .containsExactly("step[3].ClaimInvoice.creatorCertificate");
        }

        @Test
        void proposalHash() {
            assertThat(failures(valid().step(CLAIM, tx -> tx.badProposalHash = true)))
                    .containsExactly("step[3].ClaimInvoice.proposalHash");
        }

        @Test
        void endorsementsPresent() {
            assertThat(failures(valid().step(CLAIM, tx -> tx.endorsers.clear())))
                    .containsExactly("step[3].ClaimInvoice.endorsements");
        }

        @Test
        void endorsementsVerify() {
            assertThat(failures(valid().step(CLAIM, tx -> tx.badEndorsementSignature = true)))
                    .containsExactly("step[3].ClaimInvoice.endorsements");
        }

        @Test
        void endorsementsArePeers() {
            assertThat(failures(valid().step(CLAIM, tx -> tx.endorsers = List.of(ProofFixture.CLIENT))))
                    .containsExactly("step[3].ClaimInvoice.endorsements");
        }

        @Test
        void endorsementsAreTrusted() {
            ProofFixture.Party foreignPeer =
                    ProofFixture.party(ProofFixture.FOREIGN_CA, "ClinicOrgMSP", "peer0", "peer");
            assertThat(failures(valid().step(CLAIM, tx -> tx.endorsers = List.of(foreignPeer))))
                    .containsExactly("step[3].ClaimInvoice.endorsements");
        }
    }

    @Nested
    class TheRecords {

        private static String claimKey() {
            return CompositeKey.of("fapiao.claim", "HN01-2026-00000001");
        }

        @Test
        void writeSetHoldsTheStepsRecordExactly() {
            assertThat(failures(valid().step(
                                    CLAIM, tx -> tx.writes = w -> w.put(claimKey(), ByteString.copyFromUtf8("{}")))))
                    .containsExactly("step[3].ClaimInvoice.writeSet");
        }

        @Test
        void writeSetHoldsARecordUnderTheStepsKey() {
            assertThat(failures(valid().step(CLAIM, tx -> tx.writes = w -> w.clear())))
                    .containsExactly("step[3].ClaimInvoice.writeSet");
        }

        @Test
        void writeSetOfAStepWithoutARecord() {
            assertThat(failures(valid().step(CLAIM, tx -> tx.noStepRecord = true)))
                    .containsExactly("step[3].ClaimInvoice.writeSet");
        }

        @Test
        void writeSetOfAFunctionNoBundleHolds() {
            assertThat(failures(valid().step(CLAIM, tx -> {
                        tx.function = "DeleteBill";
                        tx.stepFunction = "DeleteBill";
                    })))
                    .containsExactly("step[3].DeleteBill.writeSet");
        }

        @Test
        void writeSetThatDoesNotParse() {
            assertThat(failures(valid().step(CLAIM, tx -> tx.results = ByteString.copyFrom(new byte[] {0x12, 0x05}))))
                    .containsExactly("step[3].ClaimInvoice.writeSet");
        }

        @Test
        void recordOfItsKind() {
            assertThat(failures(valid().step(
                                    CLAIM,
                                    tx -> tx.edit = record -> {
                                        record.putObject("invoiceNumber").put("not", "a string");
                                        return record;
                                    })))
                    .containsExactly("step[3].ClaimInvoice.record");
        }

        @Test
        void recordOfTheSubmissionIsTheSealedBills() {
            assertThat(failures(valid().step(SUBMIT, tx -> tx.edit = edit("headerDigest", "A".repeat(43)))))
                    .containsExactly("step[0].SubmitBill.record");
        }

        @Test
        void recordOfTheVerificationHoldsThisTransactionsVerdict() {
            assertThat(failures(valid().step(
                                    VERIFY,
                                    tx -> tx.edit = record -> {
                                        ((ObjectNode) record.get("verification")).put("txId", "ab".repeat(32));
                                        return record;
                                    })))
                    .containsExactly("step[1].RecordVerification.record");
        }

        @Test
        void recordOfTheIssuanceIsTheSubjectsInvoice() {
            // Only the subject's invoice record says which hash the invoice document must have.
            assertThat(failures(valid().step(ISSUE, tx -> tx.edit = edit("invoiceNumber", "HN01-2026-00000009"))))
                    .containsExactly("step[2].IssueInvoice.record", "document[invoice].sha256");
        }

        @Test
        void recordOfTheReversalHoldsThisTransactionsReversal() {
            assertThat(failures(valid().step(
                                    REVERSE,
                                    tx -> tx.edit = record -> {
                                        ((ObjectNode) record.get("reversal")).put("txId", "ab".repeat(32));
                                        return record;
                                    })))
                    .containsExactly("step[4].ReverseInvoice.record", "document[reversal].sha256");
        }

        @Test
        void recordOfTheClaimIsOnTheSubjectsInvoice() {
            assertThat(failures(valid().step(CLAIM, tx -> tx.edit = edit("invoiceNumber", "HN01-2026-00000009"))))
                    .containsExactly("step[3].ClaimInvoice.record");
        }

        @Test
        void sealedBillStoredByTheSubmission() {
            String key = CompositeKey.of("fapiao.sealedbill", "91610113MA03AX231B", "MZ0000000011");
            assertThat(failures(valid().step(SUBMIT, tx -> tx.writes = w -> w.put(key, ByteString.copyFromUtf8("{}")))))
                    .containsExactly("step[0].SubmitBill.sealedBill");
        }

        @ParameterizedTest(name = "step {0}")
        @ValueSource(ints = {VERIFY, ISSUE, REVERSE, ANCHOR})
        void statementIsTheCallersSignature(int step) {
            // The verdict, issuance, reversal and anchor statements, each signed by another client than the caller.
            assertThat(failures(valid().step(step, tx -> tx.statementSigner = ProofFixture.OTHER_CLIENT)))
                    .containsExactly("step[" + step + "]." + ProofFixture.FUNCTIONS.get(step) + ".statement");
        }

        @Test
        void anUnexpectedFailureIsAFailedCheckNotAnException() {
            // A claim without an invoice number: the contract never writes one, and the verifier's guard rail
            // reports where it stopped instead of throwing.
            ProofReport report = ProofVerifier.unpinned()
                    .verify(valid().step(
                                    CLAIM,
                                    tx -> tx.edit = record -> {
                                        record.remove("invoiceNumber");
                                        return record;
                                    })
                            .json());
            assertThat(failures(report)).containsExactly("step[3].ClaimInvoice.writeSet", "verifier");
            assertThat(report.verified()).isFalse();
        }

        private static UnaryOperator<ObjectNode> edit(String field, String value) {
            return record -> record.put(field, value);
        }
    }

    @Nested
    class TheSteps {

        @Test
        void order() {
            assertThat(failures(valid().bundle(b -> {
                        List<ProofBundle.Step> steps = new ArrayList<>(b.steps());
                        Collections.swap(steps, CLAIM, REVERSE);
                        return ProofFixture.withSteps(b, steps);
                    })))
                    .containsExactly("step[4].ClaimInvoice.order");
        }

        @Test
        void stepsSubmission() {
            assertThat(failures(valid().bundle(b -> ProofFixture.withSteps(
                            b, b.steps().subList(1, b.steps().size())))))
                    .containsExactly("steps.submission");
        }

        @Test
        void stepsIssuance() {
            assertThat(failures(valid().bundle(b -> {
                        List<ProofBundle.Step> steps = new ArrayList<>(b.steps());
                        steps.remove(ISSUE);
                        return ProofFixture.withDocuments(
                                ProofFixture.withSteps(b, steps), b.documents().subList(1, 2));
                    })))
                    .containsExactly("steps.issuance");
        }

        @Test
        void documentSha256() {
            assertThat(failures(valid().bundle(b -> ProofFixture.withDocuments(
                            b,
                            List.of(
                                    b.documents().get(0),
                                    new ProofBundle.Document(
                                            "reversal", Base64Url.encode("another document".getBytes(UTF_8))))))))
                    .containsExactly("document[reversal].sha256");
        }

        @Test
        void documentOfAKindNoRecordHashes() {
            assertThat(failures(valid().bundle(b -> ProofFixture.withDocuments(
                            b,
                            List.of(
                                    b.documents().get(0),
                                    b.documents().get(1),
                                    new ProofBundle.Document("receipt", Base64Url.encode(new byte[] {1})))))))
                    .containsExactly("document[receipt].sha256");
        }
    }

    private static ProofBundle withAuthority(ProofBundle bundle, ProofBundle.Authority authority) {
        List<ProofBundle.Authority> authorities = new ArrayList<>(bundle.authorities());
        authorities.add(authority);
        return ProofFixture.withAuthorities(bundle, authorities);
    }

    private static ProofBundle withBlock(ProofBundle bundle, int position, UnaryOperator<byte[]> change) {
        List<String> blocks = new ArrayList<>(bundle.blocks());
        try {
            blocks.set(position, Base64Url.encode(change.apply(Base64Url.decode("block", blocks.get(position)))));
        } catch (io.fapiao.protocol.ProtocolException e) {
            throw new IllegalStateException(e);
        }
        return ProofFixture.withBlocks(bundle, blocks);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
