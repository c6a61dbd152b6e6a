package io.irflow.webex.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Checks {@code X-Spark-Signature}: hex HMAC-SHA1 of the raw body keyed with the webhook secret, compared in constant time. */
public final class SignatureVerifier {
    private static final String ALGORITHM = "HmacSHA1";
    private final SecretKeySpec key;
    /** Mac instances are not thread-safe and costly to create; one per request thread. */
    private final ThreadLocal<Mac> macs;

    public SignatureVerifier(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The lower-case hex signature Webex would send for this body. */
    public String sign(byte[] body) {
        Mac mac = macs.get();
        mac.reset();
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    /** True only when the header is present and matches the body's signature (case-insensitive hex). */
    public boolean verify(byte[] body, String header) {
        if (header == null || header.isBlank()) {
            return false;
        }
        byte[] expected = sign(body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = header.trim().toLowerCase().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
