package io.fapiao.proof;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.proof.fabric.CompositeKey;
import io.fapiao.proof.fabric.FabricBlock;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.ledger.CheckCodeDigest;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The verifier on a bundle recorded from ledger-client's ProofBundleIT (a lifecycle on an embedded
 * node), and on bundles changed in ways a byte flip does not reach: members reordered, whitespace,
 * another format, blocks out of order, steps dropped or swapped.
 */
class ProofVerifierTest {

    private byte[] json;
    private ProofBundle bundle;

    @BeforeEach
    void recorded() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("proof-bundle.json")) {
            json = in.readAllBytes();
        }
        bundle = ProofBundle.fromJson(json);
    }

    private static String first(ProofReport report) {
        return report.firstFailure().map(ProofCheck::name).orElse("none");
    }

    @Test
    void theRecordedBundleVerifiesAndRoundTrips() {
        ProofReport report = ProofVerifier.unpinned().verify(json);
        assertThat(report.verified()).as(report.failures().toString()).isTrue();
        assertThat(bundle.toJson()).isEqualTo(json);
        assertThat(report.trustAnchors())
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.sha256()).hasSize(95));
    }

    @Test
    void formattingAndShapeAreChecked() {
        String text = new String(json, UTF_8);
        assertThat(first(ProofVerifier.unpinned().verify(("  " + text).getBytes(UTF_8))))
                .isEqualTo("bundle.canonical");
        assertThat(first(ProofVerifier.unpinned().verify("{}".getBytes(UTF_8)))).isEqualTo("bundle.format");
        assertThat(first(ProofVerifier.unpinned().verify("not json".getBytes(UTF_8))))
                .isEqualTo("bundle.json");
        assertThat(first(ProofVerifier.unpinned().verify(new byte[0]))).isEqualTo("bundle.json");
        byte[] otherFormat =
                text.replace("\"fapiao.proof.v1\"", "\"fapiao.proof.v2\"").getBytes(UTF_8);
        assertThat(first(ProofVerifier.unpinned().verify(otherFormat))).isEqualTo("bundle.format");
    }

    @Test
    void blocksOutOfOrderOrMissingTheConfigBlockAreRefused() {
        List<String> reversed = new ArrayList<>(bundle.blocks());
        java.util.Collections.reverse(reversed);
        assertThat(first(ProofVerifier.unpinned().verify(with(reversed, bundle.steps()))))
                .isEqualTo("blocks.order");
        List<String> withoutConfig = bundle.blocks().subList(1, bundle.blocks().size());
        assertThat(first(ProofVerifier.unpinned().verify(with(withoutConfig, bundle.steps()))))
                .isEqualTo("config");
    }

    @Test
    void droppedOrSwappedStepsAreRefused() {
        List<ProofBundle.Step> withoutSubmission =
                bundle.steps().subList(1, bundle.steps().size());
        assertThat(first(ProofVerifier.unpinned().verify(with(bundle.blocks(), withoutSubmission))))
                .isEqualTo("steps.submission");
        List<ProofBundle.Step> swapped = new ArrayList<>(bundle.steps());
        java.util.Collections.swap(swapped, 0, 1);
        assertThat(first(ProofVerifier.unpinned().verify(with(bundle.blocks(), swapped))))
                .endsWith(".order");
        List<ProofBundle.Step> withoutIssuance = bundle.steps().stream()
                .filter(s -> !s.function().equals("IssueInvoice"))
                .toList();
        assertThat(first(ProofVerifier.unpinned().verify(with(bundle.blocks(), withoutIssuance))))
                .isEqualTo("steps.issuance");
    }

    @Test
    void theIssuanceCarriesTheCheckCodesDigestWhichTheIssuersStatementCovers() {
        JsonNode issuance = bundle.steps().stream()
                .filter(s -> s.function().equals("IssueInvoice"))
                .findFirst()
                .orElseThrow()
                .record();
        assertThat(issuance.has("checkCode"))
                .as("the ledger never holds the code")
                .isFalse();
        String digest = issuance.get("checkCodeDigest").stringValue();
        assertThat(CheckCodeDigest.FORM.matcher(digest).matches()).isTrue();
        String other = (digest.startsWith("A") ? "B" : "A") + digest.substring(1);
        byte[] changed = new String(json, UTF_8).replace(digest, other).getBytes(UTF_8);
        assertThat(first(ProofVerifier.unpinned().verify(changed))).startsWith("step[");
    }

    @Test
    void compositeKeysAreFabrics() {
        assertThat(CompositeKey.of("fapiao.bill", "U", "B")).isEqualTo("\u0000fapiao.bill\u0000U\u0000B\u0000");
    }

    @Test
    void theRecordedBlocksChainByHeaderHashAndTheVerifierChecksEveryLink() throws Exception {
        List<FabricBlock> blocks = new ArrayList<>();
        for (String encoded : bundle.blocks()) {
            blocks.add(FabricBlock.parse(Base64Url.decode("block", encoded)));
        }
        assertThat(blocks.get(0).number()).isZero();
        assertThat(blocks)
                .allSatisfy(block -> assertThat(block.dataHashMatches()).isTrue());
        List<String> links = new ArrayList<>();
        for (int i = 1; i < blocks.size(); i++) {
            if (blocks.get(i).number() == blocks.get(i - 1).number() + 1) {
                assertThat(blocks.get(i).header().getPreviousHash().toByteArray())
                        .isEqualTo(blocks.get(i - 1).headerHash());
                links.add("block[" + blocks.get(i).number() + "].chain");
            }
        }
        // The fixture holds blocks 0 and 11 to 14: three links, each one a check of the report.
        assertThat(links).hasSize(3);
        assertThat(ProofVerifier.unpinned().verify(json).checks())
                .filteredOn(check -> check.name().endsWith(".chain"))
                .extracting(ProofCheck::name, ProofCheck::outcome)
                .containsExactlyElementsOf(links.stream()
                        .map(name -> org.assertj.core.groups.Tuple.tuple(name, ProofCheck.Outcome.PASS))
                        .toList());
    }

    private byte[] with(List<String> blocks, List<ProofBundle.Step> steps) {
        return new ProofBundle(
                        bundle.format(),
                        bundle.subject(),
                        bundle.channel(),
                        bundle.chaincode(),
                        bundle.authorities(),
                        blocks,
                        bundle.sealedBill(),
                        steps,
                        bundle.documents())
                .toJson();
    }
}
