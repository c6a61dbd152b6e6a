package io.irflow.capabilities;

/**
 * What one source concluded about an observable, with the one-line reason.
 *
 * @param disposition malicious, suspicious, clean or unknown
 * @param reason      a short human sentence, e.g. "45/70 engines flag it"
 */
public record Verdict(Disposition disposition, String reason) {
    public static Verdict unknown() {
        return new Verdict(Disposition.UNKNOWN, "");
    }
}
