package io.irflow.capabilities;

/** A source's judgement, ordered from worst to least known so the worst can be picked with min(). */
public enum Disposition {
    MALICIOUS, SUSPICIOUS, CLEAN, UNKNOWN
}
