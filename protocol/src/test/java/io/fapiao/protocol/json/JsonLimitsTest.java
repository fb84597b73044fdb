package io.fapiao.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Bill;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Hostile nesting is refused while it is parsed, by every reader of the protocol, as MALFORMED. */
class JsonLimitsTest {
    private static final byte[] MILLION_DEEP =
            ("[".repeat(1_000_000) + "]".repeat(1_000_000)).getBytes(StandardCharsets.US_ASCII);

    @Test
    void aMillionDeepArrayIsMalformedForTheTreeReaderTheStrictReaderAndTheBillReader() {
        assertThatThrownBy(() -> Json.readTree(MILLION_DEEP))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).code()).isEqualTo(ErrorCode.MALFORMED));
        assertThatThrownBy(() -> {
                    StrictReader reader = StrictReader.of(MILLION_DEEP, "test document");
                    reader.next();
                    reader.skipValue();
                })
                .isInstanceOf(ProtocolException.class);
        byte[] deepBill = ("{\"remarks\":" + "[".repeat(1_000_000) + "]".repeat(1_000_000) + "}")
                .getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Bill.parse(deepBill))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).code()).isEqualTo(ErrorCode.MALFORMED));
    }

    @Test
    void nestingUpToTheLimitIsRead() throws ProtocolException {
        int depth = Json.MAX_DEPTH;
        byte[] deepest = ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.US_ASCII);
        assertThat(Json.readTree(deepest).isArray()).isTrue();
        byte[] tooDeep = ("[".repeat(depth + 1) + "]".repeat(depth + 1)).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Json.readTree(tooDeep))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("depth");
    }
}
