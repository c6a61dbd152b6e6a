package io.irflow.webex.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SignatureVerifierTest {
    private final SignatureVerifier verifier = new SignatureVerifier("86dacc007724d8ea666f88fc77d918dad9537a15");
    private final byte[] body = "{\"id\":\"x\",\"data\":{\"id\":\"m\"}}".getBytes(StandardCharsets.UTF_8);

    @Test
    void accepts_the_hmac_sha1_hex_of_the_raw_body_in_either_case() {
        String sig = verifier.sign(body);
        assertThat(sig).hasSize(40).matches("[0-9a-f]+");
        assertThat(verifier.verify(body, sig)).isTrue();
        assertThat(verifier.verify(body, sig.toUpperCase())).isTrue();
    }

    @Test
    void refuses_missing_wrong_or_reserialised_bodies() {
        String sig = verifier.sign(body);
        assertThat(verifier.verify(body, null)).isFalse();
        assertThat(verifier.verify(body, "")).isFalse();
        assertThat(verifier.verify(body, "0".repeat(40))).isFalse();
        assertThat(verifier.verify("{\"id\": \"x\", \"data\": {\"id\": \"m\"}}".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
        assertThat(verifier.verify(body, sig.substring(1))).isFalse();
    }
}
