package io.fapiao.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/** What one invocation answered, as a client behind the gateway would see it, plus its event. */
record Outcome(String function, int status, String message, byte[] payload, String eventName, byte[] eventPayload) {

    boolean succeeded() {
        return status == 200;
    }

    /** The result document; fails the test if the call was refused. */
    JsonNode ok() {
        assertThat(status).as("%s refused: %s", function, message).isEqualTo(200);
        try {
            return Json.readTree(payload);
        } catch (io.fapiao.protocol.ProtocolException e) {
            throw new AssertionError(function + " answered something that is not JSON", e);
        }
    }

    /** The rejection code; checks that message and payload agree on it. */
    ChaincodeError code() {
        assertThat(status).as("%s should have been refused", function).isEqualTo(500);
        ChaincodeError code = ChaincodeError.fromMessage(message)
                .orElseThrow(() -> new AssertionError(function + " refused without a code: " + message));
        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(code.name());
        return code;
    }

    JsonNode event() {
        try {
            return Json.readTree(eventPayload);
        } catch (io.fapiao.protocol.ProtocolException e) {
            throw new AssertionError("event payload is not JSON", e);
        }
    }
}
