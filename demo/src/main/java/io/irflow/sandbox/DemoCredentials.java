package io.irflow.sandbox;

/**
 * The credentials the demo's config gives irflow and the simulators expect: fixed, fake, and only valid against
 * the simulators on loopback. The webhook secret is random per run.
 */
public record DemoCredentials(String webexToken, String webhookSecret, String ampClientId, String ampApiKey,
                              String investigateToken, String umbrellaCustomerKey, String threatGridKey,
                              String iseUser, String isePassword, String trClientId, String trClientSecret,
                              String cognitiveUser, String cognitivePassword, String cmxUser, String cmxPassword,
                              String virusTotalKey, String serviceNowUser, String serviceNowPassword) {

    /** The demo's values; only the webhook secret changes between runs. */
    public static DemoCredentials forRun(String webhookSecret) {
        return new DemoCredentials("demo-bot-token", webhookSecret, "demo-amp-client", "demo-amp-key",
                "demo-investigate-token", "demo-umbrella-key", "demo-threatgrid-key", "demo-ers", "demo-ise-pass",
                "demo-tr-client", "demo-tr-secret", "demo-cognitive", "demo-cognitive-pass", "demo-cmx", "demo-cmx-pass",
                "demo-vt-key", "demo-snow", "demo-snow-pass");
    }

    @Override
    public String toString() {
        return "DemoCredentials[***]";
    }
}
